"""Skips: pages found but not written this run, for a reason that is no fault of theirs.

Every page the crawl comes across ends as a record, a rejects line, or one line here:
the skipped log beside the feed (`out.jsonl` -> `out.skipped.jsonl`; setting
SKIPPED_PATH), with `url`, `reason`, `detail` and the fetch fields. The spider and its
middlewares yield a `SkippedPage` item for a page they do not pass on, which the first
pipeline turns into `Skipped` (a `DropItem`); a pipeline that writes nothing for a page
(e.g. unchanged since the last run) raises a `Skipped` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler

from crawler.fetch_failures import is_redirect_loop
from crawler.items import PageOutcome
from crawler.page_log import LoggedDrop, PageLog, page_line, record_line

# The fixed vocabulary of `reason` (documented in README.md).
REASONS = {
    "hub": "a hub page (home, section, tag, list): followed for links, not an article",
    "fresh": "seen less than RECRAWL_AFTER ago and not listed as changed: not requested",
    "not_modified": "answered 304 Not Modified to a revisit: nothing new",
    "unchanged": "same text as the record already written for this URL",
    "max_pages": "found after max_pages pages were requested: not requested",
    "already_requested": "redirected to a page this crawl had already requested, or found"
    " after a redirect had led to it",
    "rejected_before": "rejected for the same reason by an earlier run: not written again",
    "dead": "answered 404/410 on an earlier run, back-off not over: not requested",
    "written": "a given URL whose record an earlier run of this crawl, killed or paused, wrote",
}


class Skipped(LoggedDrop):
    """Raised by a pipeline for an item that becomes a skipped line instead of a record."""

    reasons = REASONS


def skip_page(page: PageOutcome, reason: str, detail: str) -> Skipped:
    """The skip of a page the spider did not pass on (hub, fresh, 304, ...)."""
    return Skipped(page_line(page, reason, detail), log_level="DEBUG")


def skip_record(record: Mapping[str, Any], reason: str, detail: str) -> Skipped:
    """The skip of a cleaned record (e.g. unchanged), with its fetch provenance."""
    return Skipped(record_line(record, reason, detail), log_level="DEBUG")


class SkippedLog(PageLog):
    """Extension: the skipped log (`Skipped` drops, and page requests the scheduler
    dropped as already seen); setting SKIPPED_PATH, default beside the first local feed."""

    kind = "skipped"
    path_setting = "SKIPPED_PATH"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Fingerprints of the pages redirects led to in this run.
        self.redirected: set[bytes] = set()
        self.distributed = crawler.settings.getbool("DISTRIBUTED")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        log = super().from_crawler(crawler)
        crawler.signals.connect(log.request_scheduled, signals.request_scheduled)
        return log

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if isinstance(exception, Skipped):
            self.write(exception.line)

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        if "redirect_urls" in request.meta and "provenance" in request.meta:
            self.redirected.add(self.crawler.request_fingerprinter.fingerprint(request))

    def request_dropped(self, request: Request) -> None:
        """The scheduler's duplicate filter dropped a page request: a redirect to a page
        already requested (the spider requests each page URL once), unless it leads back
        into its own chain (a `redirect_loop` rejection); or a page found for the first
        time whose URL a redirect of this run had already requested (`/news` answered
        with `/news/` before the link to `/news/` was found; in a distributed crawl, by any
        worker). Any other page request it drops was requested before this run (a paused
        crawl resumed with its JOBDIR) or found first by another worker."""
        provenance = request.meta.get("provenance")
        if provenance is None:  # robots.txt, a sitemap or a feed: not a page
            return
        fingerprint = self.crawler.request_fingerprinter.fingerprint
        if "redirect_urls" not in request.meta:
            if request.meta.get("found_elsewhere"):
                return  # counted, and accounted for, by the worker that found it
            # A distributed crawl's redirects are every worker's, which one worker cannot
            # know: there, each page found first here that the shared dupefilter drops.
            if fingerprint(request) not in self.redirected and not self.distributed:
                return
            detail = "already requested as where a redirect led"
        else:
            if is_redirect_loop(request, fingerprint):
                return
            source = (request.meta.get("redirect_urls") or [provenance.requested_url])[0]
            detail = f"redirected from {source}"
        page = PageOutcome(request.url, "already_requested", "", provenance)
        self.write(page_line(page, "already_requested", detail))

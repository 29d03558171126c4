"""Rejections: pages that became no record, each written with its reason.

A pipeline rejects an item by raising `Rejected` (a `DropItem`, so nothing is exported);
the `RejectsLog` extension hears Scrapy's `item_dropped` signal and appends one JSON line
per rejection to the rejects file, next to the first local feed:
`output/articles-<time>.jsonl` -> `output/articles-<time>.rejects.jsonl`. A `DropItem`
raised by any other pipeline (a user's own) is written too, with reason `dropped`.

A page whose request never reaches the spider's errback is caught too: the scheduler
filters a redirect back to a URL of its own chain as already seen (`request_dropped`),
so a redirect loop would leave no trace; `RejectsLog` writes it as `redirect_loop`.

A rejection already written by an earlier run, or before a resume, with the same URL and
reason is not written again (`crawler/scheduled/written_rejects.py`, in the state file):
the page gets a line in the skipped log instead (`rejected_before`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.fetch_failures import is_redirect_loop, redirect_chain
from crawler.items import FailedFetch, FetchedPage, PageOutcome
from crawler.page_log import LoggedDrop, PageLog, feed_slots, log_path_for, page_line, record_line
from crawler.scheduled.state_backend import open_written_rejects
from crawler.skipped import SkippedLog
from crawler.write_failures import stop_on_write_error

# The fixed vocabulary of `reason` (documented in README.md).
REASONS = {
    "bad_url": "a listed URL that cannot be requested (not http(s), bad port, not UTF-8)",
    "download_error": "no response after retries (timeout, refused, DNS, data loss)",
    "http_status": "final HTTP status not 2xx (after retries for 5xx)",
    "address_refused": "the host is or resolves to a loopback, private or other non-global address",
    "robots_disallowed": "robots.txt forbids the URL",
    "too_large": "response larger than DOWNLOAD_MAXSIZE, as sent or decompressed",
    "too_many_redirects": "more than REDIRECT_MAX_TIMES redirects",
    "redirect_loop": "redirects back to a URL it already went through",
    "ignored": "another downloader middleware dropped the request (e.g. offsite redirect)",
    "not_html": "response is not an HTML page (PDF, image, ...)",
    "too_complex": "the page is over the cleaning budget: size, element count or nesting depth",
    "timeout": "cleaning the page took more than CLEANING_CPU_SECONDS of CPU time",
    "extract_error": "the cleaner raised an exception on the page",
    "no_text": "the cleaner found no article text",
    "language": "record language not in ARTICLE_LANGUAGES",
    "low_quality": "with ARTICLE_QUALITY=drop: a Gopher, C4 or FineWeb filter would drop it",
    "duplicate": "same or nearly the same text as an earlier record, named in duplicate_of",
    "dropped": "another item pipeline (e.g. one of your own) raised DropItem",
}


class Rejected(LoggedDrop):
    """Raised by a pipeline for an item that becomes a rejects line instead of a record."""

    reasons = REASONS


def reject_page(page: FetchedPage | PageOutcome, reason: str, detail: str) -> Rejected:
    """The rejection of a fetched or failed page, with its fetch provenance."""
    return Rejected(page_line(page, reason, detail))


def reject_record(record: Mapping[str, Any], reason: str, detail: str) -> Rejected:
    """The rejection of a cleaned record (e.g. wrong language), with its fetch provenance."""
    return Rejected(record_line(record, reason, detail))


def rejects_path_for(feed_uri: str) -> Path | None:
    """`out/x.jsonl(.gz)` -> `out/x.rejects.jsonl`; None for a non-local feed (s3:, stdout:)."""
    return log_path_for(feed_uri, "rejects")


def dropped_line(item: Any, exception: DropItem) -> dict[str, Any]:
    """The rejects line of an item some other pipeline dropped: what it was, and why."""
    detail = f"{type(exception).__name__}: {exception}"
    if isinstance(item, FetchedPage | PageOutcome):
        return page_line(item, "dropped", detail)
    return record_line(ItemAdapter(item) if is_item(item) else {}, "dropped", detail)


class RejectsLog(PageLog):
    """Extension: the rejects file (`Rejected` drops, any other pipeline's `DropItem` as
    `dropped`, redirect loops); setting REJECTS_PATH, default beside the first local feed.

    A rejection in `written` (same URL and reason, written by an earlier run) is counted
    as `scheduled/repeated_rejects` and goes to the skipped log as `rejected_before`.
    """

    kind = "rejects"
    path_setting = "REJECTS_PATH"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.written = open_written_rejects(crawler.settings)

    def spider_opened(self, spider: Spider) -> None:
        super().spider_opened(spider)
        if feeds := [slot.uri for slot in feed_slots(self.crawler)]:
            self.crawler.stats.set_value("records/path", ", ".join(feeds))

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if isinstance(exception, Rejected):
            self.write(exception.line)
        elif isinstance(exception, DropItem) and not isinstance(exception, LoggedDrop):
            self.write(dropped_line(item, exception))

    def request_dropped(self, request: Request) -> None:
        """A page request the scheduler filtered as already seen: a redirect back into its
        own chain is a lost page (any other is the skipped log's `already_requested`)."""
        if "provenance" not in request.meta:  # robots.txt, sitemaps, feeds: not pages
            return
        if is_redirect_loop(request, self.crawler.request_fingerprinter.fingerprint):
            chain = " -> ".join(redirect_chain(request))
            loop = FailedFetch(request.url, "redirect_loop", chain, request.meta["provenance"])
            self.write(reject_page(loop, loop.reason, loop.detail).line)

    def write(self, line: dict[str, Any]) -> None:
        key = (line["url"], line["reason"])
        if key in self.written:
            self.crawler.stats.inc_value("scheduled/repeated_rejects")
            detail = f"rejected as {line['reason']} by an earlier run: {line['detail']}"
            if skipped := self.crawler.get_extension(SkippedLog):
                skipped.write({**line, "reason": "rejected_before", "detail": detail})
            return
        if not super().write(line):
            return
        # Remembered only once written: a kill in between writes it again, never loses it.
        with stop_on_write_error(self.crawler, "the state file (written rejections)"):
            self.written.add(*key, time.time())

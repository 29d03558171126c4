"""Rejections: pages that became no record, each written with its reason.

A pipeline rejects an item by raising `Rejected` (a `DropItem`, so nothing is exported);
the `RejectsLog` extension hears Scrapy's `item_dropped` signal and appends one JSON line
per rejection to the rejects file, next to the first local feed:
`output/articles-<time>.jsonl` -> `output/articles-<time>.rejects.jsonl`.

A page whose request never reaches the spider's errback is caught too: the scheduler
filters a redirect back to a URL of its own chain as already seen (`request_dropped`),
so a redirect loop would leave no trace; `RejectsLog` writes it as `redirect_loop`.

A rejection already written by an earlier run, or before a resume, with the same URL and
reason is not written again (`crawler/scheduled/written_rejects.py`, in the state file).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.extensions.feedexport import FeedExporter

from cleaners.jsonl import json_line
from crawler.append_file import append_whole
from crawler.fetch_failures import redirect_chain
from crawler.items import FETCH_KEYS, FailedFetch, FetchedPage, fetch_fields
from crawler.scheduled.state_db import connect, state_path
from crawler.scheduled.written_rejects import WrittenRejects
from crawler.write_failures import stop_on_write_error, write_failed

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
    "duplicate": "same or nearly the same text as an earlier record, named in duplicate_of",
}
_FEED_SUFFIXES = (".gz", ".jsonl", ".jl", ".json", ".csv", ".xml")


class Rejected(DropItem):
    """Raised by a pipeline for an item that becomes a rejects line instead of a record."""

    def __init__(self, line: dict[str, Any]) -> None:
        if line["reason"] not in REASONS:
            raise ValueError(f"unknown rejection reason {line['reason']!r}")
        super().__init__(f"{line['reason']}: {line['detail']} <{line['url']}>", log_level="INFO")
        self.line = line


def reject_page(page: FetchedPage | FailedFetch, reason: str, detail: str) -> Rejected:
    """The rejection of a fetched or failed page, with its fetch provenance."""
    return Rejected({"url": page.url, "reason": reason, "detail": detail, **fetch_fields(page)})


def reject_record(record: Mapping[str, Any], reason: str, detail: str) -> Rejected:
    """The rejection of a cleaned record (e.g. wrong language), with its fetch provenance."""
    fields = {key: record.get(key) for key in FETCH_KEYS}
    return Rejected({"url": record["url"], "reason": reason, "detail": detail, **fields})


def rejects_path_for(feed_uri: str) -> Path | None:
    """`out/x.jsonl(.gz)` -> `out/x.rejects.jsonl`; None for a non-local feed (s3:, stdout:)."""
    parts = urlsplit(feed_uri)
    if parts.scheme == "file":
        path = Path(parts.path)
    elif len(parts.scheme) <= 1:  # no scheme, or a Windows drive letter
        path = Path(feed_uri)
    else:
        return None
    name = path.name
    for suffix in _FEED_SUFFIXES:
        name = name.removesuffix(suffix)
    return path.with_name(f"{name}.rejects.jsonl")


class RejectsLog:
    """Extension: appends each rejection as one whole JSON line, flushed, and counts it.

    Setting REJECTS_PATH (default: derived from the first local feed, else
    `output/<spider>-<time>.rejects.jsonl`). A rejection in `written` (same URL and
    reason, written by an earlier run) is only counted, as `scheduled/repeated_rejects`.
    """

    def __init__(self, crawler: Crawler, written: WrittenRejects) -> None:
        self.crawler = crawler
        self.written = written
        self.path: Path | None = None
        self._fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectsLog:
        log = cls(crawler, WrittenRejects(connect(state_path(crawler.settings))))
        crawler.signals.connect(log.spider_opened, signals.spider_opened)
        crawler.signals.connect(log.item_dropped, signals.item_dropped)
        crawler.signals.connect(log.request_dropped, signals.request_dropped)
        crawler.signals.connect(log.spider_closed, signals.spider_closed)
        return log

    def spider_opened(self, spider: Spider) -> None:
        self.path, overwrite = self._resolve_path(spider)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Like its feed: `-O` starts the file afresh, `-o` appends.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if overwrite else 0)
        self._fd = os.open(self.path, flags, 0o644)
        self.crawler.stats.set_value("rejects/path", str(self.path))
        feeds = [slot.uri for slot in self._feed_slots()]
        if feeds:
            self.crawler.stats.set_value("records/path", ", ".join(feeds))

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if isinstance(exception, Rejected):
            self._write(exception.line)

    def request_dropped(self, request: Request) -> None:
        """A page request the scheduler filtered as already seen: a redirect back into its
        own chain is a lost page; any other request for the page was made already, and its
        record or rejection stands for this one."""
        if "provenance" not in request.meta:  # robots.txt, sitemaps, feeds: not pages
            return
        chain = redirect_chain(request)
        fingerprint = self.crawler.request_fingerprinter.fingerprint
        if fingerprint(request) not in {fingerprint(Request(url)) for url in chain[:-1]}:
            self.crawler.stats.inc_value("pages/already_requested")
            return
        provenance = request.meta["provenance"]
        loop = FailedFetch(request.url, "redirect_loop", " -> ".join(chain), provenance)
        self._write(reject_page(loop, loop.reason, loop.detail).line)

    def _write(self, line: dict[str, Any]) -> None:
        if self._fd is None or write_failed(self.crawler):
            return
        key = (line["url"], line["reason"])
        if key in self.written:
            self.crawler.stats.inc_value("scheduled/repeated_rejects")
            return
        # One O_APPEND write per line: a reader or a kill never sees half a line, and a
        # failed write leaves none and stops the crawl.
        with stop_on_write_error(self.crawler, f"the rejects file {self.path}"):
            append_whole(self._fd, json_line(line))
        # Remembered only once written: a kill in between writes it again, never loses it.
        with stop_on_write_error(self.crawler, "the state file (written rejections)"):
            self.written.add(*key, time.time())
        self.crawler.stats.inc_value(f"rejects/{line['reason']}")

    def spider_closed(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _feed_slots(self) -> list[Any]:
        """The feed exporter's open slots (one per output feed), once feeds are open."""
        exporter = next(
            (ext for ext in self.crawler.extensions.middlewares if isinstance(ext, FeedExporter)),
            None,
        )
        return list(exporter.slots) if exporter else []

    def _resolve_path(self, spider: Spider) -> tuple[Path, bool]:
        """The rejects path, and whether to overwrite it."""
        configured = self.crawler.settings.get("REJECTS_PATH")
        if configured:  # appended to: it holds the rejections of every run
            return Path(configured), False
        for slot in self._feed_slots():
            if path := rejects_path_for(slot.uri):
                return path, bool(slot.feed_options.get("overwrite"))
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
        return Path("output") / f"{spider.name}-{stamp}.rejects.jsonl", True

"""Rejections: pages that became no record, each written with its reason.

A pipeline rejects an item by raising `Rejected` (a `DropItem`, so nothing is exported);
the `RejectsLog` extension hears Scrapy's `item_dropped` signal and appends one JSON line
per rejection to the rejects file, next to the first local feed:
`output/articles-<time>.jsonl` -> `output/articles-<time>.rejects.jsonl`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.extensions.feedexport import FeedExporter

from cleaners.jsonl import json_line
from crawler.items import FETCH_KEYS, FailedFetch, FetchedPage, fetch_fields

# The fixed vocabulary of `reason` (documented in README.md).
REASONS = {
    "download_error": "no response after retries (timeout, refused, DNS, data loss)",
    "http_status": "final HTTP status not 2xx (after retries for 5xx)",
    "robots_disallowed": "robots.txt forbids the URL",
    "too_large": "response larger than DOWNLOAD_MAXSIZE",
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
    `output/<spider>-<time>.rejects.jsonl`).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path: Path | None = None
        self._fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectsLog:
        log = cls(crawler)
        crawler.signals.connect(log.spider_opened, signals.spider_opened)
        crawler.signals.connect(log.item_dropped, signals.item_dropped)
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
        if not isinstance(exception, Rejected) or self._fd is None:
            return
        data = json_line(exception.line)
        # One O_APPEND write per line: a reader or a kill never sees half a line.
        written = os.write(self._fd, data)
        while written < len(data):
            written += os.write(self._fd, data[written:])
        self.crawler.stats.inc_value(f"rejects/{exception.line['reason']}")

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
        if configured:
            return Path(configured), True
        for slot in self._feed_slots():
            if path := rejects_path_for(slot.uri):
                return path, bool(slot.feed_options.get("overwrite"))
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
        return Path("output") / f"{spider.name}-{stamp}.rejects.jsonl", True

"""What the rejects file and the skipped log share: lines about pages that became no
record, written beside the feed.

A pipeline raises a `LoggedDrop` (a `DropItem` carrying the line); the log extensions
(`crawler.rejects.RejectsLog`, `crawler.skipped.SkippedLog`) hear Scrapy's `item_dropped`
signal and append the line to their file: `out.jsonl` -> `out.<kind>.jsonl`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.extensions.feedexport import FeedExporter

from cleaners.jsonl import json_line
from crawler.append_file import append_whole
from crawler.feed_batches import unbatched_uri
from crawler.items import FETCH_KEYS, WARC_KEYS, FetchedPage, PageOutcome, fetch_fields
from crawler.write_failures import stop_on_write_error, write_failed

_FEED_SUFFIXES = (".gz", ".jsonl", ".jl", ".json", ".csv", ".xml")


class LoggedDrop(DropItem):
    """A dropped item that becomes one line, `{"url", "reason", "detail", fetch fields}`,
    in its log; `reasons` is the log's fixed vocabulary."""

    reasons: ClassVar[Mapping[str, str]] = {}

    def __init__(self, line: dict[str, Any], log_level: str = "INFO") -> None:
        if line["reason"] not in self.reasons:
            raise ValueError(f"unknown {type(self).__name__} reason {line['reason']!r}")
        super().__init__(f"{line['reason']}: {line['detail']} <{line['url']}>", log_level=log_level)
        self.line = line


def page_line(page: FetchedPage | PageOutcome, reason: str, detail: str) -> dict[str, Any]:
    """The log line of a fetched or unfetched page, with its fetch provenance."""
    return {"url": page.url, "reason": reason, "detail": detail, **fetch_fields(page)}


def record_line(record: Mapping[str, Any], reason: str, detail: str) -> dict[str, Any]:
    """The log line of a cleaned record (or any item with `url` and fetch fields)."""
    fields = {key: record.get(key) for key in FETCH_KEYS}
    fields |= {key: record[key] for key in WARC_KEYS if key in record}  # with WARC_ARCHIVE
    return {"url": record.get("url"), "reason": reason, "detail": detail, **fields}


def slot_log_path(slot: Any, kind: str) -> Path | None:
    """The `kind` log beside a feed slot's local file (`log_path_for`). A feed in batches
    has one log for the crawl, named after its URI without the batch number
    (`crawler.feed_batches`): `out-%(batch_id)05d.jsonl.gz` -> `out.<kind>.jsonl`."""
    return log_path_for(unbatched_uri(slot.uri_template, slot.uri), kind)


def log_path_for(feed_uri: str, kind: str) -> Path | None:
    """`out/x.jsonl(.gz)` -> `out/x.<kind>.jsonl`; None for a non-local feed (s3:, stdout:)."""
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
    return path.with_name(f"{name}.{kind}.jsonl")


def feed_slots(crawler: Crawler) -> list[Any]:
    """The feed exporter's open slots (one per output feed), once feeds are open."""
    exporter = next(
        (ext for ext in crawler.extensions.middlewares if isinstance(ext, FeedExporter)), None
    )
    return list(exporter.slots) if exporter else []


class PageLog:
    """Extension base: appends lines to `<feed>.<kind>.jsonl` beside the first local feed
    (else `output/<spider>-<time>.<kind>.jsonl`; the `path_setting` overrides both), each
    one whole and flushed, and counts them as `<kind>/<reason>` stats."""

    kind: ClassVar[str]
    path_setting: ClassVar[str]

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path: Path | None = None
        self._fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        log = cls(crawler)
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
        self.crawler.stats.set_value(f"{self.kind}/path", str(self.path))

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        """Subclasses write the dropped items that belong in their log."""

    def request_dropped(self, request: Request) -> None:
        """Subclasses write the page requests the scheduler dropped that belong in their log."""

    def write(self, line: dict[str, Any]) -> bool:
        """Append one line and count it under its reason; False if nothing was written
        (not open, or a write of this crawl failed)."""
        if self._fd is None or write_failed(self.crawler):
            return False
        # One O_APPEND write per line: a reader or a kill never sees half a line, and a
        # failed write leaves none and stops the crawl.
        with stop_on_write_error(self.crawler, f"the {self.kind} file {self.path}"):
            append_whole(self._fd, json_line(line))
        self.crawler.stats.inc_value(f"{self.kind}/{line['reason']}")
        return True

    def spider_closed(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _resolve_path(self, spider: Spider) -> tuple[Path, bool]:
        """The log's path, and whether to overwrite it."""
        configured = self.crawler.settings.get(self.path_setting)
        if configured:  # appended to: it holds the lines of every run
            return Path(configured), False
        for slot in feed_slots(self.crawler):
            if path := slot_log_path(slot, self.kind):
                return path, bool(slot.feed_options.get("overwrite"))
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
        return Path("output") / f"{spider.name}-{stamp}.{self.kind}.jsonl", True

"""Item pipeline: give each record its id and version, drop unchanged pages.

An item whose ``content_hash`` equals the one stored for its URL raises `UnchangedItem`
(a line in the skipped log), unless the page was given to the crawl (``discovery``
``given``: strategy direct, or the start page): one-off ingestion writes every page it
is given, an unchanged one as the record stored for it (same ``record_id``, ``version``
and ``previous_record_id``, which the store keeps beside the latest id; left out only
for a version above 1 stored by an earlier release, which did not keep it). Otherwise
it gets:

- ``record_id``: ``rec-`` and 32 hex digits of SHA-256 over URL and content hash, so
  the same text at the same URL always gets the same id;
- ``version``: 1 for a URL's first record, then one more for each changed text;
- ``previous_record_id``: the id of the URL's previous record, None for version 1.

The seen-store is updated only once the record is in the feed (`record_written`), or
the item dropped as unchanged or duplicate, so a killed crawl never has a page marked
seen that was not written. A failed state write stops the crawl (`write_failures`):
carrying on would write records that the next run, not finding them stored, writes
again.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.items import GIVEN
from crawler.record_exporter import record_written
from crawler.scheduled.conditional_requests import validators
from crawler.scheduled.outcomes import DuplicateItem, UnchangedItem
from crawler.scheduled.seen_store import SeenPage
from crawler.scheduled.state_backend import SeenPages, open_seen_store
from crawler.write_failures import stop_on_write_error, write_failed


def record_id(url: str, content_hash: str) -> str:
    """The deterministic id of the record of `content_hash` at `url`."""
    digest = hashlib.sha256(f"{url}\n{content_hash}".encode()).hexdigest()
    return f"rec-{digest[:32]}"


def store_exported(
    store: SeenPages, item: Any, fetched_at: float, response: Response | None
) -> None:
    """Store an exported record as its URL's latest, with the response's validators if any
    (under all its URLs, or none if a write fails)."""
    adapter = ItemAdapter(item)
    etag, last_modified = validators(response)
    store.put_all(
        SeenPage(
            url=url,
            fetched_at=fetched_at,
            etag=etag,
            last_modified=last_modified,
            content_hash=adapter["content_hash"],
            record_id=adapter["record_id"],
            version=adapter["version"],
            previous_record_id=adapter.get("previous_record_id"),
        )
        for url in stored_urls(item)
    )


class RecordVersionPipeline:
    """Numbers record versions per URL from the seen-store and keeps the store up to date."""

    def __init__(self, crawler: Crawler, store: SeenPages):
        self.crawler = crawler
        self.store = store
        self.stats = crawler.stats
        crawler.signals.connect(self.record_written, signal=record_written)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordVersionPipeline:
        return cls(crawler, open_seen_store(crawler.settings))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, content_hash = adapter["url"], adapter["content_hash"]
        seen = self.store.get(url)
        if seen is not None and seen.content_hash == content_hash:
            if adapter.get("discovery") != GIVEN:
                raise UnchangedItem(item, seen.record_id)
            if seen.record_id:  # written before: written again as that record
                adapter["record_id"], adapter["version"] = seen.record_id, seen.version
                if seen.version == 1 or seen.previous_record_id:
                    adapter["previous_record_id"] = seen.previous_record_id
                return item
            # Seen as a duplicate: numbered as new, the duplicate check says of which record.
        adapter["record_id"] = record_id(url, content_hash)
        previous = seen.record_id if seen is not None else None
        adapter["version"] = seen.version + 1 if previous else 1
        adapter["previous_record_id"] = previous
        if previous:
            self.stats.inc_value("scheduled/new_versions")
        return item

    def record_written(self, item: Any, response: Response | None) -> None:
        with stop_on_write_error(self.crawler, "the seen-store"):
            store_exported(self.store, item, time.time(), response)

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        if not isinstance(exception, UnchangedItem | DuplicateItem) or write_failed(self.crawler):
            return
        with stop_on_write_error(self.crawler, "the seen-store"):
            self._store_dropped(response, exception)

    def _store_dropped(
        self, response: Response | None, exception: UnchangedItem | DuplicateItem
    ) -> None:
        # The signal's `item` is what entered the pipelines; the record is on the exception.
        item = exception.record
        adapter = ItemAdapter(item)
        now = time.time()
        if isinstance(exception, UnchangedItem):
            self.stats.inc_value("scheduled/unchanged")
            for url in stored_urls(item):
                self.store.touch(url, now, *validators(response))
        elif isinstance(exception, DuplicateItem):
            # Seen, so not fetched again before it expires; no record of its own.
            seen = self.store.get(adapter["url"])
            etag, last_modified = validators(response)
            for url in stored_urls(item):
                self.store.put(
                    SeenPage(
                        url,
                        now,
                        etag,
                        last_modified,
                        adapter["content_hash"],
                        seen.record_id if seen else None,
                        seen.version if seen else 0,
                        seen.previous_record_id if seen else None,
                    )
                )


def stored_urls(item: Any) -> list[str]:
    """The URLs a page is stored under: its own, and the one requested if it redirected
    (the revisit filter looks requests up by the URL requested)."""
    adapter = ItemAdapter(item)
    requested = adapter.get("requested_url")
    return [adapter["url"]] + ([requested] if requested and requested != adapter["url"] else [])

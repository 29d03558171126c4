"""Item pipeline: recognise articles already kept under another URL.

Exact duplicates share ``content_hash``; near-duplicates have a MinHash Jaccard
estimate (5-word shingles of headline and text) of at least ``DEDUP_NEAR_THRESHOLD``
(default 0.8) with a kept record, across this run and every earlier run (the index is
in the state file under ``STATE_DIR``). The first record is kept. With ``DEDUP_MODE``
``"reject"`` (default) later ones raise `DuplicateItem`, written to the rejects file
with reason ``duplicate`` and ``duplicate_of``, the kept record's id; with ``"mark"``
they are written with ``duplicate_of`` set.

``DEDUP_ENABLED`` (default True) turns the pipeline off.

A record joins the index once it is in the feed (`record_written`); a failed index
write stops the crawl. Items between this pipeline and export are held by the index
(`claim`), so two copies crawled at the same moment are still caught, by one process
(the SQLite index holds them in memory) or by several workers (the Redis index holds
them in Redis, crawler/distributed/redis_dedup_index.py).
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.record_exporter import record_written
from crawler.scheduled.dedup_index import Fingerprint
from crawler.scheduled.outcomes import DuplicateItem
from crawler.scheduled.state_backend import DuplicateIndex, open_dedup_index
from crawler.write_failures import stop_on_write_error

DEDUP_MODES = ("reject", "mark")
DEFAULT_NEAR_THRESHOLD = 0.8


def fingerprint(item: Any) -> Fingerprint:
    """The item's URL, content hash and MinHash of its headline and text."""
    adapter = ItemAdapter(item)
    text = f"{adapter.get('title') or ''}\n{adapter['text']}"
    return Fingerprint.of(adapter["url"], adapter["content_hash"], text)


def remember(index: DuplicateIndex, item: Any, page: Fingerprint | None = None) -> None:
    """Add an exported record to `index`, unless it was itself marked a duplicate."""
    adapter = ItemAdapter(item)
    if not adapter.get("duplicate_of"):
        index.add(adapter["record_id"], page or fingerprint(item))


class DuplicatePipeline:
    """Rejects (or marks) exact and near duplicates of records already kept."""

    def __init__(self, crawler: Crawler, index: DuplicateIndex, mode: str):
        if mode not in DEDUP_MODES:
            raise NotConfigured(f"DEDUP_MODE must be one of {DEDUP_MODES}, got {mode!r}")
        self.crawler = crawler
        self.index = index
        self.mode = mode
        self.stats = crawler.stats
        # record_id -> fingerprint, for items accepted here but not yet exported (the
        # index holds them; kept here so that `add` need not compute the MinHash again).
        self.in_flight: dict[str, Fingerprint] = {}
        crawler.signals.connect(self.record_written, signal=record_written)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicatePipeline:
        settings = crawler.settings
        if not settings.getbool("DEDUP_ENABLED", True):
            raise NotConfigured("DEDUP_ENABLED is off")
        threshold = settings.getfloat("DEDUP_NEAR_THRESHOLD", DEFAULT_NEAR_THRESHOLD)
        index = open_dedup_index(settings, threshold)
        return cls(crawler, index, settings.get("DEDUP_MODE", "reject"))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        page = fingerprint(item)
        duplicate = self.index.claim(adapter["record_id"], page)
        if duplicate is None:
            self.in_flight[adapter["record_id"]] = page
            return item
        self.stats.inc_value(f"scheduled/duplicates/{duplicate.kind}")
        if self.mode == "reject":
            raise DuplicateItem(item, duplicate)
        adapter["duplicate_of"] = duplicate.record_id
        return item

    def record_written(self, item: Any) -> None:
        page = self.in_flight.pop(ItemAdapter(item).get("record_id"), None)
        with stop_on_write_error(self.crawler, "the dedup index"):
            remember(self.index, item, page)

    def item_dropped(self, item: Any) -> None:
        record_id = ItemAdapter(item).get("record_id")
        if self.in_flight.pop(record_id, None) is not None:
            self.index.release(record_id)

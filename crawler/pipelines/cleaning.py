"""Cleaning in a process pool: page bytes go to a worker, the record comes back.

Extraction is CPU work; run inline it would stall Scrapy's reactor (no downloads while a
page is being cleaned) and use one core. `process_item` is a coroutine awaiting the pool
from the asyncio reactor, so downloads continue while all cores clean.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.cleaning_worker import clean_page
from crawler.items import FetchedPage, fetch_fields
from crawler.rejects import reject_page


class CleaningPipeline:
    """`FetchedPage` -> record dict (cleaner's fields + fetch fields), or a rejection
    (`extract_error`, `no_text`).

    Settings: CLEANING_WORKERS (default 0 = one per core), CLEANING_START_METHOD
    (default "forkserver": forking a process that runs a reactor is unsafe).
    """

    def __init__(self, workers: int, start_method: str, stats: StatsCollector) -> None:
        self.workers = workers
        self.start_method = start_method
        self.stats = stats
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        settings = crawler.settings
        return cls(
            workers=settings.getint("CLEANING_WORKERS") or os.cpu_count() or 1,
            start_method=settings.get("CLEANING_START_METHOD", "forkserver"),
            stats=crawler.stats,
        )

    def open_spider(self) -> None:
        self._pool = self._new_pool()

    def close_spider(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        loop = asyncio.get_running_loop()
        try:
            record = await loop.run_in_executor(
                self._pool, clean_page, item.body, item.content_type, item.url
            )
        except BrokenProcessPool as exc:  # a worker died (e.g. killed): new pool, go on
            self._pool = self._new_pool()
            raise reject_page(item, "extract_error", f"worker process died: {exc}") from exc
        except Exception as exc:  # the cleaner failed on this page; the crawl goes on
            raise reject_page(item, "extract_error", f"{type(exc).__name__}: {exc}") from exc
        if not record["text"].strip():
            raise reject_page(item, "no_text", "the cleaner found no article text")
        for rule, count in Counter(removal["rule"] for removal in record["removed"]).items():
            self.stats.inc_value(f"rules/{rule}", count)
        if record["fallback"]:  # the safety net took the unpruned page
            self.stats.inc_value(f"fallback/{record['fallback']}")
        return crawl_record(record, item)

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(self.start_method)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context)


def crawl_record(record: dict[str, Any], page: FetchedPage) -> dict[str, Any]:
    """The cleaner's record plus fetch fields; listing dates fill missing record dates."""
    fields = fetch_fields(page)
    if not record["published"]:
        record["published"] = fields["news_publication_date"] or fields["feed_published"]
    if not record["modified"]:
        record["modified"] = fields["sitemap_lastmod"]
    return {**record, **fields}

"""Cleaning in worker processes: page bytes go to a worker, the record comes back.

Extraction is CPU work; run inline it would stall Scrapy's reactor (no downloads while a
page is being cleaned) and use one core. `process_item` is a coroutine awaiting the
workers from the asyncio reactor, so downloads continue while all cores clean. Each page
is cleaned within the crawl's budget (`cleaners.budget`): a page over its limits is
rejected `too_complex`, one that runs out of CPU time `timeout` (its worker is replaced).
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from cleaners.budget import Budget, OverBudget
from cleaners.quality import QUALITY_OFF
from cleaners.worker_pool import WorkerPool
from crawler.cleaning_worker import clean_page, clean_page_with_quality
from crawler.items import FetchedPage, fetch_fields
from crawler.page_budget import page_budget
from crawler.pipelines.quality_filter import quality_mode
from crawler.rejects import reject_page


class CleaningPipeline:
    """`FetchedPage` -> record dict (cleaner's fields + fetch fields), or a rejection
    (`too_complex`, `timeout`, `extract_error`, `no_text`).

    Settings: CLEANING_WORKERS (default 0 = one per core), the budget:
    CLEANING_MAX_BYTES, CLEANING_MAX_ELEMENTS, CLEANING_MAX_DEPTH, CLEANING_CPU_SECONDS,
    RECORD_REMOVED (False: records leave out `removed`; its rules are still counted), and
    ARTICLE_QUALITY (other than off: the workers add the `quality` field too).
    `clean` is what the workers run (a module-level function, like `clean_page`).
    """

    def __init__(
        self,
        workers: int,
        budget: Budget,
        stats: StatsCollector,
        clean: Callable[[bytes, str, str, Budget], dict[str, Any]] = clean_page,
        keep_removed: bool = True,
    ) -> None:
        self.workers = workers
        self.keep_removed = keep_removed
        self.budget = budget
        self.stats = stats
        self.clean = clean
        self._pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        settings = crawler.settings
        return cls(
            workers=settings.getint("CLEANING_WORKERS") or os.cpu_count() or 1,
            budget=page_budget(settings),
            stats=crawler.stats,
            keep_removed=settings.getbool("RECORD_REMOVED", True),
            clean=(
                clean_page
                if quality_mode(settings.get("ARTICLE_QUALITY")) == QUALITY_OFF
                else clean_page_with_quality
            ),
        )

    def open_spider(self) -> None:
        self._pool = WorkerPool(self.clean, self.workers, self.budget.cpu_seconds)

    def close_spider(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        assert self._pool is not None, "process_item before open_spider"
        cleaning = self._pool.submit(item.body, item.content_type, item.url, self.budget)
        try:
            record = await asyncio.wrap_future(cleaning)
        except OverBudget as exc:  # too_complex, or timeout (the worker was replaced)
            raise reject_page(item, exc.reason, exc.detail) from exc
        except Exception as exc:  # the cleaner failed on this page; the crawl goes on
            raise reject_page(item, "extract_error", f"{type(exc).__name__}: {exc}") from exc
        if not record["text"].strip():
            raise reject_page(item, "no_text", "the cleaner found no article text")
        for rule, count in Counter(removal["rule"] for removal in record["removed"]).items():
            self.stats.inc_value(f"rules/{rule}", count)
        if record["fallback"]:  # the safety net took the unpruned page
            self.stats.inc_value(f"fallback/{record['fallback']}")
        if not self.keep_removed:
            del record["removed"]
        return crawl_record(record, item)


def crawl_record(record: dict[str, Any], page: FetchedPage) -> dict[str, Any]:
    """The cleaner's record plus fetch fields; listing dates fill missing record dates."""
    fields = fetch_fields(page)
    if not record["published"]:
        record["published"] = fields["news_publication_date"] or fields["feed_published"]
    if not record["modified"]:
        record["modified"] = fields["sitemap_lastmod"]
    return {**record, **fields}

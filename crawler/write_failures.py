"""A failed write is a failed crawl.

Scrapy's signal dispatcher logs what a handler raises and goes on, so a feed line, a
rejects line or a state row that could not be written (a full disk, a file size limit,
a read-only folder) would leave the crawl running and exiting 0, its report counting
records that are not in the file. Components that write do it inside
`stop_on_write_error`: the first error is logged, kept in the stat ``write_failed``,
closes the spider with reason ``write_failed``, and makes `scrapy crawl` exit 1. Once a
write has failed, `write_failed` is true and nothing more is written or marked written.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

WRITE_FAILED = "write_failed"


def write_failed(crawler: Crawler) -> str | None:
    """What could not be written and why, if a write of this crawl failed."""
    return crawler.stats.get_value(WRITE_FAILED)


@contextmanager
def stop_on_write_error(crawler: Crawler, what: str) -> Iterator[None]:
    """Run a block that writes `what`; if it fails, stop the crawl, then re-raise."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        stop_crawl(crawler, f"could not write {what}: {error}")
        raise


def stop_crawl(crawler: Crawler, message: str) -> None:
    """Record the first failed write and close the spider (if it is still open)."""
    if write_failed(crawler):
        return
    logger.error("Stopping the crawl: %s", message)
    crawler.stats.set_value(WRITE_FAILED, message)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=WRITE_FAILED))

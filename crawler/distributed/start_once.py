"""Spider middleware: the start requests of a distributed crawl are pushed once.

The first worker to start (or one restarted with the id of the worker that was pushing
them when it died) runs the spider's `start()`, its requests going to the shared queue;
`<prefix>:<spider>:start` then says `pushed`. Every other worker, started with the same
arguments (or with none, crawl_args.py), joins: it takes requests from the shared
queue and pushes no start requests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.distributed.redis_connection import (
    is_distributed,
    key_prefix,
    redis_client,
    worker_id,
)

logger = logging.getLogger(__name__)

PUSHED = b"pushed"


def start_key(crawler: Crawler) -> str:
    return f"{key_prefix(crawler.settings)}:{crawler.spider.name}:start"


class StartOnce:
    """Runs `start()` in the first worker only."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.client = redis_client(crawler.settings)
        self.worker = worker_id(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartOnce:
        if not is_distributed(crawler.settings):
            raise NotConfigured("DISTRIBUTED is off")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        key = start_key(self.crawler)
        if self.crawler.settings.getbool("WORKER_JOINS_ONLY"):
            logger.info("Joining the crawl with the arguments stored in Redis")
            return
        claimed = self.client.set(key, self.worker, nx=True)
        if not claimed and self.client.get(key) != self.worker.encode():
            logger.info("Joining the crawl: another worker pushed its start requests")
            return
        logger.info("Pushing the crawl's start requests to the shared queue")
        async for item in start:
            yield item
        self.client.set(key, PUSHED)

"""Test-only spider middleware: the spider's start outputs come SLOW_START_DELAY seconds
apart, so that a test can kill a worker in the middle of pushing them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler


class SlowStart:
    def __init__(self, delay: float):
        self.delay = delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlowStart:
        return cls(crawler.settings.getfloat("SLOW_START_DELAY", 0.2))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            await asyncio.sleep(self.delay)
            yield output

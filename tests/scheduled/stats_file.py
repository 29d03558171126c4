"""Test-only extension: write the crawl's stats as JSON to the STATS_FILE setting at close."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler


class StatsFile:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        return cls(crawler)

    def spider_closed(self) -> None:
        stats = {
            key: value
            for key, value in self.crawler.stats.get_stats().items()
            if isinstance(value, int | float | str)
        }
        Path(self.crawler.settings["STATS_FILE"]).write_text(json.dumps(stats, indent=1))

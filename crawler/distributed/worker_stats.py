"""Extension: a worker's stats as one JSON line beside its feed (`out-<worker>.stats.jsonl`,
or the STATS_PATH setting), for the merged report (`python -m crawler.report FILES`)."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.distributed.redis_connection import worker_id
from crawler.page_log import feed_slots, slot_log_path


class WorkerStats:
    """Writes the worker id and its numeric stats when the worker closes."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerStats:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        configured = self.crawler.settings.get("STATS_PATH")
        paths = [slot_log_path(slot, "stats") for slot in feed_slots(self.crawler)]
        self.path = Path(configured) if configured else next(filter(None, paths), None)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.path is None:
            return
        stats = {key: value for key, value in self.crawler.stats.get_stats().items()
                 if isinstance(value, int | float | str)}
        line = {"worker": worker_id(self.crawler.settings), "finish_reason": reason, **stats}
        self.path.write_text(json.dumps(line, sort_keys=True) + "\n", encoding="utf-8")

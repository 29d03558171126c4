"""Extension: notes the pages answered 404/410 as dead URLs, as their rejections go by
(`crawler/scheduled/dead_urls.py` says what is done with them)."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.rejects import Rejected
from crawler.scheduled.dead_urls import DEAD_STATUSES
from crawler.scheduled.state_backend import DeadPages, open_dead_urls
from crawler.write_failures import stop_on_write_error


class DeadUrlLog:
    """Extension: notes each page rejected with a DEAD_STATUSES answer (`http_status`) in
    the dead URLs of the state file, under the URL requested."""

    def __init__(self, crawler: Crawler, dead: DeadPages) -> None:
        self.crawler = crawler
        self.dead = dead

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeadUrlLog:
        log = cls(crawler, open_dead_urls(crawler.settings))
        crawler.signals.connect(log.item_dropped, signal=signals.item_dropped)
        return log

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if not isinstance(exception, Rejected):
            return
        line = exception.line
        if line["reason"] != "http_status" or line.get("http_status") not in DEAD_STATUSES:
            return
        with stop_on_write_error(self.crawler, "the state file (dead URLs)"):
            self.dead.note(line.get("requested_url") or line["url"], line["http_status"],
                           time.time())

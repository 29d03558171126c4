"""Known-dead URLs (answered 404 or 410), so that scheduled crawls retry them with a
back-off instead of fetching them again on every run.

One SQLite row per URL in the state file: the last status, how many runs found it dead,
and when it was last found dead (`DeadUrlLog` notes them as their rejections go by).
After failure n the URL waits RECRAWL_AFTER x 2^(n-1) seconds, at most
DEAD_URL_MAX_RETRY_AFTER, before it is requested again (`RevisitFilterMiddleware` skips
it meanwhile, reason `dead`). A page fetched since it was found dead has come back: the
entry no longer counts.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.rejects import Rejected
from crawler.scheduled.state_db import connect, state_path
from crawler.write_failures import stop_on_write_error

# HTTP statuses that say a page is gone, not that the server failed.
DEAD_STATUSES = (404, 410)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dead_urls (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    last_failed_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class DeadUrl:
    url: str
    status: int
    failures: int  # runs that found it dead
    last_failed_at: float

    def retry_at(self, recrawl_after: float, max_retry_after: float) -> float:
        """When the URL may be requested again."""
        wait = min(recrawl_after * 2 ** (self.failures - 1), max_retry_after)
        return self.last_failed_at + wait


class DeadUrls:
    """Dead URLs by URL: lookups by primary key."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute(_SCHEMA)

    def get(self, url: str) -> DeadUrl | None:
        row = self.conn.execute(
            "SELECT url, status, failures, last_failed_at FROM dead_urls WHERE url = ?", (url,)
        ).fetchone()
        return DeadUrl(*row) if row else None

    def note(self, url: str, status: int, at: float) -> None:
        """Found dead once more (committed at once)."""
        self.conn.execute(
            "INSERT INTO dead_urls VALUES (?, ?, 1, ?) ON CONFLICT(url) DO UPDATE SET "
            "status = excluded.status, failures = failures + 1, "
            "last_failed_at = excluded.last_failed_at",
            (url, status, at),
        )


class DeadUrlLog:
    """Extension: notes each page rejected with a DEAD_STATUSES answer (`http_status`) in
    the dead URLs of the state file, under the URL requested."""

    def __init__(self, crawler: Crawler, dead: DeadUrls) -> None:
        self.crawler = crawler
        self.dead = dead

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeadUrlLog:
        log = cls(crawler, DeadUrls(connect(state_path(crawler.settings))))
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

"""Known-dead URLs (answered 404 or 410), so that scheduled crawls retry them with a
back-off instead of fetching them again on every run.

One SQLite row per URL in the state file: the last status, how many runs found it dead,
and when it was last found dead (`dead_url_log.DeadUrlLog` notes them as their
rejections go by; `crawler.distributed.redis_dead_urls` keeps them in Redis).
After failure n the URL waits RECRAWL_AFTER x 2^(n-1) seconds, at most
DEAD_URL_MAX_RETRY_AFTER, before it is requested again (`RevisitFilterMiddleware` skips
it meanwhile, reason `dead`). A page fetched since it was found dead has come back: the
entry no longer counts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

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


"""The rejections already written, so that resumed and scheduled runs do not write them again.

A rejected page is fetched again on the next run (a 404 or a timeout may have been
passing), and without this would be written to the rejects file on every run and after
every resume. One SQLite row per (URL, reason) in the state file: the same URL rejected
for another reason is news and is written.
"""

from __future__ import annotations

import sqlite3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS written_rejects (
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    written_at REAL NOT NULL,
    PRIMARY KEY (url, reason)
)
"""


class WrittenRejects:
    """(URL, reason) pairs already in a rejects file: lookups by primary key."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute(_SCHEMA)

    def __contains__(self, key: tuple[str, str]) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM written_rejects WHERE url = ? AND reason = ?", key
        ).fetchone()
        return found is not None

    def add(self, url: str, reason: str, written_at: float) -> None:
        """Remember a rejection once its line is written (committed at once)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO written_rejects VALUES (?, ?, ?)", (url, reason, written_at)
        )

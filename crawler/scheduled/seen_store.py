"""The seen-store: per URL, when it was last fetched and what it held then."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.scheduled.state_db import transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY,
    fetched_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    record_id TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    previous_record_id TEXT
)
"""
_COLUMNS = ("url, fetched_at, etag, last_modified, content_hash, record_id, version,"
            " previous_record_id")


@dataclass(frozen=True)
class SeenPage:
    """What the store knows of one URL.

    `record_id` is None when the page was seen but no record was written for it
    (it was rejected as a duplicate); `version` counts the records written for it;
    `previous_record_id` is the id of the version before `record_id` (None for version
    1, or when a state file of an earlier release did not keep it).
    """

    url: str
    fetched_at: float
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    record_id: str | None = None
    version: int = 0
    previous_record_id: str | None = None


class SeenStore:
    """URL -> `SeenPage`, one SQLite row per URL: lookups by primary key, nothing in memory."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute(_SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(seen)")}
        if "previous_record_id" not in columns:  # a state file of an earlier release
            conn.execute("ALTER TABLE seen ADD COLUMN previous_record_id TEXT")

    def get(self, url: str) -> SeenPage | None:
        """The stored page for `url`, or None if it was never seen."""
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM seen WHERE url = ?", (url,)).fetchone()
        return SeenPage(*row) if row else None

    def put(self, page: SeenPage) -> None:
        """Insert or replace the row of `page.url` (committed at once)."""
        self.conn.execute(
            f"INSERT OR REPLACE INTO seen ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.url,
                page.fetched_at,
                page.etag,
                page.last_modified,
                page.content_hash,
                page.record_id,
                page.version,
                page.previous_record_id,
            ),
        )

    def put_all(self, pages: Iterable[SeenPage]) -> None:
        """Store several pages in one transaction: all or none."""
        with transaction(self.conn):
            for page in pages:
                self.put(page)

    def touch(
        self, url: str, fetched_at: float, etag: str | None, last_modified: str | None
    ) -> None:
        """Record an unchanged revisit: new fetch time; validators kept unless new ones came."""
        self.conn.execute(
            "UPDATE seen SET fetched_at = ?, etag = COALESCE(?, etag),"
            " last_modified = COALESCE(?, last_modified) WHERE url = ?",
            (fetched_at, etag, last_modified, url),
        )

    def __len__(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM seen").fetchone()[0]

"""The on-disk state file shared by the seen-store and the dedup index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scrapy.settings import BaseSettings

DEFAULT_STATE_DIR = "output/state"
STATE_FILE = "state.sqlite3"


def state_path(settings: BaseSettings) -> Path:
    """The SQLite file under the ``STATE_DIR`` setting (default ``output/state``)."""
    return Path(settings.get("STATE_DIR") or DEFAULT_STATE_DIR) / STATE_FILE


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating it and its folder if needed) the state file at `path`.

    WAL lets a reader (a test, a report) look while the crawl writes; with WAL,
    synchronous=NORMAL still survives a killed process (only a power cut can lose
    the last commits), and each commit stays cheap enough to commit every item.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN/COMMIT around a block (connections here autocommit), ROLLBACK on error."""
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

"""The on-disk state file shared by the seen-store and the dedup index."""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from scrapy.settings import BaseSettings

DEFAULT_STATE_DIR = "output/state"
STATE_FILE = "state.sqlite3"


def state_path(settings: BaseSettings) -> Path:
    """The SQLite file under the ``STATE_DIR`` setting (default ``output/state``)."""
    return Path(settings.get("STATE_DIR") or DEFAULT_STATE_DIR) / STATE_FILE


class StateInUse(RuntimeError):
    """Another running crawl holds the state folder."""


def lock_state_dir(state_dir: Path) -> IO[bytes]:
    """Take the state folder for this process, or raise `StateInUse`.

    One crawl at a time may use a state folder: two would each take the other's open
    feeds for a killed crawl's. The lock is an flock on ``STATE_DIR/lock``, held while
    the returned file stays open and released by the kernel when the process ends, even
    by SIGKILL, so a killed crawl never blocks its resumption.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    handle = (state_dir / "lock").open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StateInUse(
            f"{state_dir} is in use by another crawl; run one crawl per STATE_DIR at a time"
        ) from None
    return handle


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

"""Feed storage for local files that never leaves a half-written line behind.

Scrapy's `FileFeedStorage` writes through a buffered file: a killed crawl can leave
the last record cut in the middle, and records still in the buffer are lost although
the crawl had counted them as written. Here the file is an `AppendFile`: unbuffered, so
each record (one ``write`` call of one whole line by the JSON Lines exporter, or one
gzip member) reaches the file in a single system call as soon as it is exported, and a
kill falls between two lines; a write that fails (a full disk) is undone and raised.

While a file is open its path is listed in ``open-feeds.txt`` in ``STATE_DIR``;
`FeedRecovery` uses that list after a kill to check the files' last lines. A crawl
stopped by a failed write leaves its files listed too: its last record may be in the
file but not in the state file, and the next start stores it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from crawler.append_file import AppendFile, append_whole, replace_whole
from crawler.scheduled.state_db import state_path
from crawler.write_failures import write_failed

OPEN_FEEDS = "open-feeds.txt"


def open_feeds_list(state_dir: Path) -> Path:
    """The file listing the feed files that a crawl has open."""
    return state_dir / OPEN_FEEDS


class LineAtomicFileFeedStorage(FileFeedStorage):
    """`FileFeedStorage` with unbuffered writes and a list of the files open."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        state_dir: Path,
        crawler: Crawler,
    ):
        super().__init__(uri, feed_options=feed_options)
        self.open_list = open_feeds_list(state_dir)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> LineAtomicFileFeedStorage:
        state_dir = state_path(crawler.settings).parent
        return cls(uri, feed_options=feed_options, state_dir=state_dir, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.open_list.parent.mkdir(parents=True, exist_ok=True)
        listing = os.open(self.open_list, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            append_whole(listing, f"{path}\n".encode())
        finally:
            os.close(listing)
        return AppendFile(path, truncate=self.write_mode == "wb")

    def store(self, file: IO[bytes]) -> None:
        file.close()
        if write_failed(self.crawler):
            return  # listed, so that the next start checks the file (see the module doc)
        listed = read_open_feeds(self.open_list.parent)
        remaining = [p for p in listed if p != Path(self.path).resolve()]
        if not remaining:
            self.open_list.unlink(missing_ok=True)
            return
        # Replaced whole, so a kill here cannot leave the list itself half-written.
        replace_whole(self.open_list, "".join(f"{p}\n" for p in remaining))


def read_open_feeds(state_dir: Path) -> list[Path]:
    """The feed files listed as open (left listed by a crawl that was killed)."""
    listing = open_feeds_list(state_dir)
    if not listing.exists():
        return []
    return [Path(line) for line in listing.read_text("utf-8").splitlines() if line.strip()]

"""Downloader middleware: the raw archive, every response the crawl fetched in `.warc.gz`.

With WARC_ARCHIVE on, each response that comes back from the downloader (articles, hubs,
redirects, errors, robots.txt, sitemaps and feeds, each retry) is appended with its
request to rotating files `<feed stem>-00000.warc.gz`, `-00001`, ... beside the feed
(WARC_ARCHIVE_DIR to put them elsewhere), each starting with a warcinfo record. A feed
in batches (`%(batch_id)d` or `%(batch_time)s` in its URI) gives one archive for the
crawl, named after the URI without the batch's number: `out-%(batch_id)05d.jsonl.gz` ->
`out-00000.warc.gz`, whose numbers count archive files, not batches. A file
is closed for a new one once it holds WARC_ARCHIVE_MAX_BYTES or more. A run starts a new
file after the last one there, never appending to an earlier run's.

Each exchange (request and response records, `crawler/warc_records.py`) is appended in
one write (`crawler.append_file.append_whole`): a kill leaves whole gzip members only,
and a failed write stops the crawl (`crawler.write_failures`). Where the response went
is put in the request's meta (`WARC_META`: `warc_file`, `warc_offset`, `warc_record_id`,
`warc_date`), which the spider copies into the page's record or log line.

At priority 610, after RedirectMiddleware (600) and HttpCompressionMiddleware (590) on
the way in, so it sees redirects and bodies as sent, before Scrapy undoes their
Content-Encoding. Responses that never arrive whole (a timeout, a body over
DOWNLOAD_MAXSIZE as sent) are not archived; their rejects line says why.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.append_file import append_whole
from crawler.items import WARC_META
from crawler.page_log import feed_slots, slot_log_path
from crawler.warc_records import exchange_records, warcinfo_record
from crawler.write_failures import stop_on_write_error, write_failed

_SUFFIX = ".warc.gz"


def warc_date() -> str:
    """Now, as WARC-Date (ISO 8601 UTC to the second): the exchange's fetch time."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcArchive:
    """Rotating `.warc.gz` files `<prefix>-NNNNN.warc.gz`, written one exchange a write."""

    def __init__(self, prefix: Path, max_bytes: int, info: dict[str, str], level: int) -> None:
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = info
        self.level = level  # gzip compression level
        self.path: Path | None = None
        self._fd: int | None = None
        self._exchanges = 0
        self._next_index = _first_free_index(prefix)

    def append(self, request: Request, response: Response) -> dict[str, Any]:
        """Append one exchange; its response's `warc_*` fields. Raises OSError."""
        date = warc_date()
        if self._fd is None:
            self._open(date)
        assert self._fd is not None and self.path is not None
        name = str(self.path)
        data, response_at, response_id = exchange_records(
            request,
            response,
            filename=self.path.name,
            number=self._exchanges,
            date=date,
            level=self.level,
        )
        start = os.fstat(self._fd).st_size
        append_whole(self._fd, data)
        self._exchanges += 1
        if start + len(data) >= self.max_bytes:
            self.close()
        return {
            "warc_file": name,
            "warc_offset": start + response_at,
            "warc_record_id": response_id,
            "warc_date": date,
        }

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _open(self, date: str) -> None:
        self.prefix.parent.mkdir(parents=True, exist_ok=True)
        while self._fd is None:
            self.path = self.prefix.with_name(f"{self.prefix.name}-{self._next_index:05d}{_SUFFIX}")
            self._next_index += 1
            try:  # O_EXCL: a file of another run (or crawl) is never appended to
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND
                self._fd = os.open(self.path, flags, 0o644)
            except FileExistsError:
                continue  # taken since the directory was listed: the next number
        self._exchanges = 0
        append_whole(self._fd, warcinfo_record(self.path.name, date, self.info, self.level))


def _first_free_index(prefix: Path) -> int:
    """One more than the highest `<prefix>-NNNNN.warc.gz` already there (0 if none)."""
    pattern = re.compile(re.escape(prefix.name) + r"-(\d+)" + re.escape(_SUFFIX) + "$")
    if not prefix.parent.is_dir():
        return 0
    names = (path.name for path in prefix.parent.glob(f"{prefix.name}-*{_SUFFIX}"))
    taken = [int(match.group(1)) for name in names if (match := pattern.match(name))]
    return max(taken, default=-1) + 1


class WarcArchiveMiddleware:
    """Downloader middleware writing every response to the archive (see the module).

    Settings: WARC_ARCHIVE (default False), WARC_ARCHIVE_DIR (default: the first local
    feed's directory, else `output`), WARC_ARCHIVE_MAX_BYTES (default 1 GB, as Common
    Crawl's files), WARC_ARCHIVE_GZIP_LEVEL (default 6, gzip's own).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("WARC_ARCHIVE"):
            raise NotConfigured("WARC_ARCHIVE is off")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        # A retry or a redirect is a new exchange: it must not keep the previous one's place.
        request.meta.pop(WARC_META, None)

    def process_response(self, request: Request, response: Response) -> Response:
        if write_failed(self.crawler):
            return response
        if self.archive is None:
            settings = self.crawler.settings
            self.archive = WarcArchive(
                self._prefix(),
                settings.getint("WARC_ARCHIVE_MAX_BYTES"),
                self._info(),
                settings.getint("WARC_ARCHIVE_GZIP_LEVEL"),
            )
        what = f"the WARC archive {self.archive.path or self.archive.prefix.parent}"
        try:
            with stop_on_write_error(self.crawler, what):
                request.meta[WARC_META] = self.archive.append(request, response)
        except OSError:
            pass  # the crawl is stopping (write_failed): nothing more is written
        else:
            stats = self.crawler.stats
            stats.inc_value("archive/responses")
            stats.set_value("archive/last_file", str(self.archive.path))
            if stats.get_value("archive/first_file") is None:
                stats.set_value("archive/first_file", str(self.archive.path))
        return response

    def spider_closed(self, spider: Spider) -> None:
        if self.archive is not None:
            self.archive.close()

    def _prefix(self) -> Path:
        """`<dir>/<feed stem>`: beside the first local feed unless WARC_ARCHIVE_DIR says;
        a batched feed's stem without its batch number (`crawler.feed_batches`)."""
        directory = self.crawler.settings.get("WARC_ARCHIVE_DIR")
        spider = self.crawler.spider.name if self.crawler.spider else "crawl"
        for slot in feed_slots(self.crawler):
            if feed_log := slot_log_path(slot, "warc"):
                stem = feed_log.name.removesuffix(".warc.jsonl") or spider
                return Path(directory or feed_log.parent) / stem
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        return Path(directory or "output") / f"{spider}-{stamp}"

    def _info(self) -> dict[str, str]:
        settings = self.crawler.settings
        return {
            "software": "article-corpus crawler (Scrapy), warcio",
            "format": "WARC File Format 1.0",
            "http-header-user-agent": settings.get("USER_AGENT") or "",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "operator": settings.get("CONTACT_URL") or "",
        }

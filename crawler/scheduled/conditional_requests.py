"""Downloader middleware: revisit known pages with conditional requests.

For a URL in the seen-store, the request carries ``If-None-Match`` (the stored ETag)
and ``If-Modified-Since`` (the stored Last-Modified). A ``304 Not Modified`` answer
means the page is unchanged: its fetch time is updated, ``scheduled/not_modified`` is
counted, and the request ends with `NotModified` (an `IgnoreRequest`), so nothing is
cleaned or written and it is not reported as an error or a rejection (the spider puts it
in the skipped log).

Pages given to the crawl (meta `given`, strategy direct) are requested unconditionally:
one-off ingestion writes a record of every page it is given.
"""

from __future__ import annotations

import time

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.scheduled.state_backend import SeenPages, open_seen_store

_CONDITIONAL_META = "scheduled_conditional"


class NotModified(IgnoreRequest):
    """The server answered 304 to a conditional revisit: the page did not change."""


def validators(response: Response | None) -> tuple[str | None, str | None]:
    """The response's ETag and Last-Modified headers as text (None when absent)."""
    if response is None:
        return None, None
    etag, last_modified = (response.headers.get(name) for name in ("ETag", "Last-Modified"))
    return (
        etag.decode("latin-1") if etag else None,
        last_modified.decode("latin-1") if last_modified else None,
    )


class ConditionalRequestMiddleware:
    """Adds validators from the seen-store to revisits and turns 304s into `NotModified`."""

    def __init__(self, crawler: Crawler, store: SeenPages):
        self.store = store
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler, open_seen_store(crawler.settings))

    def process_request(self, request: Request) -> None:
        if request.meta.get("given"):
            return
        seen = self.store.get(request.url)
        if seen is None or not (seen.etag or seen.last_modified):
            return
        if seen.etag:
            request.headers.setdefault("If-None-Match", seen.etag)
        if seen.last_modified:
            request.headers.setdefault("If-Modified-Since", seen.last_modified)
        request.meta[_CONDITIONAL_META] = True

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304 or not request.meta.get(_CONDITIONAL_META):
            return response
        self.store.touch(request.url, time.time(), *validators(response))
        self.stats.inc_value("scheduled/not_modified")
        raise NotModified(f"304 Not Modified: {request.url}")

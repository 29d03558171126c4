"""A DNS resolver for crawl subprocesses that answers made-up host names from a setting.

`-s TWISTED_DNS_RESOLVER=tests.stub_resolver.StubResolver -s 'STUB_ADDRESSES={"intranet.test":
"10.0.0.5"}'`: those names resolve to those addresses without any DNS query; every other
name goes to Scrapy's resolver. A stub address other than 127.0.0.1 is never connected to
in the tests: the address policy refuses it first, and `LoopbackOnlyHandler` (set as the
http download handler with the stubs) would refuse it if the policy did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


class StubResolver(CachingThreadedResolver):
    """Scrapy's resolver, with the names in `STUB_ADDRESSES` ({name: IPv4}) answered from it."""

    stubs: dict[str, str]

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> StubResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.stubs = crawler.settings.getdict("STUB_ADDRESSES")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        if name in self.stubs:
            return defer.succeed(self.stubs[name])
        return super().getHostByName(name, timeout)


class LoopbackOnlyHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, refusing without a connection any request whose host the
    stub answers with an address other than 127.0.0.1: even if the address policy ever
    let one through, no test traffic would leave the machine (the test then fails on the
    missing `address_refused` reject instead)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.stubs = crawler.settings.getdict("STUB_ADDRESSES")

    async def download_request(self, request: Request) -> Response:
        host = urlsplit(request.url).hostname or ""
        if self.stubs.get(host, "127.0.0.1") != "127.0.0.1":
            raise ConnectionRefusedError(f"tests: {host} is not on this machine")
        return await super().download_request(request)

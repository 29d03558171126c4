"""A DNS resolver for crawl subprocesses that answers made-up host names from a setting.

`-s TWISTED_DNS_RESOLVER=tests.stub_resolver.StubResolver -s 'STUB_ADDRESSES={"intranet.test":
"10.0.0.5"}'`: those names resolve to those addresses without any DNS query; every other
name goes to Scrapy's resolver. A stub address other than 127.0.0.1 is never connected to
in the tests: the address policy refuses it first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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

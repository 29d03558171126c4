"""Scrapy contracts for `scrapy check`, run against the bundled demo site.

    @demo_page PATH   the sample request is for PATH on the demo site (crawler/demo_site/),
                      served on 127.0.0.1 at a free port for the check; each PATH on a
                      site of its own, so that the pages a sitemap and a feed both list
                      are new to each (the spider requests a page once)
    @given_page       ... with the meta of a given URL's request (spider.given_page_request),
                      as parse_page needs it

Both go before Scrapy's own `@meta`, `@returns` and `@scrapes` in a callback's docstring.
"""

from __future__ import annotations

import threading
from typing import Any

from scrapy.contracts import Contract

from crawler.demo import DEMO_SITE
from crawler.local_site import LocalSite, pages_from_directory

_lock = threading.Lock()
_sites: dict[str, LocalSite] = {}


def demo_site(name: str = "") -> LocalSite:
    """The demo site called `name`, started on first use and served until the process
    ends (in a daemon thread)."""
    with _lock:
        if name not in _sites:
            site = LocalSite().__enter__()
            site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
            _sites[name] = site
        return _sites[name]


class DemoPageContract(Contract):
    """@demo_page PATH: the sample URL is PATH on the bundled demo site."""

    name = "demo_page"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        path = self.args[0].lstrip("/")
        args["url"] = demo_site(path).url("/" + path)
        return args


class GivenPageContract(Contract):
    """@given_page: the sample request carries the meta of a given URL's page request."""

    name = "given_page"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = args["callback"].__self__
        request = spider.given_page_request(args["url"])
        args["meta"] = {**(args.get("meta") or {}), **request.meta}
        return args

"""Reading sitemaps: plain or gzip bodies, sitemap indexes, url sets with news dates.

Parsing is streamed (`crawler/xml_listing.py`); this module reads the entries (with the
nested `<news:publication_date>`), gunzips (capped), and bounds how many sitemaps a crawl
follows (`SitemapLimits`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from scrapy.http import Response, XmlResponse

# Private to Scrapy, as in crawler/fetch_failures.py: if it moves, the import fails
# loudly rather than a too large sitemap passing for a corrupt one.
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip, gzip_magic_number

from crawler.listing_dates import iso_date
from crawler.xml_listing import XmlListing, child_text, local_name

# Probed when robots.txt names no sitemap.
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")


@dataclass(frozen=True)
class SitemapEntry:
    """One `<url>` (a page) or `<sitemap>` (a child sitemap) entry."""

    loc: str
    is_sitemap: bool
    listing_dates: dict[str, str]


class SitemapTooLarge(ValueError):
    """A gzip sitemap that decompresses past the size limit."""


def sitemap_body(response: Response, max_size: int) -> bytes | None:
    """The XML of a sitemap response (gunzipped if needed), or None if it is not one.
    Raises `SitemapTooLarge` if it gunzips to more than `max_size` bytes."""
    if gzip_magic_number(response):
        try:
            return gunzip(response.body, max_size=max_size)
        except _DecompressionMaxSizeExceeded as error:
            raise SitemapTooLarge(f"more than {max_size} bytes once gunzipped") from error
        except (OSError, EOFError, zlib.error, ValueError):  # corrupt or cut gzip
            return None
    if isinstance(response, XmlResponse) or response.body.lstrip()[:5] == b"<?xml":
        return response.body
    return None


def sitemap_entries(listing: XmlListing) -> Iterator[SitemapEntry]:
    """Entries of a sitemap or sitemap index, with `lastmod`/news dates normalised; none
    if the listing is neither."""
    if listing.root_name not in ("sitemapindex", "urlset"):
        return
    is_index = listing.root_name == "sitemapindex"
    for element in listing.elements({"sitemap"} if is_index else {"url"}):
        loc = child_text(element, "loc")
        if not loc:
            continue
        # <news:news><news:publication_date>, one level down
        news = next((el for el in element.iter() if local_name(el) == "publication_date"), None)
        published = (news.text or "").strip() if news is not None else None
        dates = {
            "sitemap_lastmod": iso_date(child_text(element, "lastmod")),
            "news_publication_date": iso_date(published),
        }
        yield SitemapEntry(loc, is_index, {k: v for k, v in dates.items() if v})


class SitemapLimits:
    """Which listed sitemaps a crawl still requests: at most `max_depth` levels of sitemap
    indexes below a first sitemap (listed in robots.txt, or probed), and at most
    `max_count` sitemaps in all, each URL once. Without them a chain of indexes, each
    listing the next, is requested for ever."""

    def __init__(self, max_depth: int, max_count: int) -> None:
        self.max_depth = max_depth
        self.max_count = max_count
        self.requested: set[str] = set()

    def refusal(self, url: str, depth: int) -> str | None:
        """None if the sitemap `url`, `depth` indexes below a first sitemap, may be requested
        (and it is then counted as requested); else why not: "requested" (already),
        "depth" or "count"."""
        if url in self.requested:
            return "requested"
        if depth > self.max_depth:
            return "depth"
        if len(self.requested) >= self.max_count:
            return "count"
        self.requested.add(url)
        return None

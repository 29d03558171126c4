"""Reading sitemaps: plain or gzip bodies, sitemap indexes, url sets with news dates.

Parsing is Scrapy's `Sitemap` (streamed, entity-safe); this module only adds gunzipping
and the nested `<news:publication_date>` that `Sitemap` flattens away.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from crawler.listing_dates import iso_date

# Probed when robots.txt names no sitemap.
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")


class NewsSitemap(Sitemap):
    """`Sitemap` that keeps `<news:news><news:publication_date>` as `publication_date`."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, str] | None:
        published = next(
            (
                (el.text or "").strip()
                for el in elem.iter()
                if isinstance(el.tag, str) and el.tag.rpartition("}")[2] == "publication_date"
            ),
            None,
        )
        entry = super()._process_sitemap_element(elem)
        if entry is not None and published:
            entry["publication_date"] = published
        return entry


@dataclass(frozen=True)
class SitemapEntry:
    """One `<url>` (a page) or `<sitemap>` (a child sitemap) entry."""

    loc: str
    is_sitemap: bool
    listing_dates: dict[str, str]


def sitemap_body(response: Response, max_size: int) -> bytes | None:
    """The XML of a sitemap response (gunzipped if needed), or None if it is not one."""
    if gzip_magic_number(response):
        try:
            return gunzip(response.body, max_size=max_size)
        except (OSError, ValueError):  # corrupt gzip or over max_size
            return None
    if isinstance(response, XmlResponse) or response.body.lstrip()[:5] == b"<?xml":
        return response.body
    return None


def sitemap_entries(body: bytes) -> Iterator[SitemapEntry]:
    """Entries of a sitemap or sitemap index, with `lastmod`/news dates normalised."""
    sitemap = NewsSitemap(body)
    is_index = sitemap.type == "sitemapindex"
    if sitemap.type not in ("sitemapindex", "urlset"):
        return
    for entry in sitemap:
        dates = {
            "sitemap_lastmod": iso_date(entry.get("lastmod")),
            "news_publication_date": iso_date(entry.get("publication_date")),
        }
        yield SitemapEntry(
            loc=entry["loc"],
            is_sitemap=is_index,
            listing_dates={k: v for k, v in dates.items() if v},
        )

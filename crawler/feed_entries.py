"""Reading RSS and Atom feeds, and finding them in HTML pages.

A few XPath expressions over Scrapy's `Selector` cover RSS 0.9x/1.0/2.0 and Atom: we need
only each entry's link and date, which does not justify a feedparser dependency.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from parsel import Selector
from scrapy.http import Response, TextResponse

from crawler.listing_dates import iso_date

# Probed when a site's home page declares no feed.
COMMON_FEED_PATHS = ("/feed", "/rss.xml", "/atom.xml", "/feed.xml")

_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: the article link and the date the feed gave, if any."""

    link: str
    published: str | None


def feed_entries(response: Response) -> Iterator[FeedEntry]:
    """Entries of an RSS or Atom feed response; nothing if the body is not a feed."""
    try:
        selector = Selector(body=response.body, type="xml")
    except ValueError:  # not XML at all
        return
    selector.remove_namespaces()
    for item in selector.xpath("//item"):  # RSS
        link = item.xpath("link/text()").get() or item.xpath(
            "guid[not(@isPermaLink='false')]/text()"
        ).get()
        date = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
        if link and link.strip():
            yield FeedEntry(response.urljoin(link.strip()), iso_date(date))
    for entry in selector.xpath("//entry"):  # Atom
        link = entry.xpath("link[@rel='alternate' or not(@rel)]/@href").get()
        date = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
        if link and link.strip():
            yield FeedEntry(response.urljoin(link.strip()), iso_date(date))


def feed_links(response: TextResponse) -> list[str]:
    """Absolute URLs of the feeds an HTML page declares with `<link rel=alternate>`."""
    hrefs = response.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
        f"[@type='{_FEED_TYPES[0]}' or @type='{_FEED_TYPES[1]}']/@href"
    ).getall()
    return list(dict.fromkeys(response.urljoin(href.strip()) for href in hrefs if href.strip()))

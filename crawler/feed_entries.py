"""Reading RSS and Atom feeds, and finding them in HTML pages.

Feeds are parsed as a stream (`crawler/xml_listing.py`). Local names cover RSS
0.9x/1.0/2.0 and Atom whatever their namespaces: we need only each entry's link and
date, which does not justify a feedparser dependency.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from scrapy.http import TextResponse

from crawler.listing_dates import iso_date
from crawler.xml_listing import XmlListing, child_text, local_name

# Probed when a site's home page declares no feed.
COMMON_FEED_PATHS = ("/feed", "/rss.xml", "/atom.xml", "/feed.xml")

_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: the article link and the date the feed gave, if any."""

    link: str
    published: str | None


def feed_entries(listing: XmlListing, base_url: str) -> Iterator[FeedEntry]:
    """Entries of an RSS or Atom feed, links made absolute against `base_url`; nothing if
    the listing is not a feed."""
    for element in listing.elements({"item", "entry"}):
        link, date = _rss_item(element) if local_name(element) == "item" else _atom_entry(element)
        if link:
            yield FeedEntry(urljoin(base_url, link), iso_date(date))


def _rss_item(item: etree._Element) -> tuple[str | None, str | None]:
    """An RSS `<item>`'s link (else its permalink `<guid>`) and `<pubDate>` (else `<dc:date>`)."""
    guid = next((child for child in item if local_name(child) == "guid"), None)
    is_permalink = guid is not None and guid.get("isPermaLink") != "false"
    permalink = (guid.text or "").strip() if is_permalink else None
    date = child_text(item, "pubDate") or child_text(item, "date")
    return child_text(item, "link") or permalink, date


def _atom_entry(entry: etree._Element) -> tuple[str | None, str | None]:
    """An Atom `<entry>`'s alternate link and `<published>` (else `<updated>`) date."""
    link = next(
        (
            (child.get("href") or "").strip()
            for child in entry
            if local_name(child) == "link" and child.get("rel") in (None, "alternate")
        ),
        None,
    )
    return link, child_text(entry, "published") or child_text(entry, "updated")


def feed_links(response: TextResponse) -> list[str]:
    """Absolute URLs of the feeds an HTML page declares with `<link rel=alternate>`."""
    hrefs = response.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
        f"[@type='{_FEED_TYPES[0]}' or @type='{_FEED_TYPES[1]}']/@href"
    ).getall()
    return list(dict.fromkeys(response.urljoin(href.strip()) for href in hrefs if href.strip()))

"""Listing dates: how they are read and how they order revisits."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Request

from crawler.items import SITEMAP, Provenance
from crawler.listing_dates import listing_timestamp as parse_lastmod
from crawler.scheduled.revisit_filter import freshness_bonus, listing_date

DAY = 86400.0


def test_dates_are_read_as_utc():
    assert parse_lastmod("2024-01-02") == datetime(2024, 1, 2, tzinfo=UTC).timestamp()
    assert parse_lastmod("2024-01-02T03:00:00+02:00") == datetime(
        2024, 1, 2, 1, tzinfo=UTC
    ).timestamp()


def test_feed_dates_read_as_the_records_give_them():
    from crawler.listing_dates import iso_date

    rss = "Fri, 06 Mar 2026 17:40:00 GMT"
    assert iso_date(rss) == "2026-03-06T17:40:00"
    assert parse_lastmod(rss) == parse_lastmod(iso_date(rss)) == datetime(
        2026, 3, 6, 17, 40, tzinfo=UTC
    ).timestamp()


def test_unreadable_dates_are_none():
    assert parse_lastmod("yesterday") is None
    assert parse_lastmod("") is None
    assert parse_lastmod(None) is None


def test_listing_date_is_the_newest_of_the_provenance_dates():
    provenance = Provenance("http://x/a", SITEMAP, "http://x/sitemap.xml",
                            {"sitemap_lastmod": "2024-01-02", "feed_published": "2024-03-01"})
    request = Request("http://x/a", meta={"provenance": provenance})
    assert listing_date(request) == parse_lastmod("2024-03-01")
    assert listing_date(Request("http://x/b")) is None


def test_fresher_pages_get_a_higher_priority_bonus():
    now = 1_000 * DAY
    assert [freshness_bonus(now - age, now) for age in (3600, 2 * DAY, 10 * DAY, 90 * DAY)] == [
        3, 2, 1, 0
    ]

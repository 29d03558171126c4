"""The crawler's small parsers: sitemaps, feeds, listing dates, output paths."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Response, XmlResponse

from crawler.commands.crawl import with_inner_format
from crawler.feed_entries import FeedEntry, feed_entries, feed_links
from crawler.listing_dates import iso_date
from crawler.rejects import rejects_path_for
from crawler.sitemaps import SitemapLimits, SitemapTooLarge, sitemap_body, sitemap_entries
from crawler.xml_listing import XmlListing

URLSET = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    b"<url><loc>https://a.example/1</loc><lastmod>2024-05-01T10:00:00+02:00</lastmod></url>"
    b"<url><loc>https://a.example/2</loc><news:news><news:publication_date>2024-05-02"
    b"</news:publication_date></news:news></url></urlset>"
)


def test_urlset_entries_keep_lastmod_and_news_date():
    entries = list(sitemap_entries(XmlListing(URLSET)))
    assert [(e.loc, e.is_sitemap, e.listing_dates) for e in entries] == [
        ("https://a.example/1", False, {"sitemap_lastmod": "2024-05-01T08:00:00"}),
        ("https://a.example/2", False, {"news_publication_date": "2024-05-02"}),
    ]


def test_sitemap_index_entries_are_sitemaps():
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://a.example/s1.xml.gz</loc></sitemap></sitemapindex>"
    )
    assert [(e.loc, e.is_sitemap) for e in sitemap_entries(XmlListing(index))] == [
        ("https://a.example/s1.xml.gz", True)
    ]


def test_gzip_sitemap_body_is_gunzipped():
    response = Response("https://a.example/s.xml.gz", body=gzip.compress(URLSET))
    assert sitemap_body(response, max_size=10**6) == URLSET


def test_gzip_sitemap_over_max_size_is_too_large():
    response = Response("https://a.example/s.xml.gz", body=gzip.compress(URLSET))
    with pytest.raises(SitemapTooLarge, match="more than 100 bytes once gunzipped"):
        sitemap_body(response, max_size=100)


def test_corrupt_gzip_is_not_a_sitemap():
    response = Response("https://a.example/s.xml.gz", body=gzip.compress(URLSET)[:12])
    assert sitemap_body(response, max_size=10**6) is None


def test_html_is_not_a_sitemap():
    response = HtmlResponse("https://a.example/s.xml", body=b"<html><body>x</body></html>")
    assert sitemap_body(response, max_size=10**6) is None


def test_rss_and_atom_entries():
    rss = XmlResponse(
        "https://a.example/feed",
        body=b'<rss version="2.0"><channel><item><link>/a</link>'
        b"<pubDate>Tue, 19 Nov 2019 10:00:00 +0100</pubDate></item></channel></rss>",
    )
    atom = XmlResponse(
        "https://a.example/atom",
        body=b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<link rel="alternate" href="https://a.example/b"/><link rel="edit" href="/e"/>'
        b"<published>2019-11-19</published></entry></feed>",
    )
    assert list(feed_entries(XmlListing(rss.body), rss.url)) == [
        FeedEntry("https://a.example/a", "2019-11-19T09:00:00")
    ]
    assert list(feed_entries(XmlListing(atom.body), atom.url)) == [
        FeedEntry("https://a.example/b", "2019-11-19")
    ]


def test_feed_links_declared_in_html():
    page = HtmlResponse(
        "https://a.example/",
        body=b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss">'
        b'<link rel="alternate" hreflang="de" href="/de/"></head></html>',
    )
    assert feed_links(page) == ["https://a.example/rss"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01", "2024-05-01"),
        ("2024-05-01T23:30:00-02:00", "2024-05-02T01:30:00"),
        ("Wed, 01 May 2024 10:00:00 GMT", "2024-05-01T10:00:00"),
        ("yesterday", None),
        ("", None),
    ],
)
def test_listing_dates_are_iso(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("feed", "rejects"),
    [
        ("output/articles-2024.jsonl", "output/articles-2024.rejects.jsonl"),
        ("out.jsonl.gz", "out.rejects.jsonl"),
        ("file:///tmp/x.jl", "/tmp/x.rejects.jsonl"),
    ],
)
def test_rejects_file_sits_beside_the_feed(feed, rejects):
    assert rejects_path_for(feed) == Path(rejects)


def test_no_local_rejects_path_for_remote_feeds():
    assert rejects_path_for("s3://bucket/x.jsonl") is None
    assert rejects_path_for("stdout:") is None


def test_gz_output_gets_its_inner_format():
    assert with_inner_format("out.jsonl.gz") == "out.jsonl.gz:jsonl"
    assert with_inner_format("out.jsonl") == "out.jsonl"
    assert with_inner_format("out.jsonl.gz:jsonlines") == "out.jsonl.gz:jsonlines"


def test_sitemap_limits_refuse_beyond_depth_and_count_and_repeats():
    limits = SitemapLimits(max_depth=1, max_count=2)
    assert limits.refusal("https://a.example/s0.xml", depth=0) is None
    assert limits.refusal("https://a.example/s0.xml", depth=1) == "requested"
    assert limits.refusal("https://a.example/s2.xml", depth=2) == "depth"
    assert limits.refusal("https://a.example/s1.xml", depth=1) is None
    assert limits.refusal("https://a.example/s3.xml", depth=1) == "count"


DAMAGED_URLSET = (
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY section "world">]>'
    b"<urlset><url><loc>https://a.example/&section;/1</loc></url>"
    b"<url><loc>https://a.example/caf&eacute;</loc></url>"
    b"<url><loc>https://a.example/3</loc></url></urlset>"
)


def test_sitemap_entities_declared_inside_are_expanded_and_others_reported():
    listing = XmlListing(DAMAGED_URLSET)
    assert [e.loc for e in sitemap_entries(listing)] == [
        "https://a.example/world/1", "https://a.example/caf", "https://a.example/3"
    ]
    assert listing.problem == "line 1: Entity 'eacute' not defined"


def test_external_entities_are_not_read():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        b"<rss><channel><item><link>https://a.example/&secret;</link></item></channel></rss>"
    )
    listing = XmlListing(body)
    assert list(feed_entries(listing, "https://a.example/feed")) == [
        FeedEntry("https://a.example/", None)
    ]
    assert listing.problem == "line 1: Entity 'secret' not defined"


def test_a_well_formed_listing_has_no_problem():
    listing = XmlListing(URLSET)
    assert len(list(sitemap_entries(listing))) == 2
    assert listing.problem is None


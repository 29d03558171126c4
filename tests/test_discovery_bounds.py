"""Bounded discovery on sites served on 127.0.0.1: sitemap indexes are followed only so
deep and so many, and a sitemap or feed bigger than DISCOVERY_MAXSIZE is reported as too
large (not as missing); one bigger than a page, but not than that, is read."""

from __future__ import annotations

import gzip
import time
from email.message import Message
from pathlib import Path

from crawler.local_site import LocalSite, Page
from tests.crawl_run import run_crawl
from tests.news_site import HTML, XML

CHAIN = 50
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_index(children: list[str]) -> Page:
    listed = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in children)
    return Page(f'<sitemapindex xmlns="{SITEMAP_NS}">{listed}</sitemapindex>'.encode(), 200, XML)


def _urlset(urls: list[str]) -> bytes:
    listed = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">{listed}</urlset>'.encode()


def _chained_index(path: str, headers: Message, base: str) -> Page | None:
    """/chain/N.xml is a sitemap index listing only /chain/N+1.xml, without end."""
    if path.startswith("/chain/"):
        number = int(path.removeprefix("/chain/").removesuffix(".xml"))
        return _sitemap_index([f"{base}/chain/{number + 1}.xml"])
    return None


def _sitemaps_requested(site: LocalSite, prefix: str) -> list[str]:
    return [path for path in site.requests if path.startswith(prefix)]


def test_a_chain_of_sitemap_indexes_stops_at_the_depth_limit(tmp_path: Path):
    with LocalSite(respond=_chained_index) as site:
        site.pages["/robots.txt"] = Page(f"Sitemap: {site.url('/chain/0.xml')}\n".encode())
        started = time.monotonic()
        run = run_crawl(
            ["-a", f"site={site.base_url}/", "-a", "strategy=sitemap", "-a", "max_pages=10"],
            cwd=tmp_path,
        )
        seconds = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-3000:]
    # SITEMAP_MAX_DEPTH=3 (the default): the first sitemap and three levels of indexes.
    assert _sitemaps_requested(site, "/chain/") == [f"/chain/{n}.xml" for n in range(4)]
    assert (
        f"Not requesting 1 sitemaps listed in {site.url('/chain/3.xml')}: "
        "more than SITEMAP_MAX_DEPTH=3 sitemap indexes deep" in run.stderr
    )
    assert "'discovery/sitemaps_skipped/depth': 1," in run.stderr
    assert seconds < 60  # the chain of CHAIN indexes ran for ever


def test_a_wide_sitemap_index_stops_at_the_count_limit(tmp_path: Path):
    with LocalSite() as site:
        children = [site.url(f"/wide/{n}.xml") for n in range(30)]
        site.pages["/robots.txt"] = Page(f"Sitemap: {site.url('/index.xml')}\n".encode())
        site.pages["/index.xml"] = _sitemap_index(children)
        for n in range(30):
            site.pages[f"/wide/{n}.xml"] = Page(_urlset([]), 200, XML)
        run = run_crawl(
            ["-a", f"site={site.base_url}/", "-a", "strategy=sitemap"],
            cwd=tmp_path,
            settings={"SITEMAP_MAX_COUNT": "5"},
        )
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(_sitemaps_requested(site, "/wide/")) == 4  # with /index.xml, 5 sitemaps
    assert (
        f"Not requesting 26 sitemaps listed in {site.url('/index.xml')}: "
        "SITEMAP_MAX_COUNT=5 sitemaps requested already" in run.stderr
    )
    assert "'discovery/sitemaps_skipped/count': 26," in run.stderr


PAGE_MAX = 100_000  # DOWNLOAD_MAXSIZE of these crawls
LISTING_MAX = 300_000  # DISCOVERY_MAXSIZE


def test_sitemaps_and_feeds_over_the_discovery_limit_are_reported_too_large(tmp_path: Path):
    with LocalSite() as site:
        articles = [site.url(f"/a/{n}.html") for n in range(6_000)]
        big = _urlset(articles[:2_000])  # over a page's limit, under a listing's
        huge = _urlset(articles)  # over both
        assert PAGE_MAX < len(big) < LISTING_MAX < len(huge)
        feed = "".join(f"<item><link>{url}</link></item>" for url in articles)
        site.pages.update({
            "/robots.txt": Page(
                "".join(f"Sitemap: {site.url(p)}\n" for p in ("/big.xml", "/huge.xml",
                                                              "/huge.xml.gz")).encode()
            ),
            "/big.xml": Page(big, 200, XML),
            "/huge.xml": Page(huge, 200, XML),
            "/huge.xml.gz": Page(gzip.compress(huge), 200, {"Content-Type": "application/gzip"}),
            "/": Page(b'<html><head><link rel="alternate" type="application/rss+xml" '
                      b'href="/feed.xml"></head><body></body></html>', 200, HTML),
            "/feed.xml": Page(f"<rss><channel>{feed}</channel></rss>".encode(), 200, XML),
        })
        run = run_crawl(
            ["-a", f"site={site.base_url}/", "-a", "max_pages=3"],
            cwd=tmp_path,
            settings={"DOWNLOAD_MAXSIZE": str(PAGE_MAX), "DISCOVERY_MAXSIZE": str(LISTING_MAX)},
        )
    assert run.returncode == 0, run.stderr[-3000:]
    too_large = f"larger than DISCOVERY_MAXSIZE={LISTING_MAX} bytes"
    assert f"Not reading the sitemap at {site.url('/huge.xml')}: {too_large}" in run.stderr
    assert (
        f"Not reading the sitemap at {site.url('/huge.xml.gz')}: {too_large} "
        f"(more than {LISTING_MAX} bytes once gunzipped)" in run.stderr
    )
    assert f"Not reading the feed at {site.url('/feed.xml')}: {too_large}" in run.stderr
    assert "'discovery/too_large/sitemap': 2," in run.stderr
    assert "'discovery/too_large/feed': 1," in run.stderr
    assert "No sitemap at" not in run.stderr and "No feed at" not in run.stderr
    # /big.xml, bigger than a page may be, was read: its first articles were requested
    # (with the start page, max_pages=3).
    assert sorted(p for p in site.requests if p.startswith("/a/")) == ["/a/0.html", "/a/1.html"]


def test_entities_in_a_sitemap_are_expanded_or_the_sitemap_reported_damaged(tmp_path: Path):
    with LocalSite() as site:
        site.pages["/robots.txt"] = Page(f"Sitemap: {site.url('/sitemap.xml')}\n".encode())
        site.pages["/sitemap.xml"] = Page(
            b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY news "news/2019">]><urlset>'
            + f"<url><loc>{site.base_url}/&news;/1.html</loc></url>"
              f"<url><loc>{site.base_url}/news/caf&eacute;.html</loc></url>"
              f"<url><loc>{site.base_url}/news/2019/3.html</loc></url></urlset>".encode(),
            200, XML,
        )
        run = run_crawl(["-a", f"site={site.base_url}/", "-a", "strategy=sitemap"], cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert {"/news/2019/1.html", "/news/2019/3.html"} <= set(site.requests)
    assert (
        f"The sitemap at {site.url('/sitemap.xml')} is not well-formed XML "
        "(line 1: Entity 'eacute' not defined): read as far as the parser recovered, "
        "entries may be cut or missing" in run.stderr
    )
    assert "'discovery/damaged/sitemap': 1," in run.stderr

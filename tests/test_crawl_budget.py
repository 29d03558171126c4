"""Hostile pages in a crawl: each becomes a reject with its reason, within its budget,
and the healthy pages beside them are written.

Before the budget, three nested pages in a sitemap cost tens of seconds of CPU each in
the crawl's event loop (classifying them), and a page of megabytes of tiny elements held
a worker for over ten minutes.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import LINK, FailedFetch, Provenance
from crawler.local_site import LocalSite, Page
from crawler.spiders import articles
from tests.crawl_run import run_crawl
from tests.news_site import HTML, XML, bench_articles
from tests.test_articles_spider import parsed

NESTED = ("<html><body>" + "<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000).encode()
TINY_ELEMENTS = ("<html><body>" + "<b>x</b>" * 900_000 + "</body></html>").encode()  # 8 MB
# Within the size, element and nesting limits once CLEANING_MAX_DEPTH is raised, but
# seconds of CPU time to clean: 19,000 divs nested in each other, a paragraph in each. The
# HTML parser's time grows with the square of the nesting (about 5 s for the whole call on
# a quiet machine, 1.6 s of it the first parse).
SLOW = (
    "<html><body>"
    + "".join(f"<div><p>Words of a sentence in the story, number {i}.</p>" for i in range(19_000))
    + "</div>" * 19_000
    + "</body></html>"
).encode()


def _sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_spider_rejects_a_page_over_budget_unparsed(
    monkeypatch: pytest.MonkeyPatch, encoding: str
):
    def classify(response: HtmlResponse) -> bool:
        raise AssertionError("classified a page over the budget")

    monkeypatch.setattr(articles, "is_article_page", classify)
    crawler = get_crawler(articles.ArticlesSpider)
    spider = crawler.spider = articles.ArticlesSpider.from_crawler(crawler, site="https://a.example/")
    url = "https://a.example/2024/05/nested.html"
    request = spider._page_request(url, Provenance(url, LINK, "https://a.example/"), 1)
    assert request is not None
    body = NESTED.decode().encode(encoding)  # UTF-16 with its byte order mark
    found = parsed(spider, HtmlResponse(url, body=body, request=request))
    assert len(found) == 1 and isinstance(found[0], FailedFetch)
    assert (found[0].reason, found[0].detail) == (
        "too_complex", "100003 elements, over the limit of 50000"
    )


def test_nested_and_many_element_pages_in_a_sitemap_are_rejected_too_complex(
    shared_dir: Path, tmp_path: Path
):
    hostile = {f"/2024/05/nested-{n}.html": NESTED for n in range(3)}
    hostile["/2024/05/tiny-elements.html"] = TINY_ELEMENTS
    with LocalSite() as site:
        healthy = {path: html for path, _, html in bench_articles(shared_dir, 3)}
        for path, body in {**hostile, **healthy}.items():
            site.pages[path] = Page(body, 200, HTML)
        site.pages["/"] = Page(b"<html><body><h1>Home</h1></body></html>", 200, HTML)
        site.pages["/robots.txt"] = Page(f"Sitemap: {site.url('/sitemap.xml')}\n".encode())
        site.pages["/sitemap.xml"] = Page(
            _sitemap([site.url(path) for path in [*hostile, *healthy]]), 200, XML
        )
        started = time.monotonic()
        run = run_crawl(["-a", f"site={site.base_url}/"], cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert time.monotonic() - started < 60
    assert sorted(urlsplit(r["url"]).path for r in run.records) == sorted(healthy)
    rejected = {urlsplit(r["url"]).path: (r["reason"], r["detail"]) for r in run.rejects}
    assert rejected == {
        **{path: ("too_complex", "100003 elements, over the limit of 50000") for path in hostile
           if "nested" in path},
        "/2024/05/tiny-elements.html": ("too_complex", "900002 elements, over the limit of 50000"),
    }  # fmt: skip


def test_a_page_over_its_cpu_time_is_rejected_timeout(shared_dir: Path, tmp_path: Path):
    with LocalSite() as site:
        healthy = {path: html for path, _, html in bench_articles(shared_dir, 3)}
        for path, body in {"/2024/05/slow.html": SLOW, **healthy}.items():
            site.pages[path] = Page(body, 200, HTML)
        urls = ",".join(site.url(path) for path in ["/2024/05/slow.html", *healthy])
        run = run_crawl(
            ["-a", f"urls={urls}"],
            cwd=tmp_path,
            settings={"CLEANING_CPU_SECONDS": "1", "CLEANING_MAX_DEPTH": "20000"},
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(urlsplit(r["url"]).path for r in run.records) == sorted(healthy)
    assert [(r["url"], r["reason"], r["detail"]) for r in run.rejects] == [
        (site.url("/2024/05/slow.html"), "timeout", "over 1 s of CPU time")
    ]

"""The spider's request bookkeeping, without a network: dedup, budget, late listings."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.items import FEED, LINK, FetchedPage, Provenance
from crawler.spiders.articles import ArticlesSpider

ARTICLE = "https://a.example/2024/05/council-approves-the-seawall-budget.html"


def _spider(**arguments: str) -> ArticlesSpider:
    crawler = get_crawler(ArticlesSpider)
    crawler.spider = ArticlesSpider.from_crawler(crawler, **arguments)
    return crawler.spider


def _fetched(spider: ArticlesSpider, request: Request) -> FetchedPage:
    html = b'<html><head><meta property="og:type" content="article"></head><body></body></html>'
    response = HtmlResponse(request.url, body=html, request=request)
    return next(item for item in spider.parse_page(response) if isinstance(item, FetchedPage))


def test_a_page_is_requested_once_whatever_lists_it():
    spider = _spider(site="https://a.example/")
    first = spider._page_request(ARTICLE, Provenance(ARTICLE, LINK, "https://a.example/"), 1)
    again = spider._page_request(ARTICLE, Provenance(ARTICLE, FEED, "https://a.example/rss"), 0)
    assert first is not None and again is None


def test_a_listing_after_the_link_supplies_provenance_and_dates():
    spider = _spider(site="https://a.example/")
    request = spider._page_request(ARTICLE, Provenance(ARTICLE, LINK, "https://a.example/"), 1)
    listed = Provenance(ARTICLE, FEED, "https://a.example/rss", {"feed_published": "2024-05-01"})
    spider._page_request(ARTICLE, listed, 0)
    assert _fetched(spider, request).provenance == listed


def test_pages_off_the_site_are_not_requested():
    spider = _spider(site="https://a.example/")
    elsewhere = "https://b.example/2024/05/another-long-story-slug.html"
    assert spider._page_request(elsewhere, Provenance(elsewhere, LINK), 1) is None
    assert spider._page_request("https://www.a.example/x", Provenance("", LINK), 1) is not None


def test_max_pages_stops_new_page_requests_and_skips_the_rest_once():
    spider = _spider(site="https://a.example/", max_pages="2")
    urls = [f"https://a.example/2024/05/story-number-{n}.html" for n in range(3)]
    requests = [spider._page_request(url, Provenance(url, LINK), 1) for url in urls]
    assert [type(r).__name__ for r in requests] == ["Request", "Request", "SkippedPage"]
    assert (requests[2].url, requests[2].reason) == (urls[2], "max_pages")
    assert spider._page_request(urls[2], Provenance(urls[2], FEED), 0) is None

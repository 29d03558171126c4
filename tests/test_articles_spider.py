"""The spider's request bookkeeping, without a network: dedup, budget, late listings."""

from __future__ import annotations

import asyncio
import time

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
    return next(item for item in parsed(spider, response) if isinstance(item, FetchedPage))


def parsed(spider: ArticlesSpider, response: HtmlResponse) -> list:
    """What parse_page yields for `response` (an async generator: its CPU work runs in a
    thread, off the event loop)."""

    async def collect() -> list:
        return [item async for item in spider.parse_page(response)]

    return asyncio.run(collect())


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


def test_classifying_a_page_leaves_the_event_loop_free(monkeypatch):
    """Half a second of CPU classifying one page: the loop (downloads, timeouts) keeps
    running meanwhile (issue 11, item 7)."""
    from crawler.spiders import articles

    def slow_classification(response: HtmlResponse) -> bool:
        deadline = time.process_time() + 0.5
        while time.process_time() < deadline:  # CPU work, not a sleep
            pass
        return True

    monkeypatch.setattr(articles, "is_article_page", slow_classification)
    spider = _spider(site="https://a.example/")
    request = spider._page_request(ARTICLE, Provenance(ARTICLE, LINK, "https://a.example/"), 1)
    response = HtmlResponse(ARTICLE, body=b"<html><body><p>Text</p></body></html>",
                            request=request)

    async def ticks_while_parsing() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0)
        items = [item async for item in spider.parse_page(response)]
        ticker.cancel()
        assert any(isinstance(item, FetchedPage) for item in items)
        return ticks

    assert asyncio.run(ticks_while_parsing()) >= 10

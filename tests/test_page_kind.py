"""Article or hub: page declarations first, then teaser counts, then the URL."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler.page_kind import is_article_page, looks_like_article_url


def _page(url: str, head: str = "", body: str = "") -> HtmlResponse:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url=url, body=html.encode(), encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/2019/11/19/parise-scores-2-goals/",
        "https://a.example/news/fort-worth-rescue-of-kidnapping-victim/",
        "https://a.example/business/tariff-demands-777916.html",
        "https://a.example/article/3834/1",
    ],
)
def test_article_urls(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/",
        "https://a.example/world/",
        "https://a.example/section/world/page/2",
        "https://a.example/tag/climate-change-and-the-oceans",
        "https://a.example/about-us",
    ],
)
def test_hub_urls(url):
    assert not looks_like_article_url(url)


def test_og_type_article_wins_over_related_teasers():
    teasers = "<article><a href='/x'>x</a></article>" * 5
    page = _page("https://a.example/about", '<meta property="og:type" content="article">', teasers)
    assert is_article_page(page)


def test_json_ld_news_article_is_an_article():
    ld = '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "x"}</script>'
    assert is_article_page(_page("https://a.example/about", ld))


def test_teaser_list_is_a_hub_even_at_an_article_like_url():
    teasers = "<article><a href='/x'>x</a></article>" * 3
    assert not is_article_page(_page("https://a.example/2019/11/", "", teasers))

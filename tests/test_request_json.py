"""Requests of a distributed crawl are stored in Redis as JSON (SCHEDULER_SERIALIZER),
and come back as the same requests; pickles and request subclasses are refused."""

from __future__ import annotations

import json
import pickle

import pytest
from scrapy import Request
from scrapy.http import FormRequest
from scrapy.utils.request import request_from_dict

from crawler.distributed import request_json
from crawler.items import SITEMAP, Provenance
from crawler.spiders.articles import ArticlesSpider

SPIDER = ArticlesSpider(site="http://news.test/")


def page_request() -> Request:
    """A page request as the spider queues it: provenance and fingerprint in its meta."""
    provenance = Provenance("http://news.test/a/1", SITEMAP, "http://news.test/sitemap.xml",
                            {"sitemap_lastmod": "2024-01-01"})
    return Request("http://news.test/a/1", callback=SPIDER.parse_page,
                   errback=SPIDER.page_failed, priority=-10,
                   meta={"provenance": provenance, "link_depth": 1,
                         "page_fingerprint": bytes(range(256)),
                         "redirect_urls": ["http://news.test/old"]},
                   headers={"X-Bytes": b"caf\xe9 \xff"}, body=b"\x00body\xff")


def stored(request: Request) -> str:
    return request_json.dumps(request.to_dict(spider=SPIDER))


def test_a_page_request_comes_back_the_same():
    request = page_request()
    back = request_from_dict(request_json.loads(stored(request).encode()), spider=SPIDER)
    assert (back.url, back.priority, back.body) == (request.url, -10, request.body)
    assert (back.callback, back.errback) == (SPIDER.parse_page, SPIDER.page_failed)
    assert back.meta == request.meta
    assert back.headers.getlist("X-Bytes") == [b"caf\xe9 \xff"]


def test_what_is_stored_is_plain_json_naming_the_callbacks():
    data = json.loads(stored(page_request()))
    assert (data["callback"], data["errback"]) == ("parse_page", "page_failed")
    assert data["meta"]["provenance"] == {"$provenance": {
        "requested_url": "http://news.test/a/1", "discovery": SITEMAP,
        "discovered_via": "http://news.test/sitemap.xml",
        "listing_dates": {"sitemap_lastmod": "2024-01-01"}}}


def test_a_pickle_in_redis_is_refused_not_loaded():
    with pytest.raises(ValueError):
        request_json.loads(pickle.dumps(page_request().to_dict(spider=SPIDER)))


def test_request_subclasses_are_refused_both_ways():
    with pytest.raises(TypeError, match="only plain Requests"):
        stored(FormRequest("http://news.test/", formdata={"a": "b"}))
    data = json.loads(stored(page_request()))
    data["_class"] = "subprocess.Popen"
    with pytest.raises(ValueError, match="not the JSON of a plain request"):
        request_json.loads(json.dumps(data))


def test_a_value_json_cannot_hold_is_an_error_when_queued():
    request = Request("http://news.test/a/2", meta={"when": object()})
    with pytest.raises(TypeError, match="a request holding a object cannot be queued"):
        stored(request)

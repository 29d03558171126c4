"""CleaningPipeline: a page goes to a worker process, a record or a rejection comes back."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from cleaners.budget import DEFAULT_BUDGET, Budget
from crawler.cleaning_worker import clean_page
from crawler.items import SITEMAP, FetchedPage, Provenance
from crawler.pipelines.cleaning import CleaningPipeline
from crawler.rejects import Rejected
from tests.news_site import charset_article

URL = "https://a.example/2024/05/zoe-reopens-her-cafe.html"


def _page(body: bytes, dates: dict[str, str] | None = None) -> FetchedPage:
    return FetchedPage(
        url=URL,
        status=200,
        fetched_at="2024-05-03T10:00:00Z",
        provenance=Provenance(URL, SITEMAP, "https://a.example/sitemap.xml", dates or {}),
        content_type="text/html; charset=utf-8",
        body=body,
    )


def _clean(page: FetchedPage, clean=clean_page, budget: Budget = DEFAULT_BUDGET) -> dict:
    pipeline = CleaningPipeline(1, budget, MemoryStatsCollector(get_crawler()), clean)
    pipeline.open_spider()
    try:
        return asyncio.run(pipeline.process_item(page))
    finally:
        pipeline.close_spider()


def _explode(body: bytes, content_type: str, url: str, budget: Budget) -> dict:
    raise RuntimeError("cleaner broke")


def test_page_becomes_record_with_fetch_fields_and_date_fallback():
    record = _clean(_page(charset_article(), {"news_publication_date": "2024-05-01"}))
    assert record["url"] == URL and "Malmö" in record["text"]
    assert record["discovery"] == "sitemap"
    assert record["fetched_at"] == "2024-05-03T10:00:00Z"
    assert record["published"] == "2024-05-01"  # the page gives no date of its own


def test_page_without_text_is_rejected_no_text():
    with pytest.raises(Rejected) as rejected:
        _clean(_page(b"<html><body><img src='a.jpg'></body></html>"))
    assert rejected.value.line["reason"] == "no_text"
    assert rejected.value.line["discovered_via"] == "https://a.example/sitemap.xml"


def test_cleaner_exception_is_rejected_extract_error():
    with pytest.raises(Rejected) as rejected:
        _clean(_page(charset_article()), clean=_explode)
    assert rejected.value.line["reason"] == "extract_error"
    assert "RuntimeError: cleaner broke" in rejected.value.line["detail"]


def test_worker_module_does_not_import_scrapy():
    probe = "import sys, crawler.cleaning_worker; print('scrapy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr

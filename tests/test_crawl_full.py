"""`scrapy crawl articles -a site=...` (strategy full) on a realistic site on 127.0.0.1.

One crawl per module (see tests/news_site.py for the site); each test pins one behaviour.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from crawler.local_site import LocalSite
from tests.crawl_run import ROOT, CrawlRun, run_crawl
from tests.news_site import CHARSET_PATH, CHARSET_WORDS, MAX_SIZE, NewsSite, build_news_site


@pytest.fixture(scope="module")
def crawled(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("full")
    with LocalSite() as site:
        news = build_news_site(shared_dir, site.base_url)
        site.pages.update(news.pages)
        run = run_crawl(
            ["-a", f"site={site.base_url}/"],
            cwd=workdir,
            settings={"DOWNLOAD_MAXSIZE": str(MAX_SIZE)},
        )
    assert run.returncode == 0, run.stderr[-3000:]
    return site, news, run


def _path(url: str) -> str:
    return urlsplit(url).path


def _by_path(run: CrawlRun) -> dict[str, dict]:
    return {_path(record["url"]): record for record in run.records}


def test_every_article_is_written_exactly_once(crawled):
    _, news, run = crawled
    written = Counter(_path(record["url"]) for record in run.records)
    assert written == Counter(news.article_paths)


def test_every_other_page_is_rejected_with_its_reason(crawled):
    _, news, run = crawled
    assert {_path(line["url"]): line["reason"] for line in run.rejects} == news.rejected
    assert len(run.rejects) == len(news.rejected)


def test_records_have_text_and_match_the_schema(crawled):
    _, _, run = crawled
    schema = json.loads((ROOT / "cleaners" / "schema" / "record.schema.json").read_text())
    for record in run.records:
        jsonschema.validate(record, schema)
        assert record["text"].strip(), record["url"]


def test_server_errors_are_retried_before_rejection(crawled):
    site, news, run = crawled
    broken = next(p for p, reason in news.rejected.items() if "broken" in p)
    assert site.count(broken) == 3  # first try + RETRY_TIMES=2
    line = next(line for line in run.rejects if _path(line["url"]) == broken)
    assert line["http_status"] == 500


def test_robots_disallowed_page_is_never_fetched(crawled):
    site, news, _ = crawled
    private = next(p for p, reason in news.rejected.items() if reason == "robots_disallowed")
    assert site.count(private) == 0


def test_hub_pages_are_followed_and_logged_as_skipped(crawled):
    site, news, run = crawled
    for hub in news.hub_paths:
        assert site.count(hub) == 1
    written_or_rejected = set(_by_path(run)) | {_path(line["url"]) for line in run.rejects}
    assert not written_or_rejected & set(news.hub_paths)
    hubs = [line for line in run.skipped if line["reason"] == "hub"]
    assert sorted(_path(line["url"]) for line in hubs) == sorted(news.hub_paths)
    assert {line["detail"] for line in hubs} == {
        "not an article by its markup or URL: its links were followed"
    }


def test_redirect_to_a_page_already_requested_is_logged_as_skipped(crawled):
    _, news, run = crawled
    moved = "/old/moved-story-from-the-previous-cms.html"
    # The listed URL redirects to an article the crawl requested on its own: one record
    # for the article, one skipped line for the URL that led to it again.
    [line] = [line for line in run.skipped if line["reason"] == "already_requested"]
    assert (_path(line["requested_url"]), _path(line["url"])) == (moved, news.article_paths[4])
    assert line["detail"].endswith(moved)


def test_redirected_article_keeps_final_url_and_requested_url(crawled):
    _, news, run = crawled
    record = _by_path(run)[news.article_paths[4]]
    assert _path(record["url"]) == news.article_paths[4]
    assert _path(record["requested_url"]) in (
        news.article_paths[4],
        "/old/moved-story-from-the-previous-cms.html",
    )


def test_discovery_source_and_listing_dates_are_kept(crawled):
    _, news, run = crawled
    records = _by_path(run)
    paths = news.article_paths
    assert records[paths[1]]["discovery"] == "sitemap"
    assert records[paths[1]]["sitemap_lastmod"] == "2019-11-20"
    assert records[paths[5]]["discovery"] == "sitemap"
    assert records[paths[5]]["news_publication_date"] == "2019-11-19T07:30:00"
    assert records[paths[6]]["discovery"] == "feed"
    assert records[paths[6]]["feed_published"] == "2019-11-19T10:00:00"
    assert records[paths[11]]["discovery"] == "link"
    assert _path(records[paths[11]]["discovered_via"]) == "/section/world/page/2"
    assert all(record["http_status"] == 200 for record in run.records)
    assert all(record["fetched_at"].endswith("Z") for record in run.records)


def test_wrong_charset_header_does_not_garble_text(crawled):
    _, _, run = crawled
    record = _by_path(run)[CHARSET_PATH]
    for word in CHARSET_WORDS:
        assert word in record["text"] + record["title"]
    assert "Ã" not in record["text"]


def test_report_counts_are_the_lines_written(crawled):
    _, news, run = crawled
    found = len(run.records) + len(run.rejects) + len(run.skipped)
    assert len(run.records) == len(news.article_paths)
    assert len(run.rejects) == len(news.rejected)
    assert f"pages found:      {found}\n" in run.stderr
    assert f"records written:  {len(run.records)}\n" in run.stderr
    assert f"rejections:       {len(run.rejects)}  " in run.stderr
    assert f"skipped:          {len(run.skipped)}  hub 3, already_requested 1\n" in run.stderr


def test_rejects_file_holds_only_whole_json_lines(crawled: tuple[LocalSite, NewsSite, CrawlRun]):
    _, _, run = crawled
    for line in run.rejects:
        assert {"url", "reason", "detail", "discovery", "fetched_at"} <= set(line)

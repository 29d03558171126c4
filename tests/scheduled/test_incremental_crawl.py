"""Recrawls of a local site: only what is new or changed is fetched and written."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from tests.scheduled.articles import ARROWHEAD, PLUMES, edit_one_sentence
from tests.scheduled.crawl import CrawlDirs, run_crawl
from tests.scheduled.site import Page, Site, SiteServer, article

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "cleaners/schema/record.schema.json").read_text()
)
MACBOOK = "232a43fb15abde807427b2a7bf4f772e27b8760554370956d8291df4e8166dbf"
ALIBABA = "360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469"


def first_pages() -> dict[str, Page]:
    return {
        "/a/1": article(ARROWHEAD, "Make arrowhead water"),
        "/a/2": article(PLUMES, "NASA finds water plumes"),
        "/a/3": article(MACBOOK, "A new 13-inch MacBook"),
    }


@pytest.fixture(scope="module")
def served():
    site = Site(first_pages())
    server = SiteServer(site).start()
    yield site, server.base
    server.stop()


@pytest.fixture
def site(served):
    """The three-article site, served for the whole module, with its first pages again
    (whatever an earlier test changed)."""
    site_, _ = served
    site_.pages = first_pages()
    return served


@pytest.fixture
def dirs(tmp_path):
    return CrawlDirs(tmp_path)


@pytest.fixture(scope="module")
def first_crawl(served, tmp_path_factory):
    """The folder (state, records, stats) of one first crawl of the site's first pages."""
    site_, base = served
    site_.pages = first_pages()
    root = tmp_path_factory.mktemp("first-crawl")
    run_crawl(base, CrawlDirs(root))
    return root


@pytest.fixture
def crawled(site, first_crawl, tmp_path):
    """This test's copy of the first crawl's folder: the next crawl runs on its state."""
    shutil.copytree(first_crawl, tmp_path, dirs_exist_ok=True)
    return CrawlDirs(tmp_path)


def by_path(records):
    return {record["url"].split("/", 3)[3]: record for record in records}


def skipped(dirs, reason):
    """The paths of the skipped log's lines with `reason`, sorted."""
    lines = dirs.skipped()
    return sorted(line["url"].split("/", 3)[3] for line in lines if line["reason"] == reason)


def test_first_crawl_writes_one_valid_record_per_article(crawled):
    records = by_path(crawled.records())
    assert sorted(records) == ["a/1", "a/2", "a/3"]
    for record in records.values():
        jsonschema.validate(record, SCHEMA)
        assert (record["version"], record["previous_record_id"]) == (1, None)
        assert record["record_id"].startswith("rec-")


def test_second_crawl_fetches_no_article_seen_within_recrawl_after(site, crawled):
    site_, base = site
    first = site_.mark()
    stats = run_crawl(base, crawled)
    assert site_.article_requests(since=first) == []
    assert stats["scheduled/skipped_fresh"] == 3
    assert len(crawled.records()) == 3
    assert skipped(crawled, "fresh") == ["a/1", "a/2", "a/3"]
    assert all("less than RECRAWL_AFTER=86400 s ago" in line["detail"]
               for line in crawled.skipped())


def test_expired_pages_are_revisited_conditionally_and_304_writes_nothing(site, crawled):
    site_, base = site
    first = site_.mark()
    stats = run_crawl(base, crawled, RECRAWL_AFTER=0)
    assert site_.article_requests(since=first) == [("/a/1", 304), ("/a/2", 304), ("/a/3", 304)]
    assert stats["scheduled/not_modified"] == 3
    assert len(crawled.records()) == 3
    assert skipped(crawled, "not_modified") == ["a/1", "a/2", "a/3"]
    assert {line["http_status"] for line in crawled.skipped()} == {304}


def test_changed_page_gets_a_new_version_naming_the_previous(site, crawled):
    site_, base = site
    before = by_path(crawled.records())["a/1"]
    page = site_.pages["/a/1"]
    site_.pages["/a/1"] = Page(page.title, edit_one_sentence(page.text))
    first = site_.mark()
    run_crawl(base, crawled, RECRAWL_AFTER=0)
    assert site_.article_requests(since=first) == [("/a/1", 200), ("/a/2", 304), ("/a/3", 304)]
    records = crawled.records()
    assert len(records) == 4
    new = records[-1]
    jsonschema.validate(new, SCHEMA)
    assert (new["url"], new["version"]) == (before["url"], 2)
    assert new["previous_record_id"] == before["record_id"]
    assert new["record_id"] != before["record_id"]


def test_same_text_served_again_without_etag_match_writes_nothing(site, crawled):
    site_, base = site
    # A server that ignores validators: the 200 has the same text, so no new version.
    site_.pages["/a/2"] = Page(site_.pages["/a/2"].title + " ", site_.pages["/a/2"].text)
    stats = run_crawl(base, crawled, RECRAWL_AFTER=0)
    assert stats["scheduled/unchanged"] == 1
    assert len(crawled.records()) == 3
    assert skipped(crawled, "unchanged") == ["a/2"]
    assert skipped(crawled, "not_modified") == ["a/1", "a/3"]


def test_new_sitemap_page_is_the_only_one_fetched(site, crawled):
    site_, base = site
    site_.pages["/a/4"] = article(ALIBABA, "Alibaba to raise billions")
    first = site_.mark()
    run_crawl(base, crawled)
    assert site_.article_requests(since=first) == [("/a/4", 200)]
    assert by_path(crawled.records())["a/4"]["version"] == 1


def test_sitemap_lastmod_after_last_fetch_forces_a_revisit(site, crawled):
    site_, base = site
    page = site_.pages["/a/3"]
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat(timespec="seconds")
    site_.pages["/a/3"] = Page(page.title, edit_one_sentence(page.text), lastmod=later)
    first = site_.mark()
    run_crawl(base, crawled)
    assert site_.article_requests(since=first) == [("/a/3", 200)]
    assert crawled.records()[-1]["version"] == 2


def test_runs_sharing_a_jobdir_still_pick_up_new_pages(site, dirs):
    site_, base = site
    run_crawl(base, dirs, JOBDIR=str(dirs.jobdir))
    site_.pages["/a/4"] = article(ALIBABA, "Alibaba to raise billions")
    first = site_.mark()
    run_crawl(base, dirs, JOBDIR=str(dirs.jobdir))
    assert site_.article_requests(since=first) == [("/a/4", 200)]


def test_page_reached_through_a_redirect_is_not_fetched_again(dirs):
    site = Site({"/a/new-home": article(ARROWHEAD, "Make arrowhead water")},
                redirects={"/a/old": "/a/new-home"})
    server = SiteServer(site).start()
    try:
        run_crawl(server.base, dirs)
        assert site.article_requests() == [("/a/new-home", 200), ("/a/old", 301)]
        first = site.mark()
        run_crawl(server.base, dirs)
    finally:
        server.stop()
    assert site.article_requests(since=first) == []
    assert [r["url"] for r in dirs.records()] == [f"{server.base}/a/new-home"]


def test_new_feed_entry_is_the_only_page_fetched(site, dirs):
    site_, base = site
    run_crawl(base, dirs, strategy="feeds")
    assert len(dirs.records()) == 3
    site_.pages["/a/4"] = article(ALIBABA, "Alibaba to raise billions")
    first = site_.mark()
    run_crawl(base, dirs, strategy="feeds")
    assert site_.article_requests(since=first) == [("/a/4", 200)]
    assert dirs.records()[-1]["feed_published"] == "2024-01-01"

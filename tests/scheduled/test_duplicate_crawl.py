"""Duplicates found while crawling: across URLs, across runs, exact and near."""

from __future__ import annotations

import pytest

from tests.scheduled.articles import ARROWHEAD, PLUMES, edit_one_sentence
from tests.scheduled.crawl import CrawlDirs, run_crawl
from tests.scheduled.site import Page, Site, SiteServer, article


@pytest.fixture
def served():
    servers = []

    def serve(pages):
        site = Site(pages)
        servers.append(SiteServer(site).start())
        return site, servers[-1].base

    yield serve
    for server in servers:
        server.stop()


def edited_copy(page: Page) -> Page:
    """The same article with a new headline and one sentence rewritten."""
    return Page("Arrowhead water, made at home", edit_one_sentence(page.text))


def test_two_urls_serving_the_same_article_give_one_record(served, tmp_path):
    _, base = served({"/a/1": article(ARROWHEAD, "Make arrowhead water"),
                      "/a/copy": article(ARROWHEAD, "Make arrowhead water")})
    dirs = CrawlDirs(tmp_path)
    stats = run_crawl(base, dirs)
    [record] = dirs.records()
    [reject] = dirs.rejects()
    assert (reject["reason"], reject["duplicate_of"]) == ("duplicate", record["record_id"])
    assert {record["url"], reject["url"]} == {f"{base}/a/1", f"{base}/a/copy"}
    assert stats["scheduled/duplicates/exact"] == 1


def test_a_rejected_copy_is_remembered_and_not_fetched_again(served, tmp_path):
    site, base = served({"/a/1": article(ARROWHEAD, "Make arrowhead water"),
                         "/a/copy": article(ARROWHEAD, "Make arrowhead water")})
    dirs = CrawlDirs(tmp_path)
    run_crawl(base, dirs)
    mark = site.mark()
    stats = run_crawl(base, dirs)
    assert site.article_requests(since=mark) == []
    assert len(dirs.records()) == 1 and len(dirs.rejects()) == 1
    assert "scheduled/duplicates/exact" not in stats


def test_lightly_edited_copy_is_a_near_duplicate(served, tmp_path):
    original = article(ARROWHEAD, "Make arrowhead water")
    _, base = served({"/a/1": original, "/a/copy": edited_copy(original)})
    dirs = CrawlDirs(tmp_path)
    stats = run_crawl(base, dirs)
    [record] = dirs.records()
    [reject] = dirs.rejects()
    assert (reject["reason"], reject["duplicate_of"]) == ("duplicate", record["record_id"])
    assert stats["scheduled/duplicates/near"] == 1


def test_different_articles_are_both_kept(served, tmp_path):
    _, base = served({"/a/1": article(ARROWHEAD, "Make arrowhead water"),
                      "/a/2": article(PLUMES, "NASA finds water plumes")})
    dirs = CrawlDirs(tmp_path)
    stats = run_crawl(base, dirs)
    assert len(dirs.records()) == 2
    assert dirs.rejects() == []
    assert not any(key.startswith("scheduled/duplicates") for key in stats)


def test_copy_published_after_an_earlier_run_is_caught_from_the_store(served, tmp_path):
    dirs = CrawlDirs(tmp_path)
    site, base = served({"/a/1": article(ARROWHEAD, "Make arrowhead water")})
    run_crawl(base, dirs)
    site.pages["/b/syndicated"] = edited_copy(site.pages["/a/1"])
    stats = run_crawl(base, dirs)
    [record] = dirs.records()
    assert record["url"] == f"{base}/a/1"
    assert [(r["url"], r["duplicate_of"]) for r in dirs.rejects()] == [
        (f"{base}/b/syndicated", record["record_id"])
    ]
    assert stats["scheduled/duplicates/near"] == 1


def test_mark_mode_writes_the_copy_naming_the_original(served, tmp_path):
    dirs = CrawlDirs(tmp_path)
    _, base = served({"/a/1": article(ARROWHEAD, "Make arrowhead water")})
    run_crawl(base, dirs)
    _, other = served({"/a/copy": article(ARROWHEAD, "Make arrowhead water")})
    run_crawl(other, dirs, DEDUP_MODE="mark")
    original, copy = dirs.records()
    assert copy["duplicate_of"] == original["record_id"]
    assert "duplicate_of" not in original

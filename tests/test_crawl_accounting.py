"""Every page a crawl comes across is accounted for: a record, a rejects line or a line in
the skipped log, once; and the report's counts are the lines written.

Crawls of the local news site (tests/news_site.py) with strategies full, sitemap and
direct, each run twice on one STATE_DIR (without, then with prior state), with a user
pipeline that drops short articles; then one-off ingestion after an earlier crawl, and
item pipeline setups (ITEM_PIPELINES the Scrapy way, a pipeline setup that cannot work).
"""

from __future__ import annotations

import gzip
import sqlite3
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.local_site import LocalSite, Page
from tests.crawl_run import CrawlRun, run_crawl
from tests.news_site import (
    HTML,
    MAX_SIZE,
    XML,
    NewsSite,
    build_news_site,
    numbered_story,
    teaser_list,
)
from tests.scheduled.articles import ARROWHEAD, PLUMES, edit_one_sentence
from tests.scheduled.site import Page as ArticlePage
from tests.scheduled.site import Site, SiteServer, article, generated_page

DISCOVERY = (
    "/robots.txt", "/sitemap_index.xml", "/sitemaps/", "/feed.rss", "/atom.xml",
)
SECTIONS_SITEMAP = "/sitemaps/sections.xml"
LISTED_HUB = "/section/world/"
DROP_SHORT = '{"tests.user_pipelines.DropShortArticles": 450}'


def _path(url: str) -> str:
    return urlsplit(url).path


def assert_every_page_accounted_once(run: CrawlRun, pages: set[str]) -> None:
    """records + rejects + skips = pages seen: each page (by the URL requested) is on
    exactly one line, and the report counts what the files hold."""
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    lines = run.records + run.rejects + run.skipped
    accounted = Counter(_path(line["requested_url"]) for line in lines)
    assert accounted == Counter(pages)
    assert f"pages found:      {len(pages)}\n" in run.stderr
    assert f"records written:  {len(run.records)}\n" in run.stderr
    assert f"rejections:       {len(run.rejects)}  " in run.stderr
    assert f"skipped:          {len(run.skipped)}  " in run.stderr


@pytest.fixture(scope="module")
def news(shared_dir: Path):
    """The news site, whose sitemap index also lists a sitemap of one hub page."""
    with LocalSite() as site:
        built = build_news_site(shared_dir, site.base_url)
        site.pages.update(built.pages)
        index = site.pages["/sitemap_index.xml"]
        entry = f"<sitemap><loc>{site.base_url}{SECTIONS_SITEMAP}</loc></sitemap>"
        site.pages["/sitemap_index.xml"] = Page(
            index.body.replace(b"</sitemapindex>", entry.encode() + b"</sitemapindex>"),
            200,
            XML,
        )
        site.pages[SECTIONS_SITEMAP] = Page(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{site.base_url}{LISTED_HUB}</loc></url></urlset>".encode(),
            200,
            XML,
        )
        yield site, built


def _pages(site: LocalSite, built: NewsSite) -> set[str]:
    """Every page of the site, served or not (robots.txt, sitemaps and feeds are not pages)."""
    served = {path for path in site.pages if not path.startswith(DISCOVERY)}
    return served | set(built.rejected)


def _listed_in_sitemaps(site: LocalSite, built: NewsSite) -> set[str]:
    listed = {"/sitemaps/articles.xml.gz", "/sitemaps/news.xml", SECTIONS_SITEMAP}
    pages = _pages(site, built)
    found = set()
    for name in listed:
        body = site.pages[name].body
        text = (gzip.decompress(body) if name.endswith(".gz") else body).decode()
        found |= {path for path in pages if f"{site.base_url}{path}<" in text}
    return found


@pytest.mark.parametrize("strategy", ["full", "sitemap", "direct"])
def test_records_rejects_and_skips_add_up_to_the_pages_seen(news, tmp_path, strategy):
    site, built = news
    if strategy == "direct":
        pages = _pages(site, built)
        (tmp_path / "urls.txt").write_text("\n".join(site.url(p) for p in sorted(pages)))
        args = ["-a", "urls_file=urls.txt"]
    else:
        pages = _pages(site, built) if strategy == "full" else _listed_in_sitemaps(site, built)
        args = ["-a", f"site={site.base_url}/", "-a", f"strategy={strategy}"]
    settings = {
        "DOWNLOAD_MAXSIZE": str(MAX_SIZE),
        "RETRY_ENABLED": "False",
        "STATE_DIR": str(tmp_path / "state"),
        "ITEM_PIPELINES": DROP_SHORT,
    }
    first = run_crawl(args, cwd=tmp_path, output="first.jsonl", settings=settings)
    assert_every_page_accounted_once(first, pages)
    assert any(line["reason"] == "dropped" for line in first.rejects)

    again = run_crawl(args, cwd=tmp_path, output="again.jsonl", settings=settings)
    assert_every_page_accounted_once(again, pages)
    # Rejections are written once (the state remembers them); again, they are skips.
    assert again.rejects == []
    # ... or, for a page that answered 404 or 410 to a scheduled crawl, a known-dead URL
    # not requested again before its back-off is over (given URLs are always fetched).
    dead = {line["url"] for line in first.rejects
            if strategy != "direct" and line.get("http_status") in (404, 410)}
    before = sorted((line["url"], line["reason"]) for line in first.rejects
                    if line["url"] not in dead)
    assert sorted(
        (line["url"], line["detail"].split()[2])
        for line in again.skipped
        if line["reason"] == "rejected_before"
    ) == before
    assert {line["url"] for line in again.skipped if line["reason"] == "dead"} == dead
    assert strategy == "direct" or dead  # the site has a page that is gone
    if strategy == "direct":  # given pages are fetched and written whatever the state
        assert Counter(r["url"] for r in again.records) == Counter(r["url"] for r in first.records)
    else:  # a scheduled crawl: the articles written last time are fresh, not requested
        assert again.records == []
        fresh = {_path(line["url"]) for line in again.skipped if line["reason"] == "fresh"}
        assert fresh >= {_path(record["url"]) for record in first.records}
    if strategy == "sitemap":
        [hub] = [line for line in first.skipped if line["reason"] == "hub"]
        assert _path(hub["url"]) == LISTED_HUB
        assert hub["detail"].endswith("strategy sitemap follows no links")


# -- one-off ingestion after an earlier crawl ------------------------------------------


@pytest.fixture
def articles_site():
    """Articles of 461 and 419 words and a page of 120, served with ETags (304 to a
    matching If-None-Match)."""
    site = Site({
        "/a/1": article(ARROWHEAD, "Make arrowhead water"),
        "/a/2": article(PLUMES, "NASA finds water plumes"),
        "/a/3": generated_page(3),
    })
    server = SiteServer(site).start()
    yield site, server.base
    server.stop()


def _seen(state: Path) -> dict[str, float]:
    with sqlite3.connect(state / "state.sqlite3") as conn:
        return dict(conn.execute("SELECT url, fetched_at FROM seen"))


def test_a_page_reached_by_a_redirect_and_then_linked_is_accounted_once(tmp_path):
    # /news answers with /news/, which links to itself: the link is a page found for the
    # first time, and the scheduler drops it as already requested (by the redirect).
    story = "/news/2019/11/harbour-board-agrees-the-dredging-plan.html"
    with LocalSite() as site:
        site.pages["/"] = Page(teaser_list("Home", ["/news"]), 200, HTML)
        site.pages["/news"] = Page(b"", 301, {"Location": site.url("/news/")})
        site.pages["/news/"] = Page(teaser_list("News", ["/news/", story]), 200, HTML)
        site.pages[story] = Page(numbered_story(1), 200, HTML)
        run = run_crawl(["-a", f"site={site.url('/')}"], cwd=tmp_path)
    assert_every_page_accounted_once(run, {"/", "/news", "/news/", story})
    [line] = [line for line in run.skipped if line["reason"] == "already_requested"]
    assert _path(line["requested_url"]) == "/news/"
    assert line["detail"] == "already requested as where a redirect led"


def test_given_urls_are_fetched_and_written_after_an_earlier_crawl(articles_site, tmp_path):
    site, base = articles_site
    settings = {"STATE_DIR": str(tmp_path / "state")}
    earlier = run_crawl(["-a", f"site={base}/", "-a", "strategy=sitemap"], cwd=tmp_path,
                        output="earlier.jsonl", settings=settings)
    assert len(earlier.records) == 3, earlier.stderr[-3000:]
    seen_before = _seen(tmp_path / "state")
    mark = site.mark()
    urls = [f"{base}/a/1", f"{base}/a/2"]
    run = run_crawl(["-a", f"urls={','.join(urls)}"], cwd=tmp_path, output="x.jsonl",
                    settings=settings)
    assert run.returncode == 0, run.stderr[-3000:]
    # Requested without validators (a 200, not a 304) and written, as the same records.
    assert site.article_requests(since=mark) == [("/a/1", 200), ("/a/2", 200)]
    assert sorted(record["url"] for record in run.records) == urls
    by_url = {record["url"]: record for record in earlier.records}
    for record in run.records:
        kept = by_url[record["url"]]
        assert (record["record_id"], record["version"]) == (kept["record_id"], 1)
        assert record["previous_record_id"] is None
    assert run.rejects == [] and run.skipped == []
    # The seen-store still records the fetch.
    seen_after = _seen(tmp_path / "state")
    assert all(seen_after[url] > seen_before[url] for url in urls)


def test_given_page_of_a_later_version_is_written_as_that_version(articles_site, tmp_path):
    site, base = articles_site
    settings = {"STATE_DIR": str(tmp_path / "state"), "RECRAWL_AFTER": "0"}
    scheduled = ["-a", f"site={base}/", "-a", "strategy=sitemap"]
    first = run_crawl(scheduled, cwd=tmp_path, output="first.jsonl", settings=settings)
    [version_1] = [record for record in first.records if record["url"] == f"{base}/a/1"]
    page = site.pages["/a/1"]
    site.pages["/a/1"] = ArticlePage(page.title, edit_one_sentence(page.text))
    changed = run_crawl(scheduled, cwd=tmp_path, output="changed.jsonl", settings=settings)
    [version_2] = changed.records
    run = run_crawl(["-a", f"url={base}/a/1"], cwd=tmp_path, output="x.jsonl",
                    settings=settings)
    [record] = run.records
    assert (record["record_id"], record["version"]) == (version_2["record_id"], 2)
    # Written again as version 2 is: pointing at version 1 (the store keeps its id).
    assert record["previous_record_id"] == version_2["previous_record_id"] == version_1[
        "record_id"]


def test_urls_file_ingested_twice_writes_every_url_both_times(articles_site, tmp_path):
    _, base = articles_site
    urls = [f"{base}/a/1", f"{base}/a/2", f"{base}/a/3"]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    settings = {"STATE_DIR": str(tmp_path / "state")}
    for output in ("one.jsonl", "two.jsonl"):
        run = run_crawl(["-a", "urls_file=urls.txt"], cwd=tmp_path, output=output,
                        settings=settings)
        assert run.returncode == 0, run.stderr[-3000:]
        assert sorted(record["url"] for record in run.records) == urls


# -- item pipelines ----------------------------------------------------------------------


def test_drop_by_a_user_pipeline_is_a_rejects_line(articles_site, tmp_path):
    _, base = articles_site
    run = run_crawl(
        ["-a", f"site={base}/", "-a", "strategy=sitemap"], cwd=tmp_path,
        settings={"STATE_DIR": str(tmp_path / "state"), "ITEM_PIPELINES": DROP_SHORT},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # ITEM_PIPELINES adds the user's pipeline to ours: records still get ids and versions.
    [record] = run.records
    assert (record["url"], record["version"]) == (f"{base}/a/1", 1)
    assert sorted((line["url"], line["reason"]) for line in run.rejects) == [
        (f"{base}/a/2", "dropped"), (f"{base}/a/3", "dropped")
    ]
    for line in run.rejects:
        assert line["detail"].startswith("DropItem: ") and line["detail"].endswith("than 450")
    assert "rejections:       2  dropped 2\n" in run.stderr


def test_turning_dedup_off_through_item_pipelines_keeps_the_others(tmp_path):
    site = Site({"/a/1": article(ARROWHEAD, "Make arrowhead water"),
                 "/a/copy": article(ARROWHEAD, "Make arrowhead water")})
    server = SiteServer(site).start()
    try:
        run = run_crawl(
            ["-a", f"site={server.base}/", "-a", "strategy=sitemap"], cwd=tmp_path,
            settings={
                "STATE_DIR": str(tmp_path / "state"),
                "ITEM_PIPELINES": '{"crawler.scheduled.duplicates.DuplicatePipeline": null}',
            },
        )
    finally:
        server.stop()
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert sorted(r["url"] for r in run.records) == [f"{server.base}/a/1", f"{server.base}/a/copy"]
    assert run.rejects == []
    assert "records written:  2\n" in run.stderr


def test_a_setup_without_the_cleaning_pipeline_stops_at_start_up(articles_site, tmp_path):
    site, base = articles_site
    run = run_crawl(
        ["-a", f"site={base}/", "-a", "strategy=sitemap"], cwd=tmp_path,
        settings={
            "STATE_DIR": str(tmp_path / "state"),
            "ITEM_PIPELINES": '{"crawler.pipelines.cleaning.CleaningPipeline": null}',
        },
    )
    assert run.returncode == 2
    assert (
        "Error: item pipeline(s) crawler.pipelines.cleaning.CleaningPipeline not enabled"
        in run.stderr
    )
    assert site.log == []
    assert not (tmp_path / "out.jsonl").exists()


def test_report_counts_only_records_the_feed_export_wrote(articles_site, tmp_path):
    _, base = articles_site
    run = run_crawl(
        ["-a", f"url={base}/a/1"], cwd=tmp_path,
        settings={
            "STATE_DIR": str(tmp_path / "state"),
            "ITEM_PIPELINES": '{"tests.user_pipelines.AddUnserialisableField": 900}',
        },
    )
    assert run.records == []
    assert "records written:  0\n" in run.stderr
    assert "NOT WRITTEN:      1 records the feed export failed on (see the log)\n" in run.stderr

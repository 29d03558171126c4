"""`max_pages` and `max_depth` bound a `full` crawl of the local news site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.local_site import LocalSite
from tests.crawl_run import run_crawl
from tests.news_site import MAX_SIZE, build_news_site

PAGE_PATHS_IGNORED = ("/robots.txt", "/sitemap_index.xml", "/sitemaps/", "/feed.rss", "/atom.xml")


@pytest.fixture
def news(shared_dir: Path):
    with LocalSite() as site:
        built = build_news_site(shared_dir, site.base_url)
        site.pages.update(built.pages)
        yield site, built


def _page_requests(site: LocalSite) -> set[str]:
    return {p for p in site.requests if not p.startswith(PAGE_PATHS_IGNORED)}


def test_max_pages_bounds_the_pages_requested(news, tmp_path: Path):
    site, _ = news
    run = run_crawl(
        ["-a", f"site={site.base_url}/", "-a", "max_pages=4"],
        cwd=tmp_path,
        settings={"DOWNLOAD_MAXSIZE": str(MAX_SIZE), "RETRY_ENABLED": "False"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(_page_requests(site)) <= 4
    assert len(run.records) + len(run.rejects) <= 4
    # The pages found beyond the bound are in the skipped log, each once.
    beyond = [line["url"] for line in run.skipped if line["reason"] == "max_pages"]
    assert beyond and len(beyond) == len(set(beyond))
    assert not {urlsplit(url).path for url in beyond} & _page_requests(site)
    found = len(run.records) + len(run.rejects) + len(run.skipped)
    assert f"pages found:      {found}\n" in run.stderr


def test_max_depth_zero_follows_no_links(news, tmp_path: Path):
    site, built = news
    run = run_crawl(
        ["-a", f"site={site.base_url}/", "-a", "max_depth=0"],
        cwd=tmp_path,
        settings={"DOWNLOAD_MAXSIZE": str(MAX_SIZE)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    only_linked = set(built.article_paths[9:12])
    written = {urlsplit(record["url"]).path for record in run.records}
    assert written == set(built.article_paths) - only_linked
    assert "/section/world/" not in site.requests

"""Rejected pages are written to the rejects file once, not again on every scheduled run
or after every resume (the state file remembers each URL and reason written)."""

from __future__ import annotations

import json
import time
from collections import Counter

from crawler.local_site import LocalSite, Page
from tests.news_site import HTML, binary_pdf
from tests.scheduled.crawl import CrawlDirs, crawl_command, run_crawl
from tests.scheduled.site import generated_page
from tests.scheduled.test_kill_resume import kill_when_written, lines_written


def site_of(paths: list[str], delay: float = 0.0) -> LocalSite:
    """Every even-numbered path is an article, every odd one a 404; all in /sitemap.xml;
    each answer `delay` seconds late."""
    site = LocalSite(respond=lambda path, headers, base: time.sleep(delay))
    for number, path in enumerate(paths):
        if number % 2 == 0:
            site.pages[path] = Page(generated_page(number).html(), 200, HTML)
    urls = "".join(f"<url><loc>{site.url(path)}</loc></url>" for path in paths)
    sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site.pages["/sitemap.xml"] = Page(sitemap.encode(), 200, {"Content-Type": "application/xml"})
    return site


def reject_counts(dirs: CrawlDirs) -> Counter:
    return Counter((line["url"], line["reason"]) for line in dirs.rejects())


def test_a_scheduled_run_does_not_write_a_rejection_again(tmp_path):
    dirs = CrawlDirs(tmp_path)
    with site_of(["/a/0", "/a/1", "/a/2", "/a/3"]) as site:
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=0)
        first = reject_counts(dirs)
        stats = run_crawl(site.base_url, dirs, RECRAWL_AFTER=0)
    assert first == Counter({(site.url("/a/1"), "http_status"): 1,
                             (site.url("/a/3"), "http_status"): 1})  # fmt: skip
    assert site.count("/a/1") == 2  # fetched again: it might have come back
    assert reject_counts(dirs) == first
    assert stats["scheduled/repeated_rejects"] == 2


def test_a_new_reason_for_a_rejected_url_is_written(tmp_path):
    dirs = CrawlDirs(tmp_path)
    with site_of(["/a/0", "/a/1"]) as site:
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=0)
        site.pages["/a/1"] = Page(binary_pdf(), 200, HTML)
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=0)
    assert reject_counts(dirs) == Counter({(site.url("/a/1"), "http_status"): 1,
                                           (site.url("/a/1"), "not_html"): 1})  # fmt: skip


def test_a_resumed_crawl_does_not_write_a_rejection_again(tmp_path):
    paths = [f"/a/{number}" for number in range(300)]
    dirs = CrawlDirs(tmp_path)
    settings = {"JOBDIR": str(dirs.jobdir), "CONCURRENT_REQUESTS": 8}
    with site_of(paths, delay=0.02) as site:
        kill_when_written(crawl_command(site.base_url, dirs, **settings), dirs, 20, timeout=60)
        assert lines_written(dirs) < 150, "the kill came too late to test resuming"
        rejected_before_kill = len(dirs.rejects())
        run_crawl(site.base_url, dirs, **settings)
    assert rejected_before_kill >= 10
    counts = reject_counts(dirs)
    assert set(counts) == {(site.url(path), "http_status") for path in paths[1::2]}
    # A kill between writing a line and remembering it may repeat that one line.
    assert sum(counts.values()) - len(counts) <= 1
    assert Counter(json.loads(line)["url"] for line in dirs.items.read_text().splitlines()) == (
        Counter({site.url(path): 1 for path in paths[::2]})
    )

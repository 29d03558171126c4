"""Hostile pages in a crawl of given URLs: each one ends as a rejects line with its reason,
and the other pages are written."""

from __future__ import annotations

import gzip
import random

import pytest

from crawler.local_site import LocalSite, Page
from tests.crawl_run import CrawlRun, run_crawl
from tests.news_site import HTML, binary_pdf, charset_article

ARTICLE = "/news/2019/11/zoe-reopens-her-cafe-in-malmo-after-the-flood.html"
REDIRECT_MAX_TIMES = 3
MAX_SIZE = 1_000_000


def _redirect(path: str) -> Page:
    return Page(b"", 302, {"Location": path})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    """One crawl of every hostile page below plus one good article."""
    with LocalSite() as site:
        site.pages[ARTICLE] = Page(charset_article(), 200, HTML)
        site.pages["/loop/self"] = _redirect("/loop/self")
        site.pages["/loop/a"] = _redirect("/loop/b")
        site.pages["/loop/b"] = _redirect("/loop/a")
        for hop in range(REDIRECT_MAX_TIMES + 1):
            site.pages[f"/chain/{hop}"] = _redirect(f"/chain/{hop + 1}")
        site.pages[f"/chain/{REDIRECT_MAX_TIMES + 1}"] = Page(charset_article(), 200, HTML)
        site.pages["/moved"] = _redirect(ARTICLE)  # to a page also given: not a loss
        site.pages["/news/2019/11/report.html"] = Page(binary_pdf(), 200, HTML)
        site.pages["/news/2019/11/noise.html"] = Page(random.Random(1).randbytes(20_000), 200, HTML)
        bomb = gzip.compress(b"<html><body>" + b"<p>x</p>" * (MAX_SIZE // 4))  # 2 MB in 6 KB
        gzipped = {**HTML, "Content-Encoding": "gzip"}
        site.pages["/news/2019/11/bomb.html"] = Page(bomb, 200, gzipped)
        given = [ARTICLE, "/loop/self", "/loop/a", "/chain/0", "/moved",
                 "/news/2019/11/report.html", "/news/2019/11/noise.html",
                 "/news/2019/11/bomb.html"]  # fmt: skip
        run = run_crawl(
            ["-a", "urls=" + ",".join(site.url(path) for path in given)],
            cwd=tmp_path_factory.mktemp("faults"),
            settings={
                "REDIRECT_MAX_TIMES": str(REDIRECT_MAX_TIMES),
                "DOWNLOAD_MAXSIZE": str(MAX_SIZE),
                "CONCURRENT_REQUESTS": "1",
            },
        )
    assert run.returncode == 0, run.stderr[-3000:]
    return site, run


def _reject(run: CrawlRun, requested_path: str) -> dict:
    [line] = [line for line in run.rejects if line["requested_url"].endswith(requested_path)]
    return line


def test_the_good_article_is_written_once(crawled):
    site, run = crawled
    assert [record["url"] for record in run.records] == [site.url(ARTICLE)]


def test_a_page_redirecting_to_itself_is_a_redirect_loop(crawled):
    site, run = crawled
    line = _reject(run, "/loop/self")
    assert (line["reason"], line["detail"]) == (
        "redirect_loop", f"{site.url('/loop/self')} -> {site.url('/loop/self')}"
    )


def test_two_pages_redirecting_to_each_other_are_a_redirect_loop(crawled):
    site, run = crawled
    line = _reject(run, "/loop/a")
    assert (line["url"], line["reason"]) == (site.url("/loop/a"), "redirect_loop")
    assert line["detail"] == " -> ".join(site.url(p) for p in ("/loop/a", "/loop/b", "/loop/a"))


def test_more_redirects_than_the_maximum_is_too_many_redirects(crawled):
    site, run = crawled
    line = _reject(run, "/chain/0")
    assert line["reason"] == "too_many_redirects"
    assert line["detail"] == (
        f"max redirections reached ({REDIRECT_MAX_TIMES} redirects from {site.url('/chain/0')})"
    )


def test_a_redirect_to_a_page_requested_anyway_is_no_rejection(crawled):
    _, run = crawled
    assert not [line for line in run.rejects if "/moved" in line["requested_url"]]
    # The scheduler did filter it: a line in the skipped log, not a rejection.
    [line] = [line for line in run.skipped if "/moved" in line["requested_url"]]
    assert line["reason"] == "already_requested"


@pytest.mark.parametrize("path", ["/news/2019/11/report.html", "/news/2019/11/noise.html"])
def test_a_binary_body_served_as_html_is_not_html(crawled, path):
    _, run = crawled
    line = _reject(run, path)
    assert (line["reason"], line["detail"]) == (
        "not_html", "binary content served as text/html; charset=utf-8"
    )


def test_a_body_decompressing_past_download_maxsize_is_too_large(crawled):
    _, run = crawled
    line = _reject(run, "/news/2019/11/bomb.html")
    assert line["reason"] == "too_large"
    assert f"exceeded DOWNLOAD_MAXSIZE ({MAX_SIZE} B) during decompression" in line["detail"]

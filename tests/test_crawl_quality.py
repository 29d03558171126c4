"""ARTICLE_QUALITY=drop: the crawler's records carry `quality`, and a record that a Gopher,
C4 or FineWeb filter would drop is rejected `low_quality` with the filters' reasons."""

from __future__ import annotations

from pathlib import Path

from crawler.local_site import LocalSite, Page
from tests.crawl_run import run_crawl
from tests.news_site import HTML, bench_articles

# A real article, but of 33 words: under Gopher's 50 and C4's five sentences.
SHORT = (
    b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Bridge opens</title>"
    b"</head><body><article><h1>The new bridge opens</h1>"
    b"<p>After three years of building, the new bridge over the river opened to traffic on "
    b"Monday morning.</p><p>The mayor said the old ferry often could not run in winter "
    b"because of the ice.</p></article></body></html>"
)


def test_a_low_quality_record_is_rejected_with_the_filters_reasons(
    shared_dir: Path, tmp_path: Path
):
    with LocalSite() as site:
        ((path, _, article),) = bench_articles(shared_dir, 1)  # passes all four filters
        site.pages[path] = Page(article, 200, HTML)
        site.pages["/en/bridge.html"] = Page(SHORT, 200, HTML)
        good, short = site.url(path), site.url("/en/bridge.html")
        run = run_crawl(
            ["-a", f"urls={good},{short}"], cwd=tmp_path, settings={"ARTICLE_QUALITY": "drop"}
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert [record["url"] for record in run.records] == [good]
    verdicts = run.records[0]["quality"]["filters"]
    assert all(verdict["keep"] for verdict in verdicts.values())
    assert [(line["url"], line["reason"]) for line in run.rejects] == [(short, "low_quality")]
    assert run.rejects[0]["detail"].startswith("gopher_quality: gopher_short_doc")

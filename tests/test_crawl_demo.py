"""The README's main job: `python -m crawler.demo` crawls the bundled demo site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawl_run import read_jsonl

DEMO_ARTICLES = {
    "/2026/03/harbour-ferry-returns-after-winter-repairs.html",
    "/2026/03/fishing-cooperative-votes-to-share-cold-store.html",
    "/2026/03/school-choir-wins-regional-festival.html",
    "/2026/03/council-approves-seawall-budget-after-long-debate.html",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One `python -m crawler.demo -O demo.jsonl` (the tests only read what it wrote): the
    finished process and its directory."""
    directory = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "crawler.demo", "-O", "demo.jsonl"],
        cwd=directory, capture_output=True, text=True, timeout=180,
    )
    return done, directory


def test_demo_crawl_writes_the_four_articles_and_the_report(demo):
    done, directory = demo
    assert done.returncode == 0, done.stderr[-2000:]
    records = read_jsonl(directory / "demo.jsonl")
    assert sorted(urlsplit(r["url"]).path for r in records) == sorted(DEMO_ARTICLES)
    assert all(r["text"].strip() and r["title"] for r in records)
    rejects = read_jsonl(directory / "demo.rejects.jsonl")
    assert {(urlsplit(r["url"]).path, r["reason"]) for r in rejects} == {
        ("/search", "robots_disallowed"),
        ("/about-us", "http_status"),
    }
    assert "records written:  4" in done.stderr
    assert "skipped:          2  hub 2\n" in done.stderr
    assert "records file:     demo.jsonl" in done.stderr
    assert "rejects file:     demo.rejects.jsonl" in done.stderr


# Clutter the demo pages carry around their stories (see crawler/demo_site/).
DEMO_CLUTTER = (
    "Share", "Facebook", "alternate address", "Related stories", "More from the harbour",
    "You may also like", "Comments", "newsletter", "in your inbox", "Home ›",
)


def test_demo_records_carry_none_of_the_demo_clutter(demo):
    done, directory = demo
    assert done.returncode == 0, done.stderr[-2000:]
    for record in read_jsonl(directory / "demo.jsonl"):
        left = [phrase for phrase in DEMO_CLUTTER if phrase in record["text"]]
        assert left == [], record["url"]


def test_the_demo_can_run_again_in_the_same_directory(demo):
    """The README's main command is safe to run again: each run writes the four articles
    (the second run here, in the module's demo run's directory, writes again.jsonl beside
    what the other tests read)."""
    first, directory = demo
    again = subprocess.run(
        [sys.executable, "-m", "crawler.demo", "-O", "again.jsonl"],
        cwd=directory, capture_output=True, text=True, timeout=180,
    )
    for done, output in ((first, "demo.jsonl"), (again, "again.jsonl")):
        assert done.returncode == 0, done.stderr[-2000:]
        assert len(read_jsonl(directory / output)) == 4
        assert "Traceback" not in done.stderr

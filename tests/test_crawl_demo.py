"""The README's main job: `python -m crawler.demo` crawls the bundled demo site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.crawl_run import read_jsonl

DEMO_ARTICLES = {
    "/2026/03/harbour-ferry-returns-after-winter-repairs.html",
    "/2026/03/fishing-cooperative-votes-to-share-cold-store.html",
    "/2026/03/school-choir-wins-regional-festival.html",
    "/2026/03/council-approves-seawall-budget-after-long-debate.html",
}


def test_demo_crawl_writes_the_four_articles_and_the_report(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "crawler.demo", "-O", "demo.jsonl"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    records = read_jsonl(tmp_path / "demo.jsonl")
    assert sorted(urlsplit(r["url"]).path for r in records) == sorted(DEMO_ARTICLES)
    assert all(r["text"].strip() and r["title"] for r in records)
    rejects = read_jsonl(tmp_path / "demo.rejects.jsonl")
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


def test_demo_records_carry_none_of_the_demo_clutter(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "crawler.demo", "-O", "demo.jsonl"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for record in read_jsonl(tmp_path / "demo.jsonl"):
        left = [phrase for phrase in DEMO_CLUTTER if phrase in record["text"]]
        assert left == [], record["url"]


def test_the_demo_can_run_again_in_the_same_directory(tmp_path: Path):
    """The README's main command is safe to run again: each run writes the four articles."""
    for run in (1, 2):
        done = subprocess.run(
            [sys.executable, "-m", "crawler.demo", "-O", f"run{run}.jsonl"],
            cwd=tmp_path, capture_output=True, text=True, timeout=180,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert len(read_jsonl(tmp_path / f"run{run}.jsonl")) == 4
        assert "Traceback" not in done.stderr

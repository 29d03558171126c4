"""`html --quality` / `--drop-low-quality` and `text --quality`: the same datatrove verdicts
as `warc` gives (cleaners/quality.py), on the batch commands."""

from __future__ import annotations

import json
from pathlib import Path

from cleaners.quality import quality_of
from crawler.demo import DEMO_SITE
from tests.test_cli import records, run_cleaners

ARTICLE = DEMO_SITE / "2026/03/school-choir-wins-regional-festival.html"
SHORT = ("<html><head><title>Note</title></head><body><article><p>Closed on Monday.</p>"
         "</article></body></html>")


def test_html_quality_adds_the_field_and_drop_sends_failures_to_the_errors(tmp_path: Path):
    short = tmp_path / "short.html"
    short.write_text(SHORT)
    annotated = run_cleaners("html", "--quality", str(ARTICLE), str(short), cwd=tmp_path)
    assert annotated.returncode == 0, annotated.stderr
    article, note = records(annotated.stdout)
    assert article["quality"] == quality_of(article["text"])
    assert not all(verdict["keep"] for verdict in note["quality"]["filters"].values())

    dropped = run_cleaners("html", "--drop-low-quality", str(ARTICLE), str(short),
                           "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert dropped.returncode == 1  # an input failed: the short page
    [kept] = records((tmp_path / "out.jsonl").read_bytes())
    assert kept["source_path"] == str(ARTICLE)
    errors = (tmp_path / "out.errors.jsonl").read_text().splitlines()
    [error] = [json.loads(line) for line in errors]
    assert error["path"] == str(short) and error["reason"].startswith("low_quality: ")


def test_text_quality_adds_the_field(tmp_path: Path, shared_dir: Path):
    seed = sorted((shared_dir / "seeds").glob("*.txt"))[0]
    done = run_cleaners("text", "--quality", str(seed), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [record] = records(done.stdout)
    assert record["quality"] == quality_of(record["text"])

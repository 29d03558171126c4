"""`warc --quality`: datatrove's Gopher, C4 and FineWeb verdicts with their reasons in the
record. (`--drop-low-quality` is tested with the corpus pipeline, test_corpus_pipeline.)"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cleaners.quality import quality_of
from tests.test_cli import records, run_cleaners
from tests.test_cli_warc import (
    FRENCH,
    Capture,
    expected_record,
    legacy_page,
    response_offsets,
    write_warc,
)

HTML = [("Content-Type", "text/html; charset=utf-8")]


@pytest.fixture(scope="module")
def captures(shared_dir: Path) -> list[Capture]:
    first_page = min((shared_dir / "bench/articles/html").glob("*.html.gz"))
    article = gzip.decompress(first_page.read_bytes())
    short = legacy_page(FRENCH, "iso-8859-1")
    return [
        Capture("article", "200 OK", HTML, article, html=article),
        # three sentences of French: too short for Gopher, too few sentences for C4
        Capture("short", "200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")],
                short, html=short),
        Capture("gone", "404 Not Found", HTML, b"<p>Not found</p>", reason="http_status: 404"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def warc(captures, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("quality") / "crawl.warc.gz"
    write_warc(path, captures)
    return path


def test_quality_adds_the_signals_and_each_filters_verdict(captures, warc):
    out = warc.with_name("annotated.jsonl")
    result = run_cleaners("warc", str(warc), "--quality", "-o", str(out), cwd=warc.parent)
    assert result.returncode == 1  # the 404
    offsets = response_offsets(warc)
    expected = []
    for capture in captures[:2]:
        record = expected_record(capture, warc, offsets[capture.record_id])
        expected.append(record | {"quality": quality_of(record["text"])})
    assert records(out.read_bytes()) == expected
    short = expected[1]["quality"]["filters"]
    assert short == {
        "gopher_quality": {"keep": False, "reason": "gopher_short_doc"},
        "gopher_repetition": {"keep": True, "reason": None},
        "c4_quality": {"keep": False, "reason": "too_few_sentences"},
        "fineweb_quality": {"keep": True, "reason": None},
    }
    assert all(v["keep"] for v in expected[0]["quality"]["filters"].values())


def test_the_two_switches_exclude_each_other(warc):
    result = run_cleaners("warc", str(warc), "--quality", "--drop-low-quality", cwd=warc.parent)
    assert result.returncode == 2
    assert b"not allowed with argument" in result.stderr

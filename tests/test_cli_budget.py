"""`python -m cleaners html`: a page over the cleaning budget is a failed input with its
reason, at once; the other inputs are cleaned."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.test_budget import STORY, nested_page
from tests.test_cli import records, run_cleaners


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_over_budget_is_a_failed_input_with_its_reason(tmp_path: Path, jobs: str):
    (tmp_path / "deep.html").write_text(nested_page(100_000) * 3)  # 3.3 MB
    (tmp_path / "story.html").write_text(f"<html><body><h1>Harbour</h1>{STORY * 3}</body></html>")
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = run_cleaners(
        "html", str(tmp_path / "deep.html"), str(tmp_path / "story.html"), "-o", str(out),
        "--jobs", jobs, cwd=tmp_path,
    )  # fmt: skip
    assert time.monotonic() - started < 30  # uncapped, parsing it takes over a minute
    assert result.returncode == 1
    assert ["harbour reopened" in r["text"] for r in records(out.read_bytes())] == [True]
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert errors == [
        {"path": str(tmp_path / "deep.html"), "reason": "too_complex: 300009 elements, "
         "over the limit of 50000"}
    ]  # fmt: skip

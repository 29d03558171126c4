"""`python -m crawler.report`: the merged report of a distributed crawl's stats files, and a
clear error (exit 2) for a file it cannot use."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.test_cli import run_module

ROOT = Path(__file__).resolve().parent.parent


def _report(*args: str) -> subprocess.CompletedProcess[str]:
    done = run_module("crawler.report", *args, cwd=ROOT)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def _stats(worker: str, fetched: int) -> str:
    line = {
        "worker": worker,
        "finish_reason": "finished",
        "pages/found": fetched,
        "pages/fetched": fetched,
        "records/written": fetched,
        "elapsed_time_seconds": 2.0,
    }
    return json.dumps(line) + "\n"


def test_help_describes_the_command():
    done = _report("--help")
    assert done.returncode == 0
    assert "STATS_FILE" in done.stdout and "distributed" in done.stdout


def test_the_workers_stats_are_merged(tmp_path):
    first, second = tmp_path / "out-w1.stats.jsonl", tmp_path / "out-w2.stats.jsonl"
    first.write_text(_stats("w1", 3), encoding="utf-8")
    second.write_text(_stats("w2", 4), encoding="utf-8")
    done = _report(str(first), str(second))
    assert done.returncode == 0, done.stderr
    assert "pages fetched:    7" in done.stdout
    assert "worker w1 (finished): 3 pages fetched" in done.stdout
    assert "worker w2 (finished): 4 pages fetched" in done.stdout


def test_a_missing_file_is_an_error(tmp_path):
    done = _report(str(tmp_path / "out-w1.stats.jsonl"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_a_records_file_is_no_stats_file(tmp_path):
    records = tmp_path / "articles.jsonl"
    records.write_text(json.dumps({"text": "A story.", "url": "https://a.example/"}) + "\n")
    done = _report(str(records))
    assert done.returncode == 2
    assert f"{records}:1: not a worker's stats line" in done.stderr
    assert done.stdout == ""


def test_an_empty_file_is_no_stats_file(tmp_path):
    empty = tmp_path / "out-w1.stats.jsonl"
    empty.write_text("\n", encoding="utf-8")
    done = _report(str(empty))
    assert done.returncode == 2
    assert "no worker's stats" in done.stderr

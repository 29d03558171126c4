"""Running `scrapy crawl articles` in a subprocess (a fresh reactor each time)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Fast, deterministic crawls of a local site (on 127.0.0.1: the address policy allows it).
TEST_SETTINGS = {
    "ALLOW_PRIVATE_ADDRESSES": "True",
    "AUTOTHROTTLE_ENABLED": "False",
    "CLEANING_WORKERS": "2",
    "RETRY_TIMES": "2",
    "DOWNLOAD_TIMEOUT": "20",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlRun:
    returncode: int
    stderr: str
    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    skipped: list[dict[str, Any]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def crawl_env() -> dict[str, str]:
    """The environment of a crawl subprocess: project settings, and this checkout importable
    (test-only components such as tests.scheduled.stats_file live outside the package)."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONPATH": str(ROOT)}


def run_crawl(
    args: list[str],
    cwd: Path,
    output: str | None = "out.jsonl",
    settings: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 180,
) -> CrawlRun:
    """Crawl with `args` (e.g. ["-a", "site=..."]) in `cwd`, output to `cwd/output`."""
    command = [sys.executable, "-m", "scrapy", "crawl", "articles", *args]
    if output:
        command += ["-O", output]
    for name, value in {**TEST_SETTINGS, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(
        command, cwd=cwd, input=stdin or "", capture_output=True, text=True,
        timeout=timeout, env=crawl_env(),
    )
    records = read_jsonl(cwd / output) if output else []
    stem = (output or "").removesuffix(".gz").removesuffix(".jsonl")
    return CrawlRun(
        done.returncode,
        done.stderr,
        records,
        read_jsonl(cwd / f"{stem}.rejects.jsonl"),
        read_jsonl(cwd / f"{stem}.skipped.jsonl"),
    )

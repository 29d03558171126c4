"""Cleaning workers die with their parent, however it ends: kill -9, SIGTERM or Ctrl-C of
a crawl or of `python -m cleaners html --jobs 2` leaves no process of theirs behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from crawler.local_site import LocalSite, Page
from tests.crawl_run import TEST_SETTINGS, crawl_env
from tests.process_tree import cpu_seconds, descendants, marked, wait_until

# Keeps a worker inside the HTML parser (C code) for tens of seconds when the crawl's
# budget lets it in: the workers are busy when their parent dies.
NESTED_PAGE = ("<html><body>" + "<div>" * 150_000 + "</body></html>").encode()
LIFT_BUDGET = {"CLEANING_MAX_DEPTH": "1000000", "CLEANING_MAX_ELEMENTS": "1000000"}
WORKERS = 2


def _busy_page(n: int) -> bytes:
    """45,000 short paragraphs: within the default budget, seconds of cleaning."""
    paragraphs = "".join(f"<p>Line {i} of page {n}, item {i % 97}.</p>" for i in range(45_000))
    return f"<html><body>{paragraphs}</body></html>".encode()


def _marked_env(env: dict[str, str] | None = None) -> tuple[dict[str, str], str]:
    """An environment marked for this test run, and the marker."""
    marker = f"CLEANING_POOL_TEST={uuid.uuid4().hex}"
    name, value = marker.split("=")
    return {**(env or os.environ), name: value}, marker


def _kill_and_check(parent: subprocess.Popen[bytes], marker: str, sig: signal.Signals) -> None:
    def cleaning() -> bool:  # a worker has been busy for a while (start-up takes ~0.5 s)
        return any(cpu_seconds(pid) > 1.5 for pid in descendants(parent.pid))

    assert wait_until(cleaning, timeout=90), "no worker started cleaning"
    parent.send_signal(sig)
    parent.wait(timeout=60)
    # Every process the run started, workers, their replacements and multiprocessing's
    # resource tracker, carries the marker in its environment. The kernel kills the
    # workers at once; without it, a worker would live on until its page is done.
    assert wait_until(lambda: not marked(marker), timeout=2), (
        f"still alive after {sig.name} of their parent: {sorted(marked(marker))}"
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_cli_workers_die_with_the_cli(tmp_path: Path, sig: signal.Signals):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(8):
        (pages / f"{n}.html").write_bytes(_busy_page(n))
    command = [sys.executable, "-m", "cleaners", "html", str(pages), "--jobs", str(WORKERS)]
    command += ["-o", str(tmp_path / "out.jsonl")]
    env, marker = _marked_env()
    cli = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _kill_and_check(cli, marker, sig)
    finally:
        cli.kill()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_crawl_workers_die_with_the_crawl(tmp_path: Path, sig: signal.Signals):
    settings = {**TEST_SETTINGS, **LIFT_BUDGET}  # 2 workers
    if sig != signal.SIGKILL:
        # SIGTERM and SIGINT stop a crawl gracefully: the pages being cleaned finish
        # first, here within 2 s of CPU time.
        settings["CLEANING_CPU_SECONDS"] = "2"
    with LocalSite({f"/2024/05/story-{n}.html": Page(NESTED_PAGE) for n in range(2)}) as site:
        urls = ",".join(site.url(f"/2024/05/story-{n}.html") for n in range(2))
        command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"urls={urls}"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        env, marker = _marked_env(crawl_env())
        crawl = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _kill_and_check(crawl, marker, sig)
        finally:
            crawl.kill()

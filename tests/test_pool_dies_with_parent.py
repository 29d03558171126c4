"""Cleaning workers die with their parent, however it ends: kill -9, SIGTERM or Ctrl-C of
a crawl or of `python -m cleaners html --jobs 2` leaves no process of theirs behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.local_site import LocalSite, Page
from tests.crawl_run import TEST_SETTINGS, crawl_env
from tests.process_tree import descendants, is_alive, wait_until

# Keeps a worker inside the HTML parser (C code) for tens of seconds when the crawl's
# budget lets it in: the workers are busy when their parent dies.
NESTED_PAGE = ("<html><body>" + "<div>" * 150_000 + "</body></html>").encode()
LIFT_BUDGET = {"CLEANING_MAX_DEPTH": "1000000", "CLEANING_MAX_ELEMENTS": "1000000"}
WORKERS = 2


def _busy_page(n: int) -> bytes:
    """45,000 short paragraphs: within the default budget, seconds of cleaning."""
    paragraphs = "".join(f"<p>Line {i} of page {n}, item {i % 97}.</p>" for i in range(45_000))
    return f"<html><body>{paragraphs}</body></html>".encode()


def _kill_and_check(
    parent: subprocess.Popen[bytes], sig: signal.Signals, working: Callable[[], bool]
) -> None:
    assert wait_until(lambda: len(descendants(parent.pid)) >= WORKERS, timeout=60), (
        "the workers never started"
    )
    assert wait_until(working, timeout=60)
    time.sleep(2)  # the workers are cleaning now
    children = descendants(parent.pid)  # the workers, and multiprocessing's resource tracker
    assert len(children) >= WORKERS
    parent.send_signal(sig)
    parent.wait(timeout=30)
    survivors = set(children)
    assert wait_until(lambda: not {pid for pid in survivors if is_alive(pid)}, timeout=10), (
        f"still alive after {sig.name} of their parent: "
        f"{sorted(pid for pid in survivors if is_alive(pid))}"
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_cli_workers_die_with_the_cli(tmp_path: Path, sig: signal.Signals):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(8):
        (pages / f"{n}.html").write_bytes(_busy_page(n))
    command = [sys.executable, "-m", "cleaners", "html", str(pages), "--jobs", str(WORKERS)]
    command += ["-o", str(tmp_path / "out.jsonl")]
    cli = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _kill_and_check(cli, sig, working=lambda: True)
    finally:
        cli.kill()


def test_crawl_workers_die_with_a_crawl_killed_with_sigkill(tmp_path: Path):
    with LocalSite({f"/2024/05/story-{n}.html": Page(NESTED_PAGE) for n in range(4)}) as site:
        urls = ",".join(site.url(f"/2024/05/story-{n}.html") for n in range(4))
        command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"urls={urls}"]
        for name, value in {**TEST_SETTINGS, **LIFT_BUDGET}.items():  # 2 workers
            command += ["-s", f"{name}={value}"]
        crawl = subprocess.Popen(
            command, cwd=tmp_path, env=crawl_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _kill_and_check(crawl, signal.SIGKILL, working=lambda: len(site.requests) >= 2)
        finally:
            crawl.kill()

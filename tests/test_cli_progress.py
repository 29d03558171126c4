"""Progress of `cleaners` batches on stderr: shown with --progress (default: only when
stderr is a terminal), never mixed into the records."""

from __future__ import annotations

import subprocess
import sys

from crawler.demo import DEMO_SITE
from tests.crawl_run import ROOT

PAGES = sorted(str(p) for p in (DEMO_SITE / "2026" / "03").glob("*.html"))


def cleaners(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_progress_is_on_stderr_when_asked_and_records_are_unchanged():
    quiet = cleaners("html", *PAGES)
    shown = cleaners("html", "--progress", *PAGES)
    assert quiet.returncode == shown.returncode == 0
    assert quiet.stderr == ""  # stderr is not a terminal here: no progress by default
    assert f"{len(PAGES)}/{len(PAGES)}" in shown.stderr and "inputs" in shown.stderr
    assert shown.stdout == quiet.stdout


def test_no_progress_turns_it_off():
    done = cleaners("html", "--no-progress", *PAGES)
    assert done.returncode == 0 and done.stderr == ""

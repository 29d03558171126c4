"""`benchmarks/crawl_throughput.py --archive` crawls the same local site with the raw
archive off and on in one run and prints both rates and their ratio (a tiny site here:
the figures are the benchmark's business, the test only pins what it runs and says)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.crawl_run import ROOT


def test_the_archive_benchmark_crawls_with_the_archive_off_and_on(shared_dir):
    done = subprocess.run(
        [sys.executable, "benchmarks/crawl_throughput.py", "--archive", "--pages", "6",
         "--shared", str(shared_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    crawled = r"6 pages \(6 records\) in +[\d.]+ s = +[\d.]+ pages/s, peak RSS .* MB, CPU +[\d.]+ s"
    heading, archive_off, archive_on, ratio = done.stdout.splitlines()
    assert heading.startswith("site: 6 article pages on http://127.0.0.1:")
    assert re.fullmatch(f"pipeline +{crawled}", archive_off)
    # Every response of the second crawl is archived: the pages, robots.txt, the sitemap.
    archived = re.fullmatch(
        rf"archive +{crawled}, archived (\d+) responses in [\d.]+ MB", archive_on
    )
    assert archived and int(archived[1]) >= 6 + 2
    assert re.fullmatch(r"archive / pipeline: [\d.]+x", ratio)

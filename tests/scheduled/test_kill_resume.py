"""A crawl killed with SIGKILL and resumed with the same JOBDIR writes every article once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter

from tests.scheduled.articles import article_ids
from tests.scheduled.crawl import CrawlDirs, crawl_command, crawl_env, run_crawl
from tests.scheduled.site import Site, SiteServer, article


def kill_when_written(command: list[str], dirs: CrawlDirs, records: int, timeout: float) -> None:
    """Start the crawl, SIGKILL it once `records` lines are written (fail after `timeout`)."""
    crawl = subprocess.Popen(
        command, cwd=dirs.root, env=crawl_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    try:
        while len(dirs.items.read_bytes().splitlines()) < records if dirs.items.exists() else True:
            assert crawl.poll() is None, "crawl ended before it could be killed"
            assert time.monotonic() < deadline, "crawl wrote too little before the timeout"
            time.sleep(0.05)
    finally:
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(10)


def test_killed_crawl_resumed_with_jobdir_writes_each_article_once(tmp_path):
    pages = {f"/a/{n}": article(i, f"Article {n}") for n, i in enumerate(article_ids(24))}
    site = Site(pages, delay=0.15)
    server = SiteServer(site).start()
    dirs = CrawlDirs(tmp_path)
    settings = {"JOBDIR": str(dirs.jobdir), "CONCURRENT_REQUESTS": 4}
    try:
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, 4, timeout=60)
        killed_at = len(dirs.items.read_bytes().splitlines())
        assert killed_at < len(pages), "the kill came too late to test resuming"
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, killed_at + 4, 60)
        stats = run_crawl(server.base, dirs, **settings)
    finally:
        server.stop()
    raw = dirs.items.read_bytes()
    assert raw.endswith(b"\n")
    urls = Counter(json.loads(line)["url"] for line in raw.splitlines())
    assert urls == Counter({f"{server.base}{path}": 1 for path in pages})
    assert stats["scheduled/recovery/jobdir_reset"] == 1

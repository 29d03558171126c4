"""Run a crawl of the test site in a subprocess with the scheduled-crawl components on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPIDER = Path(__file__).with_name("sitemap_spider.py")

SCHEDULED = {
    "SPIDER_MIDDLEWARES": {"crawler.scheduled.revisit_filter.RevisitFilterMiddleware": 800},
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.scheduled.conditional_requests.ConditionalRequestMiddleware": 580
    },
    "ITEM_PIPELINES": {
        "crawler.scheduled.record_versions.RecordVersionPipeline": 500,
        "crawler.scheduled.duplicates.DuplicatePipeline": 510,
    },
    "EXTENSIONS": {"crawler.scheduled.feed_recovery.FeedRecovery": 0},
    "FEED_STORAGES": {
        "": "crawler.scheduled.line_atomic_feed.LineAtomicFileFeedStorage",
        "file": "crawler.scheduled.line_atomic_feed.LineAtomicFileFeedStorage",
    },
}


@dataclass
class CrawlDirs:
    """Where one test's crawls keep state, output and job data."""

    root: Path

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def items(self) -> Path:
        return self.root / "items.jsonl"

    @property
    def stats(self) -> Path:
        return self.root / "stats.json"

    @property
    def jobdir(self) -> Path:
        return self.root / "job"

    def records(self) -> list[dict]:
        if not self.items.exists():
            return []
        return [json.loads(line) for line in self.items.read_text("utf-8").splitlines()]


def crawl_command(site: str, dirs: CrawlDirs, **settings: object) -> list[str]:
    """The `scrapy runspider` command line for one crawl of `site`."""
    merged = {
        **SCHEDULED,
        "STATE_DIR": str(dirs.state),
        "STATS_FILE": str(dirs.stats),
        "FEEDS": {str(dirs.items): {"format": "jsonlines"}},
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        **settings,
    }
    command = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"site={site}"]
    for name, value in merged.items():
        text = value if isinstance(value, str) else json.dumps(value)
        command += ["-s", f"{name}={text}"]
    return command


def run_crawl(site: str, dirs: CrawlDirs, timeout: float = 60, **settings: object) -> dict:
    """Crawl `site` to the end; return the crawl's stats. Fails with the log if it fails."""
    done = subprocess.run(
        crawl_command(site, dirs, **settings), cwd=dirs.root, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(dirs.stats.read_text("utf-8"))

"""Run `scrapy crawl articles` on the test site in a subprocess (a fresh reactor each time)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler import settings as project_settings
from tests.crawl_run import crawl_env, read_jsonl

ROOT = Path(__file__).resolve().parents[2]

TEST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "CLEANING_WORKERS": 2,
    "LOG_LEVEL": "INFO",
    "EXTENSIONS": {**project_settings.EXTENSIONS, "tests.scheduled.stats_file.StatsFile": 999},
}


@dataclass
class CrawlDirs:
    """Where one test's crawls keep state, output and job data (all under `root`)."""

    root: Path

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def items(self) -> Path:
        return self.root / "items.jsonl"

    @property
    def rejects_file(self) -> Path:
        return self.root / "items.rejects.jsonl"

    @property
    def stats(self) -> Path:
        return self.root / "stats.json"

    @property
    def jobdir(self) -> Path:
        return self.root / "job"

    def records(self) -> list[dict]:
        return read_jsonl(self.items)

    def rejects(self) -> list[dict]:
        return read_jsonl(self.rejects_file)


def crawl_command(
    site: str, dirs: CrawlDirs, strategy: str = "sitemap", **settings: object
) -> list[str]:
    """The command line of one crawl of `site` (strategy sitemap by default), appending
    to `dirs.items`; `settings` are passed with -s."""
    merged = {
        **TEST_SETTINGS,
        "STATE_DIR": str(dirs.state),
        "STATS_FILE": str(dirs.stats),
        **settings,
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "articles",
               "-a", f"site={site}", "-a", f"strategy={strategy}", "-o", str(dirs.items)]
    for name, value in merged.items():
        text = value if isinstance(value, str) else json.dumps(value)
        command += ["-s", f"{name}={text}"]
    return command


def run_crawl(
    site: str, dirs: CrawlDirs, strategy: str = "sitemap", timeout: float = 90, **settings: object
) -> dict:
    """Crawl `site` to the end; return the crawl's stats. Fails with the log if it fails."""
    done = subprocess.run(
        crawl_command(site, dirs, strategy, **settings), cwd=dirs.root, env=crawl_env(),
        capture_output=True, text=True, timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # Errors in signal handlers are logged, not raised: the run still "succeeds".
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(dirs.stats.read_text("utf-8"))

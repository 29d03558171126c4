"""Run `scrapy crawl articles` on the test site in a subprocess (a fresh reactor each time)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler import settings as project_settings
from crawler.scheduled.state_db import STATE_FILE, connect
from tests.crawl_run import crawl_env, read_jsonl

ROOT = Path(__file__).resolve().parents[2]

TEST_SETTINGS = {
    "ALLOW_PRIVATE_ADDRESSES": True,  # the test site is on 127.0.0.1
    "AUTOTHROTTLE_ENABLED": False,
    "CLEANING_WORKERS": 2,
    "LOG_LEVEL": "INFO",
    "EXTENSIONS": {**project_settings.EXTENSIONS, "tests.scheduled.stats_file.StatsFile": 999},
}


@dataclass
class CrawlDirs:
    """Where one test's crawls keep state, output and job data (all under `root`);
    `feed` names the records file (`.jsonl.gz` for a compressed one)."""

    root: Path
    feed: str = "items.jsonl"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def items(self) -> Path:
        return self.root / self.feed

    @property
    def rejects_file(self) -> Path:
        return self.root / "items.rejects.jsonl"

    @property
    def skipped_file(self) -> Path:
        return self.root / "items.skipped.jsonl"

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

    def skipped(self) -> list[dict]:
        return read_jsonl(self.skipped_file)


def crawl_command(
    site: str,
    dirs: CrawlDirs,
    strategy: str = "sitemap",
    urls_file: str | None = None,
    **settings: object,
) -> list[str]:
    """The command line of one crawl of `site` (strategy sitemap by default), or, given
    `urls_file`, of the one-off ingestion of the URLs it lists, appending to `dirs.items`;
    `settings` are passed with -s."""
    merged = {
        **TEST_SETTINGS,
        "STATE_DIR": str(dirs.state),
        "STATS_FILE": str(dirs.stats),
        **settings,
    }
    start = [f"urls_file={urls_file}"] if urls_file else [f"site={site}", f"strategy={strategy}"]
    command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-o", str(dirs.items)]
    for argument in start:
        command += ["-a", argument]
    for name, value in merged.items():
        text = value if isinstance(value, str) else json.dumps(value)
        command += ["-s", f"{name}={text}"]
    return command


def run_crawl_process(
    site: str,
    dirs: CrawlDirs,
    strategy: str = "sitemap",
    timeout: float = 90,
    file_size_limit: int | None = None,
    urls_file: str | None = None,
    **settings: object,
) -> subprocess.CompletedProcess[str]:
    """Crawl `site` to the end, whatever the outcome. With `file_size_limit`, no file the
    crawl writes may grow past that many bytes (RLIMIT_FSIZE, like a full disk: the write
    that crosses it is cut short, the next one fails; Python ignores SIGXFSZ)."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        crawl_command(site, dirs, strategy, urls_file, **settings),
        cwd=dirs.root,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit_file_size if file_size_limit is not None else None,
    )


def run_crawl(
    site: str,
    dirs: CrawlDirs,
    strategy: str = "sitemap",
    timeout: float = 90,
    urls_file: str | None = None,
    **settings: object,
) -> dict:
    """Crawl `site` (or ingest `urls_file`) to the end; return the crawl's stats. Fails
    with the log if it fails."""
    done = run_crawl_process(site, dirs, strategy, timeout, urls_file=urls_file, **settings)
    assert done.returncode == 0, done.stderr[-3000:]
    # Errors in signal handlers are logged, not raised: the run still "succeeds".
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(dirs.stats.read_text("utf-8"))


def stored_urls(dirs: CrawlDirs) -> set[str]:
    """The URLs the seen-store counts a record written for."""
    conn = connect(dirs.state / STATE_FILE)
    try:
        return {url for (url,) in conn.execute("SELECT url FROM seen WHERE record_id IS NOT NULL")}
    finally:
        conn.close()

"""Running workers of a distributed crawl (`scrapy crawl articles -s DISTRIBUTED=True`)
as subprocesses against a local site and a test redis-server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import redis

from tests.crawl_run import ROOT, crawl_env, read_jsonl

ARGS_KEY = "article-corpus:articles:args"  # the crawl's spider arguments, for joining workers
WORKER_SETTINGS = {
    "ALLOW_PRIVATE_ADDRESSES": True,  # the test site is on 127.0.0.1
    "AUTOTHROTTLE_ENABLED": False,
    "CLEANING_WORKERS": 1,  # two workers, one cleaning process each: the machine's 2 cores
    "LOG_LEVEL": "INFO",
    "DISTRIBUTED": True,
}


def worker_command(site: str | None, root: Path, worker: str, redis_url: str,
                   spider_args: dict[str, str] | None = None, **settings: object) -> list[str]:
    """One worker's command line: `spider_args`, else strategy sitemap on `site` (no
    spider arguments if both are None: the worker joins the crawl in Redis), feed
    `root/items-<worker>.jsonl`."""
    merged = {**WORKER_SETTINGS, "REDIS_URL": redis_url, "WORKER_ID": worker,
              "STATE_DIR": str(root / "state"), **settings}
    if spider_args is None and site:
        spider_args = {"site": site, "strategy": "sitemap"}
    arguments = [part for name, value in (spider_args or {}).items()
                 for part in ("-a", f"{name}={value}")]
    command = [sys.executable, "-m", "scrapy", "crawl", "articles", *arguments,
               "-o", str(root / "items.jsonl")]
    for name, value in merged.items():
        command += ["-s", f"{name}={value if isinstance(value, str) else json.dumps(value)}"]
    return command


def start_worker(site: str | None, root: Path, worker: str, redis_url: str,
                 spider_args: dict[str, str] | None = None,
                 **settings: object) -> subprocess.Popen[bytes]:
    """Start a worker; its log goes to `root/<worker>.log` (appended: restarts add to it)."""
    log = (root / f"{worker}.log").open("ab")
    command = worker_command(site, root, worker, redis_url, spider_args, **settings)
    return subprocess.Popen(command,
                            cwd=ROOT, env=crawl_env(), stdout=log, stderr=log)


def wait_ok(
    processes: dict[str, subprocess.Popen[bytes]], root: Path, timeout: float = 120
) -> None:
    """Wait for every worker; fail with its log if one did not finish cleanly."""
    for worker, process in processes.items():
        code = process.wait(timeout)
        log = (root / f"{worker}.log").read_text("utf-8", "replace")
        assert code == 0, log[-3000:]
        assert "Traceback" not in log, log[-3000:]


def run_workers(site: str, root: Path, redis_url: str, workers: tuple[str, ...] = ("w1", "w2"),
                join: bool = False, spider_args: dict[str, str] | None = None,
                **settings: object) -> None:
    """Run `workers` side by side to the end of the crawl, all started at once with the
    crawl's arguments (`spider_args`, else strategy sitemap on `site`); with `join`, only
    the first, and the others, once it has stored its arguments in Redis, with none
    (they join)."""
    if not join:
        wait_ok({w: start_worker(site, root, w, redis_url, spider_args, **settings)
                 for w in workers}, root)
        return
    first, *others = workers
    processes = {first: start_worker(site, root, first, redis_url, spider_args, **settings)}
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 60
    while not client.exists(ARGS_KEY) and processes[first].poll() is None:
        assert time.monotonic() < deadline, "the first worker stored no crawl arguments"
        time.sleep(0.05)
    processes.update({w: start_worker(None, root, w, redis_url, **settings) for w in others})
    wait_ok(processes, root)


def output(root: Path, worker: str, kind: str = "") -> list[dict[str, Any]]:
    """A worker's records (`kind` ""), rejects or skipped lines."""
    return read_jsonl(root / f"items-{worker}{'.' + kind if kind else ''}.jsonl")


def written_lines(root: Path, worker: str) -> int:
    """How many whole lines a running worker's records file holds. For polling: a read
    racing the worker's write of a record can see part of it (Linux does not make a write
    atomic for a reader; CI saw a line cut at its 1,914th character), so the file is read
    whole by `output` only once the worker has stopped."""
    path = root / f"items-{worker}.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0

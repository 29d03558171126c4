"""The README's "With scrapyd on several nodes": two scrapyd daemons on 127.0.0.1 (two
nodes), the project deployed to both with scrapyd-deploy's egg, the same distributed job
scheduled on each with its WORKER_ID and a DEFAULT_FEED_URI with %(time)s, one Redis."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.redis_server import redis_server
from tests.scheduled.site import Site, SiteServer, generated_page
from tests.scrapyd_node import PROJECT, build_egg, schedule, scrapyd_daemon, upload, wait_finished

ARTICLES = 60
NODES = ("node1", "node2")


def records(folder: Path, node: str) -> list[dict]:
    """The records of a node's job: output/articles-<time>-<node>.jsonl."""
    [path] = folder.glob(f"articles-*-{node}.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_same_job_on_two_scrapyd_nodes_writes_every_article_once(tmp_path):
    # Articles are answered once both jobs run, so both nodes take part whichever starts
    # first: each takes what it may hold (WORKER_MAX_LEASED) from the queue meanwhile.
    gate = threading.Event()
    site = Site({f"/a/{n}": generated_page(n) for n in range(ARTICLES)}, gate=gate)
    server = SiteServer(site).start()
    out = tmp_path / "output"
    egg = build_egg(tmp_path)
    try:
        with (redis_server(tmp_path) as redis_url,
              scrapyd_daemon(tmp_path / "node1") as node1,
              scrapyd_daemon(tmp_path / "node2") as node2):
            urls = dict(zip(NODES, (node1, node2), strict=True))
            with ThreadPoolExecutor(2) as uploads:  # each daemon lists the egg's spiders
                list(uploads.map(lambda url: upload(url, egg), urls.values()))
            jobs = {}
            for node, url in urls.items():  # at once, so that the crawl is still on for both
                settings = {
                    "DISTRIBUTED": "True", "REDIS_URL": redis_url, "WORKER_ID": node,
                    "STATE_DIR": str(tmp_path / "state"),
                    "DEFAULT_FEED_URI": str(out / "articles-%(time)s.jsonl"),
                    "ALLOW_PRIVATE_ADDRESSES": "True", "AUTOTHROTTLE_ENABLED": "False",
                    "CLEANING_WORKERS": "1",
                }
                arguments = {"site": server.base, "strategy": "sitemap"}
                jobs[node] = (url, schedule(url, arguments, settings))
            job_logs = [tmp_path / node / "logs" / PROJECT / "articles" / f"{job}.log"
                        for node, (_, job) in jobs.items()]
            deadline = time.monotonic() + 60
            while not all(log.exists() and "Spider opened" in log.read_text()
                          for log in job_logs):
                assert time.monotonic() < deadline, "the two jobs did not start in 60 s"
                time.sleep(0.2)
            gate.set()
            finished = {node: wait_finished(url, job, timeout=90)
                        for node, (url, job) in jobs.items()}
    finally:
        gate.set()
        server.stop()
    logs = {node: (tmp_path / node / finished[node]["log_url"].lstrip("/")).read_text()
            for node in NODES}
    assert all("--- crawl report: articles (finished) ---" in log for log in logs.values())
    pushers = [n for n in NODES if "Pushing the crawl's start requests" in logs[n]]
    assert len(pushers) == 1, logs
    shares = {node: records(out, node) for node in NODES}
    written = Counter(record["url"].removeprefix(server.base)
                      for share in shares.values() for record in share)
    assert written == Counter({f"/a/{n}": 1 for n in range(ARTICLES)})
    assert all(shares.values()), {node: len(share) for node, share in shares.items()}

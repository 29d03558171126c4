"""Distributed crawl throughput: 1, 2 and 4 workers on one machine, and Redis memory.

    .venv/bin/python benchmarks/distributed_throughput.py [--pages 2000] [--workers 1,2,4]

Serves `--pages` small, distinct article pages from 127.0.0.1 (the pages of
memory_50k.py, listed in a sitemap index), starts a fresh redis-server (127.0.0.1, a
free port, no persistence) for each worker count, and runs that many
`scrapy crawl articles -s DISTRIBUTED=True` workers side by side to the end. Cleaning
processes are shared out: each worker gets max(1, cores // workers).

Prints, per worker count: pages per second over the wall time (from starting the
workers to the last one exiting, so process start-up is included), the records each
worker wrote, the peak of Redis's used_memory during the crawl (frontier: queue,
leases, dupefilter; plus the state) and what stays after it (the seen-store, duplicate
index and written rejections), both per 10,000 URLs.

All workers share this machine's cores: on a 2-core machine the cleaning (CPU-bound)
cannot go faster with more workers than with one worker using both cores; the gain of
several machines is not measured here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from memory_50k import responder  # noqa: E402

from crawler.local_site import LocalSite  # noqa: E402
from tests.crawl_run import read_jsonl  # noqa: E402
from tests.distributed_workers import start_worker, wait_ok  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

SAMPLE_SECONDS = 0.2


def used_memory(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def run(workers: int, pages: int, base: str, work: Path) -> None:
    root = work / f"{workers}-workers"
    root.mkdir()
    cleaning = max(1, (os.cpu_count() or 1) // workers)
    with redis_server(root) as url:
        client = redis.Redis.from_url(url)
        empty = used_memory(client)
        peak = empty
        names = [f"w{n}" for n in range(1, workers + 1)]
        started = time.monotonic()
        processes = {
            name: start_worker(base, root, name, url, CLEANING_WORKERS=cleaning,
                               CONCURRENT_REQUESTS=32, CONCURRENT_REQUESTS_PER_DOMAIN=32,
                               LOG_LEVEL="WARNING")
            for name in names
        }
        done = threading.Event()
        waiter = threading.Thread(target=lambda: (wait_ok(processes, root, 3600), done.set()))
        waiter.start()
        while not done.wait(SAMPLE_SECONDS):
            peak = max(peak, used_memory(client))
        waiter.join()
        seconds = time.monotonic() - started
        after = used_memory(client)
    shares = [len(read_jsonl(root / f"items-{name}.jsonl")) for name in names]
    per_10k = 10_000 / pages / 2**20
    print(f"{workers} worker(s), {cleaning} cleaning process(es) each: "
          f"{pages / seconds:.1f} pages/s ({pages} pages in {seconds:.1f} s); "
          f"records per worker {shares} (total {sum(shares)}); Redis per 10,000 URLs: "
          f"peak {(peak - empty) * per_10k:.1f} MiB, after the crawl "
          f"{(after - empty) * per_10k:.1f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="article pages of the site")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; commit {os.popen('git rev-parse --short HEAD').read().strip()}")
    with tempfile.TemporaryDirectory() as temp, LocalSite(respond=responder(args.pages)) as site:
        for count in (int(n) for n in args.workers.split(",")):
            run(count, args.pages, site.base_url, Path(temp))
    print(f"All workers ran on this machine's {os.cpu_count()} cores: the cleaning is "
          "CPU-bound, so more workers than cores cannot go faster here; the gain of workers "
          "on several machines is not measured.")


if __name__ == "__main__":
    main()

"""Add-on: with DISTRIBUTED set, this process is one worker of a crawl shared in Redis.

It checks that REDIS_URL answers (else the crawl stops before starting, with one line:
`Error: cannot reach Redis at ...`), then sets up:

- scrapy-redis's scheduler (here `LeasedScheduler`) and request dupefilter
  (`RFPDupeFilter`) on keys `<REDIS_KEY_PREFIX>:<spider>:requests` and `:dupefilter`,
  kept when a worker closes (SCHEDULER_PERSIST), requests stored as JSON
  (`request_json.py`, SCHEDULER_SERIALIZER);
- the worker extensions: `WorkerCoordinator`, `StartOnce`, `WorkerStats`;
- per-worker files: the worker id goes into the name of every local feed and of
  REJECTS_PATH/SKIPPED_PATH (`out.jsonl` -> `out-<worker>.jsonl`, so its rejects are
  `out-<worker>.rejects.jsonl`), and STATE_DIR becomes `STATE_DIR/<worker>` (it holds
  only this worker's lock and open-feeds list; the shared state is in Redis).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.distributed.redis_connection import (
    check_reachable,
    is_distributed,
    key_prefix,
    worker_id,
)
from crawler.scheduled.state_db import DEFAULT_STATE_DIR

PACKAGE = "crawler.distributed"


def with_worker(uri: str, worker: str) -> str:
    """`dir/out.jsonl.gz` -> `dir/out-<worker>.jsonl.gz` (the id before the first suffix of
    the last path segment; `file:///` URIs keep their slashes)."""
    folder, slash, name = uri.rpartition("/")
    stem, dot, suffixes = name.partition(".")
    return f"{folder}{slash}{stem}-{worker}{dot}{suffixes}"


class DistributedMode:
    """Scrapy add-on (ADDONS, after OutputFeeds): turns this crawl into a worker."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not is_distributed(settings):
            return
        check_reachable(settings)
        worker, prefix = worker_id(settings), key_prefix(settings)
        priority = "addon"
        settings.set("SCHEDULER", f"{PACKAGE}.leased_scheduler.LeasedScheduler", priority)
        settings.set("SCHEDULER_QUEUE_CLASS", f"{PACKAGE}.leased_queue.LeasedPriorityQueue",
                     priority)
        settings.set("SCHEDULER_QUEUE_KEY", f"{prefix}:%(spider)s:requests", priority)
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:%(spider)s:dupefilter", priority)
        # JSON, not scrapy-redis's pickles: Redis data must never run code in a worker.
        settings.set("SCHEDULER_SERIALIZER", f"{PACKAGE}.request_json", priority)
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority)
        settings.set("SCHEDULER_PERSIST", True, priority)
        settings.set("REDIS_PARAMS", {"socket_timeout": 10, "socket_connect_timeout": 5},
                     priority)
        settings["EXTENSIONS"].update({
            f"{PACKAGE}.coordinator.WorkerCoordinator": 50,
            f"{PACKAGE}.worker_stats.WorkerStats": 100,
        })
        settings["SPIDER_MIDDLEWARES"].update({f"{PACKAGE}.start_once.StartOnce": 10})
        feeds = {with_worker(str(uri), worker): options
                 for uri, options in settings.getdict("FEEDS").items()}
        settings.set("FEEDS", feeds, settings.getpriority("FEEDS"))
        for name in ("REJECTS_PATH", "SKIPPED_PATH"):
            if path := settings.get(name):
                settings.set(name, with_worker(path, worker), settings.getpriority(name))
        state_dir = settings.get("STATE_DIR") or DEFAULT_STATE_DIR
        settings.set("STATE_DIR", f"{state_dir}/{worker}", settings.getpriority("STATE_DIR"))

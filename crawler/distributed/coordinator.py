"""Extension: one worker among several sharing a frontier in Redis.

- Heartbeat: `<prefix>:<spider>:worker:<id>` is set every second and expires after
  HEARTBEAT_TTL; a worker without one is dead.
- Leases: the requests a dead worker had taken go back to the queue, and the duplicate
  index forgets the pages it held; a worker restarted with the same WORKER_ID takes its
  own back as it starts.
- Idle: a worker with nothing to do stays up while the crawl goes on elsewhere (requests
  queued or leased, start requests still being pushed), and looks for work every second
  (Scrapy's engine would look every 5 s).
- End: the crawl is done when the start requests are pushed and no request is queued or
  leased; each worker then closes (`finished`), and the frontier (queue, dupefilter,
  start marker, spider arguments, pages and sitemaps found) is cleared so that the next
  scheduled run starts afresh. The seen-store, duplicate index and written rejections stay.
"""

from __future__ import annotations

import logging
import os

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from crawler.distributed.crawl_args import args_key
from crawler.distributed.leased_scheduler import LeasedScheduler, stop_on_lost_redis
from crawler.distributed.redis_connection import (
    heartbeat_key,
    is_distributed,
    key_prefix,
    redis_client,
    worker_id,
)
from crawler.distributed.redis_found_pages import found_keys
from crawler.distributed.start_once import PUSHED, pushed_key, start_key
from crawler.scheduled.duplicates import DEFAULT_NEAR_THRESHOLD
from crawler.scheduled.state_backend import open_dedup_index

logger = logging.getLogger(__name__)

HEARTBEAT_TTL = 10  # seconds without a heartbeat before a worker counts as dead
TICK = 1.0  # seconds between heartbeats (and looks for work when idle)


class WorkerCoordinator:
    """Heartbeat, lease recovery, idle and end of a distributed crawl's worker."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.client = redis_client(settings)
        self.worker = worker_id(settings)
        self.threshold = settings.getfloat("DEDUP_NEAR_THRESHOLD", DEFAULT_NEAR_THRESHOLD)
        self.ticks = LoopingCall(self.tick)
        self.warned = False  # about a dead worker that was pushing the start requests
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerCoordinator:
        if not is_distributed(crawler.settings):
            raise NotConfigured("DISTRIBUTED is off")
        return cls(crawler)

    @property
    def scheduler(self) -> LeasedScheduler:
        return self.crawler.engine._slot.scheduler  # noqa: SLF001 (no public accessor)

    def heartbeat_key(self, worker: str) -> str:
        return heartbeat_key(self.crawler.settings, self.crawler.spider.name, worker)

    def spider_opened(self) -> None:
        self.beat()
        # Whatever this worker id still holds is from a killed run of it.
        self.take_back(self.worker)
        self.take_back_dead()
        self.ticks.start(TICK, now=False)

    def beat(self) -> None:
        self.client.set(self.heartbeat_key(self.worker), os.getpid(), ex=HEARTBEAT_TTL)

    def tick(self) -> None:
        engine = self.crawler.engine
        if engine is None or engine._slot is None:  # noqa: SLF001 (closing)
            return
        try:
            self.beat()
            self.scheduler.release_finished(engine._slot.inprogress)  # noqa: SLF001
            if not engine.needs_backout():
                engine._slot.nextcall.schedule()  # noqa: SLF001 (look for queued work now)
        except redis.RedisError as error:
            stop_on_lost_redis(self.crawler, error)

    def take_back(self, worker: str) -> None:
        """Requeue a worker's leased requests and release its held duplicate-index pages."""
        requeued = self.scheduler.queue.requeue(worker)
        released = 0
        if self.crawler.settings.getbool("DEDUP_ENABLED", True):
            index = open_dedup_index(self.crawler.settings, self.threshold)
            released = index.release_held(worker)
        if requeued or released:
            logger.warning("Took back %d requests (and %d held pages) of worker %s",
                           requeued, released, worker)
            self.crawler.stats.inc_value("distributed/requeued", requeued)

    def take_back_dead(self) -> None:
        for worker in self.scheduler.queue.leasing_workers():
            if worker != self.worker and not self.client.exists(self.heartbeat_key(worker)):
                self.take_back(worker)

    def crawl_done(self) -> bool:
        """Start requests pushed, nothing queued, nothing leased by any worker. (No start
        marker: the first worker to finish has cleared the frontier already.)"""
        queue = self.scheduler.queue
        started = self.client.get(start_key(self.crawler))
        return started in (PUSHED, None) and not len(queue) and not queue.leasing_workers()

    def spider_idle(self) -> None:
        try:
            self.scheduler.release_finished(self.crawler.engine._slot.inprogress)  # noqa: SLF001
            if self.crawl_done():
                return
            self.take_back_dead()
            self.warn_if_pusher_dead()
        except redis.RedisError as error:
            stop_on_lost_redis(self.crawler, error)
            return
        raise DontCloseSpider

    def warn_if_pusher_dead(self) -> None:
        """Say once why the crawl cannot end: the worker pushing its start requests died,
        and this one, given other arguments than the crawl's, cannot take the push over."""
        pusher = self.client.get(start_key(self.crawler))
        if self.warned or pusher in (PUSHED, None):
            return
        if not self.client.exists(self.heartbeat_key(pusher.decode())):
            self.warned = True
            logger.warning("Worker %s died while pushing the start requests: start a worker "
                           "with the crawl's arguments (or none) to take the push over, or "
                           "restart it with WORKER_ID=%s", pusher.decode(), pusher.decode())

    def spider_closed(self, reason: str) -> None:
        if self.ticks.running:
            self.ticks.stop()
        try:
            if reason == "finished" and self.crawl_done():
                self.clear_frontier()
            self.client.delete(self.heartbeat_key(self.worker))
        except redis.RedisError as error:
            logger.error("Could not clear this worker's keys in Redis: %s", error)

    def clear_frontier(self) -> None:
        scheduler = self.scheduler
        scheduler.queue.clear()
        scheduler.df.clear()
        settings, spider = self.crawler.settings, self.crawler.spider.name
        self.client.delete(start_key(self.crawler), pushed_key(self.crawler),
                           args_key(settings, spider),
                           *found_keys(f"{key_prefix(settings)}:{spider}"))

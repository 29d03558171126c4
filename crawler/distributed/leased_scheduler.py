"""scrapy-redis's scheduler with leased requests (`LeasedPriorityQueue`), and a worker
that stops cleanly when Redis goes away.

Requests the engine took from the queue are released once the engine is done with them
(downloaded, called back, their items through the pipelines and written, their new
requests queued): `release_finished` compares the leases with the engine's requests in
progress, each time the engine asks for a request. A worker holds at most
WORKER_MAX_LEASED requests (default twice CONCURRENT_REQUESTS), so that one worker does
not take what others could fetch, nor have much to fetch again after a kill.

Any Redis error stops this worker (`stop_on_lost_redis`): the requests in hand stay
leased in Redis and go back to the queue when their leases are taken back.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.leased_queue import LEASE, LeasedPriorityQueue
from crawler.distributed.redis_connection import redis_url

logger = logging.getLogger(__name__)

REDIS_LOST = "redis_lost"  # the close reason of a worker that lost Redis


def stop_on_lost_redis(crawler: Crawler, error: Exception) -> None:
    """Log once why this worker stops, and close it with reason `redis_lost`."""
    if crawler.stats.get_value(REDIS_LOST):
        return
    message = f"lost Redis at {redis_url(crawler.settings)}: {error}"
    logger.error("Stopping this worker: %s (its unfinished requests stay leased)", message)
    crawler.stats.set_value(REDIS_LOST, message)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=REDIS_LOST))


class LeasedScheduler(Scheduler):
    """The shared frontier: scrapy-redis's queue and RFPDupeFilter, leases on pops."""

    queue: LeasedPriorityQueue

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.leased = {}  # request taken off the queue -> its lease token
        settings = crawler.settings
        scheduler.max_leased = settings.getint("WORKER_MAX_LEASED") or 2 * settings.getint(
            "CONCURRENT_REQUESTS")
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        try:
            return super().enqueue_request(request)
        except redis.RedisError as error:
            stop_on_lost_redis(self.crawler, error)
            return False

    def next_request(self) -> Request | None:
        if self.crawler.stats.get_value(REDIS_LOST):
            return None
        try:
            self.release_finished(self.crawler.engine._slot.inprogress)  # noqa: SLF001
            # Scrapy takes requests as long as downloads and the scraper have room: with
            # the cleaning pool behind, hundreds; leave them in the queue for other workers.
            if len(self.leased) >= self.max_leased:
                return None
            request = super().next_request()
        except redis.RedisError as error:
            stop_on_lost_redis(self.crawler, error)
            return None
        if request is not None:
            self.leased[request] = request.meta[LEASE]
        return request

    def has_pending_requests(self) -> bool:
        try:
            return super().has_pending_requests()
        except redis.RedisError as error:
            stop_on_lost_redis(self.crawler, error)
            return False

    def release_finished(self, in_progress: Collection[Request]) -> None:
        """Release the leases of requests the engine no longer has in progress."""
        for request in [r for r in self.leased if r not in in_progress]:
            self.queue.release(self.leased.pop(request))

    def close(self, reason: str) -> None:
        # Never flush: other workers go on with the queue (the coordinator clears it
        # when the whole crawl is done).
        pass

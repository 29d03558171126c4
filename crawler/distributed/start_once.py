"""Spider middleware: the start requests of a distributed crawl are pushed once, and a
push cut short by a dead worker is finished by another.

`<prefix>:<spider>:start` holds the id of the worker pushing (the first to start with
the crawl's arguments), then `pushed`. Every start output handed to the crawl (a request
queued, a `bad_url` item) is added to `<prefix>:<spider>:start:pushed` (its request
fingerprint, or its URL), by the pusher only (one Lua script checks that it still is).

A worker that runs with the crawl's arguments (given the same ones, or none: it joins
with the stored ones, crawl_args.py) and finds another worker pushing waits until the
push is done; if the pusher's heartbeat expires first (it was killed), the waiting worker
takes the push over (one Lua script, so one worker wins) and runs `start()` again,
handing over only what is not in the pushed set. The one output the dead worker may
have queued without recording it is a request the shared dupefilter drops. A worker
restarted with the pusher's id resumes the push at once. A worker given other arguments
joins and never pushes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.distributed.crawl_args import NEVER, PUSH_FIRST, args_key
from crawler.distributed.redis_connection import (
    heartbeat_key,
    is_distributed,
    key_prefix,
    redis_client,
    worker_id,
)

logger = logging.getLogger(__name__)

PUSHED = b"pushed"
WAIT = 1.0  # seconds between looks at another worker's push

# KEYS: start, pushed set, heartbeat of the worker seen pushing, crawl arguments. ARGV:
# this worker, the worker seen pushing ("" if none), "1" if this worker may start a push
# without stored arguments. Claims a new push (no start key, and the crawl's arguments
# stored, or this worker given them: not a crawl just cleared away), this worker's own
# push, or a dead worker's. Returns 1 for a new push, 2 for one resumed, -1 if there is
# no push to take part in (done, or no crawl), 0 if another worker is pushing.
_CLAIM = """
local current = redis.call('GET', KEYS[1])
if not current then
  if ARGV[3] ~= '1' and redis.call('EXISTS', KEYS[4]) == 0 then return -1 end
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
  return 1
end
if current == 'pushed' then return -1 end
if current == ARGV[1] then return 2 end
if current == ARGV[2] and redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  return 2
end
return 0
"""

# KEYS: start, pushed set. ARGV: this worker, output key ("" when done). Records an output
# as pushed, or the push as done, if this worker is still the pusher; returns 1 if so.
_RECORD = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('SET', KEYS[1], 'pushed')
  redis.call('DEL', KEYS[2])
else
  redis.call('SADD', KEYS[2], ARGV[2])
end
return 1
"""


def start_key(crawler: Crawler) -> str:
    return f"{key_prefix(crawler.settings)}:{crawler.spider.name}:start"


def pushed_key(crawler: Crawler) -> str:
    return f"{start_key(crawler)}:pushed"


class StartOnce:
    """Runs `start()` in one worker at a time, each output once across them."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.client = redis_client(crawler.settings)
        self.worker = worker_id(crawler.settings)
        self.role = crawler.settings.get("WORKER_START_PUSH") or PUSH_FIRST
        self._claim = self.client.register_script(_CLAIM)
        self._record = self.client.register_script(_RECORD)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartOnce:
        if not is_distributed(crawler.settings):
            raise NotConfigured("DISTRIBUTED is off")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if self.role == NEVER:
            logger.info("Joining the crawl (other arguments than the crawl's: never pushing "
                        "its start requests)")
            return
        resumed = await self.wait_for_push()
        if resumed is None:
            return
        pushed = 0
        async for output in start:
            key = self.output_key(output)
            if resumed and self.client.sismember(pushed_key(self.crawler), key):
                continue
            yield output
            if not self.record(key):
                logger.warning("Another worker took over the start requests: leaving them")
                return
            pushed += 1
            self.crawler.stats.set_value("distributed/start_pushed", pushed)
        self.record("")
        logger.info("Pushed %d start requests and items; the push is done", pushed)

    async def wait_for_push(self) -> bool | None:
        """Wait until this worker claims the push (True: resumed, False: new) or there is
        no push to take part in (None)."""
        settings, spider = self.crawler.settings, self.crawler.spider.name
        keys = [start_key(self.crawler), pushed_key(self.crawler)]
        may_start = "1" if self.role == PUSH_FIRST else ""
        waiting = False
        while True:
            current = self.client.get(keys[0])
            pusher = current.decode() if current not in (None, PUSHED) else ""
            heartbeat = heartbeat_key(settings, spider, pusher)
            claimed = int(self._claim(keys=[*keys, heartbeat, args_key(settings, spider)],
                                      args=[self.worker, pusher, may_start]))
            if claimed == -1:
                logger.info("Joining the crawl: its start requests are pushed")
                return None
            if claimed == 1:
                logger.info("Pushing the crawl's start requests to the shared queue")
                return False
            if claimed == 2:
                if pusher == self.worker:
                    logger.info("Resuming this worker's push of the start requests")
                else:
                    logger.warning("Worker %s died while pushing the start requests: taking "
                                   "the push over", pusher)
                    self.crawler.stats.set_value("distributed/start_taken_over_from", pusher)
                return True
            if not waiting:
                logger.info("Waiting while worker %s pushes the start requests", pusher)
                waiting = True
            await asyncio.sleep(WAIT)

    def output_key(self, output: Any) -> str:
        """What names a start output in the pushed set: a request's fingerprint, an item's
        URL."""
        if isinstance(output, Request):
            return self.crawler.request_fingerprinter.fingerprint(output).hex()
        return f"item {output.url}"

    def record(self, key: str) -> bool:
        """Record `key` as pushed ("" : the whole push) if this worker is still the pusher."""
        keys = [start_key(self.crawler), pushed_key(self.crawler)]
        return bool(self._record(keys=keys, args=[self.worker, key]))

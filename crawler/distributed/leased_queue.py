"""scrapy-redis's priority queue, with a lease on every request a worker takes.

scrapy-redis pops a request off the shared queue (ZRANGE + ZREMRANGEBYRANK) and the
request then lives only in the worker's memory, while the shared dupefilter already
counts it as seen: a worker killed with SIGKILL loses every request it had taken and not
finished, and no worker ever requests those pages again. Here the pop also writes the
request, with its score, to the worker's lease hash `<queue>:leases:<worker>` (one Lua
script, so nothing is ever in neither place). A finished request's lease is deleted; a
dead worker's leases go back to the queue (`requeue`), taken back by a restarted worker
with the same WORKER_ID at once, or by any worker once the dead one's heartbeat expires.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.redis_connection import worker_id

LEASE = "redis_lease"  # request.meta key: the lease token of a request taken off the queue

# KEYS: queue, this worker's leases, lease counter. Returns {token, request} or nil.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local token = tostring(redis.call('INCR', KEYS[3]))
redis.call('HSET', KEYS[2], token, found[2] .. '\\n' .. found[1])
return {token, found[1]}
"""

# KEYS: queue, a worker's leases. Puts every leased request back; returns how many.
_REQUEUE = """
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local packed = entries[i + 1]
  local cut = string.find(packed, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(packed, 1, cut - 1), string.sub(packed, cut + 1))
end
redis.call('DEL', KEYS[2])
return #entries / 2
"""


class LeasedPriorityQueue(PriorityQueue):
    """The shared request queue (a sorted set by priority); pops are leased."""

    def __init__(self, server, spider: Spider, key: str, serializer=None):  # noqa: ANN001
        super().__init__(server, spider, key, serializer)
        self.worker = worker_id(spider.settings)
        self.leases_key = self.lease_key(self.worker)
        self.counter_key = f"{self.key}:lease_counter"
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)

    def lease_key(self, worker: str) -> str:
        return f"{self.key}:leases:{worker}"

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, self.leases_key, self.counter_key])
        if not found:
            return None
        token, data = found
        request = self._decode_request(data)
        request.meta[LEASE] = token.decode()
        return request

    def release(self, token: str) -> None:
        """The leased request is finished: its items are written, its links queued."""
        self.server.hdel(self.leases_key, token)

    def requeue(self, worker: str) -> int:
        """Put a (dead) worker's leased requests back in the queue; return how many."""
        return int(self._requeue(keys=[self.key, self.lease_key(worker)]))

    def leasing_workers(self) -> dict[str, int]:
        """Worker id -> number of requests it holds, for every worker holding some."""
        prefix = self.lease_key("")
        held = {}
        for key in self.server.scan_iter(match=prefix + "*", count=1000):
            if count := self.server.hlen(key):
                held[key.decode()[len(prefix):]] = count
        return held

    def clear(self) -> None:
        """Forget the queue, every lease and the lease counter (the crawl is over)."""
        self.server.delete(self.key, self.counter_key,
                           *self.server.scan_iter(match=self.lease_key("*"), count=1000))

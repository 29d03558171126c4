"""Known-dead URLs in Redis, shared by every worker: one hash, URL -> "status failures
last_failed_at", the same interface as `crawler.scheduled.dead_urls.DeadUrls`."""

from __future__ import annotations

import redis

from crawler.scheduled.dead_urls import DeadUrl

# One more failure for a URL, atomically (two workers noting it at once count twice).
_NOTE = """
local value = redis.call('HGET', KEYS[1], ARGV[1])
local failures = 1
if value then failures = tonumber(string.match(value, '^%S+ (%S+)')) + 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. failures .. ' ' .. ARGV[3])
"""


class RedisDeadUrls:
    """Dead URLs by URL, in one Redis hash."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.key = f"{prefix}:dead_urls"
        self._note = client.register_script(_NOTE)

    def get(self, url: str) -> DeadUrl | None:
        value = self.client.hget(self.key, url)
        if value is None:
            return None
        status, failures, last_failed_at = value.decode().split()
        return DeadUrl(url, int(status), int(failures), float(last_failed_at))

    def note(self, url: str, status: int, at: float) -> None:
        """Found dead once more."""
        self._note(keys=[self.key], args=[url, status, repr(at)])

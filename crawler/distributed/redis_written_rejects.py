"""The rejections already written, in Redis: one set of "reason URL" members shared by
every worker, so a page rejected by one worker is not written again by another."""

from __future__ import annotations

import redis


class RedisWrittenRejects:
    """(URL, reason) pairs already in some worker's rejects file."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.key = f"{prefix}:written_rejects"

    def __contains__(self, key: tuple[str, str]) -> bool:
        url, reason = key
        return bool(self.client.sismember(self.key, f"{reason} {url}"))

    def add(self, url: str, reason: str, written_at: float) -> None:
        """Remember a rejection once its line is written."""
        self.client.sadd(self.key, f"{reason} {url}")

"""The settings of distributed mode, and the one Redis client a worker process uses."""

from __future__ import annotations

import os
import re
import socket
from functools import cache

import redis
from scrapy.settings import BaseSettings

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_KEY_PREFIX = "article-corpus"
_WORKER_ID = re.compile(r"[A-Za-z0-9_.-]+")


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached (at start, or lost during the crawl)."""


def is_distributed(settings: BaseSettings) -> bool:
    """True when the DISTRIBUTED setting turns distributed mode on."""
    return settings.getbool("DISTRIBUTED", False)


def redis_url(settings: BaseSettings) -> str:
    return settings.get("REDIS_URL") or DEFAULT_REDIS_URL


def key_prefix(settings: BaseSettings) -> str:
    """What every key of this crawl starts with (REDIS_KEY_PREFIX): two crawls with
    different prefixes share a Redis without seeing each other."""
    return settings.get("REDIS_KEY_PREFIX") or DEFAULT_KEY_PREFIX


def worker_id(settings: BaseSettings) -> str:
    """This process's name among the workers (WORKER_ID, default host-pid); it names the
    worker's output files and its leases. Restarting a killed worker with the same id
    takes its leases back at once."""
    value = settings.get("WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"
    if not _WORKER_ID.fullmatch(value):
        raise ValueError(f"WORKER_ID may hold only letters, digits, '.', '_' and '-': {value!r}")
    return value


def heartbeat_key(settings: BaseSettings, spider_name: str, worker: str) -> str:
    """The key a live worker sets every second (crawler/distributed/coordinator.py)."""
    return f"{key_prefix(settings)}:{spider_name}:worker:{worker}"


@cache
def _client(url: str) -> redis.Redis:
    # Short timeouts: a lost server must stop the worker, not hang it for 30 s a call.
    return redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)


def redis_client(settings: BaseSettings) -> redis.Redis:
    """The process's client for REDIS_URL (one connection pool shared by all components)."""
    return _client(redis_url(settings))


def check_reachable(settings: BaseSettings) -> None:
    """Raise `RedisUnavailable` with a one-line message if REDIS_URL does not answer."""
    try:
        redis_client(settings).ping()
    except redis.RedisError as error:
        raise RedisUnavailable(
            f"cannot reach Redis at {redis_url(settings)} (REDIS_URL): {error}"
        ) from None

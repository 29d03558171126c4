"""Where the crawl state lives: the SQLite file under STATE_DIR (one process, the
default), or Redis when the crawl is distributed (DISTRIBUTED, README "Distributed
crawls"). Either way the components see the same interfaces:

- seen-store: get, put, put_all, touch (`SeenStore`, `RedisSeenStore`);
- duplicate index: claim, add, release (`DedupIndex`, `RedisDedupIndex`);
- written rejections: `in`, add (`WrittenRejects`, `RedisWrittenRejects`);
- dead URLs: get, note (`DeadUrls`, `RedisDeadUrls`).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.distributed.redis_connection import (
    is_distributed,
    key_prefix,
    redis_client,
    worker_id,
)
from crawler.distributed.redis_dead_urls import RedisDeadUrls
from crawler.distributed.redis_dedup_index import RedisDedupIndex
from crawler.distributed.redis_seen_store import RedisSeenStore
from crawler.distributed.redis_written_rejects import RedisWrittenRejects
from crawler.scheduled.dead_urls import DeadUrls
from crawler.scheduled.dedup_index import DedupIndex
from crawler.scheduled.seen_store import SeenStore
from crawler.scheduled.state_db import connect, state_path
from crawler.scheduled.written_rejects import WrittenRejects

SeenPages = SeenStore | RedisSeenStore
DuplicateIndex = DedupIndex | RedisDedupIndex
Rejections = WrittenRejects | RedisWrittenRejects
DeadPages = DeadUrls | RedisDeadUrls


def open_seen_store(settings: BaseSettings) -> SeenPages:
    """The seen-store the settings name."""
    if is_distributed(settings):
        return RedisSeenStore(redis_client(settings), key_prefix(settings))
    return SeenStore(connect(state_path(settings)))


def open_dedup_index(settings: BaseSettings, threshold: float) -> DuplicateIndex:
    """The duplicate index the settings name, comparing at `threshold`."""
    if is_distributed(settings):
        client, prefix = redis_client(settings), key_prefix(settings)
        return RedisDedupIndex(client, prefix, worker_id(settings), threshold)
    return DedupIndex(connect(state_path(settings)), threshold)


def open_written_rejects(settings: BaseSettings) -> Rejections:
    """The store of rejections already written that the settings name."""
    if is_distributed(settings):
        return RedisWrittenRejects(redis_client(settings), key_prefix(settings))
    return WrittenRejects(connect(state_path(settings)))


def open_dead_urls(settings: BaseSettings) -> DeadPages:
    """The store of known-dead URLs that the settings name."""
    if is_distributed(settings):
        return RedisDeadUrls(redis_client(settings), key_prefix(settings))
    return DeadUrls(connect(state_path(settings)))

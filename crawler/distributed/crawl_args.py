"""The spider arguments of a distributed crawl, given once.

The worker started with the crawl's arguments (`-a site=...`, `-a strategy=...`) stores
them in Redis (`<prefix>:<spider>:args`) unless a crawl there has them already; a worker
started with no URL argument joins that crawl with its arguments (its spider then
follows the same sites, strategy and limits) and never pushes start requests (if the
crawl ends before it starts, it has nothing to do), or stops with one line if there is
no crawl to join. They are cleared with the frontier when the crawl is done.
"""

from __future__ import annotations

import json

import redis
from scrapy.settings import BaseSettings

from crawler.distributed.redis_connection import (
    RedisUnavailable,
    key_prefix,
    redis_client,
    redis_url,
)
from crawler.params import URL_ARGUMENTS, ArgumentError


def args_key(settings: BaseSettings, spider_name: str) -> str:
    return f"{key_prefix(settings)}:{spider_name}:args"


def shared_spider_args(
    settings: BaseSettings, spider_name: str, given: dict[str, str]
) -> dict[str, str]:
    """The arguments this worker's spider runs with: `given` if it names URLs (stored
    for the workers that join), else those of the crawl in Redis."""
    client, key = redis_client(settings), args_key(settings, spider_name)
    try:
        if any(name in given for name in URL_ARGUMENTS):
            client.set(key, json.dumps(given, sort_keys=True), nx=True)
            return given
        stored = client.get(key)
    except redis.RedisError as error:
        raise RedisUnavailable(
            f"cannot reach Redis at {redis_url(settings)} (REDIS_URL): {error}"
        ) from None
    if stored is None:
        raise ArgumentError(
            f"no URL given and no crawl to join in Redis ({key}): start the first worker "
            "with -a site=URL (or url=, urls=, urls_file=)"
        )
    return {**json.loads(stored), **given}

"""The spider arguments of a distributed crawl, given once.

The worker started with the crawl's arguments (`-a site=...`, `-a strategy=...`) stores
them in Redis (`<prefix>:<spider>:args`) unless a crawl there has them already; a worker
started with no URL argument joins that crawl with its arguments (its spider then
follows the same sites, strategy and limits), or stops with one line if there is no
crawl to join. They are cleared with the frontier when the crawl is done.

Which part a worker may take in pushing the start requests (start_once.py) follows from
its arguments: given the crawl's, it may start the push; joined with them, it may take
over a push whose worker died (never start one: the crawl may just have ended); given
others (a crawl with other arguments is on), it never pushes.
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

# A worker's part in the start push (the WORKER_START_PUSH setting, set by `scrapy crawl`).
PUSH_FIRST = "first"  # given the crawl's arguments: may start the push, or take it over
TAKE_OVER = "take_over"  # joined with the stored arguments: may take a push over
NEVER = "never"  # given other arguments: never pushes


def args_key(settings: BaseSettings, spider_name: str) -> str:
    return f"{key_prefix(settings)}:{spider_name}:args"


def shared_spider_args(
    settings: BaseSettings, spider_name: str, given: dict[str, str]
) -> tuple[dict[str, str], str]:
    """The arguments this worker's spider runs with (`given` if it names URLs, stored for
    the workers that join; else those of the crawl in Redis), and its part in the start
    push: PUSH_FIRST, TAKE_OVER or NEVER."""
    client, key = redis_client(settings), args_key(settings, spider_name)
    try:
        if any(name in given for name in URL_ARGUMENTS):
            client.set(key, json.dumps(given, sort_keys=True), nx=True)
            stored = json.loads(client.get(key) or "{}")
            return given, PUSH_FIRST if _crawl_args(stored) == _crawl_args(given) else NEVER
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
    return {**json.loads(stored), **given}, TAKE_OVER


def _crawl_args(args: dict[str, str]) -> dict[str, str]:
    """The arguments that make the crawl (not scrapyd's `_job` and the like)."""
    return {name: value for name, value in args.items() if not name.startswith("_")}

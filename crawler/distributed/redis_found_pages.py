"""What a distributed crawl has found, in Redis, shared by every worker: the pages (so
`max_pages` and `pages/found` count for the crawl) and the sitemaps requested (so the
sitemap limits do). Both keep the same interface as the in-memory classes, with a local
cache of what this worker has seen, and are frontier keys, cleared when the crawl ends.

Keys, under `<prefix>:<spider>:found`: a hash request fingerprint -> `r` (requested) or
`s` (skipped beyond max_pages), `:requested` (how many are requested), `:bad_urls` (the
listed URLs that cannot be requested) and `:sitemaps` (the sitemaps requested).

A page or sitemap another worker noted may never have reached the queue (that worker
was killed in between): it is requested again, and the shared dupefilter drops it if it
did. So no page is lost to a kill, and none is counted twice.
"""

from __future__ import annotations

import redis

from crawler.found_pages import Finding, FoundPages
from crawler.sitemaps import SitemapLimits

# KEYS: pages hash, requested count. ARGV: fingerprint, max_pages (0: none). Returns the
# stored state (r, s) of a page found before; else notes it, and returns R (requested)
# or S (skipped).
_FIND = """
local state = redis.call('HGET', KEYS[1], ARGV[1])
if state then return state end
local most = tonumber(ARGV[2])
if most > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= most then
  redis.call('HSET', KEYS[1], ARGV[1], 's')
  return 'S'
end
redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], 'r')
return 'R'
"""

_FINDINGS = {b"R": Finding.NEW, b"S": Finding.OVER_LIMIT, b"r": Finding.FOUND_ELSEWHERE,
             b"s": Finding.KNOWN}

# KEYS: sitemaps set. ARGV: url, depth, max depth, max count. Returns why not, or nil
# (and the sitemap is noted); "again" for a sitemap requested by some worker before.
_REFUSAL = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'again' end
if tonumber(ARGV[2]) > tonumber(ARGV[3]) then return 'depth' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 'count' end
redis.call('SADD', KEYS[1], ARGV[1])
return false
"""


def found_keys(namespace: str) -> list[str]:
    """Every key of what the crawl `<prefix>:<spider>` has found."""
    key = f"{namespace}:found"
    return [key, f"{key}:requested", f"{key}:bad_urls", f"{key}:sitemaps"]


class RedisFoundPages(FoundPages):
    """Pages found by any worker of the crawl `namespace` (`<prefix>:<spider>`)."""

    def __init__(self, client: redis.Redis, namespace: str, max_pages: int | None):
        super().__init__(max_pages)
        self.client = client
        self.pages, self.requested_key, self.bad_urls, _ = found_keys(namespace)
        self._find = client.register_script(_FIND)

    def find(self, fingerprint: bytes) -> Finding:
        if fingerprint in self.fingerprints:
            return Finding.KNOWN
        self.fingerprints.add(fingerprint)
        state = self._find(keys=[self.pages, self.requested_key],
                           args=[fingerprint, self.max_pages or 0])
        return _FINDINGS[state]

    def first_bad_url(self, url: str) -> bool:
        """Whether no worker found this listed URL before (a worker taking over the start
        push meets the bad URLs of the dead pusher again)."""
        return bool(self.client.sadd(self.bad_urls, url))


class RedisSitemapLimits(SitemapLimits):
    """The sitemap limits counted over every worker of the crawl `namespace`."""

    def __init__(self, client: redis.Redis, namespace: str, max_depth: int, max_count: int):
        super().__init__(max_depth, max_count)
        self.key = found_keys(namespace)[3]
        self._refusal = client.register_script(_REFUSAL)

    def refusal(self, url: str, depth: int) -> str | None:
        if url in self.requested:
            return "requested"
        answer = self._refusal(keys=[self.key],
                               args=[url, depth, self.max_depth, self.max_count])
        if answer is not None and answer != b"again":
            return answer.decode()
        self.requested.add(url)
        return None

"""The seen-store in Redis: one small hash per URL, shared by every worker.

The same interface as `crawler.scheduled.seen_store.SeenStore` (get, put, put_all,
touch, len); keys are `<prefix>:seen:<url>` and outlive the crawl, as the SQLite rows do.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis

from crawler.scheduled.seen_store import SeenPage

# Short field names: a hash of this size is stored as a listpack, field names included.
_FIELDS = ("f", "e", "m", "h", "r", "v", "p")


def _mapping(page: SeenPage) -> dict[str, str]:
    values = (page.fetched_at, page.etag, page.last_modified, page.content_hash,
              page.record_id, page.version, page.previous_record_id)
    pairs = zip(_FIELDS, values, strict=True)
    return {name: "" if value is None else str(value) for name, value in pairs}


def _text(value: bytes | None) -> str | None:
    return value.decode() if value else None


class RedisSeenStore:
    """URL -> `SeenPage` in Redis hashes."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.prefix = f"{prefix}:seen:"

    def get(self, url: str) -> SeenPage | None:
        """The stored page for `url`, or None if no worker ever saw it."""
        values = self.client.hmget(self.prefix + url, _FIELDS)
        if values[0] is None:
            return None
        fetched, etag, modified, digest, record, version, previous = values
        return SeenPage(url, float(fetched), _text(etag), _text(modified), _text(digest),
                        _text(record), int(version or 0), _text(previous))

    def put(self, page: SeenPage) -> None:
        """Insert or replace the entry of `page.url`."""
        self.put_all([page])

    def put_all(self, pages: Iterable[SeenPage]) -> None:
        """Store several pages at once (MULTI/EXEC: all or none)."""
        with self.client.pipeline(transaction=True) as pipe:
            for page in pages:
                pipe.hset(self.prefix + page.url, mapping=_mapping(page))
            pipe.execute()

    def touch(
        self, url: str, fetched_at: float, etag: str | None, last_modified: str | None
    ) -> None:
        """Record an unchanged revisit: new fetch time; validators kept unless new ones came."""
        key = self.prefix + url
        if not self.client.exists(key):
            return
        changed = {"f": str(fetched_at)}
        if etag:
            changed["e"] = etag
        if last_modified:
            changed["m"] = last_modified
        self.client.hset(key, mapping=changed)

    def __len__(self) -> int:
        return sum(1 for _ in self.client.scan_iter(match=self.prefix + "*", count=1000))

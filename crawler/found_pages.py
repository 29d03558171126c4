"""Which pages a crawl has found, and how many it has requested (`max_pages`).

The spider asks `find` about every page URL it could request (given, listed, linked):
the first time, the page counts as found (`pages/found`) and is requested, or skipped
once `max_pages` pages are requested; after that it is nothing new. One process keeps
this in memory (`FoundPages`); the workers of a distributed crawl share it in Redis
(`crawler/distributed/redis_found_pages.py`), so that `max_pages` bounds the crawl, not
each worker, and each page counts as found once.
"""

from __future__ import annotations

from enum import Enum


class Finding(Enum):
    """What finding a page means."""

    NEW = "new"  # found first: request it (counted as found and as requested)
    OVER_LIMIT = "over_limit"  # found first, max_pages requested already: skip it
    KNOWN = "known"  # found before: nothing to do
    # Distributed: found and requested first by another worker, which may have died before
    # queueing it: requested again, not counted; the shared dupefilter drops it if queued.
    FOUND_ELSEWHERE = "found_elsewhere"


class FoundPages:
    """Pages found by one process, by request fingerprint."""

    def __init__(self, max_pages: int | None):
        self.max_pages = max_pages
        self.fingerprints: set[bytes] = set()  # pages found (requested or skipped)
        self.requested = 0

    def find(self, fingerprint: bytes) -> Finding:
        """What finding the page with this request fingerprint means (and note it)."""
        if fingerprint in self.fingerprints:
            return Finding.KNOWN
        self.fingerprints.add(fingerprint)
        if self.max_pages and self.requested >= self.max_pages:
            return Finding.OVER_LIMIT
        self.requested += 1
        return Finding.NEW

    def first_bad_url(self, url: str) -> bool:
        """Whether a listed URL that cannot be requested counts as a page found: every
        line of the lists does."""
        return True

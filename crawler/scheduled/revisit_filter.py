"""Spider middleware: drop requests for pages seen recently, and order revisits by date.

A request whose URL is in the seen-store and was fetched less than ``RECRAWL_AFTER``
seconds ago (default 86400, one day) is not scheduled at all, unless its listing date
(the newest of the sitemap ``<lastmod>``, news publication date and feed entry date the
spider put in the request's provenance) is newer than that fetch. Requests with a
listing date get a priority bonus of 0 to 3 by its age (under a day, a week, a month),
so the freshest pages are fetched first. A skipped request is replaced by a `SkippedPage`
item (reason `fresh`), so the page has its line in the skipped log.

Requests for pages given to the crawl (strategy direct: `url=`, `urls=`, `urls_file=`,
marked `given` in their meta) pass untouched: one-off ingestion fetches what it is given.
Only a few priority levels are used because each level is its own disk queue under
``JOBDIR``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.items import Provenance, SkippedPage
from crawler.listing_dates import listing_timestamp
from crawler.scheduled.seen_store import SeenStore
from crawler.scheduled.state_db import connect, state_path

DEFAULT_RECRAWL_AFTER = 86400
_PRIORITY_AGES = (86400, 7 * 86400, 30 * 86400)


def listing_date(request: Request) -> float | None:
    """The newest date a sitemap or feed gave for the request's page, None if none."""
    provenance = request.meta.get("provenance")
    dates = provenance.listing_dates.values() if isinstance(provenance, Provenance) else ()
    parsed = [moment for moment in map(listing_timestamp, dates) if moment is not None]
    return max(parsed, default=None)


def freshness_bonus(lastmod: float, now: float) -> int:
    """3 for a date under a day old, 2 under a week, 1 under a month, else 0."""
    age = now - lastmod
    return sum(1 for limit in _PRIORITY_AGES if age < limit)


def fresh_page(request: Request, fetched_at: float, recrawl_after: float) -> SkippedPage:
    """The skipped-log item of a page request not made because the page is fresh (only
    pages are in the seen-store, so the request has the spider's provenance)."""
    when = datetime.fromtimestamp(fetched_at, UTC).isoformat(timespec="seconds")
    detail = f"fetched {when}, less than RECRAWL_AFTER={recrawl_after:g} s ago"
    return SkippedPage(request.url, "fresh", detail, request.meta["provenance"])


class RevisitFilterMiddleware(BaseSpiderMiddleware):
    """Skips fresh pages and raises the priority of recently changed ones."""

    def __init__(self, crawler: Crawler, store: SeenStore, recrawl_after: float):
        super().__init__(crawler)
        self.store = store
        self.recrawl_after = recrawl_after
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitFilterMiddleware:
        settings = crawler.settings
        store = SeenStore(connect(state_path(settings)))
        return cls(crawler, store, settings.getfloat("RECRAWL_AFTER", DEFAULT_RECRAWL_AFTER))

    def get_processed_request(  # type: ignore[override]
        self, request: Request, response: Response | None
    ) -> Request | SkippedPage:
        # Returning an item in place of a request: BaseSpiderMiddleware passes on whatever
        # is not None, and an item is what puts the skipped page in the skipped log.
        if request.meta.get("given"):
            return request
        now = time.time()
        lastmod = listing_date(request)
        seen = self.store.get(request.url)
        if seen is not None:
            changed_since = lastmod is not None and lastmod > seen.fetched_at
            if now - seen.fetched_at < self.recrawl_after and not changed_since:
                self.stats.inc_value("scheduled/skipped_fresh")
                return fresh_page(request, seen.fetched_at, self.recrawl_after)
            self.stats.inc_value("scheduled/revisits")
        if lastmod is None:
            return request
        bonus = freshness_bonus(lastmod, now)
        return request.replace(priority=request.priority + bonus) if bonus else request

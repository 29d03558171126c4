"""Spider middleware: drop requests for pages seen recently, and order revisits by date.

A request whose URL is in the seen-store and was fetched less than ``RECRAWL_AFTER``
seconds ago (default 86400, one day) is not scheduled at all, unless its listing date
(the newest of the sitemap ``<lastmod>``, news publication date and feed entry date the
spider put in the request's provenance) is newer than that fetch. Requests with a
listing date get a priority bonus of 0 to 3 by its age (under a day, a week, a month),
so the freshest pages are fetched first. A skipped request is replaced by a `SkippedPage`
item (reason `fresh`), so the page has its line in the skipped log.

A URL found dead (404, 410: `crawler/scheduled/dead_urls.py`) is not requested again
until its back-off is over, RECRAWL_AFTER x 2^(runs that found it dead - 1) seconds, at
most DEAD_URL_MAX_RETRY_AFTER (default 30 days), unless its listing date is newer than
that failure (skipped, reason `dead`).

Requests for pages given to the crawl (strategy direct: `url=`, `urls=`, `urls_file=`,
marked `given` in their meta) pass untouched: one-off ingestion fetches what it is given.
Except in a run that resumes a killed or paused run of the same crawl
(`FeedRecovery.resumed_since`): a given URL whose record the seen-store got since that
crawl began was written by it, and is skipped (reason `written`), so that the resume
writes only the records still missing.
Only a few priority levels are used because each level is its own disk queue under
``JOBDIR``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from functools import cached_property

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.items import Provenance, SkippedPage
from crawler.listing_dates import listing_timestamp
from crawler.scheduled.dead_urls import DeadUrl
from crawler.scheduled.feed_recovery import FeedRecovery
from crawler.scheduled.seen_store import SeenPage
from crawler.scheduled.state_backend import DeadPages, SeenPages, open_dead_urls, open_seen_store

DEFAULT_RECRAWL_AFTER = 86400
DEFAULT_MAX_RETRY_AFTER = 30 * 86400
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


def _utc(moment: float) -> str:
    """A Unix time as the skipped log writes it: ISO 8601 in UTC, to the second."""
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def fresh_page(request: Request, fetched_at: float, recrawl_after: float) -> SkippedPage:
    """The skipped-log item of a page request not made because the page is fresh (only
    pages are in the seen-store, so the request has the spider's provenance)."""
    detail = f"fetched {_utc(fetched_at)}, less than RECRAWL_AFTER={recrawl_after:g} s ago"
    return SkippedPage(request.url, "fresh", detail, request.meta["provenance"])


def dead_page(request: Request, dead: DeadUrl, retry_at: float) -> SkippedPage:
    """The skipped-log item of a page request not made because the URL is known dead."""
    last, retry = _utc(dead.last_failed_at), _utc(retry_at)
    runs = "once" if dead.failures == 1 else f"on {dead.failures} runs"
    detail = f"HTTP {dead.status} {runs}, last {last}: not requested before {retry}"
    return SkippedPage(request.url, "dead", detail, request.meta["provenance"])


def written_page(request: Request, stored_at: float) -> SkippedPage:
    """The skipped-log item of a given page not requested again because an earlier run of
    this crawl (killed or paused) wrote its record."""
    detail = f"written {_utc(stored_at)} by an earlier run of this crawl"
    return SkippedPage(request.url, "written", detail, request.meta["provenance"])


def resumed_since(crawler: Crawler) -> float | None:
    """When the crawl that this run continues after a kill or a pause began
    (`FeedRecovery`), else None."""
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, FeedRecovery):
            return extension.resumed_since
    return None


class RevisitFilterMiddleware(BaseSpiderMiddleware):
    """Skips fresh pages and raises the priority of recently changed ones."""

    def __init__(
        self,
        crawler: Crawler,
        store: SeenPages,
        recrawl_after: float,
        dead: DeadPages | None = None,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    ):
        super().__init__(crawler)
        self.store = store
        self.recrawl_after = recrawl_after
        self.dead = dead
        self.max_retry_after = max_retry_after
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitFilterMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            open_seen_store(settings),
            settings.getfloat("RECRAWL_AFTER", DEFAULT_RECRAWL_AFTER),
            open_dead_urls(settings),
            settings.getfloat("DEAD_URL_MAX_RETRY_AFTER", DEFAULT_MAX_RETRY_AFTER),
        )

    def get_processed_request(  # type: ignore[override]
        self, request: Request, response: Response | None
    ) -> Request | SkippedPage:
        # Returning an item in place of a request: BaseSpiderMiddleware passes on whatever
        # is not None, and an item is what puts the skipped page in the skipped log.
        if request.meta.get("given"):
            return self._given(request)
        now = time.time()
        lastmod = listing_date(request)
        seen = self.store.get(request.url)
        if (dead := self._still_dead(request.url, seen, lastmod, now)) is not None:
            self.stats.inc_value("scheduled/skipped_dead")
            return dead_page(request, dead, dead.retry_at(self.recrawl_after, self.max_retry_after))
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

    @cached_property
    def resumed_since(self) -> float | None:
        """`resumed_since(crawler)`, read at the first given request: every extension
        exists by then."""
        return resumed_since(self.crawler)

    def _given(self, request: Request) -> Request | SkippedPage:
        since = self.resumed_since
        if since is None:
            return request
        seen = self.store.get(request.url)
        if seen is None or seen.record_id is None or seen.fetched_at < since:
            return request
        self.stats.inc_value("scheduled/skipped_written")
        return written_page(request, seen.fetched_at)

    def _still_dead(
        self, url: str, seen: SeenPage | None, lastmod: float | None, now: float
    ) -> DeadUrl | None:
        """The URL's dead entry if it is still waiting for its retry: not fetched since,
        not listed as changed since, its back-off not over."""
        dead = self.dead.get(url) if self.dead is not None else None
        if dead is None or (seen is not None and seen.fetched_at > dead.last_failed_at):
            return None
        if lastmod is not None and lastmod > dead.last_failed_at:
            return None
        return dead if now < dead.retry_at(self.recrawl_after, self.max_retry_after) else None

"""Extension: after a killed crawl, repair what the kill left and make resuming safe.

At start-up, before the scheduler opens ``JOBDIR``, it takes ``STATE_DIR`` for this
crawl (a second crawl on the same folder stops with `StateInUse`), then:

1. Feed files a killed crawl had open, or one stopped by a failed write (listed by
   `LineAtomicFileFeedStorage`), are checked: a trailing partial line (in a gzip feed,
   a partial gzip member) is cut off (logged), and the last record is stored in the
   seen-store and the dedup index if it is not there yet (the kill or the failed state
   write fell between writing it and storing it), so the resumed crawl does not write
   it again. A gzip feed that ends in a damaged member holding whole records (not
   written by this crawler) stops the start with `DamagedFeed`.
2. If ``JOBDIR`` is set and the previous crawl with it did not close (its
   ``scheduled.running`` marker, `crawler.scheduled.job_marker`, is still there and not
   marked paused), its request queue and
   ``requests.seen`` are discarded: Scrapy saves the queue's positions only on a clean
   close, and ``requests.seen`` lists requests that were queued but may never have been
   fetched. The resumed crawl finds pages again from its start URLs, and the
   seen-store skips every page already written, so each article is written once.
   A crawl stopped by a failed write leaves its marker too, for the same reason.
   A resume of the same crawl, after a kill or a pause, knows when that crawl began
   (`resumed_since`): given URLs (one-off ingestion, which otherwise writes a record
   for every URL it is given) whose record the seen-store got since then were written
   by its earlier runs, and are skipped (`RevisitFilterMiddleware`). Without a
   ``JOBDIR`` the marker is kept in ``STATE_DIR`` (there is no queue to discard), so a
   one-off ingestion stopped by a kill or a full disk resumes so too.
3. When a crawl with ``JOBDIR`` finishes, its ``requests.seen`` is removed: there is
   nothing to resume, and the next scheduled run with the same ``JOBDIR`` must be able
   to request the same sitemaps and pages again. A paused crawl (Ctrl-C) keeps it.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.gzip_members import cut_partial_member
from crawler.scheduled.duplicates import DEFAULT_NEAR_THRESHOLD, remember
from crawler.scheduled.job_marker import RUNNING_MARKER, JobMarker, crawl_identity
from crawler.scheduled.line_atomic_feed import open_feeds_list, read_open_feeds
from crawler.scheduled.record_versions import store_exported
from crawler.scheduled.state_backend import open_dedup_index, open_seen_store
from crawler.scheduled.state_db import lock_state_dir, state_path
from crawler.write_failures import WRITE_FAILED

logger = logging.getLogger(__name__)

_BLOCK = 65536
_GZIP_MAGIC = b"\x1f\x8b"


def cut_partial_line(path: Path) -> int:
    """Truncate `path` after its last newline; return the number of bytes removed."""
    size = path.stat().st_size
    with path.open("rb+") as file:
        end = size
        while end > 0:
            start = max(0, end - _BLOCK)
            file.seek(start)
            newline = file.read(end - start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        file.truncate(keep)
    return size - keep


def last_line(path: Path) -> bytes | None:
    """The last complete line of a file that ends with a newline, None if it is empty."""
    with path.open("rb") as file:
        end = file.seek(0, 2) - 1  # before the final newline
        tail = b""
        while end > 0:
            start = max(0, end - _BLOCK)
            file.seek(start)
            tail = file.read(end - start) + tail
            if b"\n" in tail:
                return tail[tail.rindex(b"\n") + 1 :]
            end = start
        return tail or None


def open_jobdir(
    marker_path: Path, crawl: str, stats: StatsCollector, queue: bool = True, afresh: bool = False
) -> tuple[JobMarker, float | None]:
    """Read the marker at start-up (JOBDIR's, or STATE_DIR's for a crawl without one,
    `queue` False): discard the queue and seen requests of a crawl that was killed, or of
    another crawl, and mark the folder as in use by crawl `crawl`. Returns the new marker
    and, when this crawl continues a killed or paused run of the same crawl, when that
    crawl began (else None; always None `afresh`, for a crawl whose feed starts empty)."""
    jobdir = marker_path.parent
    last = JobMarker.read(marker_path)
    continues = last is not None and last.continues(crawl)
    # A paused run's queue is kept for the run that continues it, not for one whose feed
    # starts empty: its requests.seen would drop the given URLs the paused run wrote.
    if queue and last is not None and not (last.paused and continues and not afresh):
        # Killed; or another crawl's queue, which this crawl must not take over.
        logger.warning("%s was not closed cleanly: discarding its request queue", jobdir)
        shutil.rmtree(jobdir / "requests.queue", ignore_errors=True)
        (jobdir / "requests.seen").unlink(missing_ok=True)
        stats.inc_value("scheduled/recovery/jobdir_reset")
    resumed_since = last.began if last is not None and continues and not afresh else None
    marker = JobMarker(time.time() if resumed_since is None else resumed_since, crawl=crawl)
    jobdir.mkdir(parents=True, exist_ok=True)
    marker.write(marker_path)
    return marker, resumed_since


def _overwrites_a_feed(settings: Any) -> bool:
    """Whether a feed is opened to be overwritten (`-O`, `overwrite` in FEEDS)."""
    feeds = settings.getdict("FEEDS")
    return any(isinstance(options, dict) and options.get("overwrite") for options in feeds.values())


class FeedRecovery:
    """Repairs feed files and the seen-store after a kill, and resets an unclean JOBDIR."""

    def __init__(self, crawler: Crawler):
        self.settings = settings = crawler.settings
        self.state_file = state_path(settings)
        self.threshold = settings.getfloat("DEDUP_NEAR_THRESHOLD", DEFAULT_NEAR_THRESHOLD)
        self.stats = crawler.stats
        self.lock = lock_state_dir(self.state_file.parent)
        self.recover_feeds()
        # The marker is JOBDIR's, or STATE_DIR's for a crawl without one: a one-off
        # ingestion stopped by a kill or a full disk is resumed without writing its given
        # URLs' records again either way.
        jobdir = settings.get("JOBDIR")
        self.jobdir = Path(jobdir) if jobdir else None
        self.marker_path = (self.jobdir or self.state_file.parent) / RUNNING_MARKER
        # When the crawl this run continues (after a kill or a pause) began; else None.
        self.marker, self.resumed_since = open_jobdir(
            self.marker_path,
            crawl_identity(crawler),
            self.stats,
            queue=self.jobdir is not None,
            # `-O` empties the feed: the records of the runs before are gone from it, so a
            # given URL written by them must be written again.
            afresh=_overwrites_a_feed(settings),
        )
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedRecovery:
        return cls(crawler)

    def recover_feeds(self) -> None:
        """Cut partial lines and store last records of the feed files a killed crawl left open."""
        state_dir = self.state_file.parent
        feeds = [path for path in read_open_feeds(state_dir) if path.exists()]
        if not feeds:
            open_feeds_list(state_dir).unlink(missing_ok=True)
            return
        store = open_seen_store(self.settings)
        index = open_dedup_index(self.settings, self.threshold)
        for path in feeds:
            record = self.repair(path)
            if record is None:
                continue
            seen = store.get(record["url"])
            if seen is None or seen.record_id != record["record_id"]:
                logger.warning("Storing record %s written just before a kill", record["record_id"])
                store_exported(store, record, time.time(), None)
                self.stats.inc_value("scheduled/recovery/records_stored")
            # Adding a kept record again changes nothing; a failed write may have
            # stopped the crawl between the seen-store and the index.
            remember(index, record)
        open_feeds_list(state_dir).unlink()

    def repair(self, path: Path) -> dict[str, Any] | None:
        """Cut a partial last line (or gzip member) off a JSON lines feed; return its last
        record, if any."""
        with path.open("rb") as file:
            compressed = file.read(2) == _GZIP_MAGIC
        if compressed:
            cut, line = cut_partial_member(path)
        else:
            cut, line = cut_partial_line(path), last_line(path)
        if cut:
            logger.warning("Cut a partial last record of %d bytes from %s", cut, path)
            self.stats.inc_value("scheduled/recovery/partial_lines_cut")
        try:
            record = json.loads(line) if line else None
        except ValueError:  # not a JSON lines feed (CSV, XML): nothing to reconcile
            return None
        return record if isinstance(record, dict) and "record_id" in record else None

    def spider_closed(self, reason: str) -> None:
        # Scrapy has saved the queue by now: the engine closes the scheduler first.
        # After a failed write it stays marked unclean, like after a kill: pages fetched
        # but not written are in requests.seen and no longer queued, so the next start
        # must discard both and find pages again.
        if reason != WRITE_FAILED:
            if reason == "finished":
                # Nothing left to resume. Left in place, requests.seen would filter out
                # every page of the next scheduled run that uses the same JOBDIR.
                if self.jobdir is not None:
                    (self.jobdir / "requests.seen").unlink(missing_ok=True)
                self.marker_path.unlink(missing_ok=True)
            else:  # paused: Scrapy keeps the queue, the next start continues this crawl
                replace(self.marker, paused=True).write(self.marker_path)
        self.lock.close()

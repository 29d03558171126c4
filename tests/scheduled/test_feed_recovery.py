"""Repairs after a kill: partial last lines cut, the last record stored, JOBDIR reset."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.params import CrawlParams
from crawler.scheduled.dedup_index import DedupIndex, Fingerprint
from crawler.scheduled.feed_recovery import (
    FeedRecovery,
    cut_partial_line,
    last_line,
    open_jobdir,
)
from crawler.scheduled.job_marker import RUNNING_MARKER, JobMarker, crawl_identity
from crawler.scheduled.line_atomic_feed import open_feeds_list
from crawler.scheduled.seen_store import SeenStore
from crawler.scheduled.state_db import STATE_FILE, connect


def test_partial_last_line_is_cut(tmp_path):
    feed = tmp_path / "out.jsonl"
    feed.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert cut_partial_line(feed) == len(b'{"c": ')
    assert feed.read_bytes() == b'{"a": 1}\n{"b": 2}\n'


def test_whole_lines_are_left_alone(tmp_path):
    feed = tmp_path / "out.jsonl"
    feed.write_bytes(b'{"a": 1}\n')
    assert cut_partial_line(feed) == 0
    assert last_line(feed) == b'{"a": 1}'


def test_last_line_of_a_long_file_spanning_blocks(tmp_path):
    feed = tmp_path / "out.jsonl"
    long = b"x" * 200_000
    feed.write_bytes(b"first\n" + long + b"\n")
    assert last_line(feed) == long


RECORD = {"url": "http://127.0.0.1/a/1", "title": "T", "text": "Some article text here.",
          "content_hash": "sha256:" + "1" * 64, "record_id": "rec-" + "2" * 32, "version": 1}
LINE = json.dumps(RECORD).encode() + b"\n"


def recover(state: Path, feed: Path) -> None:
    """Start-up recovery with `feed` listed as left open by a killed crawl."""
    state.mkdir()
    open_feeds_list(state).write_text(f"{feed}\n")
    FeedRecovery(get_crawler(settings_dict={"STATE_DIR": str(state)}))
    assert not open_feeds_list(state).exists()


def test_record_written_but_not_stored_before_a_kill_is_stored_at_start(tmp_path):
    state, feed = tmp_path / "state", tmp_path / "out.jsonl"
    feed.write_bytes(LINE + b'{"url": "http://127.0.0.1/a/2"')
    recover(state, feed)
    assert feed.read_bytes() == LINE
    stored = SeenStore(connect(state / STATE_FILE)).get(RECORD["url"])
    assert stored.record_id == RECORD["record_id"]
    assert DedupIndex(connect(state / STATE_FILE)).find_exact(
        Fingerprint.of("http://127.0.0.1/copy", RECORD["content_hash"], RECORD["text"])
    )


def test_gzip_feed_left_by_a_kill_loses_its_partial_member_and_its_record_is_stored(tmp_path):
    state, feed = tmp_path / "state", tmp_path / "out.jsonl.gz"
    whole = gzip.compress(LINE, mtime=0)
    feed.write_bytes(whole + gzip.compress(b'{"url": "http://127.0.0.1/a/2"}\n')[:15])
    recover(state, feed)
    assert feed.read_bytes() == whole
    stored = SeenStore(connect(state / STATE_FILE)).get(RECORD["url"])
    assert stored.record_id == RECORD["record_id"]


def test_jobdir_left_by_a_killed_crawl_loses_its_queue(tmp_path):
    jobdir = tmp_path / "job"
    (jobdir / "requests.queue").mkdir(parents=True)
    (jobdir / "requests.seen").write_text("fingerprint\n")
    (jobdir / RUNNING_MARKER).touch()  # as a release before markers held a time left it
    touched = (jobdir / RUNNING_MARKER).stat().st_mtime
    stats = MemoryStatsCollector(get_crawler())
    _, resumed_since = open_jobdir(jobdir / RUNNING_MARKER, "crawl", stats)
    assert not (jobdir / "requests.queue").exists()
    assert not (jobdir / "requests.seen").exists()
    assert stats.get_value("scheduled/recovery/jobdir_reset") == 1
    assert resumed_since == touched


def test_a_resume_knows_when_the_crawl_it_continues_began(tmp_path):
    path = tmp_path / "job" / RUNNING_MARKER
    stats = MemoryStatsCollector(get_crawler())
    before = time.time()
    marker, resumed_since = open_jobdir(path, "crawl", stats)
    assert resumed_since is None  # nothing to resume
    assert before <= marker.began <= time.time()
    # Killed, then killed again while resuming: both resumes go back to the first start.
    assert open_jobdir(path, "crawl", stats)[1] == marker.began
    assert open_jobdir(path, "crawl", stats)[1] == marker.began
    # Paused (Ctrl-C): the queue stays, and the crawl still goes back to its first start.
    replace(JobMarker.read(path), paused=True).write(path)
    (path.parent / "requests.seen").write_text("fingerprint\n")
    assert open_jobdir(path, "crawl", stats)[1] == marker.began
    assert (path.parent / "requests.seen").exists()
    assert stats.get_value("scheduled/recovery/jobdir_reset") == 2


def test_another_crawl_on_a_killed_crawls_jobdir_resumes_nothing(tmp_path):
    path = tmp_path / "job" / RUNNING_MARKER
    stats = MemoryStatsCollector(get_crawler())
    open_jobdir(path, "sitemap crawl", stats)
    marker, resumed_since = open_jobdir(path, "url list", stats)
    assert resumed_since is None
    assert marker.crawl == "url list" and marker.began > 0


def test_another_crawl_on_a_paused_crawls_jobdir_does_not_take_over_its_queue(tmp_path):
    path = tmp_path / "job" / RUNNING_MARKER
    stats = MemoryStatsCollector(get_crawler())
    marker, _ = open_jobdir(path, "sitemap crawl", stats)
    replace(marker, paused=True).write(path)
    (path.parent / "requests.seen").write_text("fingerprint\n")
    assert open_jobdir(path, "url list", stats)[1] is None
    assert not (path.parent / "requests.seen").exists()


def test_a_url_list_given_in_another_order_is_the_same_crawl():
    def identity(urls: tuple[str, ...], feed: str = "out.jsonl") -> str:
        spider = SimpleNamespace(name="articles", params=CrawlParams("direct", urls))
        settings = Settings({"FEEDS": {feed: {}}})
        return crawl_identity(SimpleNamespace(spider=spider, settings=settings))

    assert identity(("https://a.example/1", "https://a.example/2")) == identity(
        ("https://a.example/2", "https://a.example/1")
    )
    assert identity(("https://a.example/1",)) != identity(("https://a.example/2",))
    assert identity(("https://a.example/1",)) != identity(("https://a.example/1",), "b.jsonl")


def test_jobdir_closed_cleanly_is_kept(tmp_path):
    jobdir = tmp_path / "job"
    (jobdir / "requests.queue").mkdir(parents=True)
    open_jobdir(jobdir / RUNNING_MARKER, "crawl", MemoryStatsCollector(get_crawler()))
    assert (jobdir / "requests.queue").exists()
    assert (jobdir / RUNNING_MARKER).exists()

"""A crawl killed with SIGKILL and resumed with the same JOBDIR writes every article once."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import subprocess
import threading
import time
import zlib
from collections import Counter

import pytest

from tests.scheduled.crawl import CrawlDirs, crawl_command, crawl_env, run_crawl, stored_urls
from tests.scheduled.site import Site, SiteServer, generated_page


def lines_written(dirs: CrawlDirs) -> int:
    """Whole lines in the feed so far; in a gzip feed, those of its whole gzip members
    (one may be half-written while the crawl runs)."""
    if not dirs.items.exists():
        return 0
    raw = dirs.items.read_bytes()
    if dirs.items.suffix != ".gz":
        return raw.count(b"\n")
    lines = 0
    while raw:
        member = zlib.decompressobj(31)  # gzip framing
        text = member.decompress(raw)
        if not member.eof:
            break
        lines += text.count(b"\n")
        raw = member.unused_data
    return lines


def kill_when_written(
    command: list[str], dirs: CrawlDirs, records: int, timeout: float, sig: int = signal.SIGKILL
) -> None:
    """Start the crawl, SIGKILL it once `records` lines are written (fail after `timeout`);
    with `sig` SIGINT, interrupt it as Ctrl-C does and let it close."""
    crawl = subprocess.Popen(
        command, cwd=dirs.root, env=crawl_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while lines_written(dirs) < records:
            assert crawl.poll() is None, "crawl ended before it could be killed"
            assert time.monotonic() < deadline, "crawl wrote too little before the timeout"
            time.sleep(0.05)
        if sig == signal.SIGINT:
            os.killpg(crawl.pid, signal.SIGINT)  # to the crawl and its workers, as Ctrl-C
            crawl.wait(60)
    finally:
        # The crawl and its cleaning workers (same process group), as `kill -9 -PGID` would.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(crawl.pid, signal.SIGKILL)
        crawl.wait(10)


def archived_response_ids(dirs: CrawlDirs) -> set[str]:
    """The WARC-Record-IDs of the responses in the crawl's archive files, which must hold
    whole gzip members only, one WARC record each."""
    ids = set()
    for path in dirs.root.glob("*.warc.gz"):
        raw = path.read_bytes()
        while raw:
            member = zlib.decompressobj(31)
            record = member.decompress(raw)
            assert member.eof, f"{path.name} ends in a partial gzip member"
            assert record.startswith(b"WARC/1.0\r\n")
            if b"\r\nWARC-Type: response\r\n" in record:
                ids.add(record.split(b"WARC-Record-ID: ")[1].split(b"\r\n")[0].decode())
            raw = member.unused_data
    return ids


def archived_responses(dirs: CrawlDirs) -> int:
    return len(archived_response_ids(dirs))


def readable_feed(dirs: CrawlDirs) -> bytes:
    """The feed's JSON lines, decompressed if it is a gzip feed (which must be whole)."""
    raw = dirs.items.read_bytes()
    return gzip.decompress(raw) if dirs.items.suffix == ".gz" else raw


@pytest.mark.parametrize("feed", ["items.jsonl", "items.jsonl.gz"])
def test_killed_crawl_resumed_with_jobdir_writes_each_article_once(tmp_path, feed):
    # Enough pages that Scrapy has flushed part of JOBDIR/requests.seen when the kill comes.
    pages = {f"/a/{n}": generated_page(n) for n in range(300)}
    site = Site(pages, delay=0.02)
    server = SiteServer(site).start()
    dirs = CrawlDirs(tmp_path, feed)
    settings = {"JOBDIR": str(dirs.jobdir), "CONCURRENT_REQUESTS": 8, "WARC_ARCHIVE": True}
    try:
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, 20, timeout=60)
        assert archived_responses(dirs) > 0
        killed_at = lines_written(dirs)
        assert killed_at < len(pages), "the kill came too late to test resuming"
        # What the kill left is readable to its end, every record counted written in it.
        left = [json.loads(line)["url"] for line in readable_feed(dirs).splitlines()]
        assert len(left) == killed_at
        assert stored_urls(dirs) <= set(left)
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, killed_at + 20, 60)
        stats = run_crawl(server.base, dirs, **settings)
    finally:
        server.stop()
    raw = readable_feed(dirs)
    assert raw.endswith(b"\n")
    urls = Counter(json.loads(line)["url"] for line in raw.splitlines())
    assert urls == Counter({f"{server.base}{path}": 1 for path in pages})
    assert stats["scheduled/recovery/jobdir_reset"] == 1
    # The raw archive: one file per run (none appended to after its kill), each of whole
    # gzip members, and every record's response in it.
    assert sorted(path.name for path in dirs.root.glob("*.warc.gz")) == [
        f"items-{n:05d}.warc.gz" for n in range(3)
    ]
    ids = {json.loads(line)["warc_record_id"] for line in raw.splitlines()}
    assert ids <= archived_response_ids(dirs)


def url_list_ingestion(tmp_path) -> tuple[SiteServer, CrawlDirs, dict[str, object], list[str]]:
    """A started server of 300 articles; the dirs and settings of a one-off ingestion of
    their URLs, listed in a file, with a JOBDIR; and the URLs."""
    pages = {f"/a/{n}": generated_page(n) for n in range(300)}
    server = SiteServer(Site(pages, delay=0.02)).start()
    dirs = CrawlDirs(tmp_path)
    urls = [f"{server.base}{path}" for path in pages]
    listed = tmp_path / "urls.txt"
    listed.write_text("".join(f"{url}\n" for url in urls))
    settings = {"JOBDIR": str(dirs.jobdir), "CONCURRENT_REQUESTS": 8, "urls_file": str(listed)}
    return server, dirs, settings, urls


@pytest.mark.parametrize("jobdir", [True, False])
def test_killed_ingestion_of_a_url_list_resumed_writes_each_article_once(tmp_path, jobdir):
    # One-off ingestion writes a record for every URL it is given, even one written
    # before; a resume must not write again what the killed runs wrote (killed twice, then
    # paused with Ctrl-C: each resume must remember what every run before it wrote). With
    # a JOBDIR or without (the crawl's marker is then in STATE_DIR).
    server, dirs, settings, urls = url_list_ingestion(tmp_path)
    if not jobdir:
        del settings["JOBDIR"]
    try:
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, 20, timeout=60)
        first = lines_written(dirs)
        kill_when_written(crawl_command(server.base, dirs, **settings), dirs, first + 20, 60)
        second = lines_written(dirs)
        command = crawl_command(server.base, dirs, **settings)
        kill_when_written(command, dirs, second + 20, 60, sig=signal.SIGINT)
        written = lines_written(dirs)
        assert written < len(urls), "the kill came too late to test resuming"
        stats = run_crawl(server.base, dirs, **settings)
    finally:
        server.stop()
    urls_written = Counter(json.loads(line)["url"] for line in readable_feed(dirs).splitlines())
    assert urls_written == Counter(urls)
    # Each resume skips what the runs before it wrote; nothing else is skipped (a page
    # the paused run requested is not "already requested" by a redirect).
    assert stats["scheduled/skipped_written"] == written
    assert Counter(line["reason"] for line in dirs.skipped()) == Counter(
        {"written": first + second + written}
    )


@pytest.mark.parametrize("jobdir", [True, False])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_stopped_ingestion_run_again_with_an_overwritten_feed_writes_every_article(
    tmp_path, jobdir, sig
):
    # `-O` empties the feed: what the killed (or paused) run wrote is gone from it, so
    # nothing given may be skipped as written, nor dropped as requested before.
    server, dirs, settings, urls = url_list_ingestion(tmp_path)
    if not jobdir:
        del settings["JOBDIR"]
    try:
        command = crawl_command(server.base, dirs, **settings)
        kill_when_written(command, dirs, 20, timeout=60, sig=sig)
        assert lines_written(dirs) < len(urls), "the kill came too late to test resuming"
        command = crawl_command(server.base, dirs, **settings)
        command[command.index("-o")] = "-O"
        done = subprocess.run(
            command, cwd=dirs.root, env=crawl_env(), capture_output=True, text=True, timeout=120
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    urls_written = Counter(json.loads(line)["url"] for line in readable_feed(dirs).splitlines())
    assert urls_written == Counter(urls)


def test_ingestion_paused_and_resumed_with_jobdir_writes_each_article_once(tmp_path):
    # Scrapy keeps a paused crawl's queue and requests.seen: the resume lists the given
    # URLs again, skips those written, and the dupefilter drops those queued (requested
    # before, not where a redirect led), which come from the queue.
    server, dirs, settings, urls = url_list_ingestion(tmp_path)
    try:
        command = crawl_command(server.base, dirs, **settings)
        kill_when_written(command, dirs, 20, timeout=60, sig=signal.SIGINT)
        assert (dirs.jobdir / "requests.seen").exists()
        assert lines_written(dirs) < len(urls), "the pause came too late to test resuming"
        stats = run_crawl(server.base, dirs, **settings)
    finally:
        server.stop()
    urls_written = Counter(json.loads(line)["url"] for line in readable_feed(dirs).splitlines())
    assert urls_written == Counter(urls)
    assert "scheduled/recovery/jobdir_reset" not in stats
    assert {line["reason"] for line in dirs.skipped()} == {"written"}


def test_second_crawl_on_the_same_state_dir_stops_with_a_clear_error(tmp_path):
    # Article pages wait for the gate: the first crawl is mid-way for as long as needed.
    site = Site({f"/a/{n}": generated_page(n) for n in range(10)}, gate=threading.Event())
    server = SiteServer(site).start()
    dirs = CrawlDirs(tmp_path)
    first = subprocess.Popen(
        crawl_command(server.base, dirs), cwd=dirs.root, env=crawl_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not site.mark():  # a first request: the first crawl holds the state by now
            assert time.monotonic() < deadline, "the first crawl did not start"
            time.sleep(0.05)
        other = tmp_path / "other"
        other.mkdir()
        second = subprocess.run(
            crawl_command(server.base, CrawlDirs(other), STATE_DIR=str(dirs.state)),
            cwd=other, env=crawl_env(), capture_output=True, text=True, timeout=60,
        )
        assert first.poll() is None, "the first crawl ended before the second one"
        site.gate.set()
        assert first.wait(60) == 0
    finally:
        site.gate.set()
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        server.stop()
    assert second.returncode != 0
    assert "is in use by another crawl" in second.stderr
    assert len(dirs.records()) == 10

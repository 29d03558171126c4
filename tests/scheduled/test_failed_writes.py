"""A write that fails (a full disk, here a file size limit) stops the crawl with exit
status 1, marks nothing written that is not in the feed, and leaves no partial line: a
rerun writes exactly the records that are missing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.scheduled.crawl import CrawlDirs, run_crawl, run_crawl_process, stored_urls
from tests.scheduled.site import Page, Site, SiteServer, generated_page

ARTICLES = 20


def long_page(number: int) -> Page:
    """An article of 40 generated paragraphs: its record is about 36 KB."""
    paragraphs = [generated_page(number * 1000 + k).text for k in range(40)]
    return Page(f"Report number {number}", "\n".join(paragraphs))


def written_urls(dirs: CrawlDirs) -> list[str]:
    """The URLs of the feed's records, in order; every line must be a whole record."""
    raw = dirs.items.read_bytes()
    assert raw.endswith(b"\n"), "the feed ends in a partial line"
    return [json.loads(line)["url"] for line in raw.splitlines()]


@pytest.fixture
def serve():
    servers = []

    def start(pages: dict[str, Page]) -> str:
        servers.append(SiteServer(Site(pages)).start())
        return servers[-1].base

    yield start
    for server in servers:
        server.stop()


def crawl_until_a_write_fails(
    site: str, dirs: CrawlDirs, limit: int, failed_write: str, **settings: object
) -> list[str]:
    """Crawl (with a JOBDIR, as scheduled crawls run) with files limited to `limit` bytes:
    the crawl must stop with exit status 1 and say it could not write `failed_write`.
    Returns the URLs the feed then holds."""
    failed = run_crawl_process(
        site, dirs, file_size_limit=limit, JOBDIR=str(dirs.jobdir), **settings
    )
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert f"Stopping the crawl: could not write {failed_write}" in failed.stderr
    urls = written_urls(dirs)
    assert 0 < len(urls) < ARTICLES, "the limit should stop the crawl half-way"
    assert f"records written:  {len(urls)}\n" in failed.stderr
    return urls


def rerun_writes_the_missing_records(
    site: str, dirs: CrawlDirs, first: list[str], **settings: object
) -> dict:
    """Crawl again without a limit and with the same JOBDIR: it writes exactly the
    articles missing from `first`."""
    stats = run_crawl(site, dirs, JOBDIR=str(dirs.jobdir), **settings)
    # Pages fetched but not written are not in the saved queue: it is discarded.
    assert stats["scheduled/recovery/jobdir_reset"] == 1
    assert stats["records/written"] == ARTICLES - len(first)
    assert Counter(written_urls(dirs)) == Counter({f"{site}/a/{n}": 1 for n in range(ARTICLES)})
    return stats


def test_full_disk_under_the_feed_fails_the_crawl_and_a_rerun_writes_the_missing_records(
    tmp_path, serve
):
    site = serve({f"/a/{n}": long_page(n) for n in range(ARTICLES)})
    dirs = CrawlDirs(tmp_path)
    # Room for about 10 of the 20 records; the state file stays far below the limit.
    first = crawl_until_a_write_fails(site, dirs, 400_000, "the feed")
    assert stored_urls(dirs) == set(first)
    rerun_writes_the_missing_records(site, dirs, first)


def test_full_disk_under_the_seen_store_fails_the_crawl_and_a_rerun_writes_no_duplicate(
    tmp_path, serve
):
    site = serve({f"/a/{n}": generated_page(n) for n in range(ARTICLES)})
    dirs = CrawlDirs(tmp_path)
    # Small records: the state file's write-ahead log reaches the limit first.
    first = crawl_until_a_write_fails(
        site, dirs, 100_000, "the seen-store", DEDUP_ENABLED=False
    )
    # The record whose seen-store row failed is in the feed: the next start stores it.
    assert stored_urls(dirs) == set(first[:-1])
    stats = rerun_writes_the_missing_records(site, dirs, first, DEDUP_ENABLED=False)
    assert stats["scheduled/recovery/records_stored"] == 1


def test_full_disk_under_the_state_dir_with_dedup_writes_each_article_once(tmp_path, serve):
    site = serve({f"/a/{n}": generated_page(n) for n in range(ARTICLES)})
    dirs = CrawlDirs(tmp_path)
    # The seen-store or the dedup index, whichever write crosses the limit.
    first = crawl_until_a_write_fails(site, dirs, 150_000, "the ")
    rerun_writes_the_missing_records(site, dirs, first)
    assert not dirs.rejects()


def test_a_full_device_under_the_rejects_file_fails_the_crawl(tmp_path, serve):
    # Pages without text: each one is a rejects line. Every rejection is also remembered in
    # the state file, which grows faster than the rejects file (a WAL frame a commit), so a
    # file size limit stops the state first; /dev/full fails every write with ENOSPC.
    # That a cut write leaves no partial line is tests/test_append_file.py's.
    site = serve({f"/a/{n}": Page(f"Empty page {n}", "") for n in range(20)})
    dirs = CrawlDirs(tmp_path)
    failed = run_crawl_process(site, dirs, DEDUP_ENABLED=False, REJECTS_PATH="/dev/full")
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert "Stopping the crawl: could not write the rejects file /dev/full" in failed.stderr
    assert "WRITE FAILED:" in failed.stderr


def test_a_one_off_ingestion_stopped_by_a_full_disk_resumes_without_a_jobdir(tmp_path, serve):
    # Given URLs are fetched and written whatever earlier crawls stored; the crawl marker in
    # STATE_DIR tells the rerun that it continues the failed run, whose records it skips.
    site = serve({f"/a/{n}": long_page(n) for n in range(ARTICLES)})
    dirs = CrawlDirs(tmp_path)
    listed = tmp_path / "urls.txt"
    listed.write_text("".join(f"{site}/a/{n}\n" for n in range(ARTICLES)), encoding="utf-8")
    failed = run_crawl_process(
        site, dirs, "direct", file_size_limit=400_000, urls_file=str(listed)
    )
    assert failed.returncode == 1, failed.stderr[-3000:]
    first = written_urls(dirs)
    assert 0 < len(first) < ARTICLES, "the limit should stop the crawl half-way"
    stats = run_crawl(site, dirs, "direct", urls_file=str(listed))
    assert stats["records/written"] == ARTICLES - len(first)
    assert Counter(written_urls(dirs)) == Counter({f"{site}/a/{n}": 1 for n in range(ARTICLES)})
    # A finished crawl leaves no marker: the same ingestion run again writes every record.
    again = run_crawl(site, dirs, "direct", urls_file=str(listed))
    assert again["records/written"] == ARTICLES

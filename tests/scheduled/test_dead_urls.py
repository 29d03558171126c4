"""Known-dead URLs (404/410) are retried with a back-off in scheduled crawls, not fetched
on every run (issue 12, item 5); given URLs are always fetched."""

from __future__ import annotations

from crawler.scheduled.dead_urls import DeadUrl, DeadUrls
from crawler.scheduled.state_db import STATE_FILE, connect
from tests.crawl_run import run_crawl as run_direct_crawl
from tests.scheduled.crawl import CrawlDirs, run_crawl
from tests.scheduled.test_repeated_rejects import site_of

HOUR = 3600.0


def test_the_back_off_doubles_up_to_its_limit():
    dead = DeadUrl("http://x/a", 404, failures=1, last_failed_at=1000.0)
    assert dead.retry_at(HOUR, 30 * 24 * HOUR) == 1000.0 + HOUR
    assert DeadUrl("http://x/a", 404, 3, 1000.0).retry_at(HOUR, 30 * 24 * HOUR) == 1000 + 4 * HOUR
    assert DeadUrl("http://x/a", 410, 30, 1000.0).retry_at(HOUR, 5 * HOUR) == 1000 + 5 * HOUR


def move_clock(dirs: CrawlDirs, seconds: float) -> None:
    """As if `seconds` had passed since the URLs were found dead."""
    conn = connect(dirs.state / STATE_FILE)
    try:
        conn.execute("UPDATE dead_urls SET last_failed_at = last_failed_at - ?", (seconds,))
    finally:
        conn.close()


def dead_entry(dirs: CrawlDirs, url: str) -> DeadUrl | None:
    conn = connect(dirs.state / STATE_FILE)
    try:
        return DeadUrls(conn).get(url)
    finally:
        conn.close()


def test_a_dead_url_waits_for_its_back_off_and_a_given_one_does_not(tmp_path):
    dirs = CrawlDirs(tmp_path)
    with site_of(["/a/0", "/a/1"]) as site:
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=HOUR)
        assert site.count("/a/1") == 1
        assert dead_entry(dirs, site.url("/a/1")).failures == 1

        stats = run_crawl(site.base_url, dirs, RECRAWL_AFTER=HOUR)  # within the hour
        assert site.count("/a/1") == 1 and stats["scheduled/skipped_dead"] == 1
        [line] = [s for s in dirs.skipped() if s["reason"] == "dead"]
        assert line["url"] == site.url("/a/1") and line["detail"].startswith("HTTP 404 once")

        move_clock(dirs, HOUR + 1)  # the first back-off is over: retried, still dead
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=HOUR)
        assert site.count("/a/1") == 2
        assert dead_entry(dirs, site.url("/a/1")).failures == 2

        move_clock(dirs, HOUR + 1)  # the second back-off is two hours
        run_crawl(site.base_url, dirs, RECRAWL_AFTER=HOUR)
        assert site.count("/a/1") == 2
        assert [s["detail"] for s in dirs.skipped() if s["reason"] == "dead"][-1].startswith(
            "HTTP 404 on 2 runs")

        (tmp_path / "given").mkdir()
        given = run_direct_crawl(["-a", f"url={site.url('/a/1')}"], tmp_path / "given",
                                 settings={"STATE_DIR": str(dirs.state)})
        assert given.returncode == 0, given.stderr[-2000:]
        assert site.count("/a/1") == 3  # one-off ingestion fetches what it is given
        # ... and accounts for it: its 404 was written by an earlier run
        assert [s["reason"] for s in given.skipped] == ["rejected_before"]

"""The crawl deployed to a real scrapyd on 127.0.0.1 and scheduled twice, as in the README."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.scheduled.articles import ARROWHEAD, PLUMES, edit_one_sentence
from tests.scheduled.site import Page, Site, SiteServer, article
from tests.scrapyd_node import (
    PROJECT,
    build_egg,
    schedule,
    scrapyd_daemon,
    upload,
    wait_finished,
)


@pytest.fixture
def scrapyd(tmp_path):
    """A scrapyd on a free port of 127.0.0.1, its eggs, logs and databases under tmp_path."""
    home = tmp_path / "scrapyd"
    with scrapyd_daemon(home) as url:
        yield url, home


@pytest.fixture(scope="module")
def egg(tmp_path_factory) -> Path:
    """The project egg, built once for the module by scrapyd-deploy."""
    return build_egg(tmp_path_factory.mktemp("deploy"))


def schedule_and_wait(
    url: str, settings: dict[str, str], site: str, timeout: float = 60, strategy: str = "sitemap"
) -> dict:
    """schedule.json one crawl of `site`, poll listjobs.json until it finished; its job entry."""
    job_id = schedule(url, {"site": site, "strategy": strategy}, settings)
    return wait_finished(url, job_id, timeout)


def feed(path: Path) -> str:
    """A FEEDS setting value writing JSON lines to `path`."""
    return json.dumps({str(path): {"format": "jsonlines"}})


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_second_scheduled_run_writes_only_the_changed_page(scrapyd, egg, tmp_path):
    url, home = scrapyd
    site = Site({"/a/1": article(ARROWHEAD, "Make arrowhead water"),
                 "/a/2": article(PLUMES, "NASA finds water plumes")})
    server = SiteServer(site).start()
    try:
        upload(url, egg)
        common = {"STATE_DIR": str(tmp_path / "state"), "ALLOW_PRIVATE_ADDRESSES": "True",
                  "AUTOTHROTTLE_ENABLED": "False", "CLEANING_WORKERS": "1"}
        first = schedule_and_wait(
            url, {**common, "FEEDS": feed(tmp_path / "run1.jsonl")}, server.base
        )
        page = site.pages["/a/2"]
        changed = (datetime.now(UTC) + timedelta(minutes=5)).isoformat(timespec="seconds")
        site.pages["/a/2"] = Page(page.title, edit_one_sentence(page.text), lastmod=changed)
        mark = site.mark()
        second = schedule_and_wait(
            url, {**common, "FEEDS": feed(tmp_path / "run2.jsonl")}, server.base
        )
    finally:
        server.stop()
    logs = [home / job["log_url"].lstrip("/") for job in (first, second)]
    assert all(log.exists() for log in logs)
    # The crawl report is in each job's log (not only in the daemon's output).
    assert all("--- crawl report: articles (finished) ---" in log.read_text() for log in logs)
    run1, run2 = read_records(tmp_path / "run1.jsonl"), read_records(tmp_path / "run2.jsonl")
    assert sorted(r["url"] for r in run1) == [f"{server.base}/a/1", f"{server.base}/a/2"]
    assert site.article_requests(since=mark) == [("/a/2", 200)]
    [new] = run2
    old = next(r for r in run1 if r["url"] == new["url"])
    assert (new["url"], new["version"], new["previous_record_id"]) == (
        f"{server.base}/a/2", 2, old["record_id"]
    )


def test_a_failed_job_says_why_in_its_log_and_exits_non_zero(scrapyd, egg, tmp_path):
    url, home = scrapyd
    upload(url, egg)
    job = schedule_and_wait(url, {"STATE_DIR": str(tmp_path / "state")},
                            "http://127.0.0.1:9/", strategy="bogus")
    log = (home / job["log_url"].lstrip("/")).read_text()
    assert "Error: strategy='bogus' is not one of" in log
    daemon = (home / "scrapyd.out").read_text()
    died = f"Process died: exitstatus=2 project='{PROJECT}' spider='articles' job='{job['id']}'"
    assert died in daemon

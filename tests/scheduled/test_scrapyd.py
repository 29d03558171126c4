"""The crawl deployed to a real scrapyd on 127.0.0.1 and scheduled twice, as in the README."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.scheduled.articles import ARROWHEAD, PLUMES, edit_one_sentence
from tests.scheduled.crawl import ROOT
from tests.scheduled.site import Page, Site, SiteServer, article

PROJECT = "article-corpus"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def scrapyd(tmp_path):
    """A scrapyd on a free port of 127.0.0.1, its eggs, logs and databases under tmp_path."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\npoll_interval = 0.5\nmax_proc = 1\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\njobs_dir =\n"
    )
    daemon = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=home,
        stdout=(home / "scrapyd.out").open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(url + "daemonstatus.json", timeout=2).raise_for_status()
                break
            except requests.ConnectionError:
                assert daemon.poll() is None, (home / "scrapyd.out").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start in 20 s"
                time.sleep(0.2)
        yield url, home
    finally:
        daemon.terminate()
        daemon.wait(10)


# What the egg build writes (build/, *.egg-info) goes to a copy of the checkout, not to the
# checkout that other tests (run alongside, under pytest -n) import the project from.
NOT_COPIED = {".git", ".venv", "build", "dist", "output", "tests", "benchmarks"}


def _not_copied(folder: str, names: list[str]) -> set[str]:
    if Path(folder) != ROOT:
        return {"__pycache__"} & set(names)
    return {n for n in names if n in NOT_COPIED or n.startswith(".") or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def egg(tmp_path_factory) -> Path:
    """The project egg, built once by `scrapyd-deploy --build-egg` in a copy of the checkout."""
    work = tmp_path_factory.mktemp("deploy")
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=_not_copied)
    built = work / "project.egg"
    subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(built)],
        cwd=project, check=True, capture_output=True, timeout=120,
    )
    return built


def deploy(url: str, egg: Path) -> None:
    """Upload the project egg (addversion.json)."""
    with egg.open("rb") as file:
        answer = requests.post(
            url + "addversion.json",
            data={"project": PROJECT, "version": "1"},
            files={"egg": file},
            timeout=30,
        ).json()
    assert answer["status"] == "ok", answer
    assert answer["spiders"] >= 1


def schedule_and_wait(
    url: str, settings: dict[str, str], site: str, timeout: float = 60, strategy: str = "sitemap"
) -> dict:
    """schedule.json one crawl of `site`, poll listjobs.json until it finished; its job entry."""
    form = [("project", PROJECT), ("spider", "articles"), ("site", site),
            ("strategy", strategy)]
    form += [("setting", f"{name}={value}") for name, value in settings.items()]
    answer = requests.post(url + "schedule.json", data=form, timeout=30).json()
    assert answer["status"] == "ok", answer
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = requests.get(url + "listjobs.json", params={"project": PROJECT}, timeout=10).json()
        for job in jobs["finished"]:
            if job["id"] == answer["jobid"]:
                return job
        time.sleep(0.5)
    raise AssertionError(f"job {answer['jobid']} did not finish in {timeout} s")


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
        deploy(url, egg)
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
    deploy(url, egg)
    job = schedule_and_wait(url, {"STATE_DIR": str(tmp_path / "state")},
                            "http://127.0.0.1:9/", strategy="bogus")
    log = (home / job["log_url"].lstrip("/")).read_text()
    assert "Error: strategy='bogus' is not one of" in log
    daemon = (home / "scrapyd.out").read_text()
    died = f"Process died: exitstatus=2 project='{PROJECT}' spider='articles' job='{job['id']}'"
    assert died in daemon

"""A real scrapyd on 127.0.0.1 for tests: started on a free port with its eggs, logs and
databases in one folder, the project deployed with scrapyd-deploy's egg, jobs scheduled
through schedule.json and waited for through listjobs.json."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.crawl_run import ROOT
from tests.redis_server import free_port

PROJECT = "article-corpus"


@contextmanager
def scrapyd_daemon(home: Path) -> Iterator[str]:
    """Start scrapyd in `home` (created); yield its URL; stop it."""
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
        yield url
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


def build_egg(egg_dir: Path) -> Path:
    """The project egg, built by scrapyd-deploy as `scrapyd-deploy nodeN` builds it, in a
    copy of the checkout under `egg_dir`."""
    project = egg_dir / "project"
    shutil.copytree(ROOT, project, ignore=_not_copied)
    egg = egg_dir / "project.egg"
    subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
        cwd=project, check=True, capture_output=True, timeout=120,
    )
    return egg


def upload(url: str, egg: Path) -> None:
    """Deploy `egg` as the project's version 1 (addversion.json)."""
    with egg.open("rb") as file:
        answer = requests.post(
            url + "addversion.json",
            data={"project": PROJECT, "version": "1"},
            files={"egg": file},
            timeout=30,
        ).json()
    assert answer["status"] == "ok", answer
    assert answer["spiders"] >= 1


def schedule(url: str, arguments: dict[str, str], settings: dict[str, str]) -> str:
    """schedule.json the articles spider with spider `arguments` and `settings`; its job id."""
    form = [("project", PROJECT), ("spider", "articles"), *arguments.items()]
    form += [("setting", f"{name}={value}") for name, value in settings.items()]
    answer = requests.post(url + "schedule.json", data=form, timeout=30).json()
    assert answer["status"] == "ok", answer
    return answer["jobid"]


def wait_finished(url: str, job_id: str, timeout: float = 60) -> dict:
    """Poll listjobs.json until the job finished; its job entry."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = requests.get(url + "listjobs.json", params={"project": PROJECT}, timeout=10).json()
        for job in jobs["finished"]:
            if job["id"] == job_id:
                return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")

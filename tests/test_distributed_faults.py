"""Distributed workers under faults: Redis unreachable or lost, a worker killed with
SIGKILL and restarted, two copies of an article cleaned by two workers at once, the
worker pushing the start requests killed mid-push."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest
import redis

from crawler import settings as project_settings
from tests.crawl_run import ROOT, crawl_env
from tests.distributed_workers import (
    ARGS_KEY,
    output,
    start_worker,
    wait_ok,
    worker_command,
    written_lines,
)
from tests.redis_server import free_port, redis_server
from tests.scheduled.site import Site, SiteServer, generated_page

LEASES = "article-corpus:articles:requests:leases:"
START = "article-corpus:articles:start"  # the pushing worker's id, then "pushed"
PUSHED = START + ":pushed"  # the start outputs handed to the crawl
SLOW_START = {  # 0.2 s between start outputs (tests/slow_start.py)
    "SPIDER_MIDDLEWARES": {**project_settings.SPIDER_MIDDLEWARES,
                           "tests.slow_start.SlowStart": 900},
}


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def wait_for(condition, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def site():
    def serve(pages, **options):
        served = Site(pages, **options)
        server = SiteServer(served).start()
        servers.append(server)
        return served, server.base

    servers: list[SiteServer] = []
    yield serve
    for server in servers:
        server.stop()


def test_unreachable_redis_is_one_line_and_exit_status_1(tmp_path, site):
    _, base = site({"/a/1": generated_page(1)})
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run(worker_command(base, tmp_path, "w1", url), cwd=ROOT, env=crawl_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if "Error" in line]
    assert errors == [f"Error: cannot reach Redis at {url} (REDIS_URL): Error 111 connecting "
                      f"to {url[8:-2]}. Connection refused."], done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_worker_without_arguments_and_no_crawl_to_join_is_one_line_and_exit_status_2(tmp_path):
    with redis_server(tmp_path) as url:
        done = subprocess.run(worker_command(None, tmp_path, "w1", url), cwd=ROOT,
                              env=crawl_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert [line for line in done.stderr.splitlines() if "Error" in line] == [
        "Error: no URL given and no crawl to join in Redis (article-corpus:articles:args): "
        "start the first worker with -a site=URL (or url=, urls=, urls_file=)"
    ]


def test_redis_lost_mid_crawl_stops_the_worker_with_its_files_whole(tmp_path, site):
    _, base = site({f"/a/{n}": generated_page(n) for n in range(200)}, delay=0.02)
    with redis_server(tmp_path) as url:
        worker = start_worker(base, tmp_path, "w1", url, CONCURRENT_REQUESTS=2)
        wait_for(lambda: written_lines(tmp_path, "w1") >= 10, what="10 records")
        redis.Redis.from_url(url).shutdown(nosave=True)
        code = worker.wait(60)
    log = (tmp_path / "w1.log").read_text("utf-8")
    assert code == 1, log[-2000:]
    assert f"Stopping this worker: lost Redis at {url}" in log
    assert "Spider closed (redis_lost)" in log
    written = output(tmp_path, "w1")  # every line parses: no half-written record
    assert 10 <= len(written) < 200
    assert len({record["url"] for record in written}) == len(written)


def test_killed_worker_restarted_with_its_id_loses_no_article(tmp_path, site):
    articles = 150
    _, base = site({f"/a/{n}": generated_page(n) for n in range(articles)}, delay=0.01)
    with redis_server(tmp_path) as url:
        # w1 first: started together, w2 could take nearly every article on a busy machine
        # (w1 slower to start), and w1 never reach 30 records to be killed at.
        workers = {"w1": start_worker(base, tmp_path, "w1", url)}
        wait_for(lambda: written_lines(tmp_path, "w1") >= 5, what="5 records from w1")
        workers["w2"] = start_worker(base, tmp_path, "w2", url)
        wait_for(lambda: written_lines(tmp_path, "w1") >= 30, what="30 records from w1")
        os.kill(workers["w1"].pid, signal.SIGKILL)
        workers["w1"].wait(30)
        workers["w1"] = start_worker(base, tmp_path, "w1", url)
        wait_ok(workers, tmp_path)
    # Taken back by w1 as it restarted, or by w2 once w1's heartbeat expired.
    logs = "".join((tmp_path / f"{w}.log").read_text("utf-8") for w in ("w1", "w2"))
    assert re.search(r"Took back [1-9]\d* requests \(and \d+ held pages\) of worker w1", logs)
    written = Counter(path(r["url"]) for w in ("w1", "w2") for r in output(tmp_path, w))
    assert written == Counter({f"/a/{n}": 1 for n in range(articles)})


def test_same_article_under_two_urls_cleaned_by_two_workers_is_one_record(tmp_path, site):
    gate = threading.Event()
    _, base = site({"/a/one": generated_page(5), "/a/two": generated_page(5)}, gate=gate)
    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)

        def each_worker_holds_one_article() -> bool:
            held = [client.hvals(LEASES + w) for w in ("w1", "w2")]
            return all(len(v) == 1 and b"/a/" in v[0] for v in held)

        workers = {w: start_worker(base, tmp_path, w, url, CONCURRENT_REQUESTS=1)
                   for w in ("w1", "w2")}
        wait_for(each_worker_holds_one_article, what="one article request in each worker")
        gate.set()
        wait_ok(workers, tmp_path)
    records = {w: output(tmp_path, w) for w in ("w1", "w2")}
    rejects = {w: output(tmp_path, w, "rejects") for w in ("w1", "w2")}
    (keeper,) = [w for w in records if records[w]]
    (other,) = [w for w in rejects if rejects[w]]
    assert keeper != other
    (record,), (reject,) = records[keeper], rejects[other]
    assert reject["reason"] == "duplicate"
    assert reject["duplicate_of"] == record["record_id"]
    assert {path(record["url"]), path(reject["url"])} == {"/a/one", "/a/two"}


def test_start_push_of_a_killed_worker_is_finished_by_another_worker(tmp_path, site):
    articles = 40
    gate = threading.Event()  # no article is answered before w1 is killed
    _, base = site({f"/a/{n}": generated_page(n) for n in range(articles)}, gate=gate)
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{base}/a/{n}\n" for n in range(articles)) + "ftp://bad/\n")
    outputs = articles + 1  # the bad URL is a rejects line, pushed first
    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        pusher = start_worker(None, tmp_path, "w1", url, {"urls_file": str(urls)}, **SLOW_START)
        wait_for(lambda: client.scard(PUSHED) >= 10, what="10 start outputs pushed by w1")
        os.kill(pusher.pid, signal.SIGKILL)
        pusher.wait(30)
        pushed_by_w1 = client.scard(PUSHED)
        assert pushed_by_w1 < outputs and client.get(START) == b"w1"
        gate.set()
        # w2 joins with the crawl's arguments from Redis, and no slow start.
        wait_ok({"w2": start_worker(None, tmp_path, "w2", url)}, tmp_path)
    log = (tmp_path / "w2.log").read_text("utf-8")
    assert "Worker w1 died while pushing the start requests: taking the push over" in log
    stats = output(tmp_path, "w2", "stats")[0]
    assert stats["distributed/start_pushed"] == outputs - pushed_by_w1
    written = Counter(path(r["url"]) for w in ("w1", "w2") for r in output(tmp_path, w))
    assert written == Counter({f"/a/{n}": 1 for n in range(articles)})
    rejects = [line for w in ("w1", "w2") for line in output(tmp_path, w, "rejects")]
    assert [(line["url"], line["reason"]) for line in rejects] == [("ftp://bad/", "bad_url")]


def test_worker_given_other_arguments_says_the_start_pusher_died_and_waits(tmp_path, site):
    _, base = site({"/a/1": generated_page(1)})
    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        client.set(ARGS_KEY, json.dumps({"site": "http://elsewhere.test/"}))
        client.set(START, "ghost")  # died while pushing
        worker = start_worker(base, tmp_path, "w1", url)
        log = tmp_path / "w1.log"
        wait_for(lambda: "Worker ghost died while pushing the start requests: start a worker "
                 "with the crawl's arguments (or none) to take the push over, or restart it "
                 "with WORKER_ID=ghost" in log.read_text("utf-8"), what="the warning")
        assert worker.poll() is None  # the crawl is not over: it waits
        client.set(START, "pushed")  # as if ghost came back and ended
        wait_ok({"w1": worker}, tmp_path)

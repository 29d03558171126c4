"""Two workers crawl one local site of 300 articles through a real redis-server.

The first crawl (module fixture) is checked by the first tests; the next test runs the
next scheduled crawl over the same site, Redis and state. The last one looks at the
requests in Redis during a small crawl of its own: JSON, not pickles.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
import redis

from tests.crawl_run import ROOT
from tests.distributed_workers import output, run_workers, start_worker, wait_ok
from tests.redis_server import redis_server
from tests.scheduled.site import Page, Site, SiteServer, generated_page

ARTICLES = 300
EMPTY = [f"/a/empty-{n}" for n in range(5)]  # pages with no text: rejected no_text
COPY = "/a/copy-of-7"  # the same article as /a/7, under another URL
WORKERS = ("w1", "w2")


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """(site, base URL, Redis URL, output folder), after a first two-worker crawl."""
    root = tmp_path_factory.mktemp("distributed")
    pages = {f"/a/{n}": generated_page(n) for n in range(ARTICLES)}
    pages.update({p: Page(f"Empty page {p}", "") for p in EMPTY})
    pages[COPY] = pages["/a/7"]
    site = Site(pages)
    server = SiteServer(site).start()
    with redis_server(root) as url:
        run_workers(server.base, root, url)
        yield site, server.base, url, root
    server.stop()


def records(root):
    return [record for worker in WORKERS for record in output(root, worker)]


def rejects(root):
    return [line for worker in WORKERS for line in output(root, worker, "rejects")]


def test_every_article_is_written_once_across_the_workers(crawl):
    _, _, _, root = crawl
    written = Counter(path(record["url"]) for record in records(root))
    assert max(written.values()) == 1
    articles = {f"/a/{n}" for n in range(ARTICLES)} | {COPY}
    # One of the two copies is the record, the other its duplicate.
    assert len(written) == ARTICLES and set(written) <= articles


def test_every_other_page_is_in_one_rejects_file(crawl):
    _, _, _, root = crawl
    lines = Counter((path(line["url"]), line["reason"]) for line in rejects(root))
    copy_rejected = {(COPY, "duplicate"), ("/a/7", "duplicate")} & set(lines)
    assert len(copy_rejected) == 1
    assert lines == Counter({**{(p, "no_text"): 1 for p in EMPTY}, copy_rejected.pop(): 1})


def test_both_workers_did_a_share_of_the_work(crawl):
    _, _, _, root = crawl
    shares = {worker: len(output(root, worker)) for worker in WORKERS}
    assert min(shares.values()) >= ARTICLES // 10, shares


def test_each_page_was_requested_once(crawl):
    site, _, _, _ = crawl
    requested = Counter(p for p, _ in site.article_requests())
    assert len(requested) == ARTICLES + len(EMPTY) + 1 and max(requested.values()) == 1


def test_merged_report_counts_every_worker(crawl):
    _, _, _, root = crawl
    files = [str(root / f"items-{worker}.stats.jsonl") for worker in WORKERS]
    done = subprocess.run([sys.executable, "-m", "crawler.report", *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "--- crawl report: articles (2 workers: finished) ---"
    assert f"records written:  {ARTICLES}" in lines
    assert "rejections:       6  no_text 5, duplicate 1" in lines
    shares = {worker: len(output(root, worker)) for worker in WORKERS}
    for worker in WORKERS:
        pattern = (rf"worker {worker} \(finished\): \d+ pages fetched, {shares[worker]} records,"
                   rf" \d+\.\d pages/s over \d+\.\d s")
        assert any(re.fullmatch(pattern, line) for line in lines), lines


def test_next_scheduled_run_fetches_and_writes_only_the_changed_pages(crawl):
    site, base, url, root = crawl
    changed = ["/a/3", "/a/150", "/a/299"]
    for number, p in enumerate(changed):
        site.pages[p] = Page(site.pages[p].title, generated_page(1000 + number).text, "2030-01-01")
    before = {worker: len(output(root, worker)) for worker in WORKERS}
    rejected_before = len(rejects(root))
    mark = site.mark()
    run_workers(base, root, url, join=True)  # w2 is given no arguments: it joins w1's crawl
    # Unchanged articles are not requested; rejected pages are, as in any scheduled
    # crawl (a failure may pass), but their rejections are not written again.
    assert [p for p, _ in site.article_requests(since=mark)] == sorted(changed + EMPTY)
    assert len(rejects(root)) == rejected_before
    new = [record for worker in WORKERS for record in output(root, worker)[before[worker]:]]
    assert sorted(path(record["url"]) for record in new) == sorted(changed)
    assert {record["version"] for record in new} == {2}


def test_requests_in_redis_are_json_and_the_crawl_goes_on(tmp_path):
    gate = threading.Event()  # articles answered only once Redis has been looked at
    site = Site({f"/a/{n}": generated_page(n) for n in range(5)}, gate=gate)
    server = SiteServer(site).start()
    queue, leases = "article-corpus:articles:requests", "article-corpus:articles:requests:leases:w1"
    try:
        with redis_server(tmp_path) as url:
            client = redis.Redis.from_url(url)
            worker = start_worker(server.base, tmp_path, "w1", url, CONCURRENT_REQUESTS=1)
            deadline = time.monotonic() + 60
            while not (any(b"parse_page" in value for value in client.hvals(leases))
                       and client.zcard(queue)):
                assert time.monotonic() < deadline and worker.poll() is None
                time.sleep(0.05)
            held = [value.split(b"\n", 1)[1] for value in client.hvals(leases)]
            stored = [json.loads(member) for member in client.zrange(queue, 0, -1) + held]
            gate.set()
            wait_ok({"w1": worker}, tmp_path)
    finally:
        gate.set()
        server.stop()
    pages = [request for request in stored if request["callback"] == "parse_page"]
    assert len(pages) >= 2  # one held (leased), at least one queued
    assert all(page["meta"]["provenance"]["$provenance"]["discovery"] == "sitemap"
               for page in pages)
    assert sorted(path(record["url"]) for record in output(tmp_path, "w1")) == [
        f"/a/{n}" for n in range(5)]

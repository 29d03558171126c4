"""The Redis backends answer as the SQLite ones do (same pages, same answers), and the
duplicate index's holds work across workers; pages and sitemaps found are counted across
workers; worker file names."""

from __future__ import annotations

import pytest
import redis

from cleaners.record import content_hash
from crawler.distributed.mode import with_worker
from crawler.distributed.redis_dedup_index import RedisDedupIndex
from crawler.distributed.redis_found_pages import RedisFoundPages, RedisSitemapLimits
from crawler.distributed.redis_seen_store import RedisSeenStore
from crawler.found_pages import Finding, FoundPages
from crawler.scheduled.dedup_index import DedupIndex, Duplicate, Fingerprint
from crawler.scheduled.seen_store import SeenPage, SeenStore
from crawler.scheduled.state_db import connect
from tests.redis_server import redis_server
from tests.scheduled.articles import ARROWHEAD, PLUMES, body, edit_one_sentence

ORIGINAL = "Make arrowhead water\n" + body(ARROWHEAD)
EDITED = "Arrowhead water, made at home\n" + edit_one_sentence(body(ARROWHEAD))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield redis.Redis.from_url(url)


@pytest.fixture
def prefix(client, request):
    return f"test-{request.node.name}"


def page(url: str, text: str) -> Fingerprint:
    return Fingerprint.of(url, content_hash(text), text)


def indexes(client, prefix, tmp_path):
    return [DedupIndex(connect(tmp_path / "s.sqlite3")), RedisDedupIndex(client, prefix, "w1")]


@pytest.mark.parametrize(("text", "kind"), [(ORIGINAL, "exact"), (EDITED, "near"),
                                            (body(PLUMES), None)])
def test_both_indexes_give_the_same_answer(client, prefix, tmp_path, text, kind):
    answers = []
    for index in indexes(client, prefix, tmp_path):
        index.add("rec-a", page("http://a/", ORIGINAL))
        answers.append(index.claim("rec-b", page("http://b/", text)))
    assert answers[0] == answers[1]
    assert (answers[0].kind if answers[0] else None) == kind


def test_a_page_held_by_one_worker_is_found_by_another(client, prefix):
    first = RedisDedupIndex(client, prefix, "w1")
    second = RedisDedupIndex(client, prefix, "w2")
    assert first.claim("rec-a", page("http://a/", ORIGINAL)) is None
    found = second.claim("rec-b", page("http://b/", EDITED))
    assert (found.record_id, found.kind) == ("rec-a", "near")


def test_a_released_page_or_a_dead_workers_holds_are_forgotten(client, prefix):
    first = RedisDedupIndex(client, prefix, "w1")
    second = RedisDedupIndex(client, prefix, "w2")
    first.claim("rec-a", page("http://a/", ORIGINAL))
    first.release("rec-a")
    assert second.claim("rec-b", page("http://b/", ORIGINAL)) is None
    assert second.release_held("w2") == 1
    assert first.claim("rec-c", page("http://c/", ORIGINAL)) is None


def test_a_written_record_is_kept_after_its_worker_dies(client, prefix):
    first = RedisDedupIndex(client, prefix, "w1")
    first.claim("rec-a", page("http://a/", ORIGINAL))
    first.add("rec-a", page("http://a/", ORIGINAL))
    assert first.release_held("w1") == 0
    other = RedisDedupIndex(client, prefix, "w2").claim("rec-b", page("http://b/", ORIGINAL))
    assert other == Duplicate("rec-a", "exact", 1.0)


def test_a_new_version_of_a_url_is_not_its_own_duplicate(client, prefix):
    index = RedisDedupIndex(client, prefix, "w1")
    index.add("rec-a", page("http://a/", ORIGINAL))
    assert index.claim("rec-a2", page("http://a/", EDITED)) is None


def test_both_seen_stores_store_and_touch_alike(client, prefix, tmp_path):
    stores = [SeenStore(connect(tmp_path / "s.sqlite3")), RedisSeenStore(client, prefix)]
    for store in stores:
        store.put(SeenPage("http://127.0.0.1/a", 100.0, '"e1"', "LM1", "sha256:x", "rec-1", 1))
        store.put_all([SeenPage("http://127.0.0.1/b", 50.0)])
        store.touch("http://127.0.0.1/a", 200.0, None, "LM2")
        store.touch("http://127.0.0.1/never", 200.0, '"e"', None)
    for url in ("http://127.0.0.1/a", "http://127.0.0.1/b", "http://127.0.0.1/never"):
        assert stores[0].get(url) == stores[1].get(url)
    assert stores[1].get("http://127.0.0.1/a") == SeenPage(
        "http://127.0.0.1/a", 200.0, '"e1"', "LM2", "sha256:x", "rec-1", 1
    )
    assert len(stores[0]) == len(stores[1]) == 2


def test_both_seen_stores_keep_the_previous_record_id(client, prefix, tmp_path):
    stores = [SeenStore(connect(tmp_path / "s.sqlite3")), RedisSeenStore(client, prefix)]
    version_2 = SeenPage("http://127.0.0.1/a", 100.0, None, None, "sha256:y", "rec-2", 2, "rec-1")
    for store in stores:
        store.put(version_2)
        store.touch(version_2.url, 200.0, None, None)
    assert [store.get(version_2.url).previous_record_id for store in stores] == ["rec-1"] * 2


@pytest.mark.parametrize(("uri", "named"), [
    ("items.jsonl", "items-w1.jsonl"),
    ("/tmp/x/items.jsonl.gz", "/tmp/x/items-w1.jsonl.gz"),
    ("file:///tmp/a.b/out.jsonl", "file:///tmp/a.b/out-w1.jsonl"),
    ("output/%(name)s-%(time)s.jsonl", "output/%(name)s-%(time)s-w1.jsonl"),
])
def test_worker_files_carry_the_worker_id(uri, named):
    assert with_worker(uri, "w1") == named


def test_both_dead_url_stores_count_failures_alike(client, prefix, tmp_path):
    from crawler.distributed.redis_dead_urls import RedisDeadUrls
    from crawler.scheduled.dead_urls import DeadUrls

    answers = []
    for store in (DeadUrls(connect(tmp_path / "d.sqlite3")), RedisDeadUrls(client, prefix)):
        assert store.get("http://a/gone") is None
        store.note("http://a/gone", 404, 1000.5)
        store.note("http://a/gone", 410, 2000.25)
        answers.append(store.get("http://a/gone"))
    assert answers[0] == answers[1]
    assert (answers[0].status, answers[0].failures, answers[0].last_failed_at) == (410, 2, 2000.25)


def test_two_workers_share_max_pages_and_each_page_is_found_once(client, prefix):
    w1, w2 = (RedisFoundPages(client, prefix, max_pages=3) for _ in range(2))
    findings = [w1.find(b"p1"), w2.find(b"p2"), w1.find(b"p3"), w2.find(b"p4"), w1.find(b"p5")]
    assert findings == [Finding.NEW] * 3 + [Finding.OVER_LIMIT] * 2
    # Found again: by the same worker nothing; by another, requested again uncounted (it
    # may never have been queued), or nothing if it was skipped.
    assert [w1.find(b"p1"), w2.find(b"p1"), w1.find(b"p4")] == [
        Finding.KNOWN, Finding.FOUND_ELSEWHERE, Finding.KNOWN]
    assert [w1.first_bad_url("ftp://x/"), w2.first_bad_url("ftp://x/")] == [True, False]


def test_one_process_finds_as_the_shared_pages_do_for_a_single_worker(client, prefix):
    local, shared = FoundPages(max_pages=2), RedisFoundPages(client, prefix, max_pages=2)
    for pages in (local, shared):
        assert [pages.find(fp) for fp in (b"a", b"b", b"a", b"c")] == [
            Finding.NEW, Finding.NEW, Finding.KNOWN, Finding.OVER_LIMIT]


def test_two_workers_share_the_sitemap_count(client, prefix):
    w1, w2 = (RedisSitemapLimits(client, prefix, max_depth=1, max_count=3) for _ in range(2))
    assert [w1.refusal("http://s/1", 0), w2.refusal("http://s/2", 1),
            w2.refusal("http://s/3", 2), w1.refusal("http://s/4", 0)] == [None, None, "depth",
                                                                          None]
    assert w2.refusal("http://s/5", 0) == "count"
    # Listed again: this worker knows it; another asks again, as the first may have died
    # before queueing it (the shared dupefilter drops it if not).
    assert [w1.refusal("http://s/1", 0), w2.refusal("http://s/1", 0)] == ["requested", None]

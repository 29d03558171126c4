"""The seen-store keeps one row per URL on disk and survives reopening."""

from __future__ import annotations

from crawler.scheduled.seen_store import SeenPage, SeenStore
from crawler.scheduled.state_db import connect


def test_unknown_url_is_not_seen(tmp_path):
    store = SeenStore(connect(tmp_path / "s.sqlite3"))
    assert store.get("http://127.0.0.1/a") is None


def test_put_then_get_survives_reopening(tmp_path):
    page = SeenPage("http://127.0.0.1/a", 100.0, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT",
                    "sha256:" + "0" * 64, "rec-1", 1)
    SeenStore(connect(tmp_path / "s.sqlite3")).put(page)
    assert SeenStore(connect(tmp_path / "s.sqlite3")).get(page.url) == page


def test_touch_updates_fetch_time_and_keeps_validators_not_resent(tmp_path):
    store = SeenStore(connect(tmp_path / "s.sqlite3"))
    store.put(SeenPage("http://127.0.0.1/a", 100.0, '"e1"', "LM1", "sha256:x", "rec-1", 1))
    store.touch("http://127.0.0.1/a", 200.0, None, "LM2")
    assert store.get("http://127.0.0.1/a") == SeenPage(
        "http://127.0.0.1/a", 200.0, '"e1"', "LM2", "sha256:x", "rec-1", 1
    )


def test_put_replaces_the_row_of_the_same_url(tmp_path):
    store = SeenStore(connect(tmp_path / "s.sqlite3"))
    store.put(SeenPage("http://127.0.0.1/a", 100.0, record_id="rec-1", version=1))
    store.put(SeenPage("http://127.0.0.1/a", 300.0, record_id="rec-2", version=2))
    assert len(store) == 1
    assert store.get("http://127.0.0.1/a").record_id == "rec-2"


def test_a_state_file_of_an_earlier_release_gets_the_previous_record_id_column(tmp_path):
    conn = connect(tmp_path / "s.sqlite3")
    conn.execute("CREATE TABLE seen (url TEXT PRIMARY KEY, fetched_at REAL NOT NULL, etag TEXT,"
                 " last_modified TEXT, content_hash TEXT, record_id TEXT,"
                 " version INTEGER NOT NULL DEFAULT 0)")
    conn.execute("INSERT INTO seen VALUES ('http://127.0.0.1/a', 1.0, NULL, NULL, 'h', 'rec-2', 2)")
    store = SeenStore(conn)
    # Its rows do not know the previous id; new ones keep it.
    assert store.get("http://127.0.0.1/a") == SeenPage("http://127.0.0.1/a", 1.0, None, None,
                                                       "h", "rec-2", 2, None)
    store.put(SeenPage("http://127.0.0.1/a", 2.0, None, None, "i", "rec-3", 3, "rec-2"))
    assert SeenStore(conn).get("http://127.0.0.1/a").previous_record_id == "rec-2"

"""Exact and near-duplicate lookups on real article text."""

from __future__ import annotations

import pytest

from cleaners.record import content_hash
from crawler.scheduled.dedup_index import (
    DedupIndex,
    Duplicate,
    Fingerprint,
    IncompatibleIndex,
    shingles,
)
from crawler.scheduled.state_db import connect
from tests.scheduled.articles import ARROWHEAD, PLUMES, body, edit_one_sentence


@pytest.fixture
def index(tmp_path):
    return DedupIndex(connect(tmp_path / "s.sqlite3"), threshold=0.8)


def add(index, record_id, url, text):
    index.add(record_id, Fingerprint.of(url, content_hash(text), text))


def find(index, url, text):
    return index.find(Fingerprint.of(url, content_hash(text), text))


def test_empty_index_finds_nothing(index):
    assert find(index, "http://b/", body(ARROWHEAD)) is None


def test_same_text_elsewhere_is_an_exact_duplicate(index):
    add(index, "rec-a", "http://a/", body(ARROWHEAD))
    # Case and spacing do not matter: content_hash is of the normalised text.
    assert find(index, "http://b/", body(ARROWHEAD).upper() + "  ") == Duplicate(
        "rec-a", "exact", 1.0
    )


def test_new_headline_and_one_edited_sentence_is_a_near_duplicate(index):
    add(index, "rec-a", "http://a/", "Make arrowhead water\n" + body(ARROWHEAD))
    edited = "Arrowhead water, made at home\n" + edit_one_sentence(body(ARROWHEAD))
    found = find(index, "http://b/", edited)
    assert found is not None
    assert (found.record_id, found.kind) == ("rec-a", "near")
    assert 0.8 <= found.similarity < 1


def test_an_exact_duplicate_is_found_without_computing_its_minhash(index):
    add(index, "rec-a", "http://a/", body(ARROWHEAD))
    page = Fingerprint.of("http://b/", content_hash(body(ARROWHEAD)), body(ARROWHEAD))
    assert index.find(page) == Duplicate("rec-a", "exact", 1.0)
    assert "minhash" not in vars(page)


def test_a_different_article_is_not_a_duplicate(index):
    add(index, "rec-a", "http://a/", body(ARROWHEAD))
    assert find(index, "http://b/", body(PLUMES)) is None


def test_records_of_the_same_url_never_duplicate_each_other(index):
    add(index, "rec-a", "http://a/", body(ARROWHEAD))
    assert find(index, "http://a/", body(ARROWHEAD)) is None
    assert find(index, "http://a/", edit_one_sentence(body(ARROWHEAD))) is None


def test_first_record_kept_stays_the_one_duplicates_point_to(index):
    add(index, "rec-a", "http://a/", body(ARROWHEAD))
    add(index, "rec-b", "http://b/", body(ARROWHEAD))
    assert find(index, "http://c/", body(ARROWHEAD)).record_id == "rec-a"


def test_index_is_on_disk(tmp_path):
    add(DedupIndex(connect(tmp_path / "s.sqlite3")), "rec-a", "http://a/", body(ARROWHEAD))
    reopened = DedupIndex(connect(tmp_path / "s.sqlite3"))
    assert find(reopened, "http://b/", edit_one_sentence(body(ARROWHEAD))).record_id == "rec-a"


def test_index_of_other_signatures_is_refused_not_mixed(tmp_path):
    conn = connect(tmp_path / "s.sqlite3")
    DedupIndex(conn)
    conn.execute("UPDATE dedup_setting SET value = 'minhash/legacy/sha1/128'")
    with pytest.raises(IncompatibleIndex, match="minhash/legacy/sha1/128.*new STATE_DIR"):
        DedupIndex(connect(tmp_path / "s.sqlite3"))


def test_threshold_out_of_range_is_refused(tmp_path):
    with pytest.raises(ValueError, match="threshold"):
        DedupIndex(connect(tmp_path / "s.sqlite3"), threshold=1.5)


def test_shingles_are_five_normalised_words():
    assert shingles("One two THREE four five six") == {b"one two three four five",
                                                       b"two three four five six"}
    assert shingles("Short text") == {b"short text"}

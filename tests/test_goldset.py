"""Loading a gold set directory, and the errors a malformed one gives."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners.goldset import GoldPage, GoldSetError, load_gold_set

BODY = "The article body has enough words to score."


def write_gold(directory: Path, gold: object) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (directory / "html").mkdir(exist_ok=True)


def test_pages_load_sorted_by_id_from_gzip_or_plain_html(tmp_path):
    write_gold(
        tmp_path,
        {
            "b": {"url": "https://x.example/b", "articleBody": BODY},
            "a": {"url": None, "articleBody": BODY},
        },
    )
    (tmp_path / "html/a.html").write_bytes(b"<p>a</p>")
    (tmp_path / "html/b.html.gz").write_bytes(gzip.compress(b"<p>b</p>"))
    assert load_gold_set(tmp_path) == [
        GoldPage("a", None, BODY, b"<p>a</p>"),
        GoldPage("b", "https://x.example/b", BODY, b"<p>b</p>"),
    ]


def test_missing_directory(tmp_path):
    with pytest.raises(GoldSetError, match="not a directory"):
        load_gold_set(tmp_path / "nowhere")


def test_missing_gold_json(tmp_path):
    with pytest.raises(GoldSetError, match=r"gold.json: missing; a gold set needs gold.json"):
        load_gold_set(tmp_path)


def test_gold_json_that_is_not_json(tmp_path):
    (tmp_path / "gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldSetError, match="cannot be read as UTF-8 JSON"):
        load_gold_set(tmp_path)


def test_gold_json_that_is_not_an_object_of_pages(tmp_path):
    write_gold(tmp_path, [BODY])
    with pytest.raises(GoldSetError, match="expected a non-empty object"):
        load_gold_set(tmp_path)


def test_entries_without_a_string_article_body_are_named(tmp_path):
    write_gold(tmp_path, {"ok": {"url": None, "articleBody": BODY}, "bad": {"body": BODY}})
    with pytest.raises(GoldSetError, match="bad entries: bad$"):
        load_gold_set(tmp_path)


def test_wordless_article_body_is_named(tmp_path):
    write_gold(tmp_path, {"empty": {"url": None, "articleBody": " -- "}})
    with pytest.raises(GoldSetError, match="articleBody has no words for: empty"):
        load_gold_set(tmp_path)


def test_missing_html_directory(tmp_path):
    write_gold(tmp_path, {"a": {"url": None, "articleBody": BODY}})
    (tmp_path / "html").rmdir()
    with pytest.raises(GoldSetError, match="html: missing"):
        load_gold_set(tmp_path)


def test_missing_pages_are_listed_with_a_cap(tmp_path):
    write_gold(tmp_path, {f"p{i}": {"url": None, "articleBody": BODY} for i in range(7)})
    with pytest.raises(GoldSetError, match="for: p0, p1, p2, p3, p4 and 2 more$"):
        load_gold_set(tmp_path)


def test_corrupt_gzip_page_names_the_file(tmp_path):
    write_gold(tmp_path, {"a": {"url": None, "articleBody": BODY}})
    (tmp_path / "html/a.html.gz").write_bytes(b"plain bytes")
    with pytest.raises(GoldSetError, match=r"a\.html\.gz: not a valid gzip file"):
        load_gold_set(tmp_path)


WEB_ENTRY = {
    "url": "https://x.example/a",
    "articleBody": BODY,
    "title": "A headline",
    "page_type": "forum",
    "with": ["The article body has enough words"],
    "without": ["Log in", "Cookie settings"],
}


def test_optional_title_page_type_and_snippets_are_carried_on_the_page(tmp_path):
    write_gold(tmp_path, {"a": WEB_ENTRY})
    (tmp_path / "html/a.html").write_bytes(b"<p>a</p>")
    assert load_gold_set(tmp_path) == [
        GoldPage(
            "a",
            "https://x.example/a",
            BODY,
            b"<p>a</p>",
            title="A headline",
            page_type="forum",
            with_snippets=("The article body has enough words",),
            without_snippets=("Log in", "Cookie settings"),
        )
    ]


def test_pages_without_the_optional_fields_have_no_type_and_no_snippets(tmp_path):
    write_gold(tmp_path, {"a": {"url": None, "articleBody": BODY}})
    (tmp_path / "html/a.html").write_bytes(b"<p>a</p>")
    [page] = load_gold_set(tmp_path)
    assert (page.title, page.page_type, page.with_snippets, page.without_snippets) == (
        None,
        None,
        (),
        (),
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", 3, "a string or null"),
        ("page_type", None, "a non-empty string"),
        ("page_type", "", "a non-empty string"),
        ("with", "one sentence", "a list of non-blank strings"),
        ("with", ["ok", 7], "a list of non-blank strings"),
        ("without", ["ok", " "], "a list of non-blank strings"),
    ],
    ids=["title-number", "type-null", "type-empty", "with-string", "with-number", "without-blank"],
)
def test_malformed_optional_field_is_named_with_the_bad_entries(tmp_path, field, value, expected):
    write_gold(tmp_path, {"ok": WEB_ENTRY, "bad": {**WEB_ENTRY, field: value}})
    with pytest.raises(GoldSetError, match=f'"{field}" must be {expected}; bad entries: bad$'):
        load_gold_set(tmp_path)

"""Text trafilatura leaves out of the page it is given is listed, as `extract.left_out`;
text it keeps never is."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import clean_html, left_out, prune
from cleaners.goldset import load_gold_set
from tests.river_story import STORY


def _root(html: str):
    return LexborHTMLParser(f"<html><body><div id=root>{html}</div></body></html>").css_first(
        "#root"
    )


def test_a_byline_trafilatura_drops_is_listed_with_its_rule():
    byline = '<div class="byline">By Ann Lee, River Correspondent</div>'
    page = f"<html><body><article><h1>River floods town</h1>{byline}{STORY}</article></body></html>"
    record = clean_html(page, url="https://example.org/flood")
    assert "Ann Lee" not in record.text
    assert ("extract.left_out", "By Ann Lee, River Correspondent") in [
        (removal.rule, removal.text) for removal in record.removed
    ]


def test_the_paragraphs_trafilatura_keeps_are_not_listed():
    page = f"<html><body><article>{STORY}</article></body></html>"
    record = clean_html(page, url="https://example.org/flood")
    assert "Engineers said" in record.text
    assert [r for r in record.removed if r.rule == "extract.left_out"] == []


# (page block HTML, trafilatura's text, blocks listed as left out)
CASES = {
    "missing blocks listed in page order, spacing collapsed": (
        "<p>Kept paragraph.</p><div>Share   this\n story</div><p>Also kept.</p><p>Ad here</p>",
        "Kept paragraph.\nAlso kept.",
        ["Share this story", "Ad here"],
    ),
    "punctuation rendered differently is no removal": (
        "<p>The changes aren't even obvious — the screen is larger.</p>",
        "The changes aren't even obvious -- the screen is larger.",
        [],
    ),
    "soft hyphens and zero-width spaces are no removal": (
        "<p>Der Not\u00adfall\u00adda\u200bten\u00adsatz bleibt.</p>",
        "Der Notfalldatensatz bleibt.",
        [],
    ),
    "line breaks and empty inline elements separate words": (
        "<p>throughout the country<strong> </strong>and more<br>people moved</p>",
        "throughout the country and more\npeople moved",
        [],
    ),
    "inline markup does not split a block": (
        "<p>A <b>bold</b> and <a href=/x>linked</a> sentence.</p><p>Dropped <i>one</i>.</p>",
        "A bold and linked sentence.",
        ["Dropped one."],
    ),
    "text around a nested block is a block of its own": (
        "<div>Before the list <p>Inner paragraph kept.</p> after the list</div>",
        "Inner paragraph kept.",
        ["Before the list", "after the list"],
    ),
    "code and punctuation-only blocks are not listed": (
        '<p>Story.</p><script type="application/ld+json">{"a": 1}</script><p>| • |</p>',
        "Story.",
        [],
    ),
    # "share" occurs in the kept text as a word: the block cannot be told from it.
    "a short block whose words are kept elsewhere is not claimed": (
        "<p>Readers share the blame, he said.</p><div>share</div>",
        "Readers share the blame, he said.",
        [],
    ),
}


@pytest.mark.parametrize(("html", "extracted", "listed"), CASES.values(), ids=CASES.keys())
def test_blocks_are_listed_when_their_words_are_not_in_the_text(html, extracted, listed):
    removed = left_out.removals(_root(html), extracted)
    assert [(r.rule, r.text) for r in removed] == [(left_out.RULE, text) for text in listed]


@pytest.mark.parametrize(("html", "extracted", "listed"), CASES.values(), ids=CASES.keys())
def test_the_word_index_lists_what_the_searches_list(monkeypatch, html, extracted, listed):
    # From the first block left out on, blocks are checked against the index of the
    # extracted words first (in use from INDEX_AFTER blocks left out).
    monkeypatch.setattr(left_out, "INDEX_AFTER", 1)
    many = html + "<p>Left out at first.</p>" + html
    removed = left_out.removals(_root(many), extracted)
    assert [r.text for r in removed] == [*listed, "Left out at first.", *listed]


def test_past_the_search_budget_an_unsettled_block_is_taken_as_kept(monkeypatch):
    extracted = "Kept words here and here words"
    html = "<p>Dropped one.</p><p>Dropped one.</p><p>Dropped two.</p><p>words here words</p>"
    listed = ["Dropped one.", "Dropped one.", "Dropped two.", "words here words"]
    assert [r.text for r in left_out.removals(_root(html), extracted)] == listed
    # Only the first block is searched for; the index, built after it, settles the blocks
    # holding a word the text lacks, and the same block text is settled once. The last
    # block's words and word pairs are all in the text: it might be kept, and is not
    # listed.
    monkeypatch.setattr(left_out, "MAX_SEARCHED_CHARS", 0)
    monkeypatch.setattr(left_out, "INDEX_AFTER", 1)
    assert [r.text for r in left_out.removals(_root(html), extracted)] == listed[:3]


def test_nothing_is_listed_without_a_root():
    assert left_out.removals(None, "text") == []


def _words(text: str) -> str:
    """The words of `text` between spaces, soft hyphens and zero-width characters dropped."""
    visible = re.sub("[\u00ad\u200b-\u200f\u2060\ufeff]", "", text)
    return " " + " ".join(re.findall(r"\w+", visible)) + " "


def test_every_block_trafilatura_was_given_is_kept_or_listed_as_removed(shared_dir):
    unaccounted = {}
    for page in load_gold_set(shared_dir / "bench" / "articles"):
        tree = prune.parse(page.html)
        prune.prune(tree)
        blocks = left_out.text_blocks(tree.body)
        record = clean_html(page.html, url=page.url)
        assert record.fallback is None  # else trafilatura was given the unpruned page
        # The headline heads the record: a teaser block may run from it into the first paragraph.
        accounted = _words(
            "\n".join([f"{record.title}\n{record.text}", *(r.text for r in record.removed)])
        )
        missing = [b for b in blocks if _words(b).strip() and _words(b) not in accounted]
        if missing:
            unaccounted[page.url] = missing
    assert unaccounted == {}

"""The safety net: a pruned page that gives far less text than its paragraphs hold is
extracted again as it came."""

from __future__ import annotations

from cleaners import clean_html, prune, safety_net
from cleaners.record import Removal

STORY = "".join(
    f"<p>Paragraph {i} of the story tells how the river rose two metres overnight and how "
    "the town closed three bridges before dawn on Saturday.</p>"
    for i in range(6)
)
PAGE = f"<html><head><title>Flood</title></head><body><article>{STORY}</article></body></html>"


def test_evident_words_count_the_paragraphs_of_the_page():
    assert safety_net.evident_words(prune.parse(PAGE)) == 6 * 24


def test_too_short_needs_evidence_and_less_than_half_of_it():
    assert safety_net.too_short("one two three", 144)
    assert not safety_net.too_short(" ".join(["word"] * 72), 144)
    assert not safety_net.too_short("", safety_net.MIN_EVIDENT_WORDS - 1)


def test_a_prune_that_removes_the_story_is_overruled_and_said_so(monkeypatch):
    def wrong_prune(tree, article=True):
        article = tree.css_first("article")
        article.decompose()
        return [Removal("prune.link_block", "the whole story")]

    monkeypatch.setattr(prune, "prune", wrong_prune)
    record = clean_html(PAGE, url="https://example.org/flood")
    assert record.fallback == "short_extraction"
    assert record.text.count("the river rose two metres") == 6
    assert ("prune.link_block", "the whole story") not in [(r.rule, r.text) for r in record.removed]


def test_a_page_the_pruned_path_extracts_whole_takes_no_fallback():
    record = clean_html(PAGE, url="https://example.org/flood")
    assert record.fallback is None and record.text.count("the river rose") == 6

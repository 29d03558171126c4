"""The safety net: a pruned page that gives far less text than its paragraphs hold is
extracted again as it came."""

from __future__ import annotations

import gzip

from cleaners import clean_html, extract, prune, safety_net
from cleaners.record import Removal

STORY = "".join(
    f"<p>Paragraph {i} of the story tells how the river rose two metres overnight and how "
    "the town closed three bridges before dawn on Saturday.</p>"
    for i in range(6)
)
PAGE = f"<html><head><title>Flood</title></head><body><article>{STORY}</article></body></html>"


def test_evidence_counts_the_words_of_the_paragraphs_of_the_page():
    assert safety_net.Evidence.of(prune.parse(PAGE)).paragraph_words == 6 * 24


def test_too_short_needs_evidence_and_less_than_half_of_it():
    assert safety_net.too_short("one two three", 144)
    assert not safety_net.too_short(" ".join(["word"] * 72), 144)
    assert not safety_net.too_short("", safety_net.MIN_EVIDENT_WORDS - 1)


def test_a_prune_that_removes_the_story_is_overruled_and_said_so(monkeypatch):
    def wrong_prune(tree, article=True, paragraphs=None):
        article = tree.css_first("article")
        article.decompose()
        return [Removal("prune.link_block", "the whole story")]

    monkeypatch.setattr(prune, "prune", wrong_prune)
    record = clean_html(PAGE, url="https://example.org/flood")
    assert record.fallback == "short_extraction"
    assert record.text.count("the river rose two metres") == 6
    assert ("prune.link_block", "the whole story") not in [(r.rule, r.text) for r in record.removed]


def test_the_reference_path_extracts_the_page_as_it_came(monkeypatch):
    # The recall reference is bare trafilatura on the page as served: lexbor's HTML of the
    # page differs where the two parsers disagree (a listing page kept half its text).
    given = []
    real = extract.extract

    def recording(html, url, metadata=True, frame=False):
        given.append((html, metadata, frame))
        return real(html, url, metadata=metadata, frame=frame)

    def wrong_prune(tree, article=True, paragraphs=None):
        tree.css_first("article").decompose()
        return []

    monkeypatch.setattr(extract, "extract", recording)
    monkeypatch.setattr(prune, "prune", wrong_prune)
    page = PAGE.encode()
    record = clean_html(page, url="https://example.org/flood")
    assert record.fallback == "short_extraction"
    # The page's bytes, decoded as trafilatura does, and given no frame: bare trafilatura.
    assert given[1] == (PAGE, False, False)


def test_the_reference_text_and_its_left_out_blocks_read_the_bytes_alike(story_pruned):
    # Undeclared legacy bytes: trafilatura guesses their encoding, lexbor does not. The
    # blocks left_out looks for come from the same decoding as the reference text, so no
    # kept paragraph is listed as left out.
    story = "".join(
        f"<p>Paragraph {i}: the caf\u00e9 owner on the quay was na\u00efve about the "
        "ferry timetable, the council said on Tuesday after the meeting.</p>"
        for i in range(8)
    )
    page = f"<html><head><title>Quay</title></head><body><article>{story}</article></body></html>"
    record = clean_html(page.encode("cp1252"), url="https://example.org/quay")
    assert record.fallback == "short_extraction"
    assert record.text.count("ferry timetable") == 8
    assert [r.text for r in record.removed if r.rule == "extract.left_out"] == []


def test_a_page_the_pruned_path_extracts_whole_takes_no_fallback():
    record = clean_html(PAGE, url="https://example.org/flood")
    assert record.fallback is None and record.text.count("the river rose") == 6


def test_uncovered_needs_a_short_text_and_a_small_share_of_the_page():
    page = "<html><body><p>" + " ".join(["word"] * 500) + "</p></body></html>"
    assert safety_net.uncovered("word " * 10, page)
    assert not safety_net.uncovered("word " * 200, page)
    assert not safety_net.uncovered("", page)  # nothing to retry: trafilatura leaves it
    long_text = "x" * 3000  # over trafilatura's escalation length: never retried
    huge_page = "<html><body><p>" + "y " * 50_000 + "</p></body></html>"
    assert not safety_net.uncovered(long_text, huge_page)


def test_evidence_counts_body_text_less_code_and_its_ceiling_spares_the_page_text():
    page = (
        "<html><body><script>var x = 'one two three four five';</script><p>"
        + " ".join(["word"] * 500)
        + "</p><style>p { color: red }</style>"
        + "<svg><style>.icon { fill: blue }</style><text>Menu</text></svg></body></html>"
    )
    evidence = safety_net.Evidence.of(prune.parse(page))
    assert evidence.paragraph_words == 500
    assert evidence.text_chars == len(" ".join(["word"] * 500))
    text = "word " * 150  # covered: a third of the page
    assert not safety_net.uncovered(text, page, evidence.text_chars)
    assert safety_net.uncovered("word " * 10, page, evidence.text_chars)


def test_a_reference_must_be_half_as_long_again_to_replace_an_uncovered_text():
    assert safety_net.takes_reference(safety_net.UNCOVERED, "a" * 100, "b" * 151)
    assert not safety_net.takes_reference(safety_net.UNCOVERED, "a" * 100, "b" * 150)
    assert safety_net.takes_reference(safety_net.REASON, "one two", "one two three")


def test_a_page_whose_table_only_trafilaturas_retry_finds_keeps_it(monkeypatch, shared_dir):
    # A development page (web/ 0204) whose resources table sits in a field trafilatura's
    # main extractor drops; its recall retry brings it back on the page as it came, but
    # not on the pruned page, whose navigation (most of its text) is gone.
    html = gzip.decompress((shared_dir / "bench" / "web" / "html" / "0204.html.gz").read_bytes())
    url = "https://www.austintexas.gov/department/workforce-development"
    record = clean_html(html, url=url)
    assert record.fallback == "uncovered_page"
    assert "Job Training Resources" in record.text
    assert "Workforce Solutions Capital Area" in record.text
    # With the trigger off the table is lost: the test needs the net.
    monkeypatch.setattr(safety_net, "uncovered", lambda *args: False)
    record = clean_html(html, url=url)
    assert record.fallback is None and "Workforce Solutions Capital Area" not in record.text

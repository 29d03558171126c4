"""trafilatura reads the whole page, however deep it nests (within the budget)."""

from __future__ import annotations

from cleaners import clean_html, extract

SENTENCE = "Sentence number {} of the story, told at this depth of the page."


def _nested_divs(levels: int) -> str:
    body = "".join(f"<div><p>{SENTENCE.format(i)}</p>" for i in range(levels))
    return f"<html><body>{body}{'</div>' * levels}</body></html>"


def test_a_page_nesting_deeper_than_libxml2s_default_limit_is_read_whole():
    # libxml2 stops reading 256 elements deep unless told otherwise: every paragraph
    # below was lost (bare trafilatura loses them too).
    record = clean_html(_nested_divs(400), url="https://example.org/deep")
    assert [record.text.count(SENTENCE.format(i)) for i in (0, 250, 399)] == [1, 1, 1]


def test_a_page_too_deep_for_trafilaturas_recursion_is_read_as_it_parses_it(monkeypatch):
    # Past a depth that varies with the page, trafilatura's recursion through the tree
    # it made goes past Python's limit; the page is then extracted as trafilatura parses
    # it itself (256 deep), not lost to an error.
    extracted = extract._bare_extraction
    given = []

    def too_deep(page, url, metadata):
        given.append(type(page).__name__)
        if not isinstance(page, str):
            raise RecursionError("maximum recursion depth exceeded")
        return extracted(page, url, metadata)

    monkeypatch.setattr(extract, "_bare_extraction", too_deep)
    found = extract.extract(_nested_divs(400), "https://example.org/deep")
    assert given == ["HtmlElement", "str"]
    assert SENTENCE.format(0) in found.text and SENTENCE.format(399) not in found.text


def test_a_deep_page_with_an_xml_declaration_is_read_whole():
    # lxml parses a str with an encoding declaration only as bytes (trafilatura retries so).
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + _nested_divs(400)
    found = extract.extract(page, "https://example.org/deep")
    assert [found.text.count(SENTENCE.format(i)) for i in (0, 399)] == [1, 1]

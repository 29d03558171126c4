"""trafilatura's readability run is skipped only where it cannot change the result."""

from __future__ import annotations

import copy

import pytest
import trafilatura
from lxml.etree import tostring
from trafilatura.external import try_readability

from cleaners import clean_html, extract, readability_skip
from cleaners.goldset import load_gold_set

STORY = "".join(
    f"<p>Paragraph {i} of the story says something new, and then a little more.</p>"
    for i in range(12)
)
PAGE = f"<html><head><title>The story</title></head><body><article>{STORY}</article></body></html>"


def _readability_length(tree) -> int:
    found = try_readability(copy.deepcopy(tree))
    return len(" ".join(tostring(found, method="text", encoding=str).split()))


def _every_tenth(shared_dir):
    pages = []
    for name in ("articles", "web"):
        pages += load_gold_set(shared_dir / "bench" / name)[::10]
    return pages


def test_the_skip_is_installed_on_the_pinned_trafilatura():
    # A trafilatura release outside the one checked runs without the skip: moving the pin
    # means checking `compare_extraction` again.
    assert trafilatura.__version__.startswith(readability_skip.VERIFIED_RELEASES)
    assert readability_skip.installed()


@pytest.mark.parametrize(
    "html",
    [
        PAGE,
        # Paragraphs right in the <body>: readability may take the whole <html>, title too.
        f"<html><head><title>A title of some length</title></head><body>{STORY}</body></html>",
        # A video <iframe> gets "VIDEO" written into it.
        f'<html><body><div>{STORY}<iframe src="https://www.youtube.com/embed/x"></iframe>'
        f'<iframe src="https://player.vimeo.com/video/1"></iframe></div></body></html>',
        # Code is dropped before anything is read.
        f"<html><head><script>var a = '{'x' * 500}';</script><style>p {{}}</style></head>"
        f"<body><div>{STORY}</div></body></html>",
    ],
)
def test_readabilitys_text_is_within_the_bound(html):
    tree = extract.parse(html)
    assert _readability_length(tree) <= readability_skip._readable_bound(tree)


STORY_END = "<p>" + "Some words of the story. " * 10 + "</p>"
LONG_STORY = "".join(
    f"<p>Paragraph {i}: {'Some words of the story. ' * 12}</p>" for i in range(11)
)


@pytest.mark.parametrize(
    "html",
    [
        # Readability's round trip through XML escapes what libxml2 reads as raw text...
        f"<html><body><article>{STORY_END}<xmp>{'&' * 60}</xmp></article></body></html>",
        f"<html><body><article>{STORY_END}<noembed>{'<b>x</b>' * 28}</noembed></article>"
        "</body></html>",
        f"<html><body><article>{STORY_END}<noframes>{'<p>ab</p>' * 25}</noframes></article>"
        "</body></html>",
        f"<html><body><article>{STORY_END}<plaintext>{'<i>x</i>' * 28}",
        # ... and writes control characters (white space to str.split) as U+FFFD.
        f"<html><body><article>{LONG_STORY}<p>End{'&#12;' * 3800}.</p></article></body></html>",
    ],
)
def test_where_readability_adds_text_it_runs(html, monkeypatch):
    # Found by review: on each of these pages readability's text is longer than the page's.
    tree = extract.parse(html)
    page_text = " ".join(tostring(tree, method="text", encoding=str).split())
    assert _readability_length(tree) > len(page_text)
    assert readability_skip._readable_bound(tree) is None
    found = extract.extract(html, "https://example.org/a")
    monkeypatch.setattr(readability_skip, "cannot_win", lambda *args: False)
    assert extract.extract(html, "https://example.org/a") == found


def test_readabilitys_text_is_within_the_bound_on_development_pages(shared_dir):
    over = []
    for page in _every_tenth(shared_dir):
        tree = extract.parse(page.html)
        if _readability_length(tree) > readability_skip._readable_bound(tree):
            over.append(page.id)
    assert over == []


def test_records_are_the_same_with_and_without_the_skip(shared_dir, monkeypatch):
    pages = _every_tenth(shared_dir)
    skipped = []
    judge = readability_skip.cannot_win

    def counted(*args):
        skipped.append(judge(*args))
        return skipped[-1]

    monkeypatch.setattr(readability_skip, "cannot_win", counted)
    with_skip = [clean_html(page.html, url=page.url).to_dict() for page in pages]
    monkeypatch.setattr(readability_skip, "cannot_win", lambda *args: False)
    without = [clean_html(page.html, url=page.url).to_dict() for page in pages]
    assert with_skip == without
    # Not a vacuous comparison: the skip took effect on most of these pages' calls.
    assert sum(skipped) > len(skipped) / 2


def _readability_runs(monkeypatch) -> list[int]:
    runs: list[int] = []
    run = readability_skip._try_readability

    def counted(tree):
        runs.append(1)
        return run(tree)

    monkeypatch.setattr(readability_skip, "_try_readability", counted)
    return runs


def _extract(html: str) -> str:
    return trafilatura.extract(html, include_comments=False)


def test_a_run_that_cannot_win_is_skipped_only_inside_skipping(monkeypatch):
    runs = _readability_runs(monkeypatch)
    outside = _extract(PAGE)
    assert len(runs) == 1
    with readability_skip.skipping():
        inside = _extract(PAGE)
    assert len(runs) == 1 and inside == outside


def test_a_run_that_could_win_is_not_skipped(monkeypatch):
    # trafilatura's own text is a short box; the page's <div>s hold far more text, which
    # readability could take.
    prose = "".join(
        f"<div>Line {i} of prose written in divs, long enough to count, and so on.</div>"
        for i in range(30)
    )
    html = (
        f"<html><body><article><p>A short box of text that trafilatura finds first "
        f"here, of some length to keep.</p></article><div>{prose}</div></body></html>"
    )
    runs = _readability_runs(monkeypatch)
    with readability_skip.skipping():
        _extract(html)
    assert len(runs) == 1


@pytest.mark.parametrize(("page_chars", "skipped"), [(600, True), (601, False)])
def test_readability_is_skipped_up_to_twice_the_own_texts_length(page_chars, skipped):
    # Readability's text wins when it is more than twice as long as trafilatura's own.
    text = "a" * 300
    raw = extract.parse(f"<html><body><div>{'b' * page_chars}</div></body></html>")
    body = extract.parse(f"<html><body><p>{text}</p></body></html>").find("body")
    options = trafilatura.settings.Extractor()
    assert options.min_extracted_size * 2 < page_chars
    assert readability_skip.cannot_win(raw, body, text, options) is skipped


def test_own_text_without_paragraphs_leaves_readability_its_run():
    # Readability also wins where trafilatura's own text has no paragraph text.
    text = "a" * 300
    raw = extract.parse(f"<html><body><div>{'b' * 600}</div></body></html>")
    body = extract.parse(f"<html><body><div>{text}</div></body></html>").find("body")
    assert not readability_skip.cannot_win(raw, body, text, trafilatura.settings.Extractor())

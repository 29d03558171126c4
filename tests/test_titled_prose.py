"""Prose written in <div>s under a title is read as paragraphs
(`cleaners.extract.open_titled_prose`): trafilatura alone reads <div> text only on pages
with little paragraph text."""

from __future__ import annotations

import pytest
import trafilatura
from lxml.html import tostring

from cleaners import clean_html, extract

URL = "https://example.org/data-tools"
STORY = (
    "<h1>Data analysis tools compared</h1>"
    "<p>Data analysis tools help organisations process and interpret large volumes of data,"
    " turning raw inputs into insights that drive decisions at every level of a company.</p>"
    "<p>There is a wide spectrum of them, from spreadsheets that anyone can open to"
    " programming languages and platforms that index machine data as it arrives.</p>"
    "<p>Which one fits depends on the size of the data, on the people who will use it and on"
    " how quickly the answers are needed, so we tried each of them on the same questions.</p>"
    "<p>Spreadsheets came first for small tables, and scripts for anything repeated every"
    " week; the platforms were the only ones to keep up with data arriving every second.</p>"
    "<p>The rest of this guide goes through the questions readers asked us most often.</p>"
    "<p>We updated it in March, when two of the tools changed their prices and plans.</p>"
)
FAQ = [
    ("What are the best tools for data analysis?",
     "The top tools include Python, R, Excel and SQL, each serving different uses."),
    ("Which data analysis tool is easiest for beginners?",
     "Excel is often considered the easiest for beginners due to its familiar interface."),
]
FAQ_HTML = "".join(
    f"<div><div><strong>{question}</strong></div><div>{answer}</div></div>"
    for question, answer in FAQ
)
TEASER = (
    '<div><div><a href="/other">Ten spreadsheet tricks for the new year</a></div>'
    "<div>Our favourite shortcuts, from pivot tables to named ranges, in one short list.</div>"
    "</div>"
)


def _page(story: str) -> str:
    return f"<html><body><div>{story}</div></body></html>"


def test_trafilatura_alone_loses_answers_written_in_divs():
    # Why the rule is there: with this much paragraph text (more than DIV_TEXT_MAX_CHARS),
    # trafilatura skips <div> text.
    text = trafilatura.extract(_page(STORY + FAQ_HTML), url=URL) or ""
    assert "wide spectrum" in text
    assert not any(answer in text for _, answer in FAQ)


def test_questions_and_answers_in_divs_are_kept():
    text = clean_html(_page(STORY + FAQ_HTML), url=URL).text
    for question, answer in FAQ:
        assert f"{question}\n{answer}" in text


def test_a_blurb_under_a_linked_headline_is_a_teaser_and_stays_out():
    text = clean_html(_page(STORY + TEASER + FAQ_HTML), url=URL).text
    assert "Our favourite shortcuts" not in text
    assert FAQ[0][1] in text


def _opened(story: str) -> str:
    tree = extract.parse(_page(story))
    assert extract.frame_paragraphs(tree)
    return tostring(tree, encoding="unicode")


@pytest.mark.parametrize(
    "block",
    [
        # Too short to be prose, or not ending a sentence.
        "<div><b>Price</b></div><div>From 10 dollars a month, billed yearly.</div>",
        "<div><b>Plans</b></div><div>Free tier, team tier and enterprise tier for big teams</div>",
        # A block holding another block is no paragraph.
        "<div><b>Notes</b></div><div><div>One more sentence of ten words, ending right"
        " here.</div></div>",
        # No title before it.
        "<div>A sentence of more than ten words that follows nothing at all here.</div>",
        # A title of more than TITLE_MAX_WORDS words is a sentence, not a title.
        "<div>" + "word " * 16 + "</div><div>A sentence of more than ten words that follows"
        " a long block.</div>",
    ],
)
def test_other_divs_stay_divs(block):
    html = _opened(STORY + block)
    assert block.split("</div>")[-2].split(">")[-1] in html  # the text is there, as it was
    assert html.count("<p>") == STORY.count("<p>")


def test_a_page_with_little_paragraph_text_is_left_to_trafilatura():
    # Enough words for a frame (FRAME_MIN_WORDS), too few characters to stop trafilatura
    # reading <div> text (DIV_TEXT_MAX_CHARS).
    paragraph = "<p>" + "Four tools compared for new users and teams. " * 4 + "</p>"
    html = _opened("<h1>Tools</h1>" + paragraph * 2 + FAQ_HTML)
    assert html.count("<p>") == 2


def test_the_title_and_the_prose_become_paragraphs():
    html = _opened(STORY + FAQ_HTML)
    question, answer = FAQ[0]
    assert f"<p><strong>{question}</strong></p><p>{answer}</p>" in html


def test_a_card_that_is_one_link_is_a_teaser_and_its_blurb_stays_out():
    card = (
        '<a href="/other"><div>Ten spreadsheet tricks for the new year</div>'
        "<div>Our favourite shortcuts, from pivot tables to named ranges, in one short list."
        "</div></a>"
    )
    text = clean_html(_page(STORY + f"<div><h2>Related reading</h2>{card}</div>"), url=URL).text
    assert "Our favourite shortcuts" not in text


def test_paragraphs_trafilatura_deletes_first_do_not_count():
    # 600 characters of story and 231 in an <aside>: trafilatura counts 600 and reads the
    # <div>s itself; counting the aside's would turn them into paragraphs and stop it.
    story = "<h1>Tools</h1>" + "<p>" + "Four tools compared for new users and teams. " * 5 + "</p>"
    story *= 2
    aside = "<aside><p>" + "Sponsored tools for teams of every size. " * 6 + "</p></aside>"
    html = _opened(story + aside + FAQ_HTML)
    assert html.count("<p>") == 3


@pytest.mark.parametrize(("words", "opened"), [(749, False), (750, True)])
def test_the_paragraph_text_threshold(words, opened):
    # trafilatura reads <div> text below DIV_TEXT_MAX_CHARS characters of <p> text.
    text = ("word " * 150)[:words]
    html = _opened(f"<h1>Tools</h1><p>{text}</p>{FAQ_HTML}")
    assert (html.count("<p>") > 1) is opened


PROSE = "An answer of more than ten words, which ends as a sentence does."


@pytest.mark.parametrize(
    ("block", "opened"),
    [
        # Titles: a heading or a <div> of phrasing content, up to TITLE_MAX_WORDS words.
        (f"<h3>What is it?</h3><div>{PROSE}</div>", True),
        ("<div>" + "word " * 15 + f"</div><div>{PROSE}</div>", True),
        ("<div>" + "word " * 16 + f"</div><div>{PROSE}</div>", False),
        (f"<div></div><div>{PROSE}</div>", False),
        (f"<div><div>What is it?</div></div><div>{PROSE}</div>", False),
        (f"<div><strong>What is it?</strong><div>{PROSE}</div></div>", False),
        (f"<div><b>What is it?</b></div>Stray words.<div>{PROSE}</div>", False),
        # Prose: PROSE_MIN_WORDS words or more ending a sentence, in a <div> of phrasing.
        ("<div>What is it?</div><div>Ten words: one two three four five six seven eight.</div>",
         True),
        ("<div>What is it?</div><div>Nine words: one two three four five six seven.</div>",
         False),
        ('<div>What is it?</div><div>An answer of ten words or more ending with "a quote."'
         "</div>", True),
        (f"<div>What is it?</div><div><span><div>{PROSE}</div></span></div>", False),
        (f"<ul><li>What is it?</li><li>{PROSE}</li></ul>", False),
    ],
)
def test_what_is_a_title_and_what_is_prose(block, opened):
    html = _opened(STORY + block)
    assert (html.count("<p>") > STORY.count("<p>")) is opened

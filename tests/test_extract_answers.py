"""Answers folded away in an FAQ accordion come through with their questions
(`extract.unfold_answers`); menus and panels that answer no question stay folded."""

from __future__ import annotations

import pytest

from cleaners import clean_html, extract

URL = "https://www.example.org/guide/kayaks"
STORY = "".join(
    f"<p>Paragraph {i} of the guide explains how to choose a kayak for calm water, "
    f"and what to look for in a hull, a seat and a paddle before you buy one.</p>"
    for i in range(6)
)
QUESTION = "Do I need a licence to paddle on a lake?"
ANSWER = (
    "No licence is needed on most lakes, but some parks ask for a permit, so check the "
    "rules of the park before you set out."
)


def _page(faq: str) -> str:
    return (
        "<html><head><title>How to choose a kayak</title></head><body><main><article>"
        f"<h1>How to choose a kayak</h1>{STORY}<section><h2>FAQ</h2>{faq}</section>"
        "</article></main></body></html>"
    )


def _item(button: str, panel_attributes: str, answer: str = ANSWER, target: str = "a1") -> str:
    return (
        f'<div class="faq-item"><button type="button" aria-expanded="false" '
        f'aria-controls="{target}">{button}</button>'
        f'<div id="a1" {panel_attributes}><p>{answer}</p></div></div>'
    )


@pytest.mark.parametrize(
    "folded",
    [
        'aria-hidden="true"',
        "hidden",
        'style="height:0;overflow:hidden"',
        'style="display: none"',
        'class="accordion-collapse collapse"',
        'class="panel is-hidden"',
    ],
)
def test_a_folded_answer_comes_through_after_its_question(folded):
    text = clean_html(_page(_item(QUESTION, folded)), url=URL).text
    assert f"{QUESTION}\n{ANSWER}" in text


def test_a_question_of_blocks_keeps_its_text():
    button = f"<div><p>{QUESTION}<br></p></div>"
    text = clean_html(_page(_item(button, 'aria-hidden="true"')), url=URL).text
    assert f"{QUESTION}\n{ANSWER}" in text


def test_a_button_that_asks_nothing_leaves_its_panel_folded():
    text = clean_html(_page(_item("Show the transcript", 'aria-hidden="true"')), url=URL).text
    assert ANSWER not in text


def test_a_panel_of_links_stays_folded():
    links = " ".join(f'<a href="/kayaks/{i}">Kayak model number {i}</a>' for i in range(5))
    panel = f"{links}. Prices include the paddle and a spray deck."
    text = clean_html(
        _page(_item("Which kayaks are on sale?", 'aria-hidden="true"', answer=panel)), url=URL
    ).text
    assert "Kayak model number" not in text


def test_a_panel_without_a_sentence_stays_folded():
    answer = (
        "Lakes, rivers, canals, harbours, coastal waters, reservoirs and flooded quarries "
        "of every size, in every season, with or without a guide"
    )
    tree = extract.parse(_page(_item(QUESTION, 'aria-hidden="true"', answer=answer)))
    extract.unfold_answers(tree)
    assert tree.get_element_by_id("a1").get("aria-hidden") == "true"
    assert len(tree.findall(".//button")) == 1


def test_a_repeated_id_names_the_panel_after_the_button():
    # A hero's accordion and the FAQ's both use "a1": the FAQ's button opens the one
    # after it.
    hero = (
        '<div id="a1" aria-hidden="true"><p>Build the skills you need to paddle, in '
        "weeks rather than in years, with our guides.</p></div>"
    )
    text = clean_html(_page(hero + _item(QUESTION, 'aria-hidden="true"')), url=URL).text
    assert f"{QUESTION}\n{ANSWER}" in text
    assert "Build the skills" not in text

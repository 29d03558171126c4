"""Answers folded away in an FAQ accordion come through with their questions
(`extract.unfold_answers`); menus, widgets, tabs and panels that answer no question stay
folded."""

from __future__ import annotations

import pytest

from cleaners import clean_html, extract

URL = "https://www.example.org/guide/kayaks"
STORY = "".join(
    f"<p>Paragraph {i} of the guide explains how to choose a kayak for calm water, "
    f"and what to look for in a hull, a seat and a paddle before you buy one.</p>"
    for i in range(6)
)
QUESTIONS = ("Do I need a licence to paddle on a lake?", "Can I paddle alone at night?")
ANSWERS = (
    "No licence is needed on most lakes, but some parks ask for a permit, so check the "
    "rules of the park before you set out.",
    "We advise against it: take a friend, a light and a whistle, and tell someone on "
    "shore when you expect to be back.",
)
HIDDEN = 'aria-hidden="true"'


def _page(faq: str, *, body_attributes: str = "") -> str:
    return (
        f"<html><head><title>How to choose a kayak</title></head><body {body_attributes}>"
        f"<main><article><h1>How to choose a kayak</h1>{STORY}<section><h2>FAQ</h2>{faq}"
        "</section></article></main></body></html>"
    )


def _item(number: int, folded: str = HIDDEN, *, button: str | None = None) -> str:
    question = QUESTIONS[number] if button is None else button
    return (
        f'<div class="faq-item"><button type="button" aria-expanded="false" '
        f'aria-controls="a{number}">{question}</button>'
        f'<div id="a{number}" {folded}><p>{ANSWERS[number]}</p></div></div>'
    )


def _faq(folded: str = HIDDEN) -> str:
    return _item(0, folded) + _item(1, folded)


def _answered(text: str) -> bool:
    return all(f"{q}\n{a}" in text for q, a in zip(QUESTIONS, ANSWERS, strict=True))


def _text(html: str) -> str:
    return clean_html(html, url=URL).text


def _text_without_the_step(html: str, monkeypatch) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(extract, "unfold_answers", lambda tree, renamed=None: None)
        return _text(html)


@pytest.mark.parametrize(
    "folded",
    [
        HIDDEN,
        "hidden",
        'style="height:0;overflow:hidden"',
        'style="display: none"',
        'class="accordion-collapse collapse"',
        'class="faq-answer hidden"',
    ],
)
def test_folded_answers_come_through_after_their_questions(folded):
    assert _answered(_text(_page(_faq(folded))))


def test_without_the_step_they_stay_out(monkeypatch):
    assert not any(a in _text_without_the_step(_page(_faq()), monkeypatch) for a in ANSWERS)


def test_a_question_in_its_heading_comes_through():
    # The ARIA accordion pattern: <h3><button>.
    faq = _faq().replace("<button", "<h3><button").replace("</button>", "</button></h3>")
    assert _answered(_text(_page(faq)))


def test_a_question_of_blocks_comes_through():
    faq = _item(0, button=f"<div><p>{QUESTIONS[0]}</p></div>") + _item(1)
    assert _answered(_text(_page(faq)))


def test_a_button_named_as_a_button_keeps_its_question():
    # trafilatura drops a paragraph whose class says "button" (Bootstrap's
    # "accordion-button"): the question is handed over without the button's names.
    faq = _faq().replace('type="button"', 'type="button" class="accordion-button"')
    assert _answered(_text(_page(faq)))


def test_a_lone_question_is_a_widgets_and_stays_folded():
    text = _text(_page(_item(0, button="Was this article helpful?")))
    assert ANSWERS[0] not in text


def test_buttons_that_ask_nothing_leave_their_panels_folded():
    faq = _item(0, button="Show the transcript") + _item(1, button="Read more")
    assert not any(a in _text(_page(faq)) for a in ANSWERS)


def test_a_panel_of_links_stays_folded():
    links = " ".join(f'<a href="/kayaks/{i}">Kayak model number {i}</a>' for i in range(5))
    faq = _faq().replace(ANSWERS[0], f"{links}. Prices include the paddle and a spray deck.")
    assert "Kayak model number" not in _text(_page(faq))


def test_a_panel_without_a_sentence_stays_folded():
    answer = (
        "Lakes, rivers, canals, harbours, coastal waters, reservoirs and flooded quarries "
        "of every size, in every season, with or without a guide"
    )
    tree = extract.parse(_page(_faq().replace(ANSWERS[0], answer)))
    extract.unfold_answers(tree)
    assert tree.get_element_by_id("a0").get("aria-hidden") == "true"


def test_a_panel_before_its_question_stays_folded():
    # Tabs list their questions first, then the panels: a question would be read far
    # from its answer.
    buttons = "".join(
        f'<button aria-controls="a{i}" aria-expanded="false">{q}</button>'
        for i, q in enumerate(QUESTIONS)
    )
    panels = "".join(f'<div id="a{i}" {HIDDEN}><p>{a}</p></div>' for i, a in enumerate(ANSWERS))
    assert not any(a in _text(_page(buttons + panels)) for a in ANSWERS)


def test_what_hides_inside_an_answer_stays_hidden():
    thanks = "Thank you for your feedback on this answer, it helps other readers."
    faq = _faq().replace(
        f"{ANSWERS[0]}</p>", f'{ANSWERS[0]}</p><p style="display:none">{thanks}</p>'
    )
    text = _text(_page(faq))
    assert _answered(text) and thanks not in text


def test_a_panel_opened_by_two_buttons_gives_its_question_once():
    faq = _faq().replace(
        '<div id="a0"', f'<button aria-controls="a0">{QUESTIONS[0]}</button><div id="a0"'
    )
    assert _text(_page(faq)).count(QUESTIONS[0]) == 1


def test_a_question_inside_a_paragraph_changes_nothing(monkeypatch):
    faq = "".join(
        f'<p>Readers ask <button aria-controls="a{i}">{q}</button> Our answer follows.</p>'
        f'<div id="a{i}" {HIDDEN}><p>{a}</p></div>'
        for i, (q, a) in enumerate(zip(QUESTIONS, ANSWERS, strict=True))
    )
    html = _page(faq)
    assert _text(html) == _text_without_the_step(html, monkeypatch)


def test_a_panel_holding_the_page_is_no_answer(monkeypatch):
    # Buttons naming the <body>: what the page hides stays hidden.
    faq = "".join(f'<button aria-controls="page">{q}</button>' for q in QUESTIONS)
    html = _page(faq + '<p style="display:none">Printed on 3 May.</p>', body_attributes='id="page"')
    assert _text(html) == _text_without_the_step(html, monkeypatch)


def test_the_panels_names_give_no_frame_of_their_own():
    # A panel named "collapse entry" would be, unfolded to "entry", trafilatura's first
    # content frame, read before the story.
    text = _text(_page(_faq('class="collapse entry" aria-hidden="true"')))
    assert _answered(text) and text.index("Paragraph 0") < text.index(QUESTIONS[0])


def test_the_metadata_is_read_from_the_page_as_it_came(monkeypatch):
    # trafilatura looks for authors outside hidden blocks: an unfolded answer's name is
    # no author of the page.
    faq = _faq('class="is-hidden"').replace(
        f"{ANSWERS[0]}</p>", f'{ANSWERS[0]} <span class="author-name">Jane Doe</span></p>'
    )
    html = _page(faq)
    record = clean_html(html, url=URL)
    with monkeypatch.context() as patched:
        patched.setattr(extract, "unfold_answers", lambda tree, renamed=None: None)
        before = clean_html(html, url=URL)
    assert record.authors == before.authors and record.title == before.title
    assert ANSWERS[1] in record.text


def test_a_repeated_id_names_the_panel_after_the_button():
    # A hero's accordion and the FAQ's both use "a0": the FAQ's button opens the one after it.
    hero = (
        f'<div id="a0" {HIDDEN}><p>Build the skills you need to paddle, in weeks rather '
        "than in years, with our guides.</p></div>"
    )
    text = _text(_page(hero + _faq()))
    assert _answered(text) and "Build the skills" not in text


def test_a_long_panel_is_no_answer():
    # The last question's button names the region after it, 1,200 words of it.
    rest = "".join(
        f"<p>Hidden note {i} of the region, one sentence long here.</p>" for i in range(120)
    )
    last = '<button aria-controls="rest">Anything else?</button>'
    faq = _item(0) + _item(1) + f'{last}<div id="rest" {HIDDEN}>{rest}</div>'
    tree = extract.parse(_page(faq))
    extract.unfold_answers(tree)
    assert tree.get_element_by_id("rest").get("aria-hidden") == "true"
    assert tree.get_element_by_id("a1").get("aria-hidden") is None


def test_a_widgets_question_beside_an_accordion_stays_folded():
    widget = (
        '<div class="feedback"><button aria-controls="f">Was this article helpful?</button>'
        f'<div id="f" {HIDDEN}><p>Thanks! Your feedback helps us improve our guides for '
        "every reader.</p></div></div>"
    )
    text = _text(_page(_faq() + widget))
    assert _answered(text) and "Thanks!" not in text and "helpful" not in text


@pytest.mark.parametrize(
    "comments",
    [
        f'<div id="c" class="comments" {HIDDEN}><p>{{}}</p></div>',
        f'<div id="c" {HIDDEN}><div class="comments"><p>{{}}</p></div></div>',
    ],
)
def test_a_panel_of_comments_stays_out_with_its_question(comments):
    comment = "Great guide, I bought the touring kayak and paddled all summer."
    item = (
        '<div class="faq-item"><button aria-controls="c">What do readers think?</button>'
        f"{comments.format(comment)}</div>"
    )
    text = _text(_page(_item(0) + item + _item(1)))
    assert _answered(text) and "Great guide" not in text and "readers think" not in text


def test_a_question_written_in_a_div_comes_through():
    faq = "".join(
        _item(i, button=f'<div>{q}</div><span class="icon"></span>')
        for i, q in enumerate(QUESTIONS)
    )
    assert _answered(_text(_page(faq)))


def test_a_panel_that_repeats_its_question_gives_it_once():
    faq = _faq().replace(f"<p>{ANSWERS[0]}", f"<h4>{QUESTIONS[0]}</h4><p>{ANSWERS[0]}")
    assert _text(_page(faq)).count(QUESTIONS[0]) == 1


def test_open_panels_are_left_as_they_are(monkeypatch):
    html = _page(_faq(""))
    assert _text(html) == _text_without_the_step(html, monkeypatch)


def test_an_answer_written_in_the_panel_itself_follows_its_question():
    faq = _faq().replace(f"<p>{ANSWERS[0]}</p>", ANSWERS[0])
    assert _answered(_text(_page(faq)))


def _copy(name: str) -> str:
    """The FAQ again, its panels' ids suffixed with `name` (a desktop or mobile copy)."""
    return _faq().replace('"a0"', f'"a0{name}"').replace('"a1"', f'"a1{name}"')


@pytest.mark.parametrize(
    ("desktop", "mobile"),
    [
        ('class="hidden md:block"', 'class="md:hidden"'),
        ('class="d-none d-md-block"', 'class="d-md-none"'),
        ("hidden", ""),
        ("", "hidden"),
        ('style="display:none"', ""),
    ],
)
def test_an_faq_served_twice_gives_each_answer_once(desktop, mobile):
    faq = f"<div {desktop}>{_copy('d')}</div><div {mobile}>{_copy('m')}</div>"
    text = _text(_page(faq))
    assert _answered(text)
    assert [text.count(answer) for answer in ANSWERS] == [1, 1]
    assert [text.count(question) for question in QUESTIONS] == [1, 1]


@pytest.mark.parametrize("outside", ['<aside class="sidebar">', '<div class="comments">'])
def test_an_faq_served_again_where_trafilatura_takes_it_out_keeps_the_copy_it_reads(outside):
    tag = outside[1 : outside.index(" ")]
    html = _page(_faq()).replace("<main>", f"{outside}{_copy('s')}</{tag}><main>")
    text = _text(html)
    assert _answered(text)
    assert [text.count(answer) for answer in ANSWERS] == [1, 1]


@pytest.mark.parametrize("before", ["<div>", '<header></header><div class="d-md-none">'])
def test_an_faq_served_again_outside_the_story_keeps_the_storys_copy(before):
    html = _page(_faq()).replace("<main>", f"{before}{_copy('s')}</div><main>")
    text = _text(html)
    assert _answered(text)
    assert [text.count(answer) for answer in ANSWERS] == [1, 1]

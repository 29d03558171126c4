"""Lines of the extracted text that come from modal dialogs go, as `extract.modal_dialog`;
a line the page also says outside its dialogs stays."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners import clean_html, dialogs
from cleaners.record import Removal
from tests.river_story import STORY

CONSENT = (
    "We and our partners store and access information on your device to measure how the "
    "site is used and to show you personalised content."
)
FIRST = (
    "The river rose by two metres overnight, and the authorities closed three bridges in "
    "the old town before dawn on Saturday."
)
SECOND = (
    "Engineers said the water would fall again by Monday if the rain stopped, but warned "
    "that the embankments had not been designed for a flood of this size."
)
THIRD = "Residents were told to stay away from the banks until the water falls again."
STORY_TEXT = f"{FIRST}\n{SECOND}\n{THIRD}"


def _page(inside_article: str, story: str = STORY) -> str:
    return (
        "<html><body><article><h1>River floods town</h1>"
        f"{story}{inside_article}</article></body></html>"
    )


def _take_out(page: str, text: str) -> tuple[str, list[Removal]]:
    return dialogs.take_out(LexborHTMLParser(page).body, text)


def test_a_consent_dialog_trafilatura_keeps_goes_with_its_rule():
    box = f'<div role="dialog" aria-modal="true"><p>{CONSENT}</p></div>'
    record = clean_html(_page(box), url="https://example.org/flood")
    assert "partners store" not in record.text
    assert "Engineers said" in record.text
    assert [r.text for r in record.removed if r.rule == dialogs.RULE] == [CONSENT]


def test_closed_dialog_elements_and_alert_dialogs_are_modal_dialogs():
    for box in (
        f"<dialog><p>{CONSENT}</p></dialog>",
        f'<div role="alertdialog"><p>{CONSENT}</p></div>',
    ):
        removal = Removal(dialogs.RULE, CONSENT)
        assert _take_out(_page(box), f"{STORY_TEXT}\n{CONSENT}") == (STORY_TEXT, [removal])


def test_dialogs_that_say_they_are_not_modal_stay():
    # A shop's description drawer, a non-modal alert, a <dialog> open in the page's flow.
    sizing = "Model is 6'0\" and wears size M"
    for box in (
        f'<div role="dialog" aria-modal="false"><p>{sizing}</p></div>',
        f'<div role="alertdialog" aria-modal="false"><p>{sizing}</p></div>',
        f"<dialog open><p>{sizing}</p></dialog>",
    ):
        text = f"{STORY_TEXT}\n{sizing}"
        assert _take_out(_page(box), text) == (text, [])


def test_a_story_a_republish_dialog_repeats_stays():
    box = f'<div role="dialog" aria-modal="true"><h2>Republish this story</h2>{STORY}</div>'
    kept, removed = _take_out(_page(box), f"Republish this story\n{STORY_TEXT}")
    assert kept == STORY_TEXT
    assert [r.text for r in removed] == ["Republish this story"]


def test_a_story_line_stays_though_its_page_copy_carries_a_mark_the_dialog_copy_lacks():
    # Found in review: the page's copy read "two metres[1] overnight", so the exact line
    # was only in the dialog.
    marked = STORY.replace("two metres", 'two metres<span aria-hidden="true">[1]</span>')
    box = f'<div role="dialog" aria-modal="true"><h2>Republish this story</h2>{STORY}</div>'
    kept, removed = _take_out(_page(box, story=marked), f"Republish this story\n{STORY_TEXT}")
    assert kept == STORY_TEXT
    assert [r.text for r in removed] == ["Republish this story"]


def test_a_line_holding_more_than_the_dialog_stays():
    # A shop card whose line trafilatura joins with the "why this ad" box inside it.
    card = (
        '<li>Clutch kit, new, $289.39 <div role="dialog" aria-modal="true">Why you are '
        "seeing this ad</div></li>"
    )
    line = "Clutch kit, new, $289.39 Why you are seeing this ad"
    text = f"{STORY_TEXT}\n{line}"
    assert _take_out(_page(f"<ul>{card}</ul>"), text) == (text, [])


def test_a_line_of_a_dialog_inside_a_dialog_goes_once_and_the_page_line_stays():
    box = '<div role="dialog" aria-modal="true"><dialog><p>Sign up today</p></dialog></div>'
    kept, removed = _take_out(_page(box), f"{STORY_TEXT}\nSign up today")
    assert (kept, [r.text for r in removed]) == (STORY_TEXT, ["Sign up today"])
    page = _page(f"<p>Sign up today</p>{box}")
    text = f"{STORY_TEXT}\nSign up today"
    assert _take_out(page, text) == (text, [])


def test_a_text_that_is_mostly_dialog_is_kept_whole():
    # The page is shown in a box (a lightbox): its story and one caption outside it.
    box = f'<div role="dialog" aria-modal="true">{STORY}</div>'
    page = f"<html><body>{box}<p>Photo: the old bridge</p></body></html>"
    text = f"{STORY_TEXT}\nPhoto: the old bridge"
    assert _take_out(page, text) == (text, [])


def test_a_page_without_dialogs_is_left_as_it_is():
    assert _take_out(_page(""), STORY_TEXT) == (STORY_TEXT, [])
    assert dialogs.take_out(None, STORY_TEXT) == (STORY_TEXT, [])


def test_past_the_search_bound_the_remaining_lines_are_kept(monkeypatch):
    box = '<div role="dialog" aria-modal="true"><p>Sign up</p><p>No thanks</p></div>'
    page = _page(box)
    # The first line's search uses up the bound: the lines after it are not looked for.
    monkeypatch.setattr(dialogs, "MAX_SEARCHED_CHARS", 1)
    kept, removed = _take_out(page, f"Sign up\nNo thanks\n{STORY_TEXT}")
    assert kept == f"No thanks\n{STORY_TEXT}"
    assert [r.text for r in removed] == ["Sign up"]

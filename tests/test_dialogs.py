"""Lines of the extracted text that come wholly from modal dialogs go, as
`extract.modal_dialog`; a line the page also says outside its dialogs stays."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners import clean_html, dialogs
from cleaners.record import Removal
from tests.river_story import STORY

CONSENT = (
    "We and our partners store and access information on your device to measure how the "
    "site is used and to show you personalised content."
)


def _page(inside_article: str) -> str:
    return (
        "<html><body><article><h1>River floods town</h1>"
        f"{STORY}{inside_article}</article></body></html>"
    )


def _dialog_removals(record) -> list[str]:
    return [r.text for r in record.removed if r.rule == dialogs.RULE]


def test_a_consent_dialog_trafilatura_keeps_goes_with_its_rule():
    box = f'<div role="dialog" aria-modal="true"><p>{CONSENT}</p></div>'
    record = clean_html(_page(box), url="https://example.org/flood")
    assert "partners store" not in record.text
    assert "Engineers said" in record.text
    assert _dialog_removals(record) == [CONSENT]


def test_a_dialog_element_and_an_alert_dialog_are_modal_dialogs():
    boxes = (
        f"<dialog><p>{CONSENT}</p></dialog>",
        f'<div role="alertdialog"><p>{CONSENT}</p></div>',
    )
    for box in boxes:
        text = dialogs.DialogText.of(LexborHTMLParser(_page(box)))
        removal = Removal(dialogs.RULE, CONSENT)
        assert text.remove_lines(f"{CONSENT}\nAfter.") == ("After.", [removal])


def test_a_story_a_republish_dialog_repeats_stays():
    box = f'<div role="dialog" aria-modal="true"><h2>Republish this story</h2>{STORY}</div>'
    text = dialogs.DialogText.of(LexborHTMLParser(_page(box)))
    kept, removed = text.remove_lines(
        "Republish this story\nThe river rose by two metres overnight, and the authorities "
        "closed three bridges in the old town before dawn on Saturday."
    )
    assert kept.endswith("before dawn on Saturday.")
    assert [r.text for r in removed] == ["Republish this story"]


def test_a_sheet_that_says_it_is_not_modal_stays():
    # A shop's description drawer: role="dialog" with aria-modal="false".
    sheet = '<div role="dialog" aria-modal="false"><p>Model is 6\'0" and wears size M</p></div>'
    text = dialogs.DialogText.of(LexborHTMLParser(_page(sheet)))
    assert text.remove_lines("Model is 6'0\" and wears size M") == (
        "Model is 6'0\" and wears size M",
        [],
    )


def test_a_line_holding_more_than_the_dialog_stays():
    # A shop card whose line trafilatura joins with the "why this ad" box inside it.
    card = (
        '<li>Clutch kit, new, $289.39 <div role="dialog" aria-modal="true">Why you are '
        "seeing this ad</div></li>"
    )
    text = dialogs.DialogText.of(LexborHTMLParser(_page(f"<ul>{card}</ul>")))
    line = "Clutch kit, new, $289.39 Why you are seeing this ad"
    assert text.remove_lines(line) == (line, [])


def test_a_page_without_dialogs_reads_no_text():
    text = dialogs.DialogText.of(LexborHTMLParser(_page("")))
    assert text == dialogs.DialogText("", "")
    assert text.remove_lines("Any line") == ("Any line", [])


def test_past_the_search_bound_the_remaining_lines_are_kept(monkeypatch):
    box = '<div role="dialog" aria-modal="true"><p>Sign up</p><p>No thanks</p></div>'
    text = dialogs.DialogText.of(LexborHTMLParser(_page(box)))
    # One line's search through the dialogs and the page uses up this bound.
    monkeypatch.setattr(dialogs, "MAX_SEARCHED_CHARS", len(text.dialogs) + len(text.page))
    kept, removed = text.remove_lines("Sign up\nNo thanks")
    assert kept == "No thanks"
    assert [r.text for r in removed] == ["Sign up"]


def test_a_text_that_is_all_dialog_is_kept_whole():
    # Nothing else on the page was found: the page may be shown in a box.
    box = f'<div role="dialog" aria-modal="true"><p>{CONSENT}</p><p>Accept all</p></div>'
    text = dialogs.DialogText.of(LexborHTMLParser(f"<html><body>{box}</body></html>"))
    assert text.remove_lines(f"{CONSENT}\nAccept all") == (f"{CONSENT}\nAccept all", [])

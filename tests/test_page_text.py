"""Decoding page bytes to text, with the HTTP header (`decode_page`) or without it
(`decode_bytes`, how `clean_html` reads bytes)."""

from __future__ import annotations

from cleaners import clean_html, page_text
from cleaners.page_text import decode_bytes, decode_page
from tests.legacy_pages import FRENCH, RUSSIAN


def test_utf8_page_with_latin1_header_is_read_as_utf8():
    body = '<html><head><meta charset="utf-8"></head><body>Malmö café</body></html>'.encode()
    assert "Malmö café" in decode_page(body, "text/html; charset=iso-8859-1")


def test_latin1_page_with_latin1_header_stays_latin1():
    body = "<html><body>Malmö café</body></html>".encode("latin-1")
    assert "Malmö café" in decode_page(body, "text/html; charset=iso-8859-1")


def test_a_legacy_page_that_declares_nothing_is_guessed_not_read_as_utf8():
    # No BOM, no <meta charset>, no charset in the header: as UTF-8 every accent and every
    # Cyrillic letter became U+FFFD.
    assert decode_page(FRENCH.encode("cp1252"), "text/html") == FRENCH
    assert decode_page(RUSSIAN.encode("cp1251"), "text/html") == RUSSIAN
    assert decode_bytes(FRENCH.encode("cp1252")) == FRENCH
    assert decode_bytes(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_bytes_alone_are_utf8_when_valid_whatever_the_page_declares():
    page = '<html><head><meta charset="iso-8859-1"></head><body>Malmö café</body></html>'
    assert decode_bytes(page.encode()) == page


def test_bytes_alone_follow_the_page_declaration_when_not_utf8():
    page = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    assert decode_bytes(page.encode("cp1251")) == page
    bom = "\ufeff<html><body>Malmö café</body></html>"
    assert decode_bytes(bom.encode("utf-16")).lstrip("\ufeff") == bom.lstrip("\ufeff")


def test_clean_html_reads_undeclared_legacy_bytes():
    record = clean_html(RUSSIAN.encode("cp1251"), url="https://example.org/most")
    assert record.title == "Новый мост открыт"
    assert record.language == "ru"
    assert record.text.count("новый мост через реку") == 6
    assert "\ufffd" not in record.text
    record = clean_html(FRENCH.encode("cp1252"), url="https://example.org/conseil")
    assert record.text.count("rénovation du théâtre") == 6


def test_utf8_with_a_stray_byte_stays_utf8():
    # Guessed, the page came out as ISO 8859-10: "réuni" as "rÃĐuni" all through.
    text = decode_bytes(FRENCH.encode() + b"\xff")
    assert text == FRENCH + "\ufffd"
    assert decode_page(FRENCH.encode()[:-1] + b"\xc3", "text/html").startswith(FRENCH[:-1])


def test_the_guess_reads_past_a_long_ascii_start():
    # The first 38 KB are an inline script: guessed from them alone, the page was "ascii".
    script = "<script>" + "var x = 1;\n" * 3500 + "</script>"
    page = RUSSIAN.replace("<head>", "<head>" + script)
    assert decode_bytes(page.encode("cp1251")) == page


def test_a_meta_declaring_utf16_is_read_as_utf8():
    # Bytes that spell their declaration in ASCII are not UTF-16 (the HTML Standard).
    page = '<html><head><meta charset="utf-16"></head><body>Malmö café</body></html>'
    as_utf8 = page.replace("ö", "\ufffd").replace("é", "\ufffd")
    assert decode_bytes(page.encode("cp1252")) == as_utf8
    assert decode_page(page.encode("cp1252"), "text/html") == as_utf8
    assert decode_page(page.encode(), "text/html") == page


def test_a_short_legacy_tail_is_guessed_with_the_page_before_it():
    # Guessed from "caf\xe9</p></body></html>" alone: Korean johab, which took the "<" of
    # "</p>" into a letter.
    page = "<html><body>" + "<p>plain words here</p>" * 200 + "<p>café</p></body></html>"
    assert decode_bytes(page.encode("cp1252")) == page


def test_a_guess_that_takes_markup_into_a_letter_is_passed_over(monkeypatch):
    # Korean johab reads "\xe9<" as one character: the "<" of "</p>" was gone.
    monkeypatch.setattr(page_text, "_guesses", lambda body: ["johab", "cp1252"])
    page = "<html><body><p>café</p></body></html>"
    assert page.encode("cp1252").decode("johab").count("<") < page.count("<")
    assert decode_bytes(page.encode("cp1252")) == page

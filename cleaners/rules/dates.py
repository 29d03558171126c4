"""'Updated: 2016-04-02 09:20'-style lines: metadata for the record, not article text."""

from __future__ import annotations

import re
from datetime import datetime

import regex

from cleaners.rules.lines import Document

_MODIFIED = (
    r"updated|last updated|last modified|modified|aktualisiert|zuletzt aktualisiert|"
    r"mis à jour|mis a jour|actualizado|actualización|atualizado|atualizado em|обновлено"
)
_PUBLISHED = (
    r"published|posted|first published|veröffentlicht|publié|publie|publicado|publicada|"
    r"опубликовано|дата публикации"
)
DATELINE = regex.compile(
    rf"(?i)(?P<label>{_MODIFIED}|{_PUBLISHED})(?: on| at| am| le| el| em| en)?\s*[:：-]?\s*"
    r"(?P<date>[\p{L}\p{N} ,./:-]{6,40}?)\s*(?:\(?[A-Z]{2,5}\)?|UTC|GMT)?"
)
_IS_MODIFIED = regex.compile(rf"(?i){_MODIFIED}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# Date lines read per page at most: dateparser takes up to 15 ms a line it cannot read (it
# tries every language), and a page of such lines took the whole CPU budget. The
# development pages have 4 date lines at most; later ones stay in the text.
MAX_DATE_LINES = 25
_DATEPARSER_SETTINGS = {
    # Only absolute dates: a relative one ("3 hours ago") would depend on the clock.
    "PARSERS": ["absolute-time", "custom-formats"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def parse_date(text: str) -> str | None:
    """An absolute date in any common form and language, as ISO 8601, else None."""
    try:
        # ISO forms are common and the standard library reads them 1000x faster.
        parsed: datetime | None = datetime.fromisoformat(text.strip())
    except ValueError:
        import dateparser  # slow to import; only needed for dates in words

        try:
            parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        except (ValueError, OverflowError):
            return None
    if parsed is None:
        return None
    if _HAS_TIME.search(text):
        return parsed.isoformat(timespec="seconds" if parsed.second else "minutes")
    return parsed.date().isoformat()


def take_date_lines(doc: Document) -> None:
    """Remove short date lines (the first MAX_DATE_LINES); the first 'updated' date becomes
    `modified`, the first 'published' date `published`."""
    read = 0
    for line in doc.kept():
        if line.words > 10 or doc.in_listing(line):
            continue  # a changelog's "Last updated" in a listing dates the listing
        match = DATELINE.fullmatch(line.plain)
        if not match:
            continue
        read += 1
        if read > MAX_DATE_LINES:
            break
        iso = parse_date(match["date"])
        if iso is None:
            continue
        if _IS_MODIFIED.fullmatch(match["label"]):
            doc.modified = doc.modified or iso
            doc.remove(line, "date_line.modified")
        else:
            doc.published = doc.published or iso
            doc.remove(line, "date_line.published")

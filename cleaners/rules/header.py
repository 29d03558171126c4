"""The lines above the first paragraph: the headline becomes the title, and the other short
lines there (section labels, captions without a sentence, bylines) are not article text."""

from __future__ import annotations

import regex

from cleaners.rules.lines import Document, Line

# The headline is the first header line with at least this many words; shorter ones
# above it are section labels ("World").
TITLE_MIN_WORDS = 3
_TITLE_SUFFIX = regex.compile(r"(?P<head>.+?)\s+[-|–—:·•]\s+(?P<tail>[^-|–—:·•]{2,60})")


def _comparable(text: str) -> str:
    return regex.sub(r"[\W_]+", " ", text.casefold()).strip()


def strip_site_from_title(title: str, site_names: list[str], domain: str | None) -> str:
    """'Headline - Site Name' -> 'Headline' when the tail names the site or its domain."""
    match = _TITLE_SUFFIX.fullmatch(title.strip())
    if not match:
        return title.strip()
    tail = _comparable(match["tail"])
    squeezed = tail.replace(" ", "")
    host = (domain or "").casefold().replace("-", "")
    if tail in {_comparable(n) for n in site_names} or (squeezed and squeezed in host):
        return match["head"].strip()
    return title.strip()


def _header_lines(doc: Document) -> list[Line]:
    kept = doc.kept()
    for i, line in enumerate(kept):
        if line.is_prose:
            return [candidate for candidate in kept[:i] if candidate.is_headline_like]
    return []


def _same_headline(line: Line, title: str) -> bool:
    a, b = _comparable(line.text), _comparable(title)
    return bool(a) and (a == b or (len(a) >= 12 and (b.startswith(a) or a.startswith(b))))


def take_header(doc: Document) -> None:
    """Set `doc.title` (unless metadata gave one) and remove the header's short lines."""
    header = _header_lines(doc)
    if doc.title:
        for line in header:
            doc.remove(line, "title" if _same_headline(line, doc.title) else "header_fragment")
        return
    if not header:
        return
    headline = next((line for line in header if line.words >= TITLE_MIN_WORDS), header[0])
    doc.title = headline.text
    for line in header:
        doc.remove(line, "title" if line is headline else "header_fragment")

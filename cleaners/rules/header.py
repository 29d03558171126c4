"""The lines above the first paragraph: the headline becomes the title, and the other short
lines there (section labels, captions without a sentence, bylines) are not article text."""

from __future__ import annotations

import regex

from cleaners.rules.lines import Document, Line

# The headline is the first header line with at least this many words; shorter ones
# above it are section labels ("World").
TITLE_MIN_WORDS = 3
_TITLE_SUFFIX = regex.compile(r"(?P<head>.+?)\s+[-|–—:·•]\s+(?P<tail>[^-|–—:·•]{2,60})")
_NON_WORD = regex.compile(r"[\W_]+")


def _comparable(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _names_host(name: str, domain: str | None) -> bool:
    squeezed = _comparable(name).replace(" ", "")
    return bool(squeezed) and squeezed in (domain or "").casefold().replace("-", "")


def is_headline(site_name: str, title: str | None, domain: str | None) -> bool:
    """Whether a page's `site_name` is its headline: the same words as its `title`, and
    not the name of its domain. Some pages set og:site_name to the article's title; a
    section heading with those words is then no site-name line. Where og:title is the site's
    name ("Factory News" on factorynews.com), the name is the site's."""
    return (
        title is not None
        and _comparable(site_name) == _comparable(title)
        and not _names_host(site_name, domain)
    )


def strip_site_from_title(title: str, site_names: list[str], domain: str | None) -> str:
    """'Headline - Site Name' -> 'Headline' when the tail names the site or its domain."""
    match = _TITLE_SUFFIX.fullmatch(title.strip())
    if not match:
        return title.strip()
    tail = _comparable(match["tail"])
    if tail in {_comparable(n) for n in site_names} or _names_host(tail, domain):
        return match["head"].strip()
    return title.strip()


def _header_lines(doc: Document) -> list[Line]:
    kept = doc.kept()
    for i, line in enumerate(kept):
        if line.is_prose:
            return [candidate for candidate in kept[:i] if candidate.is_headline_like]
    return []


# A line repeats the headline if equal, a truncation of it, or it plus a short tail.
HEADLINE_TAIL_CHARS = 40


def _same_headline(line: Line, comparable_title: str) -> bool:
    a, b = _comparable(line.text), comparable_title
    if not a or not b:
        return False
    if a == b:
        return True
    if b.startswith(a):
        return len(a) >= 0.6 * len(b)
    return a.startswith(b) and len(a) <= len(b) + HEADLINE_TAIL_CHARS


def _is_standfirst(line: Line, summary: str) -> bool:
    """The page's description shown as a dek. Sites often copy the first paragraph into
    the description; a paragraph ends like a sentence, a dek usually does not."""
    if len(summary) < 20 or _comparable(line.text) != summary:
        return False
    return line.text.rstrip("\"'”’»)] ")[-1:] not in ".!?…。"


def take_page_header(doc: Document, description: str | None) -> None:
    """For extracted HTML, where metadata gave the title: remove the headline repeated above
    the first paragraph, and a standfirst there that is the page's own description. Neither
    is removed when it is all the text there is and reads as prose (a link post whose
    headline is its text); a bare headline alone still leaves no text."""
    kept = doc.kept()
    first_prose = next((i for i, line in enumerate(kept) if line.is_prose), len(kept))
    summary = _comparable(description or "")
    # Once, not for every line: a title may be 10,000 characters long.
    title = _comparable(doc.title)
    for line in kept[: first_prose + 1]:
        if len(kept) == 1 and kept[0].is_prose:
            return
        if title and _same_headline(line, title):
            doc.remove(line, "title")
        elif _is_standfirst(line, summary) and line is not kept[-1]:
            doc.remove(line, "standfirst")


def take_header(doc: Document) -> None:
    """For plain text: the headline becomes `doc.title`; the other short lines above the
    first paragraph (section labels, bylines, captions) are removed."""
    header = _header_lines(doc)
    if not header:
        return
    headline = next((line for line in header if line.words >= TITLE_MIN_WORDS), header[0])
    doc.title = headline.text
    for line in header:
        doc.remove(line, "title" if line is headline else "header_fragment")

"""Decoding a page body to text: bytes alone (`decode_bytes`), or bytes with the HTTP
header they came with (`decode_page`).

`decode_page` is used wherever a body comes with its HTTP headers: the crawler's responses
and the responses of WARC files (`python -m cleaners warc`), so that both read a page
alike. `clean_html` reads bytes given alone with `decode_bytes`.

w3lib (Scrapy's decoder) trusts the Content-Type charset over the page's own
`<meta charset>`. Servers often send a default `iso-8859-1` header for UTF-8 pages, which
turns every accent into mojibake. A body that is valid UTF-8 while either the header or
the page declares UTF-8 is UTF-8 (single-byte charsets decode anything, UTF-8 does not);
otherwise the page's declaration wins over the header, then w3lib's usual order applies.

A page that declares nothing (no byte-order mark, no `<meta charset>`, no charset in the
header) and is not valid UTF-8 is in a legacy encoding that must be guessed: decoded as
UTF-8, as w3lib and lexbor do, every accented letter became U+FFFD and a Russian page
lost its language. charset_normalizer (trafilatura's own detector) guesses; where several
encodings read the bytes equally cleanly, windows-1252, the HTML Standard's default for
undeclared pages, breaks the tie (charset_normalizer alone read a French page's "à" as
Central European "ŕ").
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

# An undeclared page's encoding is guessed from GUESS_SAMPLE bytes from its first
# non-ASCII byte (the whole page only when the sample gives no guess), as trafilatura
# samples: the guess costs ~1 ms on the sample, and a few seconds on a 10 MB page. From
# the first non-ASCII byte: a cp1251 page whose first 38 KB were an ASCII script was
# guessed "ascii", which could not read the rest.
GUESS_SAMPLE = 32_768
# ... with this much of the page before it: guessed from "caf\xe9</p></body></html>"
# alone, a short tail was read as Korean johab, which took "<" into a letter.
GUESS_CONTEXT = 4096
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NON_ASCII_TEXT = re.compile(r"[^\x00-\x7f]")
# The HTML Standard's fallback for a page that declares nothing (in most locales).
UNDECLARED_DEFAULT = "cp1252"


def decode_page(body: bytes, content_type: str) -> str:
    """Body bytes + Content-Type header value -> text."""
    if read_bom(body)[0] is not None:
        return html_to_unicode(content_type, body)[1]
    names = (_meta_encoding(body), http_content_type_encoding(content_type))
    declared = [codecs.lookup(name).name for name in names if name and _known(name)]
    if not declared:
        return _undeclared(body)
    # UTF-8 first when declared at all; then as declared, the first that reads it all.
    for encoding in sorted(declared, key=lambda name: name != "utf-8"):
        if (text := _decoded(body, encoding)) is not None:
            return text
    # Nothing declared reads it cleanly: w3lib's order (the header's, else the page's),
    # with what cannot be read replaced; given explicitly, as w3lib would read the
    # <meta> again itself (a UTF-16 one too).
    return html_to_unicode(f"text/html; charset={declared[-1]}", body)[1]


def decode_bytes(body: bytes) -> str:
    """Page bytes that came without HTTP headers -> text: UTF-8 when they are valid UTF-8,
    whatever the page declares (as trafilatura reads them: pages re-saved as UTF-8 keep
    their old declaration, and a legacy encoding almost never yields valid multi-byte
    UTF-8); else as the page declares (byte-order mark, then `<meta charset>`), bytes
    invalid in it replaced; else trafilatura's guess."""
    if (text := _decoded(body, "utf-8")) is not None:
        return text
    encoding = read_bom(body)[0] or _meta_encoding(body)
    if encoding is None or not _known(encoding):
        return _undeclared(body)
    return html_to_unicode(f"text/html; charset={encoding}", body)[1]


def _meta_encoding(body: bytes) -> str | None:
    """The encoding the page's `<meta charset>` declares; UTF-8 for a UTF-16 or UTF-32
    one, as the HTML Standard reads it (bytes that declare UTF-16 in ASCII are not
    UTF-16, which a byte-order mark would have announced)."""
    encoding = html_body_declared_encoding(body)
    if encoding and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return encoding


def _undeclared(body: bytes) -> str:
    """Bytes whose encoding nothing declares: UTF-8 if they are, or if most of their
    non-ASCII characters are (a UTF-8 page with a stray or cut byte: guessed, it came out
    as ISO 8859-10, every accent garbled); else the guesses (`_guesses`) in order, the
    first that decodes them all and keeps their markup; else UTF-8 with U+FFFD for what
    it cannot read."""
    if (text := _decoded(body, "utf-8")) is not None:
        return text
    as_utf8 = body.decode("utf-8", errors="replace")
    invalid = as_utf8.count("\ufffd")
    if sum(1 for _ in _NON_ASCII_TEXT.finditer(as_utf8)) - invalid > invalid:
        return as_utf8
    for guess in _guesses(body):
        text = _decoded(body, guess) if _known(guess) else None
        if text is not None and _keeps_markup(body, text):
            return text
    return as_utf8


def _keeps_markup(body: bytes, text: str) -> bool:
    """Whether `text`, `body` decoded, reads every "<" and ">" of it as such (a multi-byte
    encoding can take one into a character)."""
    return text.count("<") == body.count(b"<") and text.count(">") == body.count(b">")


def _guesses(body: bytes) -> list[str]:
    """charset_normalizer's encodings for `body`, best first; among those that read it as
    cleanly as the best (the same chaos), UNDECLARED_DEFAULT first when it is one of them
    or decodes to the same text."""
    first = _NON_ASCII.search(body)
    start = max(0, first.start() - GUESS_CONTEXT) if first else 0
    matches = from_bytes(body[start : start + GUESS_SAMPLE]) or from_bytes(body)
    best = matches.best()
    if best is None:
        return []
    guesses = [match.encoding for match in matches]
    tied = [match for match in matches if match.chaos == best.chaos]
    if any(UNDECLARED_DEFAULT in match.could_be_from_charset for match in tied):
        guesses.insert(0, UNDECLARED_DEFAULT)
    return guesses


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _decoded(body: bytes, encoding: str) -> str | None:
    """`body` decoded, or None where `encoding` cannot read all of it."""
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None

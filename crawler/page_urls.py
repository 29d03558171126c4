"""Page URLs as they are requested: normalised with courlan (installed with trafilatura).

`?utm_source=...`, `fbclid=...` and the other tracking parameters courlan knows, and empty
ones (`?s=`), are dropped; the host is lowercased, a default port removed, the query sorted.
So `page.html?s=` and `page.html?utm_medium=email` are the page already requested, not a
page fetched again and only later found to be a duplicate. Parameters that select content
(`?id=3`, `?page=2`) stay.

Normalising never changes which resource is asked for: where courlan's result would
(it reads percent-escapes as UTF-8, so `?q=caf%E9`, Latin-1, became `?q=caf%EF%BF%BD`;
it escapes a path's `;` and a stray `%`), the URL is requested as given.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit

from courlan import normalize_url

# Characters whose escaping changes what a server reads (RFC 3986 sub-delims and ":@").
_RESERVED = "!$&'()*+,;=:@"
_ESCAPED_PERCENT = "%25"
# Printable ASCII, left as it is when a query is read as bytes.
_ASCII_SHOWN = "".join(map(chr, range(33, 127)))


def page_url(url: str) -> str:
    """The URL to request for `url` (unchanged if courlan cannot parse it, or if its
    normalisation would ask for another resource)."""
    try:
        normalised = normalize_url(url)
    except ValueError:
        return url
    return normalised if _same_resource(url, normalised) else url


def _same_resource(given: str, normalised: str) -> bool:
    """Whether `normalised` asks for what `given` does: the same path, byte for byte and
    with its reserved characters as written, and a query holding only parameters of the
    given one (tracking and empty ones dropped, the rest reordered)."""
    try:
        before, after = urlsplit(given), urlsplit(normalised)
    except ValueError:
        return False
    if unquote_to_bytes(before.path or "/") != unquote_to_bytes(after.path or "/"):
        return False
    if any(before.path.count(mark) != after.path.count(mark) for mark in _RESERVED):
        return False
    for part in ("path", "query"):
        if getattr(after, part).count(_ESCAPED_PERCENT) > getattr(before, part).count(
            _ESCAPED_PERCENT
        ):
            return False  # a stray "%" escaped
    kept = Counter(_parameters(after.query))
    # An "&" escaped twice in the page (`&amp;` left in the URL) is the separator courlan
    # takes it for.
    return not kept - Counter(_parameters(before.query.replace("&amp;", "&")))


def _parameters(query: str) -> list[tuple[str, str]]:
    """A query's parameters, each byte of their values as one character (Latin-1), so that
    escapes in any encoding compare as the bytes they stand for (characters written
    unescaped stand for their UTF-8 bytes, as they are sent)."""
    return parse_qsl(quote(query, safe=_ASCII_SHOWN), keep_blank_values=True, encoding="latin-1")

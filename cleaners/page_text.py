"""Decoding a page body to text when the HTTP header and the page disagree.

Used wherever a body comes with its HTTP headers: the crawler's responses and the
responses of WARC files (`python -m cleaners warc`), so that both read a page alike.

w3lib (Scrapy's decoder) trusts the Content-Type charset over the page's own
`<meta charset>`. Servers often send a default `iso-8859-1` header for UTF-8 pages, which
turns every accent into mojibake. A body that is valid UTF-8 while either the header or
the page declares UTF-8 is UTF-8 (single-byte charsets decode anything, UTF-8 does not);
otherwise the page's declaration wins over the header, then w3lib's usual order applies.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)


def decode_page(body: bytes, content_type: str) -> str:
    """Body bytes + Content-Type header value -> text."""
    if read_bom(body)[0] is None:
        names = (html_body_declared_encoding(body), http_content_type_encoding(content_type))
        declared = [codecs.lookup(name).name for name in names if name and _known(name)]
        if "utf-8" in declared and _decodes(body, "utf-8"):
            return body.decode("utf-8")
        for encoding in declared:
            if _decodes(body, encoding):
                return body.decode(encoding)
    return html_to_unicode(content_type, body)[1]


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.decode(body, encoding)
    except UnicodeDecodeError:
        return False
    return True

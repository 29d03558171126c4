"""trafilatura without the readability run that cannot change its result, in our calls.

In its default mode trafilatura compares its own extraction with readability's
(`trafilatura.external.compare_extraction`) and takes readability's text only when
`_prefer_readability` says so: when its own text is empty, when readability's is more than
twice as long, or when readability's passes twice the minimum extraction size and its own
has no paragraph text or more tables than paragraphs (the other cases are for recall
mode). Readability keeps a part of the page's text and adds none, but for "VIDEO" written
into each video <iframe> (and in two rare cases, left to readability: `_readable_bound`):
its text, trimmed as trafilatura trims it, is at most `_readable_bound` characters. So
where trafilatura's own text is not empty, at least half that bound, and has paragraph
text and no more tables than paragraphs (or the bound is within twice the minimum size),
readability cannot win, and is not run: trafilatura sees an empty readability result,
the case it already handles, and goes on (its jusText rescue does not depend on
readability) to the same text and the same choice. On the pruned pages of the 589
development pages this skips 70% of readability runs, about 1 ms a page, and every
record is the same.

The skip applies only inside `skipping()`, which `cleaners.extract` enters around its
trafilatura calls: other code in the process, bare trafilatura in the benchmarks among
it, runs trafilatura as it is. It is installed only for the trafilatura releases whose
comparison it was checked against (VERIFIED_RELEASES); on any other, trafilatura runs
as it is everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import trafilatura
import trafilatura.core
import trafilatura.external
from lxml.etree import tostring
from lxml.html import HtmlElement

# The releases whose `compare_extraction` and `_prefer_readability` the reasoning above
# was checked against (the project pins trafilatura to 2.3).
VERIFIED_RELEASES = ("2.3.",)
# What readability writes into a video <iframe> ("VIDEO"), with a space before it.
_IFRAME_TEXT = len(" VIDEO")
# What readability drops before it reads anything.
_CODE = ("script", "style", "fencedframe")
# Readability writes its result out as XML and reads it back as HTML, which adds text in
# two cases, where no bound is taken: the contents of these elements, which libxml2 reads
# as raw text, come back with their "&", "<" and ">" escaped (and <plaintext> with the
# closing tags); and these control characters, white space to `str.split` (so no more than
# one space in a trimmed text), come back as visible U+FFFD.
_RAW_TEXT = ("xmp", "noembed", "noframes", "plaintext")
_NOT_IN_XML = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")

_state = threading.local()
_compare = trafilatura.external.compare_extraction
_try_readability = trafilatura.external.try_readability


def installed() -> bool:
    """Whether the skip is in place (the installed trafilatura is a verified release)."""
    return trafilatura.core.compare_extraction is _compare_skipping


@contextmanager
def skipping() -> Iterator[None]:
    """trafilatura calls inside this block skip readability where it cannot win."""
    before = getattr(_state, "active", False)
    _state.active = True
    try:
        yield
    finally:
        _state.active = before


def _readable_bound(raw_tree: HtmlElement) -> int | None:
    """The most characters readability's text of `raw_tree` can have, trimmed: the whole
    tree's (readability falls back on the <body>, or takes the <html> when that scores
    best), less the code it drops first, with room for its "VIDEO"s. None where its round
    trip through XML can add text (_RAW_TEXT, _NOT_IN_XML).

    Trimmed, a text is its characters other than white space, and one space for each run
    of white space between them; a part of the text has no more of either, so what is left
    of the code's own characters can be taken off."""
    if next(raw_tree.iter(*_RAW_TEXT), None) is not None:
        return None
    text = tostring(raw_tree, method="text", encoding=str, with_tail=False)
    if not _NOT_IN_XML.isdisjoint(text):
        return None
    code = sum(len("".join((element.text or "").split())) for element in raw_tree.iter(*_CODE))
    videos = _IFRAME_TEXT * sum(1 for _ in raw_tree.iter("iframe"))
    return len(" ".join(text.split())) - code + videos


def cannot_win(raw_tree: HtmlElement, body, text: str, options) -> bool:
    """Whether readability's text of `raw_tree` cannot replace trafilatura's own `text`
    (`body`, its tree) in `compare_extraction`, whatever readability finds."""
    if options.focus == "recall" or not text:
        return False
    bound = _readable_bound(raw_tree)
    if bound is None or bound > 2 * len(text):
        return False
    if bound <= 2 * options.min_extracted_size:
        return True
    return bool(body.xpath(".//p//text()")) and len(body.findall(".//table")) <= len(
        body.findall(".//p")
    )


def _compare_skipping(cleaned_tree, raw_tree, body, text, options):
    _state.empty = getattr(_state, "active", False) and cannot_win(raw_tree, body, text, options)
    try:
        return _compare(cleaned_tree, raw_tree, body, text, options)
    finally:
        _state.empty = False


def _try_readability_skipping(htmlinput: HtmlElement) -> HtmlElement:
    if getattr(_state, "empty", False):
        return HtmlElement()  # what trafilatura gets when readability fails
    return _try_readability(htmlinput)


def install() -> None:
    """Put the skip in place, once, on a verified trafilatura release."""
    if installed() or not trafilatura.__version__.startswith(VERIFIED_RELEASES):
        return
    trafilatura.external.try_readability = _try_readability_skipping
    trafilatura.core.compare_extraction = _compare_skipping

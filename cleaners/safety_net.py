"""The safety net: when extraction from the pruned page gives far less text than the page
evidently holds, the page is extracted again as it came (the reference path).

Pruning removes elements by evidence, and evidence can be wrong: a page whose whole body
sits in one <form>, or a card layout taken for a link list. The paragraphs of the page as
served are the plainest measure of the text it holds; when the pruned extraction keeps
less than SHORT_SHARE of their words, the reference path decides.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

REASON = "short_extraction"
# Below this many words of paragraph text a page gives no evidence to act on.
MIN_EVIDENT_WORDS = 100
SHORT_SHARE = 0.5

_WORD = re.compile(r"\w+")


def words(text: str) -> int:
    """Number of \\w+ tokens in `text`."""
    return len(_WORD.findall(text))


def evident_words(tree: LexborHTMLParser) -> int:
    """Words in the <p> elements of the page (before pruning)."""
    body = tree.body
    if body is None:
        return 0
    return sum(words(p.text(deep=True, separator=" ")) for p in body.css("p"))


def too_short(extracted: str, evident: int) -> bool:
    """Whether `extracted` keeps so little of the page's `evident` paragraph words that
    the reference path must be tried."""
    return evident >= MIN_EVIDENT_WORDS and words(extracted) < SHORT_SHARE * evident

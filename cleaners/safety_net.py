"""The safety net: when extraction from the pruned page gives far less text than the page
evidently holds, the page is extracted again as it came (the reference path).

Pruning removes elements by evidence, and evidence can be wrong: a page whose whole body
sits in one <form>, or a card layout taken for a link list. The paragraphs of the page as
served are the plainest measure of the text it holds; when the pruned extraction keeps
less than SHORT_SHARE of their words, the reference path decides. It decides too where
trafilatura, judging the pruned text against the page as it came, would have retried in
recall mode (`uncovered`).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser
from trafilatura.baseline import html2txt
from trafilatura.core import ESCALATION_ACCEPT_RATIO, ESCALATION_MAX_LENGTH, ESCALATION_PAGE_SHARE

from cleaners.prune import ParagraphWords, outermost, word_runs

REASON = "short_extraction"
UNCOVERED = "uncovered_page"
# Below this many words of paragraph text a page gives no evidence to act on.
MIN_EVIDENT_WORDS = 100
SHORT_SHARE = 0.5

# Elements whose text is code, not page text.
NOT_TEXT = "script, style, svg, template"
# trafilatura's plain text of a page is at most this many times the page's `text_chars`.
TEXT_CEILING = 1.25


@dataclass(frozen=True)
class Evidence:
    """What the page as it came holds, read before pruning: the words of its <p>
    elements, and the characters of its body text less scripts, styles and SVG (a cheap
    bound on trafilatura's plain text of the page: at most 1.11 times it on the 589
    development pages, so 1.25 times it is a safe ceiling)."""

    paragraph_words: int
    text_chars: int

    @classmethod
    def of(cls, tree: LexborHTMLParser, paragraphs: ParagraphWords | None = None) -> Evidence:
        """Read from `tree` before pruning; `paragraphs` are its `ParagraphWords` if the
        caller has read them already."""
        body = tree.body
        if body is None:
            return cls(0, 0)
        if paragraphs is None:
            paragraphs = ParagraphWords.of(tree)
        paragraph_words = paragraphs.runs
        # Code inside code (a <style> in an <svg>) is counted once.
        code = sum(len(n.text(deep=True)) for n in outermost(body.css(NOT_TEXT)))
        return cls(paragraph_words, len(body.text(deep=True)) - code)


def too_short(extracted: str, evident: int) -> bool:
    """Whether `extracted` keeps so little of the page's `evident` paragraph words that
    the reference path must be tried."""
    return evident >= MIN_EVIDENT_WORDS and word_runs(extracted) < SHORT_SHARE * evident


def uncovered(extracted: str, html: str | bytes, text_chars: int | None = None) -> bool:
    """Whether trafilatura, given the page as it came, would judge `extracted` to cover
    too little of the page and retry in recall mode: a text, not empty, under its
    escalation length that holds less than its share of the page's plain text.

    Pruning takes navigation and widgets out of the page, and with them most of the text
    trafilatura measures coverage against: on the pruned page its own retry no longer
    fires, and a table or card list it would have recovered stays out.

    Given the page's `text_chars` (`Evidence`), a text that is long against its ceiling
    is covered without reading the page's plain text (about 14 ms a page)."""
    if not extracted or len(extracted) >= ESCALATION_MAX_LENGTH:
        return False  # trafilatura retries a short text, not an empty one
    ceiling = None if text_chars is None else TEXT_CEILING * text_chars
    if ceiling is not None and len(extracted) >= ESCALATION_PAGE_SHARE * ceiling:
        return False
    return len(extracted) < ESCALATION_PAGE_SHARE * len(html2txt(html))


def trigger(extracted: str, evidence: Evidence, html: str | bytes) -> str | None:
    """Why the reference path must be tried for a page whose pruned extraction gave
    `extracted` (`evidence`: read from the page before pruning), or None."""
    if too_short(extracted, evidence.paragraph_words):
        return REASON
    if uncovered(extracted, html, evidence.text_chars):
        return UNCOVERED
    return None


def takes_reference(reason: str, extracted: str, reference: str) -> bool:
    """Whether the reference text replaces the pruned extraction. After a short
    extraction the longer text wins; after an uncovered page the reference must be as
    much longer as trafilatura asks of its own recall retry (ESCALATION_ACCEPT_RATIO
    in characters): a few more characters are the clutter pruning took out."""
    if reason == UNCOVERED:
        return len(reference) > ESCALATION_ACCEPT_RATIO * len(extracted)
    return word_runs(reference) > word_runs(extracted)

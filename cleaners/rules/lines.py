"""The text model the rules work on: lines, their shapes, and which rule removed each."""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field

import regex

from cleaners.record import Removal

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’»)]」』›"
# Quote and dash variants folded so phrase patterns can be written once.
# (One str.replace each: str.translate looks every character up in a dict, 20 times
# slower on these lines.)
_FOLD = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"',
         "–": "-", "—": "-", "\u00a0": " "}
_EDGE_PUNCT = " \t:;,.!?…·•*>»›→|-–—"

# Writing systems told apart by the rules. Japanese mixes Han and kana, and Korean may use
# Han, so the CJK scripts count as one system. Letters of other scripts count as "other".
_SCRIPT_CLASSES = {
    "latin": r"\p{sc=Latin}",
    "cyrillic": r"\p{sc=Cyrillic}",
    "greek": r"\p{sc=Greek}",
    "arabic": r"\p{sc=Arabic}",
    "hebrew": r"\p{sc=Hebrew}",
    "cjk": r"\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}",
    "thai": r"\p{sc=Thai}",
    "devanagari": r"\p{sc=Devanagari}",
}
# Runs of characters of a class: counted as the sum of the runs' lengths, one match a
# word rather than one a letter (2.5 times faster).
_SCRIPT_LETTERS = {
    name: regex.compile(rf"[{cls}&&\p{{L}}]+", regex.V1) for name, cls in _SCRIPT_CLASSES.items()
}
_ANY_LETTER = regex.compile(r"\p{L}+")
_NON_LATIN_LETTER = regex.compile(r"[\p{L}--\p{sc=Latin}]", regex.V1)
_CJK = regex.compile(rf"[{_SCRIPT_CLASSES['cjk']}]+")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")


def _count(runs: regex.Pattern[str], text: str) -> int:
    """Characters of `text` in the runs that `runs` matches."""
    return sum(map(len, runs.findall(text)))


def script_counts(text: str) -> dict[str, int]:
    """Letters of `text` per writing system (counted in C by regex classes)."""
    if text.isascii():
        ascii_text = text.encode("ascii")
        letters = len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))
        return {"latin": letters} if letters else {}
    if not _NON_LATIN_LETTER.search(text):  # Latin with typographic quotes and dashes
        letters = _count(_ANY_LETTER, text)
        return {"latin": letters} if letters else {}
    counts = {}
    total = _count(_ANY_LETTER, text)
    for name, pattern in _SCRIPT_LETTERS.items():
        n = _count(pattern, text)
        if n:
            counts[name] = n
    if total > sum(counts.values()):
        counts["other"] = total - sum(counts.values())
    return counts


def plain(text: str) -> str:
    """Line text as phrase patterns see it: NFKC, one kind of quote and dash, single
    spaces, no bullet or punctuation at either end (case is kept; `Line.folded` drops it)."""
    if not text.isascii():  # ASCII is NFKC already and holds nothing to fold
        text = unicodedata.normalize("NFKC", text)
        for variant, folded in _FOLD.items():
            text = text.replace(variant, folded)
    return _SPACE.sub(" ", text).strip(_EDGE_PUNCT)


class Line:
    """One non-blank line of input text, with the shape facts every rule asks about
    (computed once: nearly every line is asked). `gap_before`: a blank line preceded it."""

    __slots__ = ("text", "gap_before", "removed_by", "plain", "folded", "words", "is_prose",
                 "is_headline_like", "_scripts")

    def __init__(self, text: str, gap_before: bool = False) -> None:
        self.text = text
        self.gap_before = gap_before
        self.removed_by: str | None = None
        self.plain = plain(text)
        self.folded = self.plain.casefold()
        self.words = _count_words(text)
        # A sentence or paragraph: ends like a sentence and has some length, or is long.
        end = text.rstrip(_CLOSERS + " ")
        self.is_prose = self.words >= 25 or (
            bool(end) and end[-1] in _TERMINAL and self.words >= 6
        )
        # Short and not a sentence: a headline, label, link text or caption fragment.
        self.is_headline_like = (
            not self.is_prose and 1 <= self.words <= 20 and any(c.isalpha() for c in text)
        )
        self._scripts: dict[str, int] | None = None

    @property
    def kept(self) -> bool:
        return self.removed_by is None

    @property
    def scripts(self) -> dict[str, int]:
        """Letters per writing system."""
        if self._scripts is None:
            self._scripts = script_counts(self.text)
        return self._scripts


def _count_words(text: str) -> int:
    """Word count; runs of CJK characters count one word per two characters."""
    words = len(_WORD.findall(text))
    if text.isascii():
        return words
    return words + _count(_CJK, text) // 2


@dataclass
class Document:
    """Lines under cleaning plus what the rules learned about the page."""

    lines: list[Line]
    domain: str | None = None
    title: str = ""
    site_names: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    # The lines of the page's code listings (`pipeline.listing_lines`): a line of the text
    # that is one of them and stands next to another is the listing's (`in_listing`).
    listings: frozenset[str] = frozenset()
    _in_listing: set[int] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.listings:
            return  # most pages, and every text given as text
        shown = [line.text in self.listings for line in self.lines]
        for i, line in enumerate(self.lines):
            if shown[i] and ((i > 0 and shown[i - 1]) or (i + 1 < len(shown) and shown[i + 1])):
                self._in_listing.add(id(line))

    @classmethod
    def from_text(cls, text: str, **kwargs: object) -> Document:
        lines: list[Line] = []
        gap = False
        for raw in text.splitlines():
            stripped = raw.strip()
            if not stripped:
                gap = True
                continue
            lines.append(Line(stripped, gap_before=gap))
            gap = False
        return cls(lines=lines, **kwargs)  # type: ignore[arg-type]

    def kept(self) -> list[Line]:
        return [line for line in self.lines if line.kept]

    def in_listing(self, line: Line) -> bool:
        """Whether `line` is a line of a code listing the page shows: no rule removes it (a
        closing brace or a template tag is the listing's, not clutter)."""
        return id(line) in self._in_listing

    def remove(self, line: Line, rule: str) -> None:
        if line.kept and not self.in_listing(line):
            line.removed_by = rule

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.kept)

    def removals(self) -> list[Removal]:
        return [Removal(line.removed_by, line.text) for line in self.lines if line.removed_by]

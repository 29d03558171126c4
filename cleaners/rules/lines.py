"""The text model the rules work on: lines, their shapes, and which rule removed each."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from cleaners.record import Removal

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’»)]」』›"
# Quote and dash variants folded so phrase patterns can be written once.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                       "–": "-", "—": "-", "\u00a0": " "})
_EDGE_PUNCT = " \t:;,.!?…·•*>»›→|-–—"

# Scripts that count as one writing system: Japanese mixes Han and kana, Korean can use Han.
_SCRIPT_PREFIXES = {
    "LATIN": "latin", "CYRILLIC": "cyrillic", "GREEK": "greek", "ARABIC": "arabic",
    "HEBREW": "hebrew", "CJK": "cjk", "HIRAGANA": "cjk", "KATAKANA": "cjk",
    "HANGUL": "cjk", "THAI": "thai", "DEVANAGARI": "devanagari", "BENGALI": "bengali",
    "GEORGIAN": "georgian", "ARMENIAN": "armenian",
}


def letter_script(ch: str) -> str | None:
    """The writing system of one letter, or None for non-letters."""
    if not ch.isalpha():
        return None
    if ch < "\u0250":
        return "latin"
    name = unicodedata.name(ch, "")
    return _SCRIPT_PREFIXES.get(name.split(" ", 1)[0], "other")


def plain(text: str) -> str:
    """Line text as phrase patterns see it: NFKC, one kind of quote and dash, single
    spaces, no bullet or punctuation at either end (case is kept; `Line.folded` drops it)."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip(_EDGE_PUNCT)


@dataclass
class Line:
    """One non-blank line of input text. `gap_before`: a blank line preceded it."""

    text: str
    gap_before: bool = False
    removed_by: str | None = None

    @property
    def kept(self) -> bool:
        return self.removed_by is None

    @cached_property
    def plain(self) -> str:
        return plain(self.text)

    @cached_property
    def folded(self) -> str:
        return self.plain.casefold()

    @cached_property
    def words(self) -> int:
        """Word count; runs of CJK characters count one word per two characters."""
        count = 0
        for word in _WORD.findall(self.text):
            wide = sum(1 for ch in word if letter_script(ch) == "cjk")
            count += 1 + wide // 2 if wide else 1
        return count

    @cached_property
    def is_prose(self) -> bool:
        """A sentence or paragraph: ends like a sentence and has some length, or is long."""
        if self.words >= 25:
            return True
        end = self.text.rstrip(_CLOSERS + " ")
        return bool(end) and end[-1] in _TERMINAL and self.words >= 6

    @cached_property
    def is_headline_like(self) -> bool:
        """Short and not a sentence: a headline, label, link text or caption fragment."""
        return not self.is_prose and 1 <= self.words <= 20 and any(c.isalpha() for c in self.text)

    @cached_property
    def scripts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ch in self.text:
            script = letter_script(ch)
            if script:
                counts[script] = counts.get(script, 0) + 1
        return counts


@dataclass
class Document:
    """Lines under cleaning plus what the rules learned about the page."""

    lines: list[Line]
    domain: str | None = None
    title: str = ""
    site_names: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None

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

    def remove(self, line: Line, rule: str) -> None:
        if line.kept:
            line.removed_by = rule

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.kept)

    def removals(self) -> list[Removal]:
        return [Removal(line.removed_by, line.text) for line in self.lines if line.removed_by]

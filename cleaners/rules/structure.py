"""Rules that judge a line by its shape, not its words: separators, bare addresses,
breadcrumbs, menu items, counters, and short labels in another script than the article."""

from __future__ import annotations

import re

from cleaners.rules.lines import Document, Line

_URLISH = re.compile(
    r"(?:(?:https?://)?(?:www\d?\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}(?:/\S*)?|[\w.+-]+@[\w-]+\.[\w.-]+)",
    re.IGNORECASE,
)
_ADDRESS_SEP = re.compile(r"[\s,;|]+")
_BREADCRUMB_SEP = re.compile(r"\s+(?:/|>|»|›|→|\\|::)\s+")
# A breadcrumb names sections: words only. Digits, brackets, quotes and operators make a
# measure ("9 in / 23 cm"), a comparison ("302ms → 261ms") or a line of code; an apostrophe
# between letters is part of a word ("Men's").
_NOT_A_CRUMB = re.compile(r"[\d()\[\]{}<>=$*#\":;]|(?<![^\W\d_])'|'(?![^\W\d_])")
# "Item |" or "| Item": one link of a pipe-separated menu (a table row has inner pipes).
_PIPE_ITEM = re.compile(r"\|?[^|]+\|?")
_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*")
# Widget counters ("0", "12", "1.2k"); four plain digits are more likely a year heading.
_COUNTER = re.compile(r"\d{1,3}|\d{1,3}(?:[.,]\d)?\s?[kKmM]")
# Share of letters the article's own script must hold before other-script labels go.
DOMINANT_SCRIPT_SHARE = 0.8
FOREIGN_LABEL_MAX_WORDS = 6


def _is_bare_address(line: Line) -> bool:
    parts = [p for p in _ADDRESS_SEP.split(line.plain) if p]
    return bool(parts) and all(_URLISH.fullmatch(p) for p in parts)


def _is_breadcrumb(line: Line) -> bool:
    if line.words > 12:
        return False
    # On the raw text (folding turns "»" into a quote mark), its spaces collapsed: the
    # separator's \s+ retries every space of a long run (pre-formatted text keeps them).
    segments = _BREADCRUMB_SEP.split(" ".join(line.text.split()))
    if len(segments) < 2:
        return False
    return all(
        0 < len(seg.split()) <= 4
        and seg[:1].isalpha()
        and not _NOT_A_CRUMB.search(seg)
        and not seg.endswith((".", "?", "!"))
        for seg in segments
    )


def remove_by_shape(doc: Document) -> None:
    """separator_only, counter, breadcrumb and menu_item rules."""
    for line in doc.kept():
        if not any(ch.isalnum() for ch in line.text):
            doc.remove(line, "separator_only")
        elif _COUNTER.fullmatch(line.text.strip()):
            doc.remove(line, "counter")
        elif _is_breadcrumb(line):
            doc.remove(line, "breadcrumb")
        elif (
            "|" in line.text
            and line.is_headline_like
            and line.text.strip().startswith("|") != line.text.strip().endswith("|")
            and _PIPE_ITEM.fullmatch(line.text.strip())
        ):
            doc.remove(line, "menu_item")


def remove_addresses_after_notice(doc: Document) -> None:
    """The domain lines listed under an alternate-addresses notice go with the notice."""
    lines = doc.lines
    for i, line in enumerate(lines):
        if line.removed_by != "alternate_addresses":
            continue
        for j in range(i + 1, len(lines)):  # no copy of the rest for each notice
            follower = lines[j]
            if not follower.kept or not _is_bare_address(follower):
                break
            doc.remove(follower, "alternate_addresses")


# Prose letters looked at to decide the article's script: plenty for a share, and bounded.
DOMINANCE_SAMPLE_LETTERS = 3000


def dominant_script(lines: list[Line]) -> str | None:
    """The script holding at least DOMINANT_SCRIPT_SHARE of the letters of the first
    prose lines (up to DOMINANCE_SAMPLE_LETTERS letters)."""
    totals: dict[str, int] = {}
    for line in lines:
        if sum(totals.values()) >= DOMINANCE_SAMPLE_LETTERS:
            break
        if line.is_prose:
            for script, n in line.scripts.items():
                totals[script] = totals.get(script, 0) + n
    letters = sum(totals.values())
    if not letters:
        return None
    script, count = max(totals.items(), key=lambda item: (item[1], item[0]))
    return script if count >= DOMINANT_SCRIPT_SHARE * letters else None


def remove_foreign_script_labels(doc: Document, main_script: str | None) -> None:
    """Short non-prose lines of plain words written wholly in another script than the
    article's (not code, numbers or names with digits, which articles quote)."""
    if main_script is None:
        return
    for line in doc.kept():
        if line.is_prose or line.words > FOREIGN_LABEL_MAX_WORDS or not line.scripts:
            continue
        if main_script not in line.scripts and _WORDS_ONLY.fullmatch(line.plain):
            doc.remove(line, "foreign_script_label")

"""Quality signals: the measures corpus builders filter web text on, and which of their
filters would drop a record, and why.

The verdicts come from datatrove's own filters (Gopher quality and repetition, C4's line
rules, FineWeb's quality rules), with their published thresholds, run on a copy of the
record's text (C4's filter rewrites the text it is given). Only filters that run offline
are used: these tokenise with spaCy's blank English pipeline, which ships inside the
`spacy` package; C4's bad-words filter downloads its word lists and fastText's language
and quality filters download models at run time, so they are not used. The rules are
tuned for English (Gopher's stop words are English ones), as in FineWeb, which applies
them after an English language filter: non-English records mostly fail them.

datatrove and spaCy come with the `corpus` extra (`pip install -e '.[corpus]'`) and are
imported on first use, so the rest of `cleaners` works without them.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

# The filters, in the order their verdicts are reported.
FILTERS = ("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality")
# The stop words of Gopher's quality filter (datatrove's default).
_STOP_WORDS = frozenset(["the", "be", "to", "of", "and", "that", "have", "with"])
_SHORT_LINE = 30  # characters: FineWeb's short line
_DIGITS = 4  # signals are rounded: the same text gives the same bytes


class QualityUnavailable(RuntimeError):
    """datatrove or spaCy is not installed (the `corpus` extra)."""


def check_available() -> None:
    """Raise QualityUnavailable unless the quality filters can run here."""
    missing = [name for name in ("datatrove", "spacy") if importlib.util.find_spec(name) is None]
    if missing:
        raise QualityUnavailable(
            f"quality signals need {' and '.join(missing)}: pip install -e '.[corpus]'"
        )


@lru_cache(maxsize=1)
def _filters() -> dict[str, Any]:
    check_available()
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    made = (GopherQualityFilter, GopherRepetitionFilter, C4QualityFilter, FineWebQualityFilter)
    return {name: make() for name, make in zip(FILTERS, made, strict=True)}


def quality_of(text: str) -> dict[str, Any]:
    """The record's `quality` field for `text`: {"signals": {...}, "filters": {name:
    {"keep": bool, "reason": str | None}}}, reasons as datatrove's filters give them."""
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import get_filter_result

    verdicts = {}
    for name, text_filter in _filters().items():
        keep, reason = get_filter_result(text_filter.filter(Document(text=text, id="")))
        verdicts[name] = {"keep": bool(keep), "reason": None if keep else reason}
    return {"signals": _signals(text), "filters": verdicts}


def low_quality_reason(quality: dict[str, Any]) -> str | None:
    """`low_quality: name: reason; ...` for the filters that would drop the record, or None."""
    failed = [
        f"{name}: {verdict['reason']}"
        for name, verdict in quality["filters"].items()
        if not verdict["keep"]
    ]
    return "low_quality: " + "; ".join(failed) if failed else None


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, _DIGITS) if whole else 0.0


def _signals(text: str) -> dict[str, Any]:
    """The measures the filters decide on, by datatrove's own tokeniser and helpers."""
    from datatrove.pipeline.filters.gopher_repetition_filter import find_duplicates
    from datatrove.utils.text import PUNCTUATION_SET, TERMINAL_PUNCTUATION, split_into_words

    words = split_into_words(text, "eng")
    real_words = [w for w in words if any(ch not in PUNCTUATION_SET for ch in w)]
    lines = [line for line in text.split("\n") if line.strip()]
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    end_punct = tuple(TERMINAL_PUNCTUATION)
    return {
        "words": len(real_words),
        "mean_word_length": _ratio(sum(map(len, real_words)), len(real_words)),
        "alpha_words_ratio": _ratio(sum(any(c.isalpha() for c in w) for w in words), len(words)),
        "stop_words": len(_STOP_WORDS.intersection(words)),
        "lines": len(lines),
        "line_punct_ratio": _ratio(sum(line.endswith(end_punct) for line in lines), len(lines)),
        "short_line_ratio": _ratio(sum(len(line) <= _SHORT_LINE for line in lines), len(lines)),
        "dup_line_ratio": _ratio(find_duplicates(lines)[0], len(lines)),
        "dup_line_char_ratio": _ratio(find_duplicates(lines)[1], len(text.replace("\n", ""))),
        "dup_paragraph_ratio": _ratio(find_duplicates(paragraphs)[0], len(paragraphs)),
    }


# What `--quality` / `--drop-low-quality` ask for.
QUALITY_OFF, QUALITY_ANNOTATE, QUALITY_DROP = "off", "annotate", "drop"


def apply_quality(record: dict[str, Any], mode: str) -> str | None:
    """Add the `quality` field to `record` unless `mode` is off; return the reason to
    reject it instead (`low_quality: ...`) when `mode` is drop and a filter would drop it."""
    if mode == QUALITY_OFF:
        return None
    record["quality"] = quality_of(record["text"])
    return low_quality_reason(record["quality"]) if mode == QUALITY_DROP else None

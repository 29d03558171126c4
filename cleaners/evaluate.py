"""The article-body metric: 4-token shingle precision/recall per page, macro-averaged.

This is the published metric of the article-extraction-benchmark (see the bench README):
tokens are `\\w+` matches (case kept); each text becomes the multiset of its overlapping
4-token shingles (a text shorter than 4 tokens is one shingle of all its tokens); a shingle
is a true positive up to the smaller of its counts in prediction and gold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_SIZE = 4

_TOKEN = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """The metric's tokens: every `\\w+` match of `text`, case kept."""
    return _TOKEN.findall(text)


def shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    """Overlapping 4-token shingles in order; fewer than 4 tokens give one shingle of all."""
    if not tokens:
        return []
    if len(tokens) < SHINGLE_SIZE:
        return [tuple(tokens)]
    return [tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1)]


@dataclass(frozen=True)
class PageScore:
    """One page's score. `precision` is None when the prediction has no tokens."""

    precision: float | None
    recall: float
    exact: bool

    @property
    def f1(self) -> float:
        """Harmonic mean of this page's precision and recall (0 for an empty prediction)."""
        if not self.precision or not self.recall:
            return 0.0
        return 2 * self.precision * self.recall / (self.precision + self.recall)


def score_page(prediction: str, gold: str) -> PageScore:
    """Score one extracted text against its gold text; raises ValueError on a wordless gold."""
    gold_tokens = tokenize(gold)
    if not gold_tokens:
        raise ValueError("gold text has no \\w+ tokens; the metric is undefined")
    pred_tokens = tokenize(prediction)
    exact = pred_tokens == gold_tokens
    if not pred_tokens:
        return PageScore(precision=None, recall=0.0, exact=exact)
    pred_shingles = Counter(shingles(pred_tokens))
    gold_shingles = Counter(shingles(gold_tokens))
    true_positives = (pred_shingles & gold_shingles).total()
    return PageScore(
        precision=true_positives / pred_shingles.total(),
        recall=true_positives / gold_shingles.total(),
        exact=exact,
    )


@dataclass(frozen=True)
class Summary:
    """Macro averages over a set of pages, as the benchmark publishes them."""

    pages: int
    precision: float
    recall: float
    f1: float
    accuracy: float
    empty: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "pages": self.pages,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "empty_predictions": self.empty,
        }


def aggregate(scores: Iterable[PageScore]) -> Summary:
    """Precision averaged over pages with output, recall over all pages, F1 of the two.

    An empty prediction adds recall 0 and no precision; accuracy is the share of pages
    whose token sequence equals the gold's exactly. Raises ValueError on no pages.
    """
    scores = list(scores)
    if not scores:
        raise ValueError("no pages to aggregate")
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(
        pages=len(scores),
        precision=precision,
        recall=recall,
        f1=f1,
        accuracy=sum(s.exact for s in scores) / len(scores),
        empty=len(scores) - len(precisions),
    )


def unmatched_spans(text: str, reference: str) -> list[str]:
    """Stretches of `text` that no matched shingle covers, in order, as they appear in `text`.

    With (prediction, gold) these are the clutter left in; with (gold, prediction) the text
    lost. Matching counts shingles as multisets, like `score_page`: a shingle repeated in
    `text` more often than in `reference` leaves its extra occurrences unmatched.
    """
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    available = Counter(shingles(tokenize(reference)))
    width = min(SHINGLE_SIZE, len(tokens))
    covered = [False] * len(tokens)
    for start, shingle in enumerate(shingles(tokens)):
        if available[shingle] > 0:
            available[shingle] -= 1
            covered[start : start + width] = [True] * width
    spans: list[str] = []
    run_start: int | None = None
    for i, is_covered in enumerate([*covered, True]):
        if not is_covered and run_start is None:
            run_start = i
        elif is_covered and run_start is not None:
            spans.append(text[matches[run_start].start() : matches[i - 1].end()])
            run_start = None
    return spans

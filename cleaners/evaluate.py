"""The article-body metric: 4-token shingle precision/recall per page, macro-averaged.

This is the published metric of the article-extraction-benchmark (see the bench README):
tokens are `\\w+` matches (case kept); each text becomes the multiset of its overlapping
4-token shingles (a text shorter than 4 tokens is one shingle of all its tokens); a shingle
is a true positive up to the smaller of its counts in prediction and gold.

Also the bench's snippet metric (web/ only: `with` snippets that must be in the output,
`without` snippets that must not) and the shingle overlap that attributes lost text to the
rule that removed it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaners.record import Removal

SHINGLE_SIZE = 4
# The rule named for lost text that no removal shares a shingle with.
UNATTRIBUTED = "unattributed"

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
    return list(zip(*(tokens[i:] for i in range(SHINGLE_SIZE)), strict=False))


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


def normalise_space(text: str) -> str:
    """`text` with each run of whitespace made one space, and none at either end."""
    return " ".join(text.split())


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class SnippetCounts:
    """Snippet counts: `with` snippets found (tp) and missing (fn), `without` found (fp).

    Counts add up (`a + b`) to pool them over pages. `precision` is tp / (tp + fp) and
    `recall` tp / (tp + fn); each is None when its denominator is 0.
    """

    tp: int = 0
    fn: int = 0
    fp: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0 when either is 0 or undefined."""
        if not self.precision or not self.recall:
            return 0.0
        return 2 * self.precision * self.recall / (self.precision + self.recall)

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def score_snippets(
    output: str, with_snippets: Iterable[str], without_snippets: Iterable[str]
) -> SnippetCounts:
    """Count one page's snippets in `output`: a snippet is found when, whitespace-normalised,
    it is a (case-sensitive) substring of the whitespace-normalised output."""
    text = normalise_space(output)
    found_with = [normalise_space(snippet) in text for snippet in with_snippets]
    found_without = [normalise_space(snippet) in text for snippet in without_snippets]
    return SnippetCounts(tp=sum(found_with), fn=found_with.count(False), fp=sum(found_without))


def pool_snippets(counts: Iterable[SnippetCounts]) -> SnippetCounts:
    """The sum of per-page snippet counts (the bench pools counts, it does not average)."""
    return sum(counts, SnippetCounts())


def shingle_counts(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of `text`'s shingles, as the metric counts them."""
    return Counter(shingles(tokenize(text)))


def shared_shingles(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> int:
    """How many shingles two multisets share (each up to the smaller of its two counts)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(min(count, large[shingle]) for shingle, count in small.items() if shingle in large)


def attribute_spans(spans: Sequence[str], removals: Sequence[Removal]) -> list[str]:
    """For each span of lost text, the rule of the removal sharing most shingles with it.

    Ties go to the earlier removal; a span that shares no shingle with any removal is
    UNATTRIBUTED.
    """
    removed = [(removal.rule, shingle_counts(removal.text)) for removal in removals]
    rules = []
    for span in spans:
        lost = shingle_counts(span)
        best_rule, best_shared = UNATTRIBUTED, 0
        for rule, counts in removed:
            shared = shared_shingles(lost, counts)
            if shared > best_shared:
                best_rule, best_shared = rule, shared
        rules.append(best_rule)
    return rules


def clutter_removed(
    removed: Counter[tuple[str, ...]],
    gold: Counter[tuple[str, ...]],
    baseline: Counter[tuple[str, ...]],
) -> int:
    """Shingles of `removed` text that are not in the gold but are in the baseline's output:
    the clutter the baseline kept that the removal took out (counted as multisets)."""
    return shared_shingles(removed - gold, baseline)

"""The lost-text view of `cleaners eval`: the text the baseline keeps that clean_html drops,
page by page, attributed to the rule that removed it, and each rule's totals.

It compares against the baseline, not the gold: what bare trafilatura keeps and clean_html
does not is what clean_html's own stages took out. A lost span is article text lost by the
gold shingles it holds that clean_html's output lacks. Beside what a rule lost, its totals
give the clutter it removed (shingles of its removed text that the baseline kept and the
gold does not have), so that a rule's net worth can be judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaners.evaluate import attribute_spans, clutter_removed, shingle_counts, unmatched_spans
from cleaners.goldset import GoldPage
from cleaners.record import Removal


@dataclass(frozen=True)
class LostSpan:
    """A stretch of the baseline's text missing from clean_html's, and the rule blamed."""

    rule: str
    text: str
    shingles: int
    gold_shingles: int  # of those, in the gold and not in clean_html's output

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "text": self.text,
            "shingles": self.shingles,
            "gold_shingles": self.gold_shingles,
        }


@dataclass(frozen=True)
class LostPage:
    """One page's lost text, and the clutter each rule removed there (rule -> shingles)."""

    id: str
    url: str | None
    spans: tuple[LostSpan, ...]
    clutter_removed: dict[str, int] = field(default_factory=dict)

    @property
    def gold_shingles(self) -> int:
        return sum(span.gold_shingles for span in self.spans)

    @property
    def shingles(self) -> int:
        return sum(span.shingles for span in self.spans)

    @property
    def gold_spans(self) -> list[LostSpan]:
        """The spans holding gold text, most gold first (ties in page order)."""
        spans = [span for span in self.spans if span.gold_shingles]
        return sorted(spans, key=lambda span: -span.gold_shingles)


def lost_page(
    page: GoldPage, baseline: str, prediction: str, removed: Sequence[Removal]
) -> LostPage:
    """Compare clean_html's `prediction` with the `baseline` text on one gold page, blaming
    each lost span on the removal (of `removed`) that shares most shingles with it."""
    gold = shingle_counts(page.body)
    missing_gold = gold - shingle_counts(prediction)
    texts = unmatched_spans(baseline, prediction)
    spans = []
    for text, rule in zip(texts, attribute_spans(texts, removed), strict=True):
        counts = shingle_counts(text)
        # A gold shingle lost twice in the baseline's text counts as often as the gold has it.
        in_gold = counts & missing_gold
        missing_gold -= in_gold
        spans.append(LostSpan(rule, text, counts.total(), in_gold.total()))
    by_rule: dict[str, Counter[tuple[str, ...]]] = {}
    for removal in removed:
        by_rule.setdefault(removal.rule, Counter()).update(shingle_counts(removal.text))
    baseline_counts = shingle_counts(baseline)
    clutter = {
        rule: clutter_removed(counts, gold, baseline_counts) for rule, counts in by_rule.items()
    }
    return LostPage(page.id, page.url, tuple(spans), clutter)


@dataclass(frozen=True)
class RuleTotal:
    """One rule over a gold set: gold shingles lost, pages losing some, clutter removed."""

    rule: str
    gold_shingles: int
    pages: int
    clutter_removed: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "gold_shingles_lost": self.gold_shingles,
            "pages": self.pages,
            "clutter_removed": self.clutter_removed,
        }


def rule_totals(pages: Iterable[LostPage]) -> list[RuleTotal]:
    """Each rule's totals, most gold lost first (then most clutter removed, then by name)."""
    gold: Counter[str] = Counter()
    affected: Counter[str] = Counter()
    clutter: Counter[str] = Counter()
    for page in pages:
        page_gold: Counter[str] = Counter()
        for span in page.spans:
            page_gold[span.rule] += span.gold_shingles
        gold.update(page_gold)
        affected.update(rule for rule, lost in page_gold.items() if lost)
        clutter.update(page.clutter_removed)
    totals = [RuleTotal(rule, gold[rule], affected[rule], clutter[rule]) for rule in gold | clutter]
    return sorted(totals, key=lambda t: (-t.gold_shingles, -t.clutter_removed, t.rule))


def worst_lost(pages: Iterable[LostPage], count: int) -> list[LostPage]:
    """The `count` pages losing most gold shingles (ties by id); pages losing none are left out."""
    losing = [page for page in pages if page.gold_shingles]
    return sorted(losing, key=lambda page: (-page.gold_shingles, page.id))[:count]


def lost_json(pages: list[LostPage], count: int) -> dict[str, Any]:
    """The lost-text view as JSON: totals, per-rule totals and the worst pages, spans uncut."""
    return {
        "gold_shingles_lost": sum(page.gold_shingles for page in pages),
        "shingles_lost": sum(page.shingles for page in pages),
        "pages_losing_gold": sum(1 for page in pages if page.gold_shingles),
        "rules": [total.to_dict() for total in rule_totals(pages)],
        "worst": [
            {
                "id": page.id,
                "url": page.url,
                "gold_shingles_lost": page.gold_shingles,
                "shingles_lost": page.shingles,
                "spans": [span.to_dict() for span in page.gold_spans],
            }
            for page in worst_lost(pages, count)
        ],
    }


def lost_lines(
    pages: list[LostPage], count: int, examples: int, cut: Callable[[str], str]
) -> list[str]:
    """The lost-text view as text lines: totals, the rule table, then the worst pages with
    up to `examples` gold spans each, shortened by `cut`."""
    gold = sum(page.gold_shingles for page in pages)
    losing = sum(1 for page in pages if page.gold_shingles)
    lost = sum(page.shingles for page in pages)
    lines = [
        "Text the baseline keeps and clean_html drops: "
        f"{gold} gold shingles on {losing} pages ({lost} shingles in all)",
        f"{'rule':<32} {'gold lost':>9} {'pages':>6} {'clutter removed':>16}",
    ]
    lines += [
        f"{t.rule:<32} {t.gold_shingles:>9d} {t.pages:>6d} {t.clutter_removed:>16d}"
        for t in rule_totals(pages)
    ]
    worst = worst_lost(pages, count)
    if worst:
        lines += ["", f"Worst {len(worst)} pages by gold shingles lost:"]
    for page in worst:
        lines += [
            "",
            f"{page.id}  {page.url or ''}".rstrip(),
            f"  gold shingles lost {page.gold_shingles} (of {page.shingles} shingles lost)",
        ]
        lines += [
            f"    {span.rule} ({span.gold_shingles}): {cut(span.text)}"
            for span in page.gold_spans[:examples]
        ]
    return lines

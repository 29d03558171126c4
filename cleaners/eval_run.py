"""The run behind `cleaners eval`: clean_html and bare trafilatura on every gold page, and
the figures aggregated, overall and per page type (`cleaners.eval_report` prints them).

Both extractors run on the same pages in the same run, so their figures compare pair by
pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import trafilatura

from cleaners.evaluate import (
    PageScore,
    SnippetCounts,
    Summary,
    aggregate,
    pool_snippets,
    score_page,
    score_snippets,
    tokenize,
)
from cleaners.goldset import GoldPage
from cleaners.lost_text import LostPage, lost_page
from cleaners.parallel import ordered_map
from cleaners.pipeline import clean_html
from cleaners.record import Removal
from cleaners.versions import tool_versions

# The baseline is trafilatura as most users would call it; comments are not article text.
BASELINE_OPTIONS: dict[str, Any] = {"include_comments": False}
# An empty clean_html output is listed when the baseline found at least this many words.
EMPTY_LISTED_WORDS = 50
# The group of pages whose gold gives no page_type, in a gold set where others have one.
UNTYPED = "(none)"


def baseline_description() -> str:
    options = ", ".join(f"{key}={value!r}" for key, value in BASELINE_OPTIONS.items())
    return (
        f"trafilatura {tool_versions()['trafilatura']} "
        f"extract(html, url=<gold url>, {options}), other options at their defaults"
    )


@dataclass(frozen=True)
class PageResult:
    """Both extractors' texts for one gold page and how they compare: their scores, their
    snippet counts (clean_html's, the baseline's; None when the page has no snippets) and
    the text lost against the baseline. `fallback` says why clean_html took the reference
    path (None if it did not); `error` is set if clean_html raised."""

    page: GoldPage
    prediction: str
    baseline: str
    score: PageScore
    baseline_score: PageScore
    snippets: tuple[SnippetCounts, SnippetCounts] | None
    lost: LostPage
    fallback: str | None = None
    error: str | None = None


def compare_page(
    page: GoldPage,
    prediction: str,
    baseline: str,
    removed: Sequence[Removal] = (),
    fallback: str | None = None,
    error: str | None = None,
) -> PageResult:
    """Score clean_html's `prediction` and the `baseline` on `page`, and find the text lost,
    blamed on the `removed` pieces of text."""
    snippets = None
    if page.with_snippets or page.without_snippets:
        snippets = (
            score_snippets(prediction, page.with_snippets, page.without_snippets),
            score_snippets(baseline, page.with_snippets, page.without_snippets),
        )
    return PageResult(
        page,
        prediction,
        baseline,
        score=score_page(prediction, page.body),
        baseline_score=score_page(baseline, page.body),
        snippets=snippets,
        lost=lost_page(page, baseline, prediction, removed),
        fallback=fallback,
        error=error,
    )


def extract_page(page: GoldPage) -> PageResult:
    """Run clean_html and the baseline on one page and compare them (a clean_html failure
    scores as empty). All per-page work is done here, in the worker process."""
    baseline = trafilatura.extract(page.html, url=page.url, **BASELINE_OPTIONS) or ""
    try:
        record = clean_html(page.html, url=page.url)
    except Exception as exc:  # one broken page must not stop the evaluation
        return compare_page(page, "", baseline, error=f"{type(exc).__name__}: {exc}")
    # Records made before the safety net have no `fallback`.
    fallback = getattr(record, "fallback", None)
    return compare_page(page, record.text, baseline, record.removed, fallback)


@dataclass(frozen=True)
class GroupFigures:
    """Both extractors' figures on a group of pages (all, or one page type).

    `snippets` is (clean_html's, the baseline's) counts, None when no page of the group
    has snippets; `fallbacks` counts the pages where clean_html took the reference path.
    """

    name: str
    cleaners: Summary
    trafilatura: Summary
    snippets: tuple[SnippetCounts, SnippetCounts] | None
    fallbacks: int

    @property
    def f1_difference(self) -> float:
        return self.cleaners.f1 - self.trafilatura.f1

    @property
    def recall_difference(self) -> float:
        return self.cleaners.recall - self.trafilatura.recall

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.cleaners.pages,
            "cleaners": self.cleaners.to_dict(),
            "trafilatura": self.trafilatura.to_dict(),
            "difference": {"f1": self.f1_difference, "recall": self.recall_difference},
            "snippets": None
            if self.snippets is None
            else {
                "cleaners": self.snippets[0].to_dict(),
                "trafilatura": self.snippets[1].to_dict(),
            },
            "fallbacks": self.fallbacks,
        }


def group_figures(name: str, results: Sequence[PageResult]) -> GroupFigures:
    """Aggregate the figures of `results` (at least one page) as the group `name`."""
    counted = [r.snippets for r in results if r.snippets is not None]
    snippets = None
    if counted:
        snippets = (
            pool_snippets(cleaners for cleaners, _ in counted),
            pool_snippets(baseline for _, baseline in counted),
        )
    return GroupFigures(
        name=name,
        cleaners=aggregate(r.score for r in results),
        trafilatura=aggregate(r.baseline_score for r in results),
        snippets=snippets,
        fallbacks=sum(1 for r in results if r.fallback),
    )


def pages_by_type(results: Sequence[PageResult]) -> dict[str, list[PageResult]]:
    """The results grouped by page type, largest group first (ties by name); empty when no
    page has a type, and pages without one are grouped as UNTYPED when others have one."""
    if all(r.page.page_type is None for r in results):
        return {}
    groups: dict[str, list[PageResult]] = {}
    for result in results:
        groups.setdefault(result.page.page_type or UNTYPED, []).append(result)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


@dataclass(frozen=True)
class EvalReport:
    """Everything `cleaners eval` prints, computed once."""

    directory: str
    results: list[PageResult]
    overall: GroupFigures
    by_type: list[GroupFigures]

    @property
    def cleaners(self) -> Summary:
        return self.overall.cleaners

    @property
    def trafilatura(self) -> Summary:
        return self.overall.trafilatura

    @property
    def errors(self) -> list[PageResult]:
        return [r for r in self.results if r.error]

    @property
    def empty_with_baseline_text(self) -> list[PageResult]:
        """Pages where clean_html's output is empty but the baseline's has enough words."""
        return [
            r
            for r in self.results
            if r.score.precision is None and len(tokenize(r.baseline)) >= EMPTY_LISTED_WORDS
        ]

    @property
    def fallbacks(self) -> list[PageResult]:
        return [r for r in self.results if r.fallback]

    @property
    def lost(self) -> list[LostPage]:
        return [r.lost for r in self.results]

    def worst(self, count: int) -> list[PageResult]:
        """The `count` pages with the lowest clean_html F1 (ties by id)."""
        return sorted(self.results, key=lambda r: (r.score.f1, r.page.id))[:count]


def evaluate_gold_set(directory: str, pages: list[GoldPage], jobs: int) -> EvalReport:
    """Run both extractors on every page (`jobs` processes) and aggregate the scores."""
    results = list(ordered_map(extract_page, pages, jobs))
    return EvalReport(
        directory=directory,
        results=results,
        overall=group_figures("all", results),
        by_type=[group_figures(name, group) for name, group in pages_by_type(results).items()],
    )

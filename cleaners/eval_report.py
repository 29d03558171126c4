"""`cleaners eval`: score clean_html and bare trafilatura on a gold set and report both.

Both extractors run on the same pages in the same run, so their figures compare pair by
pair. The report gives the benchmark's figures for each and the worst pages with the
clutter left in and the text lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import trafilatura

from cleaners.evaluate import PageScore, Summary, aggregate, score_page, unmatched_spans
from cleaners.goldset import GoldPage
from cleaners.parallel import ordered_map
from cleaners.pipeline import clean_html
from cleaners.versions import tool_versions

# The baseline is trafilatura as most users would call it; comments are not article text.
BASELINE_OPTIONS: dict[str, Any] = {"include_comments": False}
# A span longer than this is cut in the text report (JSON keeps it whole).
SPAN_CHARS = 160


def baseline_description() -> str:
    options = ", ".join(f"{key}={value!r}" for key, value in BASELINE_OPTIONS.items())
    return (
        f"trafilatura {tool_versions()['trafilatura']} "
        f"extract(html, url=<gold url>, {options}), other options at their defaults"
    )


@dataclass(frozen=True)
class PageResult:
    """Both extractors' texts for one gold page; `error` is set if clean_html raised."""

    page: GoldPage
    prediction: str
    baseline: str
    error: str | None = None

    @cached_property
    def score(self) -> PageScore:
        return score_page(self.prediction, self.page.body)

    @cached_property
    def baseline_score(self) -> PageScore:
        return score_page(self.baseline, self.page.body)


def extract_page(page: GoldPage) -> PageResult:
    """Run clean_html and the baseline on one page (a clean_html failure scores as empty)."""
    baseline = trafilatura.extract(page.html, url=page.url, **BASELINE_OPTIONS) or ""
    try:
        prediction = clean_html(page.html, url=page.url).text
    except Exception as exc:  # one broken page must not stop the evaluation
        return PageResult(page, "", baseline, error=f"{type(exc).__name__}: {exc}")
    return PageResult(page, prediction, baseline)


@dataclass(frozen=True)
class EvalReport:
    """Everything `cleaners eval` prints, computed once."""

    directory: str
    results: list[PageResult]
    cleaners: Summary
    trafilatura: Summary

    @property
    def errors(self) -> list[PageResult]:
        return [r for r in self.results if r.error]

    def worst(self, count: int) -> list[PageResult]:
        """The `count` pages with the lowest clean_html F1 (ties by id)."""
        return sorted(self.results, key=lambda r: (r.score.f1, r.page.id))[:count]


def evaluate_gold_set(directory: str, pages: list[GoldPage], jobs: int) -> EvalReport:
    """Run both extractors on every page (`jobs` processes) and aggregate the scores."""
    results = list(ordered_map(extract_page, pages, jobs))
    return EvalReport(
        directory=directory,
        results=results,
        cleaners=aggregate(r.score for r in results),
        trafilatura=aggregate(r.baseline_score for r in results),
    )


def _score_dict(score: PageScore) -> dict[str, float | bool | None]:
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "exact": score.exact,
    }


def report_json(report: EvalReport, worst: int) -> str:
    """The report as one JSON document (full precision, spans uncut) for scripts."""
    return json.dumps(
        {
            "directory": report.directory,
            "baseline": baseline_description(),
            "cleaners": report.cleaners.to_dict(),
            "trafilatura": report.trafilatura.to_dict(),
            "errors": [{"id": r.page.id, "reason": r.error} for r in report.errors],
            "worst": [
                {
                    "id": r.page.id,
                    "url": r.page.url,
                    "cleaners": _score_dict(r.score),
                    "trafilatura": _score_dict(r.baseline_score),
                    "clutter_left_in": unmatched_spans(r.prediction, r.page.body),
                    "text_lost": unmatched_spans(r.page.body, r.prediction),
                }
                for r in report.worst(worst)
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _summary_row(name: str, summary: Summary) -> str:
    return (
        f"{name:<12} {summary.precision:>9.3f} {summary.recall:>7.3f} {summary.f1:>7.3f} "
        f"{summary.accuracy:>9.3f} {summary.empty:>6d}"
    )


def _cut(span: str) -> str:
    span = " ".join(span.split())
    return span if len(span) <= SPAN_CHARS else span[: SPAN_CHARS - 1] + "…"


def _span_lines(label: str, spans: list[str], examples: int) -> list[str]:
    if not spans:
        return [f"  {label}: none"]
    shown = spans[:examples]
    lines = [f"  {label} ({len(shown)} of {len(spans)} spans):"]
    return lines + [f"    | {_cut(span)}" for span in shown]


def _format_precision(score: PageScore) -> str:
    return "-" if score.precision is None else f"{score.precision:.3f}"


def report_text(report: EvalReport, worst: int, examples: int) -> str:
    """The human-readable report: figures for both extractors, then the worst pages."""
    lines = [
        f"Gold set: {report.directory} ({report.cleaners.pages} pages)",
        f"Baseline: {baseline_description()}",
        "",
        f"{'':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>9} {'empty':>6}",
        _summary_row("cleaners", report.cleaners),
        _summary_row("trafilatura", report.trafilatura),
    ]
    for result in report.errors:
        lines.append(f"clean_html failed on {result.page.id} (scored as empty): {result.error}")
    if worst > 0:
        lines += ["", f"Worst {min(worst, len(report.results))} pages by cleaners F1:"]
    for result in report.worst(worst):
        score, base = result.score, result.baseline_score
        lines += [
            "",
            f"{result.page.id}  {result.page.url or ''}".rstrip(),
            f"  cleaners P {_format_precision(score)} R {score.recall:.3f} F1 {score.f1:.3f}"
            f"  | trafilatura P {_format_precision(base)} R {base.recall:.3f} F1 {base.f1:.3f}",
            *_span_lines(
                "clutter left in", unmatched_spans(result.prediction, result.page.body), examples
            ),
            *_span_lines(
                "text lost", unmatched_spans(result.page.body, result.prediction), examples
            ),
        ]
    return "\n".join(lines) + "\n"

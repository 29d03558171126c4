"""`cleaners eval`'s report, as text or JSON, from the figures `cleaners.eval_run` computed.

The report gives the benchmark's figures for clean_html and the baseline, overall and per
page type, the snippet counts when the gold set has them, the empty outputs, the pages where
clean_html fell back to the reference path, the text lost against the baseline
(`cleaners.lost_text`) and the worst pages with the clutter left in and the text lost.
"""

from __future__ import annotations

import json
from collections import Counter

from cleaners.eval_run import EMPTY_LISTED_WORDS, EvalReport, baseline_description
from cleaners.evaluate import PageScore, SnippetCounts, Summary, tokenize, unmatched_spans
from cleaners.lost_text import lost_json, lost_lines

# A span longer than this is cut in the text report (JSON keeps it whole).
SPAN_CHARS = 160
# Columns of the per-type and snippet tables; both header and rows are formatted with them.
_TYPE_ROW = "{:<14}{:>6}  {:>6}{:>7}{:>7}  {:>6}{:>7}{:>7}  {:>7}{:>7}{:>10}"
_SNIPPET_ROW = "{:<14}{:>6}  {:>5}{:>5}{:>5}{:>7}{:>7}{:>7}  {:>5}{:>5}{:>5}{:>7}{:>7}{:>7}"


def _score_dict(score: PageScore) -> dict[str, float | bool | None]:
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "exact": score.exact,
    }


def report_json(report: EvalReport, worst: int, lost: int) -> str:
    """The report as one JSON document (full precision, spans uncut) for scripts.

    The top level has the figures of all pages in the shape of each `by_type` value
    (null when no page has a page type); `snippets` is null when no page has snippets.
    """
    return json.dumps(
        {
            "directory": report.directory,
            "baseline": baseline_description(),
            **report.overall.to_dict(),
            "by_type": {group.name: group.to_dict() for group in report.by_type} or None,
            "empty": {
                "cleaners": report.cleaners.empty,
                "trafilatura": report.trafilatura.empty,
                "with_baseline_text": [
                    {
                        "id": r.page.id,
                        "url": r.page.url,
                        "baseline_words": len(tokenize(r.baseline)),
                    }
                    for r in report.empty_with_baseline_text
                ],
            },
            "fallback_pages": [{"id": r.page.id, "reason": r.fallback} for r in report.fallbacks],
            "lost_text": lost_json(report.lost, lost),
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


def _format_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _type_lines(report: EvalReport) -> list[str]:
    if not report.by_type:
        return []
    lines = [
        "",
        "By page type (shingle metric; difference: cleaners - trafilatura;",
        "  fallback: pages where clean_html took the reference path):",
        f"{'':<22}{'cleaners':^20}  {'trafilatura':^20}  {'difference':^14}".rstrip(),
        _TYPE_ROW.format("type", "pages", "P", "R", "F1", "P", "R", "F1", "F1", "R", "fallback"),
    ]
    for group in [report.overall, *report.by_type]:
        scores = [
            f"{value:.3f}"
            for summary in (group.cleaners, group.trafilatura)
            for value in (summary.precision, summary.recall, summary.f1)
        ]
        differences = (f"{group.f1_difference:+.3f}", f"{group.recall_difference:+.3f}")
        lines.append(
            _TYPE_ROW.format(
                group.name, group.cleaners.pages, *scores, *differences, group.fallbacks
            )
        )
    return lines


def _snippet_cells(counts: SnippetCounts) -> list[str]:
    ratios = (_format_ratio(counts.precision), _format_ratio(counts.recall), f"{counts.f1:.3f}")
    return [str(counts.tp), str(counts.fn), str(counts.fp), *ratios]


def _snippet_lines(report: EvalReport) -> list[str]:
    if report.overall.snippets is None:  # no page has snippets
        return []
    lines = [
        "",
        "Snippets, pooled over pages (tp: `with` found, fn: `with` missing,",
        "  fp: `without` found; P = tp/(tp+fp), R = tp/(tp+fn)):",
        f"{'':<22}{'cleaners':^36}  {'trafilatura':^36}".rstrip(),
        _SNIPPET_ROW.format("type", "pages", *(["tp", "fn", "fp", "P", "R", "F1"] * 2)),
    ]
    for group in [report.overall, *report.by_type]:
        if group.snippets is None:
            continue
        cells = [cell for counts in group.snippets for cell in _snippet_cells(counts)]
        lines.append(_SNIPPET_ROW.format(group.name, group.cleaners.pages, *cells))
    return lines


def _empty_lines(report: EvalReport) -> list[str]:
    listed = report.empty_with_baseline_text
    lines = [
        "",
        f"Empty outputs: cleaners {report.cleaners.empty}, trafilatura "
        f"{report.trafilatura.empty}; clean_html empty where the baseline has >= "
        f"{EMPTY_LISTED_WORDS} words: {len(listed) or 'none'}",
    ]
    return lines + [
        f"  {r.page.id}  {r.page.url or ''}  (baseline {len(tokenize(r.baseline))} words)"
        for r in listed
    ]


def _fallback_line(report: EvalReport) -> str:
    reasons = Counter(r.fallback for r in report.fallbacks)
    counted = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
    return (
        f"Safety net: clean_html fell back to the reference path on {len(report.fallbacks)} "
        f"of {len(report.results)} pages" + (f" ({counted})" if counted else "")
    )


def report_text(report: EvalReport, worst: int, examples: int, lost: int) -> str:
    """The human-readable report: figures for both extractors, per type and for snippets,
    empty outputs, the safety net, the `lost` pages losing most text, the `worst` pages."""
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
    lines += [*_type_lines(report), *_snippet_lines(report), *_empty_lines(report)]
    lines += [_fallback_line(report), "", *lost_lines(report.lost, lost, examples, _cut)]
    if worst > 0:
        lines += ["", f"Worst {min(worst, len(report.results))} pages by cleaners F1:"]
    for result in report.worst(worst):
        score, base = result.score, result.baseline_score
        lines += [
            "",
            f"{result.page.id}  {result.page.url or ''}".rstrip(),
            f"  cleaners P {_format_ratio(score.precision)} R {score.recall:.3f} "
            f"F1 {score.f1:.3f}  | trafilatura P {_format_ratio(base.precision)} "
            f"R {base.recall:.3f} F1 {base.f1:.3f}",
            *_span_lines(
                "clutter left in", unmatched_spans(result.prediction, result.page.body), examples
            ),
            *_span_lines(
                "text lost", unmatched_spans(result.page.body, result.prediction), examples
            ),
        ]
    return "\n".join(lines) + "\n"

"""Regression guard on the development bench: the targets of the quality issue hold.

The bench is for measuring; no rule names its sites or phrases. This test only fails when a
change makes the pipeline worse than the agreed bar."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from cleaners import clean_html
from cleaners.evaluate import aggregate, score_page
from cleaners.goldset import load_gold_set


def _score(page):
    return score_page(clean_html(page.html, url=page.url).text, page.body)


def test_bench_f1_precision_and_recall_meet_the_targets(shared_dir):
    pages = load_gold_set(shared_dir / "bench" / "articles")
    with ProcessPoolExecutor(2) as pool:
        summary = aggregate(pool.map(_score, pages))
    assert summary.pages == 90
    assert summary.f1 >= 0.980
    assert summary.precision >= 0.975
    assert summary.recall >= 0.975

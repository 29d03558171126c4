"""Regression guard on the development bench: the targets of the quality issue hold.

The bench is for measuring; no rule names its sites or phrases. This test only fails when a
change makes the pipeline worse than the agreed bar."""

from __future__ import annotations

import pytest


def test_bench_f1_precision_and_recall_meet_the_targets(articles_eval):
    summary = articles_eval.cleaners
    assert summary.pages == 90
    assert summary.f1 >= 0.980
    assert summary.precision >= 0.975
    assert summary.recall >= 0.975


def test_articles_baseline_reproduces_the_published_figure(articles_eval):
    """bench/README.md: trafilatura 2.3.1, include_comments=False: F1 0.963 (P 0.942, R 0.986)."""
    baseline = articles_eval.trafilatura
    assert baseline.f1 == pytest.approx(0.963, abs=0.002)
    assert baseline.precision == pytest.approx(0.942, abs=0.002)
    assert baseline.recall == pytest.approx(0.986, abs=0.002)


def test_web_baseline_reproduces_the_published_article_figure(web_eval):
    """bench/README.md: web/ article pages, trafilatura 2.3.1: F1 0.950 (P 0.947, R 0.954)."""
    [article] = [group for group in web_eval.by_type if group.name == "article"]
    assert article.trafilatura.pages == 208
    assert article.trafilatura.f1 == pytest.approx(0.950, abs=0.002)
    assert article.trafilatura.precision == pytest.approx(0.947, abs=0.002)
    assert article.trafilatura.recall == pytest.approx(0.954, abs=0.002)

"""Do-no-harm guard on both development sets: clean_html against bare trafilatura
(`include_comments=False`, fallback on), scored in the same run, page type by page type.

Recall is what unseen sites lose first, so a change that drops clean_html's recall below
these bounds fails CI. The bounds are the figures measured when the guard was set (see the
README's quality section), less 0.005; where clean_html is still below trafilatura on a
page type, the bound pins today's gap so that it cannot widen while it is closed."""

from __future__ import annotations

import json
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

import pytest
import trafilatura

from cleaners import clean_html
from cleaners.evaluate import aggregate, score_page
from cleaners.goldset import load_gold_set

# clean_html's recall minus trafilatura's, per page type of web/, at least.
WEB_RECALL_GAP = {
    "article": -0.005,
    "documentation": -0.012,
    "forum": 0.004,
    "service": -0.018,
    "product": -0.025,
    "listing": -0.058,
    "collection": -0.056,
}
EMPTY_WHERE_TRAFILATURA_HAS = 50  # words


def _both(page):
    ours = clean_html(page.html, url=page.url).text
    reference = trafilatura.extract(page.html, url=page.url, include_comments=False) or ""
    return page, ours, reference


@pytest.fixture(scope="module")
def web_results(shared_dir):
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(_both, load_gold_set(shared_dir / "bench" / "web"), chunksize=8))


@pytest.fixture(scope="module")
def article_results(shared_dir):
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(_both, load_gold_set(shared_dir / "bench" / "articles")))


def _summaries(results):
    ours = aggregate(score_page(text, page.body) for page, text, _ in results)
    reference = aggregate(score_page(ref, page.body) for page, _, ref in results)
    return ours, reference


def test_articles_recall_stays_within_0_005_of_trafilatura(article_results):
    ours, reference = _summaries(article_results)
    assert ours.recall >= reference.recall - 0.005
    assert ours.f1 >= 0.980


@pytest.mark.parametrize("page_type", sorted(WEB_RECALL_GAP))
def test_web_recall_per_page_type_against_trafilatura(shared_dir, web_results, page_type):
    gold = json.loads((shared_dir / "bench" / "web" / "gold.json").read_text(encoding="utf-8"))
    by_type = defaultdict(list)
    for result in web_results:
        by_type[gold[result[0].id]["page_type"]].append(result)
    ours, reference = _summaries(by_type[page_type])
    assert ours.recall - reference.recall >= WEB_RECALL_GAP[page_type]


def test_no_page_is_empty_where_trafilatura_finds_50_words(web_results, article_results):
    empty = [
        page.id
        for page, text, reference in [*web_results, *article_results]
        if not text.strip() and len(reference.split()) >= EMPTY_WHERE_TRAFILATURA_HAS
    ]
    assert empty == []

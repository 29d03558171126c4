"""Do-no-harm guard on both development sets: clean_html against bare trafilatura
(`include_comments=False`, fallback on), scored in the same run, page type by page type.

Recall is what unseen sites lose first, so a change that drops clean_html's recall below
these bounds fails CI. The bounds are the figures measured when the guard was set (see the
README's quality section), less 0.005; where clean_html is still below trafilatura on a
page type, the bound pins today's gap so that it cannot widen while it is closed."""

from __future__ import annotations

import pytest

# clean_html's recall and F1 minus trafilatura's, per page type of web/, at least: today's
# recall figures less 0.005 (README, quality section; ratcheted with the titled prose in
# <div>s and the unfolded FAQ answers), no F1 below trafilatura's, and on article pages
# the generalisation issue's bar: 0.020 above trafilatura's F1.
WEB_RECALL_GAP = {
    "article": 0.019,
    "documentation": 0.025,
    "forum": 0.021,
    "service": 0.055,
    "product": 0.010,
    "listing": 0.019,
    "collection": -0.002,
}
WEB_F1_GAP = {
    "article": 0.020,
    "documentation": 0.0,
    "forum": 0.0,
    "service": 0.0,
    "product": 0.0,
    "listing": 0.0,
    "collection": 0.0,
}


def test_articles_recall_stays_within_0_005_of_trafilatura(articles_eval):
    assert articles_eval.overall.recall_difference >= -0.005


def test_web_has_the_seven_page_types(web_eval):
    assert sorted(group.name for group in web_eval.by_type) == sorted(WEB_RECALL_GAP)


def _group(web_eval, page_type):
    [group] = [group for group in web_eval.by_type if group.name == page_type]
    return group


@pytest.mark.parametrize("page_type", sorted(WEB_RECALL_GAP))
def test_web_recall_per_page_type_against_trafilatura(web_eval, page_type):
    assert _group(web_eval, page_type).recall_difference >= WEB_RECALL_GAP[page_type]


@pytest.mark.parametrize("page_type", sorted(WEB_F1_GAP))
def test_web_f1_per_page_type_against_trafilatura(web_eval, page_type):
    assert _group(web_eval, page_type).f1_difference >= WEB_F1_GAP[page_type]


def test_no_page_is_empty_where_trafilatura_finds_50_words(web_eval, articles_eval):
    # cleaners.eval_run lists the pages empty where the baseline has 50 words or more.
    empty = [*web_eval.empty_with_baseline_text, *articles_eval.empty_with_baseline_text]
    assert [r.page.id for r in empty] == []


def test_no_page_raises(web_eval, articles_eval):
    assert [r.page.id for r in [*web_eval.errors, *articles_eval.errors]] == []

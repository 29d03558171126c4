"""The benchmark metric, the snippet counts and the attribution of lost text, on small
hand-computed examples."""

from __future__ import annotations

import pytest

from cleaners.evaluate import (
    UNATTRIBUTED,
    PageScore,
    SnippetCounts,
    aggregate,
    attribute_spans,
    clutter_removed,
    pool_snippets,
    score_page,
    score_snippets,
    shingle_counts,
    shingles,
    tokenize,
    unmatched_spans,
)
from cleaners.record import Removal


def test_tokens_are_word_runs_with_case_kept():
    assert tokenize("Don't stop—it's 2024!") == ["Don", "t", "stop", "it", "s", "2024"]


def test_shingles_overlap_by_three_tokens():
    assert shingles(["a", "b", "c", "d", "e"]) == [("a", "b", "c", "d"), ("b", "c", "d", "e")]


def test_text_shorter_than_four_tokens_is_one_shingle_of_all_its_tokens():
    assert shingles(["a", "b"]) == [("a", "b")]


def test_identical_texts_score_one_and_are_exact():
    assert score_page("one two three four five", "one two three four five") == PageScore(
        precision=1.0, recall=1.0, exact=True
    )


def test_extra_token_lowers_precision_only():
    # prediction shingles: abcd bcde cdef (3); gold: abcd bcde (2); 2 true positives.
    score = score_page("a b c d e f", "a b c d e")
    assert (score.precision, score.recall, score.exact) == (2 / 3, 1.0, False)


def test_repeated_prediction_shingle_counts_once_per_gold_occurrence():
    # prediction: xyzw yzwx zwxy wxyz xyzw (5, xyzw twice); gold: xyzw once -> tp = min(2, 1).
    score = score_page("x y z w x y z w", "x y z w")
    assert (score.precision, score.recall) == (1 / 5, 1.0)


def test_repeated_gold_shingle_needs_repeating_in_prediction():
    score = score_page("x y z w", "x y z w x y z w")
    assert (score.precision, score.recall) == (1.0, 1 / 5)


def test_short_texts_match_only_as_a_whole():
    assert score_page("Hello, world!", "Hello world") == PageScore(1.0, 1.0, exact=True)
    # The 2-token shingle never equals a 4-token one, even though both words are in the gold.
    assert score_page("Hello world", "Hello world again friend") == PageScore(0.0, 0.0, False)


def test_case_differences_do_not_match():
    assert score_page("The cat sat down", "the cat sat down") == PageScore(0.0, 0.0, False)


def test_empty_prediction_has_no_precision_and_zero_recall():
    score = score_page(" -- ", "one two three four")
    assert score == PageScore(precision=None, recall=0.0, exact=False)
    assert score.f1 == 0.0


def test_page_f1_is_harmonic_mean():
    assert PageScore(precision=0.5, recall=1.0, exact=False).f1 == pytest.approx(2 / 3)


def test_wordless_gold_is_rejected():
    with pytest.raises(ValueError, match="no"):
        score_page("some text here now", "...")


def test_aggregate_averages_precision_over_pages_with_output_and_recall_over_all():
    summary = aggregate(
        [
            PageScore(precision=1.0, recall=1.0, exact=True),
            PageScore(precision=None, recall=0.0, exact=False),
            PageScore(precision=0.5, recall=0.25, exact=False),
        ]
    )
    # P = (1 + 0.5) / 2 = 0.75; R = (1 + 0 + 0.25) / 3 = 5/12; F1 = 2PR / (P + R) = 15/28.
    assert summary.pages == 3
    assert summary.precision == pytest.approx(0.75)
    assert summary.recall == pytest.approx(5 / 12)
    assert summary.f1 == pytest.approx(15 / 28)
    assert summary.accuracy == pytest.approx(1 / 3)
    assert summary.empty == 1


def test_aggregate_of_only_empty_predictions_is_zero():
    summary = aggregate([PageScore(None, 0.0, False)])
    assert (summary.precision, summary.recall, summary.f1) == (0.0, 0.0, 0.0)


def test_aggregate_needs_pages():
    with pytest.raises(ValueError):
        aggregate([])


def test_clutter_spans_are_prediction_text_outside_matched_shingles():
    gold = "The cat sat on the mat today."
    assert unmatched_spans("Share this! The cat sat on the mat today.", gold) == ["Share this"]
    assert unmatched_spans(gold, "Share this! The cat sat on the mat today.") == []


def test_lost_spans_are_gold_text_missing_from_prediction():
    gold = "First part is kept here. Second part went missing entirely."
    assert unmatched_spans(gold, "First part is kept here.") == [
        "Second part went missing entirely"
    ]


def test_spans_count_shingles_as_multisets():
    assert unmatched_spans("a b c d, a b c d", "a b c d") == ["a b c d"]


def test_short_text_spans_match_as_a_whole():
    assert unmatched_spans("Hi there", "Hi there") == []
    assert unmatched_spans("Hi there", "Something else entirely here") == ["Hi there"]


def test_with_snippet_is_found_whatever_the_whitespace():
    counts = score_snippets("The cat\n  sat on the mat.", ["The cat sat on"], [])
    assert counts == SnippetCounts(tp=1, fn=0, fp=0)


def test_snippets_are_case_sensitive():
    counts = score_snippets("The cat sat on the mat.", ["the cat sat on"], [])
    assert counts == SnippetCounts(tp=0, fn=1, fp=0)


def test_without_snippet_found_is_a_false_positive_and_one_not_found_counts_nothing():
    counts = score_snippets("Subscribe now! The cat sat.", [], ["Subscribe now!", "Log in"])
    assert counts == SnippetCounts(tp=0, fn=0, fp=1)


def test_snippet_counts_pool_by_summing_over_pages():
    pooled = pool_snippets([SnippetCounts(2, 1, 0), SnippetCounts(1, 0, 1)])
    assert pooled == SnippetCounts(tp=3, fn=1, fp=1)
    assert (pooled.precision, pooled.recall, pooled.f1) == (3 / 4, 3 / 4, 3 / 4)


def test_snippet_precision_without_anything_found_is_undefined():
    counts = SnippetCounts(tp=0, fn=2, fp=0)
    assert (counts.precision, counts.recall, counts.f1) == (None, 0.0, 0.0)


NAV = Removal("prune.link_block", "Home News Sport Weather Contact us")
TEASER = Removal("prune.teaser_link", "Read more: the mayor opened the new bridge on Sunday")


def test_lost_span_goes_to_the_removal_sharing_most_shingles():
    spans = ["the mayor opened the new bridge", "News Sport Weather Contact"]
    assert attribute_spans(spans, [NAV, TEASER]) == ["prune.teaser_link", "prune.link_block"]


def test_lost_span_sharing_as_much_with_two_removals_goes_to_the_earlier():
    twin = Removal("page_chrome", NAV.text)
    assert attribute_spans(["Home News Sport Weather"], [twin, NAV]) == ["page_chrome"]


def test_lost_span_sharing_no_shingle_is_unattributed():
    assert attribute_spans(["An entirely different sentence"], [NAV, TEASER]) == [UNATTRIBUTED]


def test_clutter_removed_is_removed_text_in_the_baseline_but_not_in_the_gold():
    # Removed shingles: "Home News Sport Weather", "News Sport Weather Contact" and
    # "Sport Weather Contact us"; the gold has the 3rd, the baseline the 2nd and 3rd.
    removed = shingle_counts("Home News Sport Weather Contact us")
    gold = shingle_counts("Sport Weather Contact us today")
    baseline = shingle_counts("News Sport Weather Contact us")
    assert clutter_removed(removed, gold, baseline) == 1

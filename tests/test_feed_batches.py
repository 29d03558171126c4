"""A batched feed's name without its batch number (crawler.feed_batches), which names
what belongs to the whole crawl, such as the raw archive."""

from __future__ import annotations

import pytest

from crawler.feed_batches import unbatched_uri


@pytest.mark.parametrize(
    ("template", "first_batch", "whole_crawl"),
    [
        ("out-%(batch_id)05d.jsonl.gz", "out-00001.jsonl.gz", "out.jsonl.gz"),
        ("out_%(batch_id)d.jsonl", "out_12.jsonl", "out.jsonl"),
        ("%(batch_id)d-out.jsonl", "1-out.jsonl", "out.jsonl"),
        ("out-%(batch_time)s.jsonl", "out-2026-12-05T10-11-12.123456+00-00.jsonl", "out.jsonl"),
        # The crawl's own placeholders keep the value the feed got, dashes and all.
        (
            "crawl/%(name)s-%(time)s-%(batch_id)03d.jsonl.gz",
            "crawl/articles-2026-12-05T10-11-12-001.jsonl.gz",
            "crawl/articles-2026-12-05T10-11-12.jsonl.gz",
        ),
        ("file:///srv/c/a%20b-%(batch_id)d.jsonl", "file:///srv/c/a%20b-3.jsonl",
         "file:///srv/c/a%20b.jsonl"),
    ],
)
def test_the_batch_number_and_one_separator_beside_it_are_taken_out(
    template, first_batch, whole_crawl
):
    assert unbatched_uri(template, first_batch) == whole_crawl


def test_a_feed_without_batches_keeps_its_uri():
    assert unbatched_uri("out-%(time)s.jsonl", "out-2026-12-05T10-11-12.jsonl") == (
        "out-2026-12-05T10-11-12.jsonl"
    )


def test_a_uri_that_does_not_follow_its_template_is_kept():
    assert unbatched_uri("out-%(batch_id)d.jsonl", "other.jsonl") == "other.jsonl"

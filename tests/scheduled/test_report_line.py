"""The end-of-run report shows what a scheduled crawl skipped, found unchanged or rejected."""

from __future__ import annotations

from crawler.report import format_report


def test_report_has_a_scheduled_line_with_the_counts():
    stats = {"scheduled/skipped_fresh": 40, "scheduled/not_modified": 3,
             "scheduled/duplicates/near": 1}
    report = format_report(stats, "articles", "finished")
    assert "scheduled crawl:  skipped_fresh 40, not_modified 3, duplicates/near 1\n" in report


def test_report_of_a_first_crawl_has_no_scheduled_line():
    assert "scheduled" not in format_report({"pages/fetched": 2}, "articles", "finished")


def test_report_counts_the_records_the_safety_net_took_from_the_unpruned_page():
    stats = {"pages/fetched": 9, "fallback/short_extraction": 2}
    report = format_report(stats, "articles", "finished")
    assert "safety net:       2  short_extraction 2\n" in report
    assert "safety net" not in format_report({"pages/fetched": 9}, "articles", "finished")


def test_report_counts_records_in_the_feed_and_names_a_failed_write():
    stats = {"item_scraped_count": 12, "records/written": 10,
             "write_failed": "could not write the feed out.jsonl: [Errno 28] No space left"}
    report = format_report(stats, "articles", "write_failed")
    assert "records written:  10\n" in report
    assert f"WRITE FAILED:     {stats['write_failed']} (the crawl was stopped" in report

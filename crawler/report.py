"""End-of-run report: a few lines on stderr from the crawl's stats (stdout may be a feed);
with LOG_FILE set (scrapyd sets it to the job's log), in the log instead, at INFO (WARNING
when a write failed).

Its counts are of lines written: records as they reached the feed (`records/written`; an
item the exporter failed on is not a record), rejections and skips as their logs wrote
them; they add up to `pages found`.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.write_failures import WRITE_FAILED

logger = logging.getLogger(__name__)

TOP_RULES = 5
_ERROR_PREFIXES = ("downloader/exception_type_count/", "spider_exceptions/")


class CrawlReport:
    """Extension: on spider_closed, prints pages found and fetched, records written (in
    the feed), rejections and skips by reason, errors by kind, the rules that fired most,
    how many records the safety net took from the unpruned page, a failed write,
    (when any) discovery problems, refused addresses, off-site and normalised URLs, and
    the files written (with WARC_ARCHIVE, the raw archive's)."""

    def __init__(self, crawler: Crawler, stream: TextIO | None = None) -> None:
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.to_log = stream is None and bool(crawler.settings.get("LOG_FILE"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        report = cls(crawler)
        crawler.signals.connect(report.spider_closed, signals.spider_closed)
        return report

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        report = format_report(stats, spider.name, reason)
        if self.to_log:
            level = logging.WARNING if stats.get(WRITE_FAILED) else logging.INFO
            logger.log(level, "%s", report.rstrip("\n"))
            return
        self.stream.write(report)
        self.stream.flush()


def format_report(stats: dict[str, Any], spider_name: str, close_reason: str) -> str:
    """The report text for a stats dict (see the stat names the components set)."""
    rejects = _with_prefix(stats, "rejects/", skip=("rejects/path",))
    skipped = _with_prefix(stats, "skipped/", skip=("skipped/path",))
    scraped = stats.get("item_scraped_count", 0)
    written = stats.get("records/written", 0)
    errors = {}
    for prefix in _ERROR_PREFIXES:
        errors.update(_with_prefix(stats, prefix))
    rules = sorted(_with_prefix(stats, "rules/").items(), key=lambda kv: (-kv[1], kv[0]))
    lines = [
        f"--- crawl report: {spider_name} ({close_reason}) ---",
        f"pages found:      {stats.get('pages/found', 0)}",
        f"pages fetched:    {stats.get('pages/fetched', 0)}",
        f"records written:  {written}",
        f"rejections:       {sum(rejects.values())}  {_counts(rejects)}",
        f"skipped:          {sum(skipped.values())}  {_counts(skipped)}",
        f"errors by kind:   {sum(errors.values())}  {_counts(errors)}",
        f"top rules fired:  {_counts(dict(rules[:TOP_RULES]))}",
    ]
    if scraped > written:
        lines.append(f"NOT WRITTEN:      {scraped - written} records the feed export failed on"
                     " (see the log)")
    if fallbacks := _with_prefix(stats, "fallback/"):
        lines.append(f"safety net:       {sum(fallbacks.values())}  {_counts(fallbacks)}")
    if failed := stats.get(WRITE_FAILED):
        lines.append(f"WRITE FAILED:     {failed} (the crawl was stopped; exit status 1)")
    if discovery := _with_prefix(stats, "discovery/"):
        lines.append(f"discovery:        {_counts(discovery)}")
    if refused := _with_prefix(stats, "address_policy/refused/"):
        lines.append(f"address refused:  {sum(refused.values())}  {_counts(refused)}")
    if links := {name: stats[f"pages/{name}"] for name in ("offsite", "url_normalised")
                 if stats.get(f"pages/{name}")}:
        lines.append(f"urls:             {_counts(links)}")
    if scheduled := _with_prefix(stats, "scheduled/"):
        lines.append(f"scheduled crawl:  {_counts(scheduled)}")
    if "records/path" in stats:
        lines.append(f"records file:     {stats['records/path']}")
    if "rejects/path" in stats:
        lines.append(f"rejects file:     {stats['rejects/path']}")
    if "skipped/path" in stats:
        lines.append(f"skipped log:      {stats['skipped/path']}")
    if "archive/first_file" in stats:
        first, last = stats["archive/first_file"], stats["archive/last_file"]
        files = first if first == last else f"{first} to {last}"
        lines.append(f"raw archive:      {stats['archive/responses']} responses, {files}")
    return "\n".join(lines) + "\n"


def _with_prefix(stats: dict[str, Any], prefix: str, skip: tuple[str, ...] = ()) -> dict[str, int]:
    return {
        key.removeprefix(prefix): value
        for key, value in stats.items()
        if key.startswith(prefix) and key not in skip and isinstance(value, int)
    }


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name} {n}" for name, n in ordered)

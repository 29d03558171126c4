"""End-of-run report: a few lines on stderr from the crawl's stats (stdout may be a feed);
with LOG_FILE set (scrapyd sets it to the job's log), in the log instead, at INFO (WARNING
when a write failed).

Its counts are of lines written: records as they reached the feed (`records/written`; an
item the exporter failed on is not a record), rejections and skips as their logs wrote
them; they add up to `pages found`.

`python -m crawler.report FILES` merges the reports of a distributed crawl's workers
from their stats files (`out-<worker>.stats.jsonl`): the same report over the summed
counts, then one line per worker with its pages, records and pages per second.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import load_object

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
    # Requests refused on purpose (robots.txt, the address policy, a page not modified)
    # are rejections or skips, counted there: no errors.
    errors = {kind: n for kind, n in errors.items() if not _is_refusal(kind)}
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


# The packages whose exceptions a crawl's stats may name, imported to read them; a name in
# a stats file given to `main` imports nothing else (a module runs code as it is imported).
_EXCEPTION_PACKAGES = ("scrapy", "twisted", "crawler")


def _is_refusal(kind: str) -> bool:
    """Whether the exception named `kind` is an IgnoreRequest: a request refused on purpose."""
    if kind.partition(".")[0] not in _EXCEPTION_PACKAGES:
        return False
    try:
        exception = load_object(kind)
    except (ImportError, NameError, ValueError, AttributeError):
        return False
    return isinstance(exception, type) and issubclass(exception, IgnoreRequest)


def _with_prefix(stats: dict[str, Any], prefix: str, skip: tuple[str, ...] = ()) -> dict[str, int]:
    return {
        key.removeprefix(prefix): value
        for key, value in stats.items()
        if key.startswith(prefix) and key not in skip and isinstance(value, int)
    }


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name} {n}" for name, n in ordered)


def merge_stats(workers: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The workers' integer stats summed (paths, times and reasons are per worker)."""
    total: Counter[str] = Counter()
    for stats in workers:
        total.update({key: value for key, value in stats.items()
                      if isinstance(value, int) and not isinstance(value, bool)})
    return dict(total)


def worker_line(stats: dict[str, Any]) -> str:
    """`worker w1 (finished): 150 pages fetched, 148 records, 41.2 pages/s over 3.6 s`."""
    fetched, seconds = stats.get("pages/fetched", 0), stats.get("elapsed_time_seconds", 0.0)
    rate = fetched / seconds if seconds else 0.0
    return (f"worker {stats.get('worker', '?')} ({stats.get('finish_reason', '?')}): "
            f"{fetched} pages fetched, {stats.get('records/written', 0)} records, "
            f"{rate:.1f} pages/s over {seconds:.1f} s")


def merged_report(workers: list[dict[str, Any]], spider_name: str = "articles") -> str:
    """The report of a distributed crawl from its workers' stats."""
    reasons = sorted({str(stats.get("finish_reason")) for stats in workers})
    text = format_report(merge_stats(workers), spider_name,
                         f"{len(workers)} workers: {', '.join(reasons)}")
    return text + "".join(worker_line(stats) + "\n" for stats in workers)


def main(argv: list[str] | None = None) -> int:
    """`python -m crawler.report out-w1.stats.jsonl out-w2.stats.jsonl ...`; exit status 2,
    with a one-line error, for a file missing or unreadable, or a line that is not a
    worker's stats (a records file given by mistake)."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.report",
        description="The crawl report of a distributed crawl, merged from its workers' stats "
        "files (out-<worker>.stats.jsonl, written beside each worker's feed): the report over "
        "the summed counts, then one line per worker. Only the workers of a distributed crawl "
        "write stats files; a crawl in one process prints its report as it ends.",
    )
    parser.add_argument("files", nargs="+", metavar="STATS_FILE", help="a worker's stats file")
    args = parser.parse_args(argv)
    try:
        workers = [_worker_stats(path) for path in args.files]
    except ValueError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(merged_report([stats for lines in workers for stats in lines]))
    return 0


def _worker_stats(path: str) -> list[dict[str, Any]]:
    """The stats lines of one worker's stats file; ValueError naming the file and line
    where it cannot be read or a line is not a worker's stats."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"cannot read {path}: {err}") from err
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            stats = json.loads(line)
        except json.JSONDecodeError:
            stats = None
        if not isinstance(stats, dict) or not {"worker", "finish_reason"} <= stats.keys():
            raise ValueError(f"{path}:{number}: not a worker's stats line")
        lines.append(stats)
    if not lines:
        raise ValueError(f"{path}: no worker's stats in it")
    return lines


if __name__ == "__main__":
    sys.exit(main())

"""`scrapy crawl` with two conveniences:

- `-o/-O name.jsonl.gz` works (Scrapy takes the format from the last suffix, `gz`, and
  refuses it); the OutputFeeds add-on then adds gzip compression.
- a distributed worker started with no URL argument joins the crawl in Redis with its
  arguments (crawler/distributed/crawl_args.py).
- a bad spider argument (`crawler.params.ArgumentError`) or an item pipeline setup that
  cannot write records (`crawler.required_pipelines.PipelineSetupError`) ends the run
  with one line, `Error: <message>`, and exit status 2, instead of a traceback (on stderr;
  in the log when LOG_FILE is set, as scrapyd sets it for each job).
- a crawl stopped by a failed write (`crawler.write_failures`) exits with status 1, and
  so does a distributed worker that cannot reach Redis at start (one line, `Error:
  cannot reach Redis at ...`) or loses it during the crawl.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import PurePosixPath

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.distributed.crawl_args import shared_spider_args
from crawler.distributed.leased_scheduler import REDIS_LOST
from crawler.distributed.redis_connection import RedisUnavailable, is_distributed
from crawler.params import ArgumentError
from crawler.required_pipelines import PipelineSetupError
from crawler.write_failures import write_failed

logger = logging.getLogger(__name__)

USAGE_EXIT_CODE = 2
WRITE_FAILED_EXIT_CODE = 1


def with_inner_format(output: str) -> str:
    """`out.jsonl.gz` -> `out.jsonl.gz:jsonl`; anything else unchanged."""
    path = PurePosixPath(output)
    if path.suffix == ".gz" and len(path.suffixes) >= 2 and ":" not in path.name:
        return f"{output}:{path.suffixes[-2].lstrip('.')}"
    return output


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        for name in ("output", "overwrite_output"):
            if getattr(opts, name, None):
                setattr(opts, name, [with_inner_format(value) for value in getattr(opts, name)])
        super().process_options(args, opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        assert self.crawler_process
        if is_distributed(self.settings):
            try:
                opts.spargs, role = shared_spider_args(self.settings, args[0], opts.spargs)
                # Its part in pushing the start requests (crawler/distributed/start_once.py).
                self.settings.set("WORKER_START_PUSH", role, "cmdline")
            except (ArgumentError, RedisUnavailable) as error:
                self._error_line(error)
                self.exitcode = USAGE_EXIT_CODE if isinstance(error, ArgumentError) else 1
                return
        crawler = self._create_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(started, asyncio.Future):
            started.add_done_callback(self._explain_usage_error)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = self.exitcode or 1
        elif write_failed(crawler) or crawler.stats.get_value(REDIS_LOST):
            self.exitcode = WRITE_FAILED_EXIT_CODE

    def _explain_usage_error(self, task: asyncio.Future) -> None:
        error = None if task.cancelled() else task.exception()  # retrieved: no traceback
        if isinstance(error, ArgumentError | PipelineSetupError):
            self._error_line(error)
            self.exitcode = USAGE_EXIT_CODE
        elif isinstance(error, RedisUnavailable):
            self._error_line(error)
            self.exitcode = WRITE_FAILED_EXIT_CODE
        elif error is not None:
            task.get_loop().call_exception_handler(
                {"message": "crawl failed", "exception": error, "future": task}
            )

    def _error_line(self, error: Exception) -> None:
        """`Error: <message>`: on stderr, or in the log when LOG_FILE is set (scrapyd)."""
        if self.settings is not None and self.settings.get("LOG_FILE"):
            logger.error("Error: %s", error)  # scrapyd: into the job's log
        else:
            sys.stderr.write(f"Error: {error}\n")

"""Settings for Scrapy's commands that look at pages (`fetch`, `parse`, `check`, `shell`,
`view`): they run the spider's code but leave nothing behind.

No feed, rejects, skipped log, report or archive files are written, and the crawl state
(STATE_DIR: seen-store, dedup index; or Redis when distributed) is neither locked, read
nor written. `parse` still cleans the page: the pipelines that turn a fetched page into
a record (quality field included, with ARTICLE_QUALITY) stay on.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, Settings

# The pipelines that make a record from a fetched page, without the crawl state.
RECORD_PIPELINES = {
    "crawler.pipelines.fetch_outcome.FetchOutcomePipeline": 100,
    "crawler.pipelines.cleaning.CleaningPipeline": 300,
    "crawler.pipelines.language_filter.LanguageFilterPipeline": 400,
    "crawler.pipelines.quality_filter.QualityFilterPipeline": 410,
}

LOOK_ONLY_SETTINGS: dict[str, Any] = {
    "DEFAULT_FEED_URI": None,  # OutputFeeds adds no feed
    "EXTENSIONS": {
        "crawler.record_exporter.RecordFeedExporter": None,
        "crawler.rejects.RejectsLog": None,
        "crawler.skipped.SkippedLog": None,
        "crawler.report.CrawlReport": None,
        "crawler.scheduled.feed_recovery.FeedRecovery": None,
        "crawler.scheduled.dead_url_log.DeadUrlLog": None,
    },
    "ITEM_PIPELINES_BASE": RECORD_PIPELINES,
    "SPIDER_MIDDLEWARES": {"crawler.scheduled.revisit_filter.RevisitFilterMiddleware": None},
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.scheduled.conditional_requests.ConditionalRequestMiddleware": None,
        "crawler.warc_archive.WarcArchiveMiddleware": None,  # no archive files either
    },
    "DISTRIBUTED": False,  # never the shared frontier of a distributed crawl
}


def apply_look_only(settings: Settings) -> None:
    """Add LOOK_ONLY_SETTINGS over the project's settings (a command's own
    `default_settings` rank below the project's); what `-s` set still wins. Component
    dicts are merged: only the components named are turned off or replaced."""
    for name, value in LOOK_ONLY_SETTINGS.items():
        priority = settings.getpriority(name) or 0
        if priority >= SETTINGS_PRIORITIES["cmdline"]:
            continue
        if isinstance(value, dict) and name != "ITEM_PIPELINES_BASE":
            value = {**settings.getdict(name), **value}
        settings.set(name, value, priority=max(priority, SETTINGS_PRIORITIES["project"]))


class LookOnlyCommand:
    """Mixin for a Scrapy command that leaves nothing behind (put it first in the bases;
    not a ScrapyCommand itself, or Scrapy would list it as a command)."""

    settings: Settings | None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # type: ignore[misc]
        assert self.settings is not None
        apply_look_only(self.settings)

"""Add-on: where records go when the command line does not say.

- No FEEDS (no `-o`/`-O`): JSON lines to DEFAULT_FEED_URI,
  `output/%(name)s-%(time)s.jsonl` by default (None: no feed, as for `scrapy fetch`).
- A feed URI ending in `.gz` without postprocessing gets `GzipMemberPlugin`, so
  `-O out.jsonl.gz` writes gzip-compressed JSON lines, one gzip member per record.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

GZIP_PLUGIN = "crawler.gzip_members.GzipMemberPlugin"


class OutputFeeds:
    """Scrapy add-on (ADDONS setting) completing the FEEDS setting."""

    def update_settings(self, settings: BaseSettings) -> None:
        feeds: dict[str, dict[str, Any]] = settings.getdict("FEEDS")
        default = settings.get("DEFAULT_FEED_URI")
        if not feeds and not settings.get("FEED_URI") and default:
            feeds = {default: {"format": "jsonlines"}}
        completed = {}
        for uri, options in feeds.items():
            options = dict(options)
            if str(uri).endswith(".gz") and "postprocessing" not in options:
                options["postprocessing"] = [GZIP_PLUGIN]
            completed[uri] = options
        settings.set("FEEDS", completed, priority=max(settings.getpriority("FEEDS") or 0, 15))

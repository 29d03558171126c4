"""`python -m crawler.demo`: serve the bundled demo site on 127.0.0.1 and crawl it (`full`).

The Harbour Gazette (crawler/demo_site/) is a small news site of our own: a home page and
a section hub, four articles with share bars, related lists, alternate-address notices
and newsletter prompts, a sitemap, an RSS feed and a robots.txt. No internet needed.

Records go to output/articles-<time>.jsonl (or `-O FILE`), rejects beside them, and the
crawl report is printed at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.local_site import LocalSite, pages_from_directory
from crawler.write_failures import write_failed

DEMO_SITE = Path(__file__).resolve().parent / "demo_site"


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site, crawl it with strategy full; 0 if it wrote at least one record
    and no write failed."""
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__)
    parser.add_argument("-O", "--output", help="write records here (.jsonl or .jsonl.gz)")
    args = parser.parse_args(argv)

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    # A local demo: no need to wait between requests.
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    # Keep the console to problems and the report: rejections are in the rejects file
    # and counted in the report, so they need not be logged one by one here.
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    settings.set("DEFAULT_DROPITEM_LOG_LEVEL", "INFO", priority="cmdline")
    if args.output:
        settings.set("FEEDS", {args.output: {"format": "jsonlines", "overwrite": True}},
                     priority="cmdline")

    # The demo keeps no crawl state between runs: its site gets a new port (so new URLs)
    # every time, and a seen-store from an earlier run would only report duplicates.
    with LocalSite() as site, tempfile.TemporaryDirectory(prefix="demo-state-") as state:
        settings.set("STATE_DIR", state, priority="cmdline")
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("articles")
        process.crawl(crawler, site=site.base_url + "/")
        process.start()
    written = crawler.stats.get_value("records/written", 0)
    return 0 if written > 0 and not write_failed(crawler) else 1


if __name__ == "__main__":
    raise SystemExit(main())

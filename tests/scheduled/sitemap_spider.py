"""A minimal sitemap spider for testing the scheduled-crawl components on their own.

It finds article URLs in /sitemap.xml (passing each `<lastmod>` on in request meta,
as the project's spider does), cleans each page with `cleaners.clean_html`, and at the
end writes the crawl stats as JSON to the file named by the STATS_FILE setting.
"""

from __future__ import annotations

import json
from pathlib import Path

import scrapy
from scrapy.utils.sitemap import Sitemap

from cleaners import clean_html


class SitemapArticles(scrapy.Spider):
    name = "sitemap_articles"

    def __init__(self, site: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [f"{site}/sitemap.xml"]

    def parse(self, response):
        for entry in Sitemap(response.body):
            yield scrapy.Request(entry["loc"], self.parse_article,
                                 meta={"lastmod": entry.get("lastmod")})

    def parse_article(self, response):
        yield clean_html(response.body, response.url).to_dict()

    def closed(self, reason):
        stats_file = self.settings.get("STATS_FILE")
        if stats_file:
            stats = {k: v for k, v in self.crawler.stats.get_stats().items()
                     if isinstance(v, (int, float, str))}
            Path(stats_file).write_text(json.dumps(stats, indent=1), "utf-8")

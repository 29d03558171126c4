"""Where the spider notes what it has found: in memory (one process), or in Redis when
the crawl is distributed (DISTRIBUTED, README "Distributed crawls"), shared by every
worker. Either way the spider sees the same interfaces (`FoundPages`, `SitemapLimits`).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.distributed.redis_connection import is_distributed, key_prefix, redis_client
from crawler.distributed.redis_found_pages import RedisFoundPages, RedisSitemapLimits
from crawler.found_pages import FoundPages
from crawler.sitemaps import SitemapLimits


def open_found_pages(
    settings: BaseSettings, spider_name: str, max_pages: int | None
) -> FoundPages:
    """The pages found, for a spider bounded by `max_pages` (None: no bound)."""
    if is_distributed(settings):
        namespace = f"{key_prefix(settings)}:{spider_name}"
        return RedisFoundPages(redis_client(settings), namespace, max_pages)
    return FoundPages(max_pages)


def open_sitemap_limits(settings: BaseSettings, spider_name: str) -> SitemapLimits:
    """SITEMAP_MAX_DEPTH and SITEMAP_MAX_COUNT, for one process or the whole crawl."""
    depth, count = settings.getint("SITEMAP_MAX_DEPTH"), settings.getint("SITEMAP_MAX_COUNT")
    if is_distributed(settings):
        namespace = f"{key_prefix(settings)}:{spider_name}"
        return RedisSitemapLimits(redis_client(settings), namespace, depth, count)
    return SitemapLimits(depth, count)

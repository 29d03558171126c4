"""crawler: the Scrapy project that finds and fetches article pages for `cleaners`.

Importing this package does not import Scrapy, so process-pool workers
(`crawler.cleaning_worker`) stay light.
"""

"""Distributed crawls: several `scrapy crawl articles` processes share one frontier
(scrapy-redis's scheduler queue and request dupefilter) and one crawl state in Redis.

Turned on by the DISTRIBUTED setting (README "Distributed crawls"); without it nothing
here is loaded and a crawl keeps its state in the SQLite file under STATE_DIR.
"""

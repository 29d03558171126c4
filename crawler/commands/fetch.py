"""`scrapy fetch`, leaving nothing behind (crawler/commands/look_only.py)."""

from scrapy.commands.fetch import Command as ScrapyFetch

from crawler.commands.look_only import LookOnlyCommand


class Command(LookOnlyCommand, ScrapyFetch):
    pass

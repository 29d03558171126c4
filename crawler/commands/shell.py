"""`scrapy shell`, leaving nothing behind (crawler/commands/look_only.py)."""

from scrapy.commands.shell import Command as ScrapyShell

from crawler.commands.look_only import LookOnlyCommand


class Command(LookOnlyCommand, ScrapyShell):
    pass

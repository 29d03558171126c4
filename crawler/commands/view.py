"""`scrapy view`, leaving nothing behind (crawler/commands/look_only.py)."""

from scrapy.commands.view import Command as ScrapyView

from crawler.commands.look_only import LookOnlyCommand


class Command(LookOnlyCommand, ScrapyView):
    pass

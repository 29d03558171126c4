"""`scrapy check`: the spider's contracts, run on the bundled demo site (crawler/contracts.py).

Nothing is written (crawler/commands/look_only.py); the demo site is served on
127.0.0.1, so private addresses are allowed. Without a URL argument the spider is made
with the demo site's home page as its one given URL (the contracts replace its start).
"""

from __future__ import annotations

import argparse

from scrapy.commands.check import Command as ScrapyCheck

from crawler.commands.look_only import LookOnlyCommand
from crawler.contracts import demo_site
from crawler.params import URL_ARGUMENTS


class Command(LookOnlyCommand, ScrapyCheck):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.set("ALLOW_PRIVATE_ADDRESSES", True, priority="cmdline")
        if not opts.list and not any(name in opts.spargs for name in URL_ARGUMENTS):
            opts.spargs["url"] = demo_site().url("/")

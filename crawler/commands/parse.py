"""`scrapy parse URL`: the record the crawl would write for URL, or its rejects line.

Scrapy's command, with what this project's spider needs: spider `articles`, and URL
requested as a given URL of a one-off ingestion is (`articles` with `-a url=URL`), so
it is cleaned as an article whatever it looks like. The item pipelines always run, and
what is printed is what they return: the record or, for a page they drop (a 404, a
binary body, a page over the budget), its rejects line. Nothing is written
(crawler/commands/look_only.py): no feed, no logs, no crawl state.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy import Request, Spider
from scrapy.commands.parse import Command as ScrapyParse
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from crawler.commands.look_only import LookOnlyCommand
from crawler.page_log import LoggedDrop
from crawler.params import URL_ARGUMENTS

SPIDER = "articles"


class Command(LookOnlyCommand, ScrapyParse):
    def short_desc(self) -> str:
        return "Fetch URL and print the record a crawl would write for it (or its rejects line)"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        opts.spider = opts.spider or SPIDER
        if args and not any(name in opts.spargs for name in URL_ARGUMENTS):
            opts.spargs["url"] = args[0]
        opts.pipelines = False  # scraped_data below runs them, and shows what they return

    def prepare_request(self, spider: Spider, request: Request, opts: argparse.Namespace) -> Any:
        given = getattr(spider, "given_page_request", None)
        page = given(request.url) if given is not None else request
        if not isinstance(page, Request):
            raise ValueError(f"{request.url}: the spider made no request for it ({page!r})")
        prepared = super().prepare_request(spider, page, opts)
        if page.errback is not None:
            prepared.errback = self._failed(page.errback, opts, spider, prepared.callback)
        return prepared

    def _failed(self, errback: Any, opts: argparse.Namespace, spider: Spider, callback: Any):
        """The spider's errback, its items shown like a callback's (a failed fetch is a
        rejects line, not nothing)."""

        def shown(failure: Failure) -> Any:
            items = [item for item in errback(failure) or [] if not isinstance(item, Request)]
            return self.scraped_data((items, [], opts, 1, spider, callback))

        return shown

    def scraped_data(self, args: tuple[Any, ...]) -> Any:
        items, *rest = args
        outcomes = deferred_from_coro(self._outcomes(items))
        return outcomes.addCallback(lambda shown: super(Command, self).scraped_data((shown, *rest)))

    async def _outcomes(self, items: list[Any]) -> list[Any]:
        pipelines = self.pcrawler.engine.scraper.itemproc
        shown = []
        for item in items:
            try:
                shown.append(await pipelines.process_item_async(item))
            except LoggedDrop as drop:
                shown.append(drop.line)
            except DropItem as drop:
                shown.append({"dropped": str(drop)})
        return shown

"""Item pipelines a user might add to the project's own (test-only; see test_crawl_accounting)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

MIN_WORDS = 450


class DropShortArticles:
    """Keeps records of at least MIN_WORDS words: the others raise a plain `DropItem`."""

    def process_item(self, item: Any) -> Any:
        words = ItemAdapter(item).get("word_count")
        if words is not None and words < MIN_WORDS:
            raise DropItem(f"{words} words, fewer than {MIN_WORDS}")
        return item


class AddUnserialisableField:
    """A buggy pipeline: puts a value in the record that no JSON exporter can write."""

    def process_item(self, item: Any) -> Any:
        ItemAdapter(item)["handle"] = object()
        return item

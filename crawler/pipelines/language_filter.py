"""Last pipeline: records whose language is not allowed become `language` rejections."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.rejects import reject_record


class LanguageFilterPipeline:
    """Setting ARTICLE_LANGUAGES: allowed langdetect codes, e.g. ["en", "de"];
    empty (the default) allows every language."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = frozenset(code.lower() for code in languages)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguageFilterPipeline:
        return cls(crawler.settings.getlist("ARTICLE_LANGUAGES"))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        if self.languages and item.get("language") not in self.languages:
            found = item.get("language") or "undetected"
            allowed = ", ".join(sorted(self.languages))
            raise reject_record(item, "language", f"{found} not in ARTICLE_LANGUAGES ({allowed})")
        return item

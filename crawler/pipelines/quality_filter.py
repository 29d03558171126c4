"""After the language filter: with ARTICLE_QUALITY = "drop", records that one of the
corpus quality filters (Gopher, C4, FineWeb; cleaners/quality.py) would drop become
`low_quality` rejections, the filters' reasons as the detail."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from cleaners.quality import (
    QUALITY_ANNOTATE,
    QUALITY_DROP,
    QUALITY_OFF,
    check_available,
    low_quality_reason,
)
from crawler.rejects import reject_record


class QualityFilterPipeline:
    """Setting ARTICLE_QUALITY: "off" (default), "annotate" (records carry `quality`,
    computed by the cleaning workers) or "drop" (as annotate, and low-quality records are
    rejected)."""

    def __init__(self, mode: str) -> None:
        self.drop = mode == QUALITY_DROP

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QualityFilterPipeline:
        return cls(quality_mode(crawler.settings.get("ARTICLE_QUALITY")))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        reason = low_quality_reason(item["quality"]) if self.drop else None
        if reason:
            raise reject_record(item, "low_quality", reason.removeprefix("low_quality: "))
        return item


def quality_mode(value: str | None) -> str:
    """ARTICLE_QUALITY checked: one of off, annotate, drop (annotate and drop need the
    corpus extra)."""
    mode = (value or QUALITY_OFF).strip().lower()
    if mode not in (QUALITY_OFF, QUALITY_ANNOTATE, QUALITY_DROP):
        raise ValueError(f"ARTICLE_QUALITY must be off, annotate or drop, got {value!r}")
    if mode != QUALITY_OFF:
        check_available()
    return mode

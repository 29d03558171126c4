"""The function the cleaning workers run: page bytes in, record dict out.

Runs in a child process; it imports `cleaners` but never Scrapy.
"""

from __future__ import annotations

from typing import Any

from cleaners import clean_html
from cleaners.budget import Budget
from cleaners.page_text import decode_page
from cleaners.quality import QUALITY_ANNOTATE, apply_quality


def clean_page(body: bytes, content_type: str, url: str, budget: Budget) -> dict[str, Any]:
    """Decode and clean one page within `budget`; the record as `Record.to_dict()` gives it.

    Raises `cleaners.budget.OverBudget` for a page over the budget's limits."""
    return clean_html(decode_page(body, content_type), url, budget=budget).to_dict()


def clean_page_with_quality(
    body: bytes, content_type: str, url: str, budget: Budget
) -> dict[str, Any]:
    """As `clean_page`, with the record's `quality` field (cleaners/quality.py): computed
    here, in the worker, because it costs about four times the cleaning."""
    record = clean_page(body, content_type, url, budget)
    apply_quality(record, QUALITY_ANNOTATE)
    return record

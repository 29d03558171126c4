"""The function process-pool workers run: page bytes in, record dict out.

Runs in a child process; it imports `cleaners` but never Scrapy.
"""

from __future__ import annotations

from typing import Any

from cleaners import clean_html
from cleaners.page_text import decode_page


def clean_page(body: bytes, content_type: str, url: str) -> dict[str, Any]:
    """Decode and clean one page; the record as `Record.to_dict()` gives it."""
    return clean_html(decode_page(body, content_type), url).to_dict()

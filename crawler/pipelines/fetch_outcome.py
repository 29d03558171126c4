"""First pipeline: failed fetches and non-HTML responses become rejections, skipped pages
lines in the skipped log."""

from __future__ import annotations

from typing import Any

from scrapy.http import HtmlResponse
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes

from cleaners.sniff import is_binary_content
from crawler.items import FailedFetch, FetchedPage, SkippedPage
from crawler.rejects import reject_page
from crawler.skipped import skip_page

# Enough of the body for Scrapy's content sniffing when the header is missing.
_SNIFF_BYTES = 4096


class FetchOutcomePipeline:
    """`FailedFetch` -> rejected with its reason; a binary or non-HTML `FetchedPage` ->
    `not_html`; `SkippedPage` -> skipped with its reason."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FailedFetch):
            raise reject_page(item, item.reason, item.detail)
        if isinstance(item, SkippedPage):
            raise skip_page(item, item.reason, item.detail)
        if isinstance(item, FetchedPage):
            content_type = item.content_type or "no Content-Type"
            if is_binary_content(item.body):  # whatever the Content-Type says
                raise reject_page(item, "not_html", f"binary content served as {content_type}")
            if not is_html(item):
                raise reject_page(item, "not_html", content_type)
        return item


def is_html(page: FetchedPage) -> bool:
    """HTML by Scrapy's own rules (Content-Type, else URL and body sniffing)."""
    headers = Headers({"Content-Type": page.content_type} if page.content_type else {})
    kind = responsetypes.from_args(headers=headers, url=page.url, body=page.body[:_SNIFF_BYTES])
    return issubclass(kind, HtmlResponse)

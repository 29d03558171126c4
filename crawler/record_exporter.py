"""Extension: Scrapy's feed exports, with a record counted written only once it is.

Scrapy's `FeedExporter` writes each item from its ``item_scraped`` handler, and what
remembers written records (the seen-store, the dedup index) heard the same signal, so a
record whose write failed was remembered all the same, and never written by a later run.
`RecordFeedExporter` replaces it (``EXTENSIONS``) and, for each item:

- writes nothing once a write of this crawl has failed (`crawler.write_failures`);
- writes it to every feed; a failed write stops the crawl (the feed storage leaves no
  partial line behind);
- then counts it in ``records/written`` (the report's "records written") and sends
  `record_written` (``item``, ``response``, ``spider``), the signal to remember it by.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response

from crawler.write_failures import stop_on_write_error, write_failed

# Sent once an item is in every feed (a Scrapy custom signal: any unique object).
record_written = object()


class RecordFeedExporter(FeedExporter):
    """`FeedExporter` that stops the crawl on a failed write and signals records written."""

    def item_scraped(self, item: Any, response: Response | None, spider: Spider) -> None:
        if write_failed(self.crawler):
            return
        feeds = ", ".join(slot.uri for slot in self.slots)
        with stop_on_write_error(self.crawler, f"the feed {feeds}"):
            super().item_scraped(item, spider)
        self.crawler.stats.inc_value("records/written")
        self.crawler.signals.send_catch_log(
            record_written, item=item, response=response, spider=spider
        )

"""Why an item was not written: the exceptions the scheduled-crawl pipelines raise."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler.page_log import record_line
from crawler.rejects import Rejected, reject_record
from crawler.scheduled.dedup_index import Duplicate
from crawler.skipped import Skipped


class UnchangedItem(Skipped):
    """The page's text has the content hash already stored for its URL: nothing to write.

    Not a rejection: the page is fine, it just has no new version (a skipped line,
    reason `unchanged`). `record` is the record that was not written (Scrapy's
    item_dropped signal carries the item that entered the pipelines, the fetched page,
    not this record).
    """

    def __init__(self, record: Any, stored_record_id: str | None):
        kept = f"record {stored_record_id}" if stored_record_id else "a duplicate, not written"
        line = record_line(ItemAdapter(record), "unchanged", f"same text as {kept}")
        super().__init__(line, log_level="DEBUG")
        self.record = record


class DuplicateItem(Rejected):
    """A rejects line with reason ``duplicate`` and ``duplicate_of``, the kept record's id."""

    def __init__(self, record: Any, duplicate: Duplicate):
        detail = (
            f"{duplicate.kind} duplicate (similarity {duplicate.similarity})"
            f" of record {duplicate.record_id}"
        )
        # The adapter, not a deep copy of the record: the line takes a few fetch fields.
        line = reject_record(ItemAdapter(record), "duplicate", detail).line
        super().__init__({**line, "duplicate_of": duplicate.record_id})
        self.record = record
        self.duplicate = duplicate

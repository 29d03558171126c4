"""Why an item was not written: the exceptions the scheduled-crawl pipelines raise."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class UnchangedItem(DropItem):
    """The page's text has the content hash already stored for its URL: nothing to write.

    Not a rejection: the page is fine, it just has no new version.
    """

    reason = "unchanged"

    def __init__(self, url: str):
        super().__init__(f"unchanged since last crawl: {url}", log_level="DEBUG")


class DuplicateItem(DropItem):
    """The article duplicates an already kept record, `duplicate_of` (reason ``duplicate``)."""

    reason = "duplicate"

    def __init__(self, url: str, duplicate_of: str, kind: str, similarity: float):
        super().__init__(
            f"duplicate ({kind}, similarity {similarity}) of record {duplicate_of}: {url}",
            log_level="INFO",
        )
        self.duplicate_of = duplicate_of
        self.kind = kind
        self.similarity = similarity

"""What the spider yields: a fetched page (bytes, not yet cleaned), a failed fetch, or a
skipped page (found, but not passed on: a hub, a page seen recently, ...).

All carry `Provenance`: how the page was found. Pipelines turn a `FetchedPage` into a
record, a rejection or a skip; a `FailedFetch` always becomes a rejection, a
`SkippedPage` a line in the skipped log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Values of `Provenance.discovery`.
GIVEN, SITEMAP, FEED, LINK = "given", "sitemap", "feed", "link"
LISTING_DATE_KEYS = ("sitemap_lastmod", "news_publication_date", "feed_published")
# request.meta key where the raw archive (crawler/warc_archive.py) puts the response's
# place in it: {"warc_file", "warc_offset", "warc_record_id", "warc_date"}.
WARC_META = "warc_archive"
WARC_KEYS = ("warc_file", "warc_offset", "warc_record_id", "warc_date")


def utc_now() -> str:
    """The fetch time: ISO 8601 UTC to the second (the only wall-clock value in records)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Provenance:
    """How a page was found: the URL requested, the discovery source, where it was listed,
    and the dates the listing gave (`sitemap_lastmod`, `news_publication_date`,
    `feed_published`)."""

    requested_url: str
    discovery: str
    discovered_via: str | None = None
    listing_dates: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Provenance fields of records and rejects; every key always present."""
        return {
            "requested_url": self.requested_url,
            "discovery": self.discovery,
            "discovered_via": self.discovered_via,
            **{key: self.listing_dates.get(key) for key in LISTING_DATE_KEYS},
        }


@dataclass
class FetchedPage:
    """A response the spider considers an article: raw body plus what the cleaner needs."""

    url: str
    status: int
    fetched_at: str
    provenance: Provenance
    content_type: str
    body: bytes = field(repr=False)  # keeps "Dropped: ..." log lines short
    archived: dict[str, Any] = field(default_factory=dict)  # WARC_META, with WARC_ARCHIVE


@dataclass
class PageOutcome:
    """A page that becomes no record, and why."""

    url: str
    reason: str
    detail: str
    provenance: Provenance
    status: int | None = None
    fetched_at: str | None = None
    archived: dict[str, Any] = field(default_factory=dict)  # WARC_META, with WARC_ARCHIVE


class FailedFetch(PageOutcome):
    """A page that could not be fetched; `reason` is one of crawler.rejects.REASONS."""


class SkippedPage(PageOutcome):
    """A page found but not written, for no fault of its own; `reason` is one of
    crawler.skipped.REASONS."""


# Fetch fields added to every record and rejects line, in this order.
FETCH_KEYS = (
    "http_status", "fetched_at", "requested_url", "discovery", "discovered_via",
    *LISTING_DATE_KEYS,
)


def fetch_fields(page: FetchedPage | PageOutcome) -> dict[str, Any]:
    """The FETCH_KEYS values of a page: status, fetch time and provenance; then, if the
    response is in the raw archive, its `warc_*` fields."""
    return {
        "http_status": page.status,
        "fetched_at": page.fetched_at,
        **page.provenance.to_dict(),
        **page.archived,
    }

"""What the spider yields: a fetched page (bytes, not yet cleaned) or a failed fetch.

Both carry `Provenance`: how the page was found. Pipelines turn a `FetchedPage` into a
record or a rejection; a `FailedFetch` always becomes a rejection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Values of `Provenance.discovery`.
GIVEN, SITEMAP, FEED, LINK = "given", "sitemap", "feed", "link"
LISTING_DATE_KEYS = ("sitemap_lastmod", "news_publication_date", "feed_published")


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


@dataclass
class FailedFetch:
    """A page that could not be fetched; `reason` is one of crawler.rejects.REASONS."""

    url: str
    reason: str
    detail: str
    provenance: Provenance
    status: int | None = None
    fetched_at: str | None = None


# Fetch fields added to every record and rejects line, in this order.
FETCH_KEYS = (
    "http_status", "fetched_at", "requested_url", "discovery", "discovered_via",
    *LISTING_DATE_KEYS,
)


def fetch_fields(page: FetchedPage | FailedFetch) -> dict[str, Any]:
    """The FETCH_KEYS values of a page: status, fetch time and provenance."""
    return {"http_status": page.status, "fetched_at": page.fetched_at, **page.provenance.to_dict()}

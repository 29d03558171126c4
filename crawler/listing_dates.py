"""Dates given by sitemaps and feeds: read once here, for the records (ISO 8601) and for
the revisit filter (POSIX times)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def listing_moment(value: str | None) -> datetime | None:
    """A W3C (sitemaps, Atom) or RFC 822 (RSS) date as an aware UTC datetime (a value
    without an offset is UTC); None when empty or unreadable (a bad date is dropped, not
    guessed)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_date(value: str | None) -> str | None:
    """A listing date as the records give it: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` UTC."""
    value = (value or "").strip()
    if _DATE_ONLY.match(value):
        return value
    moment = listing_moment(value)
    if moment is None:
        return None
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def listing_timestamp(value: object) -> float | None:
    """A listing date (string or datetime) as a POSIX time, None if unreadable."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.timestamp()
    moment = listing_moment(value) if isinstance(value, str) else None
    return moment.timestamp() if moment is not None else None

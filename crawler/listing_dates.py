"""Dates given by sitemaps and feeds, normalised to the record's ISO 8601 form."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: str | None) -> str | None:
    """W3C (sitemaps, Atom) or RFC 822 (RSS) date -> `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` UTC.

    None when the value is empty or unparseable (a bad date is dropped, not guessed).
    """
    value = (value or "").strip()
    if not value:
        return None
    if _DATE_ONLY.match(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()

"""Page URLs as they are requested: normalised with courlan (installed with trafilatura).

`?utm_source=...`, `fbclid=...` and the other tracking parameters courlan knows, and empty
ones (`?s=`), are dropped; the host is lowercased, a default port removed, the query sorted.
So `page.html?s=` and `page.html?utm_medium=email` are the page already requested, not a
page fetched again and only later found to be a duplicate. Parameters that select content
(`?id=3`, `?page=2`) stay.
"""

from __future__ import annotations

from courlan import normalize_url


def page_url(url: str) -> str:
    """The URL to request for `url` (unchanged if courlan cannot parse it)."""
    try:
        return normalize_url(url)
    except ValueError:
        return url

"""The one entry point: a page (HTML or already-extracted text) in, a Record out."""

from __future__ import annotations

from urllib.parse import urlsplit

from cleaners import extract as extract_stage
from cleaners import language, prune, rules
from cleaners.record import Record
from cleaners.versions import tool_versions


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.lower() if host else None


def clean_html(html: str | bytes, url: str | None = None) -> Record:
    """Clean one HTML page. `url` is where it came from (used for site rules and metadata)."""
    tree = prune.parse(html)
    pruned = prune.prune(tree)
    focused, outside = prune.focus_html(tree)
    found = extract_stage.extract(focused, url)
    domain = _domain(url) or found.domain
    cleaned = rules.apply(
        found.text,
        domain=domain,
        title=found.title,
        site_name=found.site_name,
        description=found.description,
        from_html=True,
    )
    lang, prob = language.detect_language(cleaned.text)
    return Record(
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        canonical_url=found.canonical_url,
        domain=domain,
        authors=found.authors,
        published=found.published or cleaned.published,
        modified=cleaned.modified,
        site_name=found.site_name,
        description=found.description,
        tags=found.tags,
        language=lang,
        language_probability=prob,
        removed=pruned + outside + cleaned.removed,
        tools=tool_versions(),
    )


def clean_text(text: str, url: str | None = None) -> Record:
    """Clean text a naive extractor produced (clutter lines still in), one paragraph a line."""
    cleaned = rules.apply(text, domain=_domain(url), title=None)
    lang, prob = language.detect_language(cleaned.text)
    return Record(
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        domain=_domain(url),
        published=cleaned.published,
        modified=cleaned.modified,
        language=lang,
        language_probability=prob,
        removed=cleaned.removed,
        tools=tool_versions(),
    )

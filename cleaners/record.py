"""The record: what one cleaned page becomes, and how it is written as JSON."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.5"

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Removal:
    """One piece of text a rule took out, and the id of that rule."""

    rule: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text}


@dataclass
class Record:
    """One page, cleaned: the article body plus its metadata and an account of removals."""

    text: str
    title: str = ""
    url: str | None = None
    canonical_url: str | None = None
    domain: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    license: str | None = None
    language: str | None = None
    language_probability: float | None = None
    removed: list[Removal] = field(default_factory=list)
    tools: dict[str, str] = field(default_factory=dict)
    # Why the text came from the reference path (the unpruned page), or None.
    fallback: str | None = None
    # What the page declares itself to be (cleaners.page_type), or None.
    page_type: str | None = None

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self, keep_removed: bool = True) -> dict[str, Any]:
        """The JSON object written as one JSONL line (see cleaners/schema/record.schema.json);
        without `removed` unless `keep_removed` (the other keys in their order)."""
        data = {
            "schema_version": SCHEMA_VERSION,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "domain": self.domain,
            "title": self.title,
            "text": self.text,
            "authors": list(self.authors),
            "published": self.published,
            "modified": self.modified,
            "site_name": self.site_name,
            "description": self.description,
            "tags": list(self.tags),
            "image": self.image,
            "license": self.license,
            "language": self.language,
            "language_probability": self.language_probability,
            "word_count": self.word_count,
            "content_hash": self.content_hash,
            "removed": [removal.to_dict() for removal in self.removed],
            "tools": dict(self.tools),
            "fallback": self.fallback,
            "page_type": self.page_type,
        }
        if not keep_removed:
            del data["removed"]
        return data


def fold_text(text: str) -> str:
    """NFKC and case-folded: the characters of `normalise_text`, spacing untouched."""
    return unicodedata.normalize("NFKC", text).casefold()


def normalise_text(text: str) -> str:
    """Text as compared for identity: NFKC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", fold_text(text)).strip()


def content_hash(text: str) -> str:
    """`sha256:<hex>` of the normalised text; equal for texts that differ only in case/spacing."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"

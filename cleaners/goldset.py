"""Reading a gold set: a directory with `gold.json` and `html/<id>.html[.gz]` pages.

The format is the development bench's: `gold.json` maps each page id to
`{"url": str | null, "articleBody": str}`, optionally with `"title"` (string or null),
`"page_type"` (string) and `"with"` / `"without"` (lists of snippets that must / must not be
in the output), as in bench/web/; the page itself is `html/<id>.html.gz` (gzip) or
`html/<id>.html`. Every problem is reported up front as a `GoldSetError` naming the file.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cleaners.budget import TOO_COMPLEX
from cleaners.evaluate import tokenize

# The most a .gz page may gunzip to: the crawler's DOWNLOAD_MAXSIZE default (10 MiB).
MAX_GUNZIPPED = 10 * 1024 * 1024
# Listing every bad id of a large set would bury the message.
_MAX_IDS_SHOWN = 5


class GoldSetError(ValueError):
    """The directory is not a usable gold set; the message says what is wrong and where."""


@dataclass(frozen=True)
class GoldPage:
    """One gold page: its id, url, gold article body and raw (decompressed) HTML bytes,
    and the optional fields: title, page type and the snippets that must (`with`) and must
    not (`without`) be in the output (empty when the gold set has none)."""

    id: str
    url: str | None
    body: str
    html: bytes
    title: str | None = None
    page_type: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


def read_page_bytes(
    path: Path, max_gunzipped: int = MAX_GUNZIPPED, max_bytes: int | None = None
) -> bytes:
    """The bytes of a page file, gunzipped if its name ends in `.gz`.

    Raises OSError if the file cannot be read and ValueError if it is not valid gzip or
    gunzips to more than `max_gunzipped` bytes (a 1 MB bomb can hold gigabytes), or,
    given `max_bytes`, if a file not gzipped holds more (read no further: /dev/zero has
    no end).
    """
    if path.suffix.lower() != ".gz":
        if max_bytes is None:
            return path.read_bytes()
        with path.open("rb") as stream:
            return bounded_read(stream, max_bytes)
    try:
        with gzip.open(path) as stream:
            data = stream.read(max_gunzipped + 1)  # never more in memory
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"not a valid gzip file ({exc})") from exc
    if len(data) > max_gunzipped:
        raise ValueError(f"gunzips to more than {max_gunzipped} bytes (the cap)")
    return data


def bounded_read(stream: BinaryIO, max_bytes: int) -> bytes:
    """All of `stream`, or ValueError once it holds more than `max_bytes`."""
    data = stream.read(max_bytes + 1)  # never more in memory
    if len(data) > max_bytes:
        # The cleaning budget's reason (`cleaners.budget`), for a page too large to read.
        raise ValueError(f"{TOO_COMPLEX}: over the limit of {max_bytes} bytes (read no further)")
    return data


def _shown(ids: list[str]) -> str:
    more = len(ids) - _MAX_IDS_SHOWN
    return ", ".join(ids[:_MAX_IDS_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _is_snippet_list(value: Any) -> bool:
    # A blank snippet would be "found" in any output.
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


# The optional fields: name, what it must be (as the error says it), and the check.
_OPTIONAL_FIELDS: list[tuple[str, str, Callable[[Any], bool]]] = [
    ("title", "a string or null", lambda value: isinstance(value, str | None)),
    ("page_type", "a non-empty string", lambda value: isinstance(value, str) and bool(value)),
    ("with", "a list of non-blank strings", _is_snippet_list),
    ("without", "a list of non-blank strings", _is_snippet_list),
]


def _check_optional_fields(path: Path, gold: dict[str, dict]) -> None:
    for name, expected, is_valid in _OPTIONAL_FIELDS:
        bad = sorted(
            pid for pid, entry in gold.items() if name in entry and not is_valid(entry[name])
        )
        if bad:
            raise GoldSetError(f'{path}: "{name}" must be {expected}; bad entries: {_shown(bad)}')


def _read_gold_json(path: Path) -> dict[str, dict]:
    if not path.is_file():
        raise GoldSetError(f"{path}: missing; a gold set needs gold.json and html/")
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldSetError(f"{path}: cannot be read as UTF-8 JSON ({exc})") from exc
    if not isinstance(gold, dict) or not gold:
        raise GoldSetError(f'{path}: expected a non-empty object {{"<id>": {{...}}, ...}}')
    bad = [
        page_id
        for page_id, entry in gold.items()
        if not isinstance(entry, dict)
        or not isinstance(entry.get("articleBody"), str)
        or not isinstance(entry.get("url"), str | None)
    ]
    if bad:
        raise GoldSetError(
            f'{path}: entries must be {{"url": string or null, "articleBody": string}}; '
            f"bad entries: {_shown(sorted(bad))}"
        )
    wordless = sorted(pid for pid, entry in gold.items() if not tokenize(entry["articleBody"]))
    if wordless:
        raise GoldSetError(f"{path}: articleBody has no words for: {_shown(wordless)}")
    _check_optional_fields(path, gold)
    return gold


def _gold_page(page_id: str, entry: dict, html: bytes) -> GoldPage:
    return GoldPage(
        page_id,
        entry["url"],
        entry["articleBody"],
        html,
        title=entry.get("title"),
        page_type=entry.get("page_type"),
        with_snippets=tuple(entry.get("with", ())),
        without_snippets=tuple(entry.get("without", ())),
    )


def _page_path(html_dir: Path, page_id: str) -> Path | None:
    for name in (f"{page_id}.html.gz", f"{page_id}.html"):
        if (html_dir / name).is_file():
            return html_dir / name
    return None


def load_gold_set(directory: Path) -> list[GoldPage]:
    """All pages of the gold set in `directory`, sorted by id; raises GoldSetError if malformed."""
    if not directory.is_dir():
        raise GoldSetError(f"{directory}: not a directory")
    gold = _read_gold_json(directory / "gold.json")
    html_dir = directory / "html"
    if not html_dir.is_dir():
        raise GoldSetError(f"{html_dir}: missing; it must hold <id>.html.gz or <id>.html pages")
    paths = {page_id: _page_path(html_dir, page_id) for page_id in gold}
    missing = sorted(page_id for page_id, path in paths.items() if path is None)
    if missing:
        raise GoldSetError(f"{html_dir}: no <id>.html.gz or <id>.html for: {_shown(missing)}")
    pages = []
    for page_id in sorted(gold):
        try:
            html = read_page_bytes(paths[page_id])
        except (OSError, ValueError) as exc:
            raise GoldSetError(f"{paths[page_id]}: {exc}") from exc
        pages.append(_gold_page(page_id, gold[page_id], html))
    return pages

"""`--url-map`: a manifest giving the URL each input file was fetched from.

Two formats, told apart by the file name: JSON lines (`.jsonl`), one object
`{"path": ..., "url": ...}` a line; anything else is tab-separated, `path<TAB>url` a line.
Paths are the inputs' `source_path` (relative to the directory given, or as given: see
`cleaners.batch.InputFile`), `./` and Windows separators tolerated. Blank lines and lines
starting with `#` (tab-separated only) are skipped. The whole manifest is checked before
any input is read: a problem is a `UrlMapError` naming the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit


class UrlMapError(ValueError):
    """A manifest that cannot be read or holds a bad line; the message says where."""


def normalized_path(path: str) -> str:
    """`./a\\b.html` -> `a/b.html`: the form manifest keys and source paths are compared in."""
    return str(PurePosixPath(path.replace("\\", "/")))


def load_url_map(manifest: Path) -> dict[str, str]:
    """The manifest's {path: url}; raises `UrlMapError`."""
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UrlMapError(f"cannot read {manifest}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UrlMapError(f"{manifest} is not UTF-8 (byte offset {exc.start})") from None
    jsonl = manifest.name.endswith(".jsonl")
    urls: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or (not jsonl and line.startswith("#")):
            continue
        where = f"{manifest}, line {number}"
        path, url = _jsonl_entry(line, where) if jsonl else _tsv_entry(line, where)
        check_url(url, where)
        key = normalized_path(path)
        if urls.get(key, url) != url:
            raise UrlMapError(f"{where}: {path!r} is mapped twice, to {urls[key]!r} and {url!r}")
        urls[key] = url
    if not urls:
        raise UrlMapError(f"{manifest} maps no path to a URL")
    return urls


def _tsv_entry(line: str, where: str) -> tuple[str, str]:
    fields = line.split("\t")
    if len(fields) != 2 or not fields[0].strip():
        raise UrlMapError(f"{where}: expected path<TAB>url, got {line[:200]!r}")
    return fields[0].strip(), fields[1].strip()


def _jsonl_entry(line: str, where: str) -> tuple[str, str]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UrlMapError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(key), str) and entry[key].strip() for key in ("path", "url")
    ):
        raise UrlMapError(f'{where}: expected {{"path": "...", "url": "..."}}, got {line[:200]}')
    return entry["path"].strip(), entry["url"].strip()


def check_url(url: str, where: str) -> None:
    """Raises UrlMapError, naming `where`, unless `url` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError as exc:
        raise UrlMapError(f"{where}: bad URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UrlMapError(f"{where}: not an http(s) URL with a host: {url!r}")

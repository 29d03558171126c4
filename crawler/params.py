"""Arguments of the `articles` spider (`-a name=value`), validated before any request.

A bad argument raises `ArgumentError` with a message naming the argument and what is
accepted, so the run stops before it starts.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

STRATEGIES = ("direct", "full", "feeds", "sitemap")
DEFAULT_MAX_DEPTH = 3

# Arguments that name URLs; `site` differs only in making `full` the default strategy.
URL_ARGUMENTS = ("url", "urls", "urls_file", "site")
KNOWN_ARGUMENTS = (*URL_ARGUMENTS, "strategy", "max_pages", "max_depth")


class ArgumentError(ValueError):
    """A spider argument is missing, unknown or malformed."""


@dataclass(frozen=True)
class CrawlParams:
    """What to crawl and how.

    `urls` are articles for `direct`; for the other strategies they are start pages whose
    sites are discovered (sitemaps, feeds, links) and whose hosts bound the crawl.
    """

    strategy: str
    urls: tuple[str, ...]
    max_pages: int | None = None
    max_depth: int = DEFAULT_MAX_DEPTH

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(urlsplit(url).hostname or "" for url in self.urls))


def parse_params(args: Mapping[str, str], stdin: TextIO | None = None) -> CrawlParams:
    """Validate spider arguments (`-a` values, all strings) into `CrawlParams`.

    Arguments starting with `_` (e.g. scrapyd's `_job`) are ignored. `urls_file=-` reads
    URLs from `stdin` (default `sys.stdin`).
    """
    unknown = sorted(k for k in args if k not in KNOWN_ARGUMENTS and not k.startswith("_"))
    if unknown:
        raise ArgumentError(
            f"unknown argument(s) {', '.join(unknown)}; known: {', '.join(KNOWN_ARGUMENTS)}"
        )
    strategy = args.get("strategy") or ("full" if "site" in args else "direct")
    if strategy not in STRATEGIES:
        raise ArgumentError(f"strategy={strategy!r} is not one of {', '.join(STRATEGIES)}")
    if strategy == "direct" and "site" in args:
        raise ArgumentError("site= needs strategy full, feeds or sitemap (direct takes url=)")
    urls = _collect_urls(args, stdin if stdin is not None else sys.stdin)
    if not urls:
        raise ArgumentError("no URL given: pass -a url=URL, -a urls=URL,URL, -a urls_file=PATH "
                            "(- for stdin) or -a site=URL")
    return CrawlParams(
        strategy=strategy,
        urls=urls,
        max_pages=_positive_int(args, "max_pages", None),
        max_depth=_positive_int(args, "max_depth", DEFAULT_MAX_DEPTH, allow_zero=True),
    )


def _collect_urls(args: Mapping[str, str], stdin: TextIO) -> tuple[str, ...]:
    found: list[tuple[str, str]] = []  # (where it came from, url)
    for name in ("url", "site"):
        if args.get(name):
            found.append((f"{name}=", args[name].strip()))
    if args.get("urls"):
        found += [("urls=", u.strip()) for u in args["urls"].split(",") if u.strip()]
    if "urls_file" in args:
        found += _read_urls_file(args["urls_file"], stdin)
    for where, url in found:
        _check_url(url, where)
    return tuple(dict.fromkeys(url for _, url in found))


def _read_urls_file(path: str, stdin: TextIO) -> list[tuple[str, str]]:
    """One URL a line; blank lines and lines starting with # are skipped."""
    if path == "-":
        lines, name = stdin.read().splitlines(), "stdin"
    else:
        try:
            lines, name = Path(path).read_text(encoding="utf-8").splitlines(), path
        except OSError as exc:
            raise ArgumentError(f"urls_file={path!r} cannot be read: {exc.strerror}") from exc
    return [
        (f"{name} line {number}", line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _check_url(url: str, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(f"{where} {url!r} is not an absolute http(s) URL")


def _positive_int(
    args: Mapping[str, str], name: str, default: int | None, allow_zero: bool = False
) -> int | None:
    if name not in args:
        return default
    value = args[name]
    lowest = 0 if allow_zero else 1
    if not value.isdigit() or int(value) < lowest:
        raise ArgumentError(f"{name}={value!r} must be an integer >= {lowest}")
    return int(value)

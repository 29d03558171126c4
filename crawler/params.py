"""Arguments of the `articles` spider (`-a name=value`), validated before any request.

A bad argument raises `ArgumentError` with a message naming the argument and what is
accepted, so the run stops before it starts. URLs in a list (`urls=`, `urls_file=`) are
checked one by one instead: a bad one is set aside as a `BadUrl` (the spider makes it a
rejects line) and the others are crawled.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

STRATEGIES = ("direct", "full", "feeds", "sitemap")
DEFAULT_MAX_DEPTH = 3

# Arguments that name URLs; `site` differs only in making `full` the default strategy.
URL_ARGUMENTS = ("url", "urls", "urls_file", "site")
KNOWN_ARGUMENTS = (*URL_ARGUMENTS, "strategy", "max_pages", "max_depth")


class ArgumentError(ValueError):
    """A spider argument is missing, unknown or malformed."""


@dataclass(frozen=True)
class BadUrl:
    """A URL from a list that cannot be requested, with what is wrong and where it was."""

    url: str
    detail: str


@dataclass(frozen=True)
class CrawlParams:
    """What to crawl and how.

    `urls` are articles for `direct`; for the other strategies they are start pages whose
    sites are discovered (sitemaps, feeds, links) and whose hosts bound the crawl.
    `bad_urls` are the listed URLs that cannot be requested.
    """

    strategy: str
    urls: tuple[str, ...]
    max_pages: int | None = None
    max_depth: int = DEFAULT_MAX_DEPTH
    bad_urls: tuple[BadUrl, ...] = ()

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(urlsplit(url).hostname or "" for url in self.urls))


def parse_params(args: Mapping[str, str], stdin: BinaryIO | None = None) -> CrawlParams:
    """Validate spider arguments (`-a` values, all strings) into `CrawlParams`.

    Arguments starting with `_` (e.g. scrapyd's `_job`) are ignored. `urls_file=-` reads
    URLs from `stdin` (default `sys.stdin.buffer`).
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
    urls, bad_urls = _collect_urls(args, stdin if stdin is not None else sys.stdin.buffer)
    if not urls and not bad_urls:
        raise ArgumentError("no URL given: pass -a url=URL, -a urls=URL,URL, -a urls_file=PATH "
                            "(- for stdin) or -a site=URL")
    return CrawlParams(
        strategy=strategy,
        urls=urls,
        max_pages=_positive_int(args, "max_pages", None),
        max_depth=_positive_int(args, "max_depth", DEFAULT_MAX_DEPTH, allow_zero=True),
        bad_urls=bad_urls,
    )


def _collect_urls(
    args: Mapping[str, str], stdin: BinaryIO
) -> tuple[tuple[str, ...], tuple[BadUrl, ...]]:
    """The good URLs, deduplicated in order, and the bad ones of the lists.

    A bad `url=` or `site=` is an `ArgumentError`: it is the whole crawl.
    """
    for name in ("url", "site"):
        if args.get(name) and (problem := url_problem(args[name].strip())):
            raise ArgumentError(f"{name}= {args[name].strip()!r} is {problem}")
    good = [args[name].strip() for name in ("url", "site") if args.get(name)]
    listed: list[tuple[str, str]] = []  # (where it came from, url)
    if args.get("urls"):
        listed += [("urls=", u.strip()) for u in args["urls"].split(",") if u.strip()]
    if "urls_file" in args:
        listed += _read_urls_file(args["urls_file"], stdin)
    bad: list[BadUrl] = []
    for where, url in listed:
        if problem := url_problem(url):
            bad.append(BadUrl(url, f"{where}: {problem}"))
        else:
            good.append(url)
    return tuple(dict.fromkeys(good)), tuple(bad)


def _read_urls_file(path: str, stdin: BinaryIO) -> list[tuple[str, str]]:
    """(where, url) of each URL line.

    One URL a line; blank lines and lines starting with # are skipped; a UTF-8 BOM (which
    Windows editors write) is dropped. A line that is not UTF-8 is decoded with U+FFFD
    replacement characters, which `url_problem` refuses.
    """
    if path == "-":
        data, name = stdin.read(), "stdin"
    else:
        try:
            data, name = Path(path).read_bytes(), path
        except OSError as exc:
            raise ArgumentError(f"urls_file={path!r} cannot be read: {exc.strerror}") from exc
    lines = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace").splitlines()
    return [
        (f"{name} line {number}", line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def url_problem(url: str) -> str | None:
    """What keeps `url` from being requested ("not an absolute http(s) URL", ...), or None.

    Besides scheme and host, the URL must survive `canonicalize_url`, which Scrapy's
    request fingerprints apply to every request (a port out of range fails there).
    """
    if "\ufffd" in url:  # a URL would carry it percent-encoded
        return "not UTF-8 (or holds U+FFFD)"
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "not an absolute http(s) URL"
        parts.port  # noqa: B018 (raises ValueError for a port out of range or not a number)
        canonicalize_url(url)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    return None


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

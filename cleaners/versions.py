"""Versions of the tools that made a record, so records say how they were produced."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

_PACKAGES = {
    "cleaners": "article-corpus",
    "trafilatura": "trafilatura",
    "selectolax": "selectolax",
    "langdetect": "langdetect",
}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


@cache
def tool_versions() -> dict[str, str]:
    return {name: _version(package) for name, package in _PACKAGES.items()}

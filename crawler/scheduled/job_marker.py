"""The marker a crawl keeps in its JOBDIR: how the last crawl with it ended, and when the
crawl that a resume continues began.

The marker is there from start-up to the end of a crawl. A crawl that finishes removes it;
one paused (Ctrl-C, a CLOSESPIDER limit) marks it paused, and Scrapy keeps its queue for
the next start; one killed (or stopped by a failed write) leaves it as it was, and the
next start must discard the queue (`crawler.scheduled.feed_recovery`).

It also says when the crawl began (the first run of a series of killed or paused runs)
and which crawl it is (`crawl_identity`): a resume of the same crawl skips the given URLs
whose record was stored since then (`RevisitFilterMiddleware`), which a different crawl
on the same JOBDIR must not do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

from scrapy.crawler import Crawler

from crawler.append_file import replace_whole

RUNNING_MARKER = "scheduled.running"


@dataclass(frozen=True)
class JobMarker:
    """When the crawl began, whether its last run was paused, and which crawl it is
    (None in a marker of an earlier release: taken as the same crawl)."""

    began: float
    paused: bool = False
    crawl: str | None = None

    @classmethod
    def read(cls, path: Path) -> JobMarker | None:
        """The marker at `path`, None if there is none. An earlier release left it empty:
        its time is then when it was last written."""
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return None
        try:
            fields = json.loads(text)
            return cls(float(fields["began"]), bool(fields["paused"]), fields["crawl"])
        except (ValueError, KeyError, TypeError):
            return cls(path.stat().st_mtime)

    def write(self, path: Path) -> None:
        """Write it whole or not at all (a temporary file renamed over the marker)."""
        replace_whole(path, json.dumps(asdict(self)))

    def continues(self, crawl: str) -> bool:
        """Whether a crawl with identity `crawl` continues the one this marker is of."""
        return self.crawl in (None, crawl)


def crawl_identity(crawler: Crawler) -> str:
    """What makes a run the same crawl as another: its spider, the spider's parameters
    (`params`, when it has them: the articles spider's strategy and URLs, in any order:
    a URL list piped again may come in another) and its feeds."""
    spider = getattr(crawler, "spider", None)
    params = getattr(spider, "params", None)
    if is_dataclass(params) and not isinstance(params, type):
        described_params = {
            name: sorted(map(repr, value)) if isinstance(value, tuple | list) else repr(value)
            for name, value in asdict(params).items()
        }
    else:
        described_params = repr(params)
    feeds = sorted(str(uri) for uri in crawler.settings.getdict("FEEDS"))
    described = json.dumps([getattr(spider, "name", None), described_params, feeds])
    return hashlib.sha256(described.encode()).hexdigest()[:16]

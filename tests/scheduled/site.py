"""A local test site on 127.0.0.1: articles, a sitemap with lastmod, ETags, a request log.

Pages are made from real article bodies (../shared/bench gold texts). The server
answers conditional requests like a real one (304 when If-None-Match matches the
page's ETag), can be slowed down, and logs every request it answers.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate

from crawler.local_site import NOT_FOUND, LocalSite
from crawler.local_site import Page as Response
from tests.scheduled.articles import ARROWHEAD, PLUMES, body


@dataclass
class Page:
    """One article page: headline, paragraphs, and its sitemap lastmod (ISO date)."""

    title: str
    text: str
    lastmod: str = "2024-01-01"

    def html(self) -> bytes:
        paragraphs = "".join(
            f"<p>{html.escape(p)}</p>" for p in self.text.split("\n") if p.strip()
        )
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(self.title)}</title>"
            "<meta property='og:type' content='article'></head><body>"
            "<nav><a href='/'>Home</a></nav>"
            f"<article><h1>{html.escape(self.title)}</h1>{paragraphs}</article>"
            "<footer>Test site</footer></body></html>"
        ).encode()

    def etag(self) -> str:
        return '"' + hashlib.sha256(self.html()).hexdigest()[:16] + '"'


@dataclass
class Site:
    """Path -> Page, plus what the server was asked (path, status) in order."""

    pages: dict[str, Page] = field(default_factory=dict)
    # Old path -> page path: answered with a 301, listed in the sitemap instead of the page.
    redirects: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # When set, article pages are answered only once it is set (or after 30 s).
    gate: threading.Event | None = None
    log: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sitemap(self, base: str) -> bytes:
        moved = {target: old for old, target in self.redirects.items()}
        urls = "".join(
            f"<url><loc>{base}{moved.get(path, path)}</loc><lastmod>{page.lastmod}</lastmod></url>"
            for path, page in sorted(self.pages.items())
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()

    def feed(self, base: str) -> bytes:
        """An RSS feed of the pages, each with its date as pubDate."""
        items = "".join(
            f"<item><title>{html.escape(page.title)}</title><link>{base}{path}</link>"
            f"<pubDate>{page.lastmod}</pubDate></item>"
            for path, page in sorted(self.pages.items())
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Test site</title>{items}</channel></rss>"
        ).encode()

    def respond(self, path: str, request: Message, base: str) -> Response:
        """The answer to a GET of `path`: sitemap, feed, redirect, 304, page or 404; logged."""
        if self.delay:
            time.sleep(self.delay)
        if self.gate is not None and path.startswith("/a/"):
            self.gate.wait(30)
        answer = self._answer(path, request, base)
        with self.lock:
            self.log.append((path, answer.status))
        return answer

    def _answer(self, path: str, request: Message, base: str) -> Response:
        if path == "/sitemap.xml":
            return Response(self.sitemap(base), 200, {"Content-Type": "application/xml"})
        if path == "/feed.xml":
            return Response(self.feed(base), 200, {"Content-Type": "application/rss+xml"})
        if path in self.redirects:
            return Response(b"", 301, {"Location": base + self.redirects[path]})
        page = self.pages.get(path)
        if page is None:
            return NOT_FOUND
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "ETag": page.etag(),
            "Last-Modified": formatdate(0, usegmt=True),
        }
        if request.get("If-None-Match") == page.etag():
            return Response(b"", 304, headers)
        return Response(page.html(), 200, headers)

    def mark(self) -> int:
        """A position in the request log, for `article_requests(since=...)`."""
        with self.lock:
            return len(self.log)

    def article_requests(self, since: int = 0) -> list[tuple[str, int]]:
        """(path, status) of the article pages (/a/...) answered since a `mark()`, sorted."""
        with self.lock:
            return sorted(entry for entry in self.log[since:] if entry[0].startswith("/a/"))


class SiteServer(LocalSite):
    """Serves `site` on 127.0.0.1 at a free port in a daemon thread, until `stop()`."""

    def __init__(self, site: Site):
        super().__init__(respond=site.respond)
        self.site = site

    @property
    def base(self) -> str:
        return self.base_url

    def start(self) -> SiteServer:
        return self.__enter__()

    def stop(self) -> None:
        self.__exit__(None, None, None)


def generated_page(number: int) -> Page:
    """A small page of 3 paragraphs of seeded random words: unlike any other page's text."""
    rng = random.Random(number)
    words = sorted(set(re.findall(r"[a-z]{4,}", body(ARROWHEAD) + body(PLUMES))))
    paragraphs = [" ".join(rng.choice(words) for _ in range(40)).capitalize() + "."
                  for _ in range(3)]
    return Page(f"Report number {number}", "\n".join(paragraphs))


def article(article_id: str, title: str, lastmod: str = "2024-01-01") -> Page:
    """A page whose text is a bench article body."""
    return Page(title, body(article_id), lastmod)

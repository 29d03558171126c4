"""A web site served from memory on 127.0.0.1, for the demo, the tests and the benchmark.

Each path maps to a `Page` (status, headers, body), or a `respond` function answers from
the request (for sites that change between crawls or answer conditional requests); every
request is logged so callers can count fetches (e.g. retries). Text files loaded from a
directory may contain `{{SITE}}`, replaced by the site's base URL (sitemaps and feeds need
absolute URLs).
"""

from __future__ import annotations

import mimetypes
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

SITE_PLACEHOLDER = b"{{SITE}}"
_TEXT_SUFFIXES = (".html", ".xml", ".txt", ".rss", ".atom")


@dataclass(frozen=True)
class Page:
    """One response: body, status and headers (Content-Length is added)."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


NOT_FOUND = Page(b"not found", 404, {"Content-Type": "text/plain"})
# respond(path, request headers, base URL) -> the answer, or None to look in `pages`.
Responder = Callable[[str, Message, str], "Page | None"]


class LocalSite:
    """Serves `pages` ({path: Page}) on 127.0.0.1 at a free port, in a daemon thread.

    Use as a context manager; `requests` lists the paths requested, in order, and
    `targets` the same with their query strings.
    """

    def __init__(
        self, pages: dict[str, Page] | None = None, respond: Responder | None = None
    ) -> None:
        self.pages: dict[str, Page] = dict(pages or {})
        self.respond = respond
        self.requests: list[str] = []
        self.targets: list[str] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def count(self, path: str) -> int:
        """How many times `path` was requested."""
        with self._lock:
            return self.requests.count(path)

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = urlsplit(self.path).path
                with site._lock:
                    site.requests.append(path)
                    site.targets.append(self.path)
                answer = site.respond(path, self.headers, site.base_url) if site.respond else None
                page = answer or site.pages.get(path, NOT_FOUND)
                self.send_response(page.status)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the request log is `site.requests`

        return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        # Clients hanging up mid-response (e.g. DOWNLOAD_MAXSIZE cancels) are expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def with_base_href(html: bytes, base: str) -> bytes:
    """Insert `<base href=base>` first in <head>: a copied page's relative links then point
    at its original site, not at the local one."""
    tag = f'<base href="{base}">'.encode()
    match = re.search(rb"<head[^>]*>", html, re.IGNORECASE)
    return html[: match.end()] + tag + html[match.end():] if match else tag + html


def pages_from_directory(root: Path, base_url: str) -> dict[str, Page]:
    """Every file under `root` as a page (`dir/index.html` also serves `dir/`), with
    `{{SITE}}` in text files replaced by `base_url`."""
    pages: dict[str, Page] = {}
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = "/" + file.relative_to(root).as_posix()
        body = file.read_bytes()
        if file.suffix in _TEXT_SUFFIXES:
            body = body.replace(SITE_PLACEHOLDER, base_url.encode())
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("xml"):
            content_type += "; charset=utf-8"
        page = Page(body, 200, {"Content-Type": content_type})
        pages[relative] = page
        if file.name == "index.html":
            pages[relative.removesuffix("index.html")] = page
    return pages

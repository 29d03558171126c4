"""Why a request failed, in the rejects vocabulary (see crawler/rejects.py REASONS)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

# What HttpCompressionMiddleware's IgnoreRequest is raised from when a body decompresses
# past DOWNLOAD_MAXSIZE. Private to Scrapy: if it moves, this import fails loudly rather
# than the reason silently turning into "ignored".
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.address_policy import AddressRefused


@dataclass(frozen=True)
class FetchFailure:
    """A failed request: rejects reason, human detail, HTTP status and final URL if any."""

    reason: str
    detail: str
    status: int | None = None
    url: str | None = None


# RedirectMiddleware's message when a request passes REDIRECT_MAX_TIMES redirects.
_MAX_REDIRECTS = "max redirections reached"


def classify_failure(failure: Failure) -> FetchFailure:
    """Map an errback failure to a reason: http_status, address_refused, robots_disallowed,
    too_many_redirects, too_large, ignored (another middleware dropped the request) or
    download_error."""
    error = failure.value
    if isinstance(error, HttpError):
        response = error.response
        return FetchFailure("http_status", f"HTTP {response.status}", response.status, response.url)
    if isinstance(error, AddressRefused):
        return FetchFailure("address_refused", str(error))
    if isinstance(error, IgnoreRequest):
        message = str(error) or type(error).__name__
        if isinstance(error.__cause__, _DecompressionMaxSizeExceeded):
            return FetchFailure("too_large", message)
        if message == _MAX_REDIRECTS:
            chain = redirect_chain(failure.request)
            detail = f"{_MAX_REDIRECTS} ({len(chain) - 1} redirects from {chain[0]})"
            return FetchFailure("too_many_redirects", detail)
        reason = "robots_disallowed" if "robots.txt" in message else "ignored"
        return FetchFailure(reason, message)
    # DOWNLOAD_MAXSIZE: Scrapy cancels the download (declared or streamed size too big);
    # a body too big once decompressed is an IgnoreRequest, above.
    if isinstance(error, DownloadCancelledError | CancelledError):
        return FetchFailure("too_large", str(error) or "download cancelled: DOWNLOAD_MAXSIZE")
    return FetchFailure("download_error", f"{type(error).__name__}: {error}".strip(": "))


def redirect_chain(request: Request) -> list[str]:
    """The URLs a redirected request went through, first requested first, its own last."""
    return [*request.meta.get("redirect_urls", ()), request.url]


def is_redirect_loop(request: Request, fingerprint: Callable[[Request], bytes]) -> bool:
    """Whether a redirected request leads back to a URL of its own chain (by `fingerprint`,
    the crawler's request fingerprinter)."""
    chain = redirect_chain(request)
    return fingerprint(request) in {fingerprint(Request(url)) for url in chain[:-1]}

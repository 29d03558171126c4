"""Downloader middleware: where a crawl may connect (README "Address policy").

Every request (a given URL, a discovered page, a sitemap, and each redirect or meta
refresh, which come back through the downloader as new requests) has its host turned
into the addresses the download will connect to, and is refused with `AddressRefused`
if any of them is loopback, private, link-local, multicast, reserved, unspecified or
otherwise not global. The spider's errback turns that into an `address_refused` reject.

Host names are resolved through the reactor's resolver, the one the download uses (and
whose cache it reads, `DNSCACHE_ENABLED`), so the check and the connection see the same
addresses. Numeric hosts are read as the resolver reads them (`inet_aton`):
`http://2130706433/` and `http://0x7f000001/` are 127.0.0.1.

Settings: `ALLOW_PRIVATE_ADDRESSES` (default False) turns the check off, for local sites
and tests; `ALLOWED_PRIVATE_HOSTS` (default empty) names hosts exempt from it, e.g. a
trusted intranet site. Through a proxy, the host is still checked here, but the proxy
resolves it again on its own.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

logger = logging.getLogger(__name__)

# Checked in this order, so that the detail names the most telling category.
_CATEGORIES = (
    ("loopback", "is_loopback"),
    ("unspecified", "is_unspecified"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("reserved", "is_reserved"),
    ("private", "is_private"),
)


class AddressRefused(IgnoreRequest):
    """The request's host is (or resolves to) an address the policy refuses."""


def refused_category(address: IPAddress) -> str | None:
    """Why `address` may not be crawled ("loopback", "private", ...), or None if it is a
    global address. An IPv4-mapped IPv6 address is judged as its IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for category, attribute in _CATEGORIES:
        if getattr(address, attribute):
            return category
    return None if address.is_global else "not global"


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as a number stands for, read as the resolver reads it
    (`127.0.0.1`, `::1`, and `inet_aton`'s forms `2130706433`, `0x7f000001`, `127.1`);
    None for a host name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


@implementer(IResolutionReceiver)
class _AddressCollector:
    """Receives a name resolution's addresses; `done` fires with them all."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.done: Deferred[list[str]] = Deferred()

    def resolutionBegan(self, resolution: IHostResolution) -> None:  # noqa: N802 (Twisted's name)
        pass

    def addressResolved(self, address: IAddress) -> None:  # noqa: N802 (Twisted's name)
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:  # noqa: N802 (Twisted's name)
        self.done.callback(self.addresses)


class AddressPolicyMiddleware:
    """Refuses requests whose host is or resolves to a non-global address."""

    def __init__(self, crawler: Crawler, allowed_hosts: set[str]) -> None:
        self.crawler = crawler
        self.allowed_hosts = allowed_hosts
        self.warned: set[str] = set()  # hosts a refusal was logged for at WARNING

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressPolicyMiddleware:
        if crawler.settings.getbool("ALLOW_PRIVATE_ADDRESSES"):
            raise NotConfigured("ALLOW_PRIVATE_ADDRESSES is on")
        hosts = {host.lower() for host in crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS")}
        return cls(crawler, hosts)

    async def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        if not host or host in self.allowed_hosts:
            return
        literal = literal_address(host)
        addresses = [literal] if literal is not None else await self._resolve(host)
        for address in addresses:
            if category := refused_category(address):
                self.crawler.stats.inc_value(f"address_policy/refused/{category}")
                resolved = "" if str(address) == host else f" ({address})"
                reason = f"{host}{resolved}: {category} address"
                self._log_refusal(host, reason)
                raise AddressRefused(reason)

    def _log_refusal(self, host: str, reason: str) -> None:
        """A refusal is logged at WARNING once per host (then at DEBUG), with how to allow
        it: a command with no spider to record rejects (`scrapy fetch`) would otherwise
        give an empty page and no word why."""
        level = logging.DEBUG if host in self.warned else logging.WARNING
        self.warned.add(host)
        logger.log(
            level,
            "refused %s; to allow it, set ALLOW_PRIVATE_ADDRESSES=True or name the host in "
            "ALLOWED_PRIVATE_HOSTS",
            reason,
        )

    async def _resolve(self, host: str) -> list[IPAddress]:
        """Every address the download may connect to; none if the name does not resolve
        (the download then fails with its own DNS error)."""
        # Imported here: at import time of this module the reactor may not be installed yet.
        from twisted.internet import reactor

        collector = _AddressCollector()
        reactor.nameResolver.resolveHostName(collector, host)  # type: ignore[attr-defined]
        return [ipaddress.ip_address(a) for a in await maybe_deferred_to_future(collector.done)]

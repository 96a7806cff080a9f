"""The URL policy for scrape targets that arrive over HTTP (the API and the web UI): no SSRF.

A URL a user types on the command line or writes in the config file is theirs to choose. A URL
that comes in over HTTP may come from anyone who can reach the API (or from a web page driving a
browser that can), so it must not point the scrapers at this machine or its network:

- only ``http`` and ``https``;
- no host that is, or resolves to, a loopback, private, link-local, CGNAT, multicast, reserved,
  unspecified or cloud-metadata address. Numeric hosts are read the way ``inet_aton`` reads them,
  so ``0x7f000001``, ``2130706433``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1, and an IPv6
  address that embeds an IPv4 one (``::ffff:127.0.0.1``, NAT64, 6to4) is judged by that one.

The check runs twice: when the API accepts the URL (:meth:`UrlPolicy.check`, which resolves the
name but never connects, so an answer cannot tell an open port from a closed one), and again when
the scrape fetches it (:class:`PolicyResolver` in the fetcher's connector refuses any resolved
address the policy forbids, so the address connected to is the address checked, and the fetcher
checks every redirect hop with :meth:`UrlPolicy.check_static`). ``scraping.allow_private_urls``
turns all of it off (the demo mode does, for its own board on 127.0.0.1).

Errors: :class:`UrlRefused`, a :class:`~jobscraper.errors.Blocked` (a scrape does not retry it);
the API answers 422 with its message.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from jobscraper.errors import Blocked

__all__ = [
    "PolicyResolver",
    "Resolve",
    "UrlPolicy",
    "UrlRefused",
    "forbidden_reason",
    "parse_host_address",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host name → its addresses (as text); the production one asks the system resolver
Resolve = Callable[[str], Awaitable[list[str]]]

_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, …
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_RESOLVE_TIMEOUT_S = 3.0


class UrlRefused(Blocked):
    """A URL the policy does not let the scrapers fetch; the message says why in one sentence."""


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """``host`` read as an IPv4 address the way the C library's ``inet_aton`` reads it (1 to 4
    parts, each decimal, octal with a leading 0, or hex with 0x); None when it is not one."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        try:
            if part[:2] in ("0x", "0X"):
                values.append(int(part[2:], 16))
            elif len(part) > 1 and part.startswith("0"):
                values.append(int(part[1:], 8))
            elif part.isdigit():
                values.append(int(part))
            else:
                return None
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for shift, value in enumerate(reversed(head), start=4 - len(head)):
        number |= value << (8 * shift)
    return ipaddress.IPv4Address(number)


def parse_host_address(host: str) -> IPAddress | None:
    """The address a URL's host names literally (any spelling), or None for a name."""
    bare = host.strip().rstrip(".").lower()
    if bare.startswith("[") and bare.endswith("]"):
        bare = bare[1:-1]
    bare = bare.split("%", 1)[0]  # an IPv6 zone id
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError:
            return None
    return _inet_aton(bare) if bare else None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why a scrape may not connect to ``address`` (None: it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return forbidden_reason(embedded)
    checks = (
        (address in _METADATA, "a cloud metadata address"),
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT, "a shared (CGNAT) address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for hit, reason in checks if hit), None)


async def _system_resolve(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


class UrlPolicy:
    """Which URLs a scrape that came in over HTTP may fetch.

    ``allow_private`` (``scraping.allow_private_urls``) lets everything through but the scheme
    check. ``exempt_hosts`` are names never checked (the configured proxies: the user's own).
    ``resolve`` turns a name into addresses; tests inject a stub so that a test server on
    127.0.0.1 can stand in for a public site.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        exempt_hosts: Iterable[str] = (),
        resolve: Resolve = _system_resolve,
    ) -> None:
        self.allow_private = allow_private
        self._exempt = {h.lower().rstrip(".") for h in exempt_hosts}
        self._resolve = resolve

    def exempt(self, host: str) -> bool:
        return self.allow_private or host.lower().rstrip(".") in self._exempt

    def check_static(self, url: str) -> str:
        """Refuse what the URL itself shows (scheme, a literal address); returns its host."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").rstrip(".")
        except ValueError as exc:
            raise UrlRefused(url, f"not a valid URL ({exc})") from exc
        if parts.scheme.lower() not in ("http", "https"):
            raise UrlRefused(url, "only http:// and https:// URLs can be scraped")
        if not host:
            raise UrlRefused(url, "the URL names no host")
        if self.exempt(host):
            return host
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise UrlRefused(url, f"{host} is a local name; set scraping.allow_private_urls to scrape it")
        address = parse_host_address(host)
        if address is not None:
            self.check_address(url, address)
        return host

    def check_address(self, url: str, address: IPAddress) -> None:
        reason = forbidden_reason(address)
        if reason is not None and not self.allow_private:
            raise UrlRefused(
                url, f"{address} is {reason}; set scraping.allow_private_urls to scrape such addresses"
            )

    async def addresses(self, url: str, host: str) -> list[IPAddress]:
        """The checked addresses ``host`` resolves to (empty when it does not resolve now)."""
        if parse_host_address(host) is not None or self.exempt(host):
            return []
        try:
            found = await asyncio.wait_for(self._resolve(host), _RESOLVE_TIMEOUT_S)
        except (OSError, TimeoutError):
            return []  # not resolvable now: the scrape resolves (and checks) it again
        addresses = [a for a in (parse_host_address(text) for text in found) if a is not None]
        for address in addresses:
            self.check_address(url, address)
        return addresses

    async def check(self, url: str) -> None:
        """Refuse ``url`` when it, or what its name resolves to now, is off limits. Never connects."""
        host = self.check_static(url)
        await self.addresses(url, host)


class PolicyResolver(AbstractResolver):
    """An aiohttp resolver that refuses addresses the policy forbids, so the address a request
    connects to is one that was checked (a name that resolves differently the second time — DNS
    rebinding — cannot slip through). ``policy`` is asked on every lookup: None lets all through."""

    def __init__(self, policy: Callable[[], UrlPolicy | None], inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        policy = self._policy()
        if policy is not None and not policy.exempt(host):
            for entry in found:
                address = parse_host_address(str(entry["host"]))
                if address is None:
                    raise UrlRefused(host, f"resolved to {entry['host']!r}, not an address")
                policy.check_address(f"http://{host}", address)
        return found

    async def close(self) -> None:
        await self._inner.close()

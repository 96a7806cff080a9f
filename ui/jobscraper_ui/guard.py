"""Who may talk to the UI's backend: its own origins only (no cross-site page, no DNS rebinding).

The UI's backend holds the API token and drives the API on behalf of whoever is connected to its
event socket (``/_event``). Reflex's default lets every Origin connect, so any web page the user
opens could read their jobs, overwrite notes and start scrapes. :func:`guard` wraps the backend's
ASGI app and refuses

- any request (HTTP or WebSocket) whose ``Host`` header is not one of the UI's own names (a DNS
  rebinding page reaches the port under its own name, so the Host header gives it away), and
- any request that carries an ``Origin`` other than the UI's own, and a WebSocket with none.

Pure ASGI and pure functions (no Reflex import), so it is unit-tested on its own.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["allowed_hosts", "allowed_origins", "guard", "host_allowed", "origin_allowed"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_WILDCARDS = ("0.0.0.0", "::", "")


def _machine_names() -> set[str]:
    """This machine's own names and addresses: what a UI bound to every interface is reached by."""
    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil ships with the project
        return names
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6):
                names.add(address.address.split("%", 1)[0].lower())
    return names


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values the UI answers: loopback names, and ``host``, with the port.

    A UI bound to every interface (``0.0.0.0``/``::``) also answers this machine's own names and
    addresses; a UI bound to one name answers that name.
    """
    names = {*LOOPBACK_NAMES, host.strip().lower()} - set(_WILDCARDS)
    if host.strip() in _WILDCARDS:
        names |= _machine_names()
    return frozenset(f"{_bracketed(name)}:{port}" for name in names)


def allowed_origins(host: str, port: int) -> list[str]:
    """The browser origins of the UI's own pages (``http://<allowed host>``), sorted."""
    return sorted(f"http://{hostport}" for hostport in allowed_hosts(host, port))


def _bracketed(name: str) -> str:
    try:
        is_v6 = ipaddress.ip_address(name).version == 6
    except ValueError:
        is_v6 = False
    return f"[{name}]" if is_v6 else name


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a ``Host`` header names the UI (case-insensitive; the port must match)."""
    return header is not None and header.strip().lower() in allowed


def origin_allowed(header: str | None, allowed: frozenset[str], *, required: bool) -> bool:
    """Whether an ``Origin`` header is one of the UI's own (``required``: a missing one is refused)."""
    if header is None:
        return not required
    scheme, sep, rest = header.strip().lower().partition("://")
    return sep == "://" and scheme == "http" and rest in allowed


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def guard(host: str, port: int) -> Callable[[ASGIApp], ASGIApp]:
    """An ``rx.App(api_transformer=…)`` that lets only the UI's own Host and Origin through."""
    allowed = allowed_hosts(host, port)

    def wrap(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            kind = scope.get("type")
            if kind not in ("http", "websocket"):
                await app(scope, receive, send)
                return
            websocket = kind == "websocket"
            ok = host_allowed(_header(scope, b"host"), allowed) and origin_allowed(
                _header(scope, b"origin"), allowed, required=websocket
            )
            if ok:
                await app(scope, receive, send)
            elif websocket:
                await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
            else:
                await _forbidden(send)

        return guarded

    return wrap


async def _forbidden(send: Send) -> None:
    body = b"this address or origin is not the jobscraper UI's own\n"
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})

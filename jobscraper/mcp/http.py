"""The MCP server over streamable HTTP, with the API's rules (DESIGN §3, "Security model").

Loopback by default; off loopback the command insists on a token (``serve.api_token_env``, the
API's own) and :class:`BearerGuard` asks every request for ``Authorization: Bearer <token>``. The
Host header is checked by the API's own guard (``serve.guards.HostGuard`` over
``serve.guards.api_hosts``), which the composition root (``jobscraper.cli.mcp_cmd``) wraps around
this app through ``guard``: the core does not import ``serve``. The SDK's own Host/Origin check is
kept on with the same names, so a browser page from another origin is refused too.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["MCP_PATH", "BearerGuard", "streamable_app"]

MCP_PATH = "/mcp"


class BearerGuard:
    """Answers 401 to an HTTP request without ``Authorization: Bearer <token>`` (compared in
    constant time); ``token`` None lets everything through (loopback)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._expected is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        if hmac.compare_digest(given, self._expected):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"detail": "missing or wrong token (Authorization: Bearer …)"}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", b"Bearer"),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _sdk_security(hosts: Iterable[str]) -> TransportSecuritySettings:
    names = [f"[{h}]" if ":" in h else h for h in hosts]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[*names, *(f"{n}:*" for n in names)],
        allowed_origins=[
            f"{scheme}://{n}{port}" for n in names for scheme in ("http", "https") for port in ("", ":*")
        ],
    )


def streamable_app(
    server: MCPServer,
    *,
    hosts: Iterable[str],
    token: str | None,
    guard: Callable[[ASGIApp], ASGIApp] | None = None,
) -> ASGIApp:
    """The ASGI app serving ``server`` at :data:`MCP_PATH`: ``guard`` (the Host check) first, then
    the token, then the SDK's transport. ``hosts``: the Host names answered, without ports."""
    names = list(hosts)
    app: ASGIApp = server.streamable_http_app(
        streamable_http_path=MCP_PATH, transport_security=_sdk_security(names)
    )
    app = BearerGuard(app, token)
    return guard(app) if guard is not None else app

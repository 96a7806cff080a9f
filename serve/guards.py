"""What the API checks before a route sees a request: the Host header, the body's size, its text.

- :class:`HostGuard`: a DNS-rebinding page reaches the API under its own host name, so only the
  names the API is meant to be reached by are answered (:func:`api_hosts`): localhost, 127.0.0.1,
  [::1], ``serve.host`` when it is not a wildcard, the host of ``ui.api_url`` (so the web UI always
  gets in) and ``serve.allowed_hosts``, each with any port. Anything else is 400. Ray Serve's own
  health checks do not pass through the app (they are actor calls and the proxy's ``/-/healthz``).
- :class:`BodyLimit`: a body declared larger than the limit is refused with 413 before it is read,
  and one that streams past it (chunked, or a lying Content-Length) is cut off at the limit.
- :class:`CheckedRoute`: a JSON body holding a lone UTF-16 surrogate (``"\\ud800"``) cannot be
  stored or sent back as UTF-8; it is a 422 naming the problem, not a 500 deep in the writer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterable
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobscraper.config import Settings

__all__ = ["LOOPBACK_HOSTS", "BodyLimit", "CheckedRoute", "HostGuard", "api_hosts", "host_name"]

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("", "0.0.0.0", "::", "[::]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _bare(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def api_hosts(settings: Settings) -> frozenset[str]:
    """The host names (without port) the API answers to under these settings."""
    names = set(LOOPBACK_HOSTS)
    if settings.serve.host not in _WILDCARDS:
        names.add(_bare(settings.serve.host))
    ui_api = urlsplit(settings.ui.api_url).hostname
    if ui_api:
        names.add(_bare(ui_api))
    names.update(_bare(h) for h in settings.serve.allowed_hosts)
    return frozenset(names)


def host_name(header: str) -> str | None:
    """The name in a Host header (``name``, ``name:port``, ``[v6]`` or ``[v6]:port``); None when
    it is malformed."""
    header = header.strip()
    if header.startswith("["):
        end = header.find("]")
        rest = header[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            return None
        name, port = header[1:end], rest[1:]
    else:
        name, _, port = header.partition(":")
        if ":" in port:
            return None
    if port and not port.isdigit():
        return None
    return _bare(name) or None


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    """Answers 400 to a request (or closes a WebSocket) whose Host is not one of ``allowed``."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(_bare(h) for h in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(b"host", b"")
        name = host_name(raw.decode("latin-1"))
        if name in self.allowed:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        shown = raw.decode("latin-1")[:100]
        await _send_json(
            send,
            400,
            f"unknown Host {shown!r}: this API answers only to {', '.join(sorted(self.allowed))} "
            "(add a name to serve.allowed_hosts)",
        )


class BodyLimit:
    """Refuses request bodies larger than ``max_bytes`` with 413, without reading them whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"request body larger than {self.max_bytes} bytes (serve.max_body_mb)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _send_json(send, 400, "Content-Length is not a number")
                return
            if int(declared) > self.max_bytes:
                await _send_json(send, 413, self._too_large())
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI passes an HTTPException from reading the body on as it is
                    raise HTTPException(413, self._too_large())
            return message

        await self.app(scope, counted, send)


def _lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def has_lone_surrogate(body: bytes) -> bool:
    """Whether a JSON body holds a string that is not valid Unicode (an unpaired surrogate)."""
    if not _SURROGATE_ESCAPE.search(body):  # the only way to spell one in JSON
        return False
    try:
        return _lone_surrogate(json.loads(body))
    except (ValueError, RecursionError):
        return False  # not JSON: FastAPI's own validation says so


class CheckedRoute(APIRoute):
    """A route whose JSON body is refused (422) when it holds text that is not valid Unicode."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH"):
                body = await request.body()  # kept by the request: the handler reads it again
                if has_lone_surrogate(body):
                    return JSONResponse(
                        {"detail": "the body holds text that is not valid Unicode (a lone surrogate)"},
                        422,
                    )
            return await handler(request)

        return checked

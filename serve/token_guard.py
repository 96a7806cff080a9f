"""The API token check, as a plain ASGI middleware.

When a token is configured (the API listens beyond loopback), every HTTP request but the open
paths (``/healthz``) must carry ``Authorization: Bearer <token>``; anything else is 401.

Plain ASGI rather than ``@app.middleware("http")``: Starlette's ``BaseHTTPMiddleware`` runs the
rest of the app in a task of its own and streams the response back through a memory channel, which
cost every request (a job search included) a few tenths of a millisecond of CPU for one header
comparison (issue 18). Other scopes (lifespan, WebSocket) pass through, as they did.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["TokenGuard"]

_REFUSED = "missing or wrong API token (Authorization: Bearer …)"


class TokenGuard:
    """Answers 401 to an HTTP request outside ``open_paths`` without ``Bearer <token>``; with no
    ``token`` every request passes."""

    def __init__(self, app: ASGIApp, token: str | None, open_paths: Iterable[str]) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode() if token else None
        self._open = frozenset(open_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._expected is None or scope["type"] != "http" or scope["path"] in self._open:
            await self.app(scope, receive, send)
            return
        raw = next((value for name, value in scope.get("headers") or [] if name == b"authorization"), b"")
        # decoded as Starlette's Headers decode it, then compared as UTF-8 (as the check always was)
        if hmac.compare_digest(raw.decode("latin-1").encode(), self._expected):
            await self.app(scope, receive, send)
            return
        await JSONResponse({"detail": _REFUSED}, 401)(scope, receive, send)

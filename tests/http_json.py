"""One JSON call to a running API (Serve's HTTP proxy) for the integration tests: the status and
the decoded body, an HTTP error's body included — so a test asserts on both, as a client would."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

__all__ = ["call_json"]


def call_json(base: str, method: str, path: str, body: Any = None, *, timeout: float = 60) -> tuple[int, Any]:
    """``method base+path`` with ``body`` as JSON; (status, JSON body or None when empty)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")

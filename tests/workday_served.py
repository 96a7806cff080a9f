"""A Workday tenant's CXS API served from a fixture file on 127.0.0.1, for every test folder.

``fixture['pages']`` answers the listing's POSTs (by ``offset``; a limit above 20 is a 400, as on
Workday), ``fixture['details']`` the detail GETs (by ``externalPath``; anything else is a 404).
``refuse_once`` names the offsets whose first request is answered 429 with ``Retry-After: 1``.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["WorkdayTenant", "serving"]

FIXTURES = Path(__file__).parent / "fixtures" / "ats"


class WorkdayTenant(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fixture: str, api_path: str, refuse_once: frozenset[int] = frozenset()) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fixture: dict[str, Any] = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
        self.api_path = api_path
        self.refuse_once = refuse_once
        self.asked: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serving(tenant: WorkdayTenant) -> Iterator[WorkdayTenant]:
    thread = threading.Thread(target=tenant.serve_forever, daemon=True)
    thread.start()
    try:
        yield tenant
    finally:
        tenant.shutdown()
        tenant.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: WorkdayTenant

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        key = f"offset {asked['offset']}"
        with self.server.lock:
            self.server.asked[key] += 1
            first_try = self.server.asked[key] == 1
        if self.path != self.server.api_path or asked["limit"] > 20:
            self._send(400, {"errorCode": "HTTP_400"})
        elif asked["offset"] in self.server.refuse_once and first_try:
            self._send(429, {"errorCode": "HTTP_429"}, {"Retry-After": "1"})
        else:
            self._send(200, self.server.fixture["pages"][str(asked["offset"])])

    def do_GET(self) -> None:
        path = self.path.removeprefix(self.server.api_path.removesuffix("/jobs"))
        with self.server.lock:
            self.server.asked[path] += 1
        detail = self.server.fixture["details"].get(path)
        self._send(200 if detail else 404, detail or {"errorCode": "HTTP_404"})

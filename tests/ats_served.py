"""Workable and SmartRecruiters API answers served from tests/fixtures/ats/served, for every test folder.

Written apart from the adapters and from the demo board, from the public APIs' shapes: a stdlib
HTTP server on 127.0.0.1 (an ephemeral port). URL → file: a path is ``<path>.json``; a query
string picks ``<path>@<query>.json``; a POST with a JSON body carrying ``"token"`` (Workable's
next page) picks ``<path>@token=<token>.json``; anything else is a 404, as a job whose details are
gone. ``limited`` names, per path+query, which of its requests (1 for the first) are answered 429
with ``Retry-After`` instead: ``{"/x": {2}}`` limits the second request for ``/x`` (a POST
listing's second page has its first page's path).

``expected.json`` there says, per board, where it is served and what each of its jobs must come
out as — written by reading the files, not the adapters' output.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SERVED = Path(__file__).parent / "fixtures" / "ats" / "served"
FIELDS = ("title", "company", "location", "min_amount", "max_amount", "currency", "interval",
          "is_remote", "job_type", "date_posted")  # fmt: skip
_EXPECTED = json.loads((SERVED / "expected.json").read_text(encoding="utf-8"))


def board_path(board: str) -> str:
    """Where ``board`` ("workable", "smartrecruiters") is served: its listing's URL path."""
    return str(_EXPECTED[board]["url"])


def expected(board: str) -> dict[str, tuple[object, ...]]:
    """title → the values of FIELDS, for every job of ``board``."""
    out: dict[str, tuple[object, ...]] = {}
    for job in _EXPECTED[board]["jobs"]:
        values = {**job, "date_posted": date.fromisoformat(job["date_posted"])}
        out[job["title"]] = tuple(values[f] for f in FIELDS)
    return out


def _file_for(target: str, body: bytes) -> Path | None:
    parts = urlsplit(target)
    path = SERVED / (unquote(parts.path).lstrip("/") + ".json")
    query = unquote(parts.query)
    if body:
        token = json.loads(body).get("token")
        query = f"token={token}" if token else query
    candidate = path.with_name(f"{path.stem}@{query}.json") if query else path
    if candidate.is_file() and SERVED.resolve() in candidate.resolve().parents:
        return candidate
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: ServedApis  # set on the class per server

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _answer(self, body: bytes) -> None:
        state = self.server_state
        with state.lock:
            state.requests.append(f"{self.command} {self.path}")
            state.counts[self.path] = number = state.counts.get(self.path, 0) + 1
        if number in state.limited.get(self.path, set()):
            self._send(429, b'{"message": "Too Many Requests"}', {"Retry-After": str(state.retry_after)})
            return
        path = _file_for(self.path, body)
        if path is None:
            self._send(404, b'{"message": "Not Found"}')
            return
        self._send(200, path.read_bytes())

    def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


class ServedApis:
    """The server, running on 127.0.0.1 (an ephemeral port) while in a ``with`` block."""

    def __init__(self, *, limited: dict[str, set[int]] | None = None, retry_after: int = 1) -> None:
        self.requests: list[str] = []  # "METHOD /path?query", in order
        self.limited = dict(limited or {})
        self.counts: dict[str, int] = {}
        self.retry_after = retry_after
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> ServedApis:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

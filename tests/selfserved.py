"""The self-served career sites and ATS APIs (tests/fixtures/selfserved), for every test folder.

Pages and API bodies shaped the way real sites publish them, served by a plain stdlib HTTP server on
127.0.0.1 (an ephemeral port) — not by the demo board, whose pages were written by the same hands as
the parsers. URL → file: ``/a/b/`` is ``a/b/index.html``; a path without a file extension is
``<path>.json`` (an API endpoint); a query string picks ``<name>@<query>.<ext>`` when that file
exists (``/careers/?page=2`` → ``careers/index@page=2.html``) and is ignored otherwise.

``expected.json`` there says, per site, where it is served and what each of its jobs must come out
as — written by reading the pages, not the parsers' output.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SELF_SERVED = Path(__file__).parent / "fixtures" / "selfserved"
FIELDS = ("title", "company", "location", "min_amount", "max_amount", "currency", "interval",
          "is_remote", "job_type", "date_posted")  # fmt: skip
_EXPECTED = json.loads((SELF_SERVED / "expected.json").read_text(encoding="utf-8"))


def site_path(site: str) -> str:
    """Where ``site`` (a key of expected.json) is served: its career page or API URL path."""
    return str(_EXPECTED[site]["url"])


def expected(*sites: str) -> dict[tuple[str, str], tuple[object, ...]]:
    """(company, title) → the values of FIELDS, for every job of ``sites``."""
    out: dict[tuple[str, str], tuple[object, ...]] = {}
    for site in sites:
        for job in _EXPECTED[site]["jobs"]:
            posted = date.fromisoformat(job["date_posted"]) if job["date_posted"] else None
            out[(job["company"], job["title"])] = tuple({**job, "date_posted": posted}[f] for f in FIELDS)
    return out


_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json; charset=utf-8",
          ".txt": "text/plain; charset=utf-8"}  # fmt: skip


def _file_for(target: str) -> Path | None:
    parts = urlsplit(target)
    rel = unquote(parts.path).lstrip("/")
    path = SELF_SERVED / (rel + "index.html" if not rel or rel.endswith("/") else rel)
    if not path.suffix:
        path = path.with_name(path.name + ".json")
    variant = path.with_name(f"{path.stem}@{unquote(parts.query)}{path.suffix}")
    for candidate in (variant, path) if parts.query else (path,):
        if candidate.is_file() and SELF_SERVED.resolve() in candidate.resolve().parents:
            return candidate
    return None


class _Handler(BaseHTTPRequestHandler):
    requests: list[str]  # every path asked for, in order (set on the class per server)

    def do_GET(self) -> None:
        self.requests.append(self.path)
        path = _file_for(self.path)
        if path is None:
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", _TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class SelfServed:
    """The server, running on 127.0.0.1 (an ephemeral port) while in a ``with`` block."""

    def __init__(self) -> None:
        self.requests: list[str] = []  # every path asked for, in order
        handler = type("Handler", (_Handler,), {"requests": self.requests})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> SelfServed:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

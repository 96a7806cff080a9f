"""Local stand-ins for an alert channel's far end, started by the tests and the alerts benchmark: a
webhook receiver (what a ``json://`` channel posts to) and an SMTP server (aiosmtpd, what a
``mailto://`` channel talks to). Both listen on loopback on a free port and keep what they got, with
the moment it arrived (``time.monotonic``)."""

from __future__ import annotations

import json
import threading
import time
from email import message_from_string
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from tests.ports import free_port

__all__ = ["Mailbox", "WebhookReceiver"]


class _Received:
    def __init__(self) -> None:
        self.items: list[tuple[float, dict[str, Any]]] = []
        self._arrived = threading.Condition()

    def add(self, item: dict[str, Any]) -> None:
        with self._arrived:
            self.items.append((time.monotonic(), item))
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        """What arrived, once ``count`` items have (AssertionError after ``timeout_s``)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.items) >= count, timeout_s):
                raise AssertionError(f"{len(self.items)} of {count} message(s) arrived in {timeout_s} s")
            return [item for _, item in self.items]


class WebhookReceiver(_Received):
    """An HTTP server that keeps each POSTed JSON body; ``status`` is what it answers (503: down)."""

    def __init__(self, status: int = 200) -> None:
        super().__init__()
        self.status = status
        self.port = free_port()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if receiver.status == 200:
                    receiver.add({"path": self.path, **json.loads(body or b"{}")})
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The Apprise URL of a channel that posts here."""
        return f"json://127.0.0.1:{self.port}/hook"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()


class Mailbox(_Received):
    """An SMTP server (aiosmtpd) that keeps each message: ``subject``, ``body``, ``to``."""

    def __init__(self) -> None:
        super().__init__()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_string(envelope.content.decode("utf-8", "replace"))
        part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
        payload = part.get_payload(decode=True)
        body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
        self.add({"subject": str(message["subject"]), "body": body, "to": list(envelope.rcpt_tos)})
        return "250 OK"

    @property
    def url(self) -> str:
        """The Apprise URL of a channel that mails here."""
        return f"mailto://127.0.0.1:{self.port}?from=alerts@example.com&to=me@example.com"

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._controller.stop()

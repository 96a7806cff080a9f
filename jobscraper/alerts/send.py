"""Sending one message to one channel through Apprise, tried again with backoff when it fails.

:class:`Sender` holds the policy (``alerts.retries`` more tries, exponential backoff with jitter,
``alerts.timeout_s`` per try) and the transport: ``notify`` (the production default hands the
message to Apprise, in a worker thread so the caller's event loop never waits on a socket). Tests
pass a fake ``notify`` and a zero ``wait``. A failure is a :class:`Delivery` with the reason Apprise
logged — the channel's URL is never in it (Apprise names the service and host, not the secret).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from tenacity import AsyncRetrying, RetryError, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from jobscraper.alerts.compose import Message
from jobscraper.alerts.shapes import Delivery

__all__ = ["Notify", "SendFailed", "Sender", "apprise_notify"]

log = logging.getLogger(__name__)
Notify = Callable[[str, str, str, float], Awaitable[None]]
"""(url, title, body, timeout_s) → None once the service took the message; :class:`SendFailed` if not."""
_REASON_MAX = 300


class SendFailed(Exception):
    """A send the service did not take; ``reason`` says what it answered (no secret in it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _apprise_send(url: str, title: str, body: str, timeout_s: float) -> None:
    import apprise  # seconds to import: only where a message is sent

    sender = apprise.Apprise()
    if not sender.add(url):
        raise SendFailed("Apprise cannot send to this URL")
    result = sender.notify(body=body, title=title, timeout=timeout_s)
    if result:
        return
    problems = [e.message for e in result.logs() if e.level in ("WARNING", "ERROR", "CRITICAL")]
    raise SendFailed((problems[-1] if problems else "the service did not take the message")[:_REASON_MAX])


async def apprise_notify(url: str, title: str, body: str, timeout_s: float) -> None:
    """The production transport: Apprise, in a worker thread, bounded by ``timeout_s``."""
    try:
        await asyncio.wait_for(asyncio.to_thread(_apprise_send, url, title, body, timeout_s), timeout_s + 2)
    except TimeoutError as exc:
        raise SendFailed(f"no answer within {timeout_s:g} s") from exc


class Sender:
    """Sends messages to channels: ``retries`` more tries after a failure, waiting ``wait`` between."""

    def __init__(
        self,
        *,
        retries: int = 3,
        timeout_s: float = 15.0,
        notify: Notify = apprise_notify,
        wait: wait_base | None = None,
    ) -> None:
        self._attempts = retries + 1
        self._timeout_s = timeout_s
        self._notify = notify
        backoff = wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)
        self._wait = wait if wait is not None else backoff

    async def send(self, url: str, message: Message) -> Delivery:
        """Send ``message`` to ``url``; how it ended (never raises for a failed send)."""
        title, body = message
        attempts = 0
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self._attempts),
                wait=self._wait,
                retry=retry_if_exception_type(SendFailed),
            ):
                with attempt:
                    attempts += 1
                    await self._notify(url, title, body, self._timeout_s)
        except RetryError as exc:
            failure = exc.last_attempt.exception()
            reason = failure.reason if isinstance(failure, SendFailed) else str(failure)
            return Delivery(ok=False, reason=reason, attempts=attempts)
        except Exception as exc:  # a bug in a plugin: this send fails, the others go on
            log.exception("alert send failed unexpectedly")
            return Delivery(ok=False, reason=f"{type(exc).__name__}: {exc}"[:_REASON_MAX], attempts=attempts)
        return Delivery(ok=True, attempts=attempts)

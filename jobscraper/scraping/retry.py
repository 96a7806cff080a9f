"""Retries and the per-domain circuit breaker.

- :func:`retrying` — a tenacity policy: retry ``RateLimited`` and ``SourceUnavailable`` with
  exponential backoff and full jitter, waiting at least the server's ``Retry-After`` when it gave
  one (capped by ``max_wait_s``); never retry ``Blocked`` or ``ParseError`` (asking again will not
  help). The last error is re-raised as it was, so the caller reports why the source failed.
- :func:`parse_retry_after` — ``Retry-After`` as seconds (delta-seconds or an HTTP date).
- :class:`CircuitBreaker` — after ``threshold`` consecutive blocks or rate limits from one domain,
  stop sending to it for ``cooldown_s``; one trial request is let through after that.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from jobscraper.errors import Blocked, RateLimited, ScrapeError, SourceUnavailable

__all__ = ["Backoff", "CircuitBreaker", "CircuitOpen", "describe", "parse_retry_after", "retrying"]


def parse_retry_after(
    value: str | None, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


@dataclass
class Backoff:
    """Tenacity wait: exponential with full jitter, but never shorter than the ``retry_after``
    (seconds, capped by ``max_wait_s``) that the failed attempt's exception carries, if any."""

    base_s: float
    max_wait_s: float
    rng: random.Random

    def __call__(self, state: RetryCallState) -> float:
        exponential = min(self.max_wait_s, self.base_s * 2 ** (state.attempt_number - 1))
        wait = self.rng.uniform(0, exponential)  # full jitter
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, int | float):
            wait = max(wait, min(float(retry_after), self.max_wait_s))
        return wait


def retrying(
    max_retries: int,
    *,
    base_s: float = 0.5,
    max_wait_s: float = 60.0,
    rng: random.Random | None = None,
    sleep: Callable[[float], Any] | None = None,
) -> AsyncRetrying:
    """The retry policy for one source request (``async for attempt in retrying(...)``)."""
    kwargs: dict[str, Any] = {}
    if sleep is not None:
        kwargs["sleep"] = sleep
    return AsyncRetrying(
        retry=retry_if_exception_type((RateLimited, SourceUnavailable)),
        stop=stop_after_attempt(max_retries + 1),
        wait=Backoff(base_s, max_wait_s, rng or random.Random()),
        reraise=True,
        **kwargs,
    )


class CircuitOpen(Blocked):
    """Not sent: the domain's circuit is open after repeated blocks or rate limits."""


class CircuitBreaker:
    """Per-domain breaker: ``threshold`` consecutive refusals open it for ``cooldown_s``."""

    def __init__(
        self, threshold: int = 5, cooldown_s: float = 300.0, clock: Callable[[], float] = time.monotonic
    ):
        self._threshold = threshold
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._open_until: dict[str, float] = {}

    def check(self, domain: str) -> None:
        """Raise :class:`CircuitOpen` if requests to ``domain`` are suspended."""
        until = self._open_until.get(domain)
        if until is None:
            return
        if self._clock() < until:
            raise CircuitOpen(domain, f"paused for {until - self._clock():.0f} s after repeated blocks")
        del self._open_until[domain]  # half-open: one trial goes through
        self._failures[domain] = self._threshold - 1

    def record(self, domain: str, error: BaseException | None) -> None:
        """Count a refusal (Blocked / RateLimited) or reset on success; other errors do not count."""
        if error is None:
            self._failures.pop(domain, None)
            return
        if not isinstance(error, Blocked | RateLimited) or isinstance(error, CircuitOpen):
            return
        count = self._failures.get(domain, 0) + 1
        self._failures[domain] = count
        if count >= self._threshold:
            self._open_until[domain] = self._clock() + self._cooldown_s

    def is_open(self, domain: str) -> bool:
        until = self._open_until.get(domain)
        return until is not None and self._clock() < until


def describe(error: BaseException) -> str:
    """A one-line reason for a failed source, for run state and summaries."""
    if isinstance(error, ScrapeError):
        # errors that crossed Ray arrive as RayTaskError(<kind>) subclasses: name our kind
        kind = next(c.__name__ for c in type(error).__mro__ if c.__module__ == ScrapeError.__module__)
        return f"{kind}: {error.reason}"
    return f"{type(error).__name__}: {error}"

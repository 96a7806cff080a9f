"""Retry policy and circuit breaker: Retry-After honoured, blocks not retried, breaker opens."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest

from jobscraper.errors import Blocked, ParseError, RateLimited, SourceUnavailable
from jobscraper.scraping import CircuitBreaker, CircuitOpen, parse_retry_after, retrying


def _run(errors: list[BaseException | None], max_retries: int = 4) -> tuple[int, list[float], object]:
    waits: list[float] = []
    calls = 0

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    async def main() -> object:
        nonlocal calls
        async for attempt in retrying(
            max_retries, base_s=0.1, max_wait_s=30, rng=random.Random(1), sleep=fake_sleep
        ):
            with attempt:
                calls += 1
                error = errors[min(calls - 1, len(errors) - 1)]
                if error is not None:
                    raise error
                return "ok"
        return None

    try:
        result: object = asyncio.run(main())
    except Exception as exc:
        result = exc
    return calls, waits, result


def test_retry_after_is_waited_out_then_success() -> None:
    calls, waits, result = _run([RateLimited("x", "429", retry_after=7.0), None])
    assert result == "ok" and calls == 2
    assert waits[0] >= 7.0


def test_unavailable_is_retried_with_growing_capped_backoff_then_reraised() -> None:
    calls, waits, result = _run([SourceUnavailable("x", "timeout")], max_retries=3)
    assert calls == 4 and isinstance(result, SourceUnavailable)
    assert len(waits) == 3 and all(0 <= w <= 30 for w in waits)


@pytest.mark.parametrize("error", [Blocked("x", "403"), ParseError("x", "bad json")])
def test_blocks_and_parse_errors_are_not_retried(error: Exception) -> None:
    calls, waits, result = _run([error])
    assert calls == 1 and waits == [] and result is error


def test_retry_after_header_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=lambda: now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=lambda: now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_circuit_breaker_opens_after_repeated_blocks_and_half_opens_after_cooldown() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, cooldown_s=60, clock=lambda: now[0])
    for _ in range(2):
        breaker.record("a.example", Blocked("a.example", "403"))
    breaker.check("a.example")  # still closed
    breaker.record("a.example", RateLimited("a.example", "429"))
    with pytest.raises(CircuitOpen):
        breaker.check("a.example")
    breaker.check("b.example")  # other domains unaffected
    now[0] = 61.0
    breaker.check("a.example")  # half-open: one trial
    breaker.record("a.example", Blocked("a.example", "403"))
    with pytest.raises(CircuitOpen):
        breaker.check("a.example")
    now[0] = 200.0
    breaker.check("a.example")
    breaker.record("a.example", None)  # success closes it
    breaker.record("a.example", Blocked("a.example", "403"))
    breaker.check("a.example")

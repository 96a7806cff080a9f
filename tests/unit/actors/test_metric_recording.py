"""The project's metrics: error kinds are a small fixed set, and recording never fails the work."""

from __future__ import annotations

import pytest

from actors.metrics import Metrics, error_kind
from jobscraper.errors import Blocked, ParseError, RateLimited, ScrapeError, SourceUnavailable
from jobscraper.extraction import ExtractionResult
from jobscraper.scraping.fetch import status_error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (RateLimited("u", "HTTP 429"), "rate_limited"),
        (Blocked("u", "HTTP 403"), "blocked"),
        (SourceUnavailable("u", "timed out after 20 s"), "unavailable"),
        (ParseError("u", "not JSON"), "parse"),
        (ScrapeError("u", "HTTP 404"), "http"),
        (status_error("u", 404, None), "http"),  # what the Fetcher raises for a 4xx (NotFoundAt)
        (status_error("u", 410, None), "http"),
        (ScrapeError("u", "render_js needs Chromium"), "scrape"),
        (RuntimeError("worker crashed 3 times"), "crashed"),
    ],
)
def test_errors_map_to_a_bounded_kind(error: BaseException, kind: str) -> None:
    assert error_kind(error) == kind


def test_recording_zero_counts_and_odd_values_never_raises() -> None:
    m = Metrics()
    m.source_result("board", "indeed", 0, 0, 0)  # Ray refuses a 0 increment: skipped, not raised
    m.source_result("company", "Acme", 5, 5, 0)
    m.extraction("throughput", [ExtractionResult(id="1", engine="rules")], 0.01)
    m.extraction("throughput", [], 0.0)
    m.request("example.org", 0.2, Blocked("u", "HTTP 403"))
    m.writer_batch(0.003, 0)
    m.truncated(0)
    m.overflow(0.0)


def test_in_flight_and_queue_gauges_count_up_and_down_and_never_below_zero() -> None:
    m = Metrics()
    m.scrape_started("board")
    m.scrape_started("board")
    m.scrape_ended("board")
    assert m._in_flight == {"board": 1}
    m.scrape_ended("board")
    m.scrape_ended("board")
    assert m._in_flight == {"board": 0}
    m.writer_call(+1)
    m.writer_call(-1)
    m.writer_call(-1)
    assert m._writer_calls == 0

"""The project's Prometheus series, recorded through ``ray.util.metrics``.

Ray's metrics agent on each node exports every process's series on the node's metrics port
(``ray.metrics_export_port``, default 8080; ``ray start --metrics-export-port``) next to Ray's and
Serve's own. Ray prefixes every name with ``ray_`` and gives counters a ``_total`` suffix, so
``jobscraper_postings_scraped`` is scraped as ``ray_jobscraper_postings_scraped_total``. Values
reach the endpoint within Ray's report interval (about 10 s).

One :class:`Metrics` per process (:func:`metrics`); recording is cheap (no I/O) and never raises
into the caller: a metric is an observation, not part of the work.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from ray.util.metrics import Counter, Gauge, Histogram

from jobscraper.errors import Blocked, ParseError, RateLimited, ScrapeError, SourceUnavailable
from jobscraper.extraction import ExtractionResult
from jobscraper.scraping.fetch import NotFoundAt

__all__ = ["LATENCY_BUCKETS_S", "Metrics", "error_kind", "metrics"]

log = logging.getLogger(__name__)

# from a fast API call to a slow board search or a long-context LLM batch
LATENCY_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0]
WRITER_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]


# the label of each kind of error, most specific first (NotFoundAt, a 4xx: the page is not there, is a
# SourceUnavailable; HTTP errors the browser raises are plain ScrapeErrors whose reason says "HTTP ")
_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (RateLimited, "rate_limited"),
    (Blocked, "blocked"),
    (NotFoundAt, "http"),
    (SourceUnavailable, "unavailable"),
    (ParseError, "parse"),
)


def error_kind(error: BaseException) -> str:
    """A small, fixed set of labels for why a source failed (never the message: unbounded)."""
    kind = next((label for cls, label in _KINDS if isinstance(error, cls)), None)
    if kind is not None:
        return kind
    if isinstance(error, ScrapeError):
        return "http" if error.reason.startswith("HTTP ") else "scrape"
    return "crashed"


class Metrics:
    """Every series jobscraper records. Tag values are short, bounded names (sites, domains, pools)."""

    def __init__(self) -> None:
        source = ("kind", "source")
        self.scraped = Counter(
            "jobscraper_postings_scraped", "Postings a source returned (before dedupe)", tag_keys=source
        )
        self.inserted = Counter(
            "jobscraper_postings_inserted", "Postings that were new jobs", tag_keys=source
        )
        self.updated = Counter(
            "jobscraper_postings_updated", "Postings that changed a stored job", tag_keys=source
        )
        self.source_errors = Counter(
            "jobscraper_source_errors",
            "Source failures by kind: rate_limited, blocked, unavailable, parse, http, scrape, crashed",
            tag_keys=(*source, "error"),
        )
        self.request_seconds = Histogram(
            "jobscraper_request_seconds",
            "One scrape request (a page, an API call or a whole board search) by domain",
            boundaries=LATENCY_BUCKETS_S,
            tag_keys=("domain", "outcome"),
        )
        self.in_flight = Gauge(
            "jobscraper_scrapes_in_flight", "Sources being scraped right now", tag_keys=("kind",)
        )
        self.writer_batch_seconds = Histogram(
            "jobscraper_writer_batch_seconds",
            "One WriterActor upsert batch, from the actor's start of work to its commit",
            boundaries=WRITER_BUCKETS_S,
        )
        self.writer_batch_postings = Counter(
            "jobscraper_writer_postings", "Postings written by the WriterActor's upserts"
        )
        self.writer_queue = Gauge(
            "jobscraper_writer_queue_depth",
            "WriterActor calls from the coordinator (batches, extraction I/O) waiting or running",
        )
        pool = ("pool",)
        self.extraction_requests = Counter(
            "jobscraper_extraction_requests", "Postings sent for extraction, by pool", tag_keys=pool
        )
        self.extraction_errors = Counter(
            "jobscraper_extraction_errors", "Postings whose extraction failed, by pool", tag_keys=pool
        )
        self.extraction_tokens = Counter(
            "jobscraper_extraction_tokens",
            "Prompt (in) and completion (out) tokens, by pool",
            tag_keys=("pool", "direction"),
        )
        self.extraction_seconds = Histogram(
            "jobscraper_extraction_seconds",
            "One extraction batch sent to a pool, until its answer",
            boundaries=LATENCY_BUCKETS_S,
            tag_keys=pool,
        )
        self.extraction_truncated = Counter(
            "jobscraper_extraction_truncated", "Prompts too long for every pool, truncated to fit"
        )
        self.overflow_share = Gauge(
            "jobscraper_extraction_overflow_share",
            "Share of postings the router sent to the overflow endpoint (cloud) rather than a local pool",
        )
        self._in_flight: dict[str, int] = {}
        self._writer_calls = 0

    # ----------------------------------------------------------------- scraping
    def source_result(self, kind: str, source: str, scraped: int, inserted: int, updated: int) -> None:
        tags = {"kind": kind, "source": source}
        self._inc(self.scraped, scraped, tags)
        self._inc(self.inserted, inserted, tags)
        self._inc(self.updated, updated, tags)

    def source_error(self, kind: str, source: str, error: BaseException) -> None:
        self._inc(self.source_errors, 1, {"kind": kind, "source": source, "error": error_kind(error)})

    def request(self, domain: str, seconds: float, error: BaseException | None = None) -> None:
        outcome = "ok" if error is None else error_kind(error)
        self._record(self.request_seconds.observe, seconds, {"domain": domain, "outcome": outcome})

    def scrape_started(self, kind: str) -> None:
        self._in_flight[kind] = self._in_flight.get(kind, 0) + 1
        self._record(self.in_flight.set, self._in_flight[kind], {"kind": kind})

    def scrape_ended(self, kind: str) -> None:
        self._in_flight[kind] = max(0, self._in_flight.get(kind, 0) - 1)
        self._record(self.in_flight.set, self._in_flight[kind], {"kind": kind})

    # ------------------------------------------------------------------- writer
    def writer_batch(self, seconds: float, postings: int) -> None:
        self._record(self.writer_batch_seconds.observe, seconds, None)
        self._inc(self.writer_batch_postings, postings, None)

    def writer_call(self, delta: int) -> None:
        self._writer_calls = max(0, self._writer_calls + delta)
        self._record(self.writer_queue.set, self._writer_calls, None)

    # --------------------------------------------------------------- extraction
    def extraction(self, pool: str, results: Iterable[ExtractionResult], seconds: float) -> None:
        results = list(results)
        tags = {"pool": pool}
        self._inc(self.extraction_requests, len(results), tags)
        self._inc(self.extraction_errors, sum(1 for r in results if not r.ok), tags)
        self._inc(self.extraction_tokens, sum(r.tokens_in for r in results), {**tags, "direction": "in"})
        self._inc(self.extraction_tokens, sum(r.tokens_out for r in results), {**tags, "direction": "out"})
        self._record(self.extraction_seconds.observe, seconds, tags)

    def truncated(self, n: int) -> None:
        self._inc(self.extraction_truncated, n, None)

    def overflow(self, share: float) -> None:
        self._record(self.overflow_share.set, share, None)

    @classmethod
    def _inc(cls, counter: Counter, value: float, tags: dict[str, str] | None) -> None:
        if value > 0:  # Ray refuses a zero increment; a counter appears with its first event
            cls._record(counter.inc, value, tags)

    @staticmethod
    def _record(record: Any, value: float, tags: dict[str, str] | None) -> None:
        try:
            record(value, tags=tags)
        except (ValueError, TypeError) as exc:  # a bad tag must not fail the scrape it describes
            log.warning("metric not recorded: %s", exc)


@functools.cache
def metrics() -> Metrics:
    """This process's :class:`Metrics` (created on first use)."""
    return Metrics()

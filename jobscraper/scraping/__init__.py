"""Politeness and resilience shared by every source: exact limits, retries, circuit breaking."""

from jobscraper.scraping.limits import DomainRule, Limiter
from jobscraper.scraping.retry import CircuitBreaker, CircuitOpen, describe, parse_retry_after, retrying

__all__ = [
    "CircuitBreaker",
    "CircuitOpen",
    "DomainRule",
    "Limiter",
    "describe",
    "parse_retry_after",
    "retrying",
]

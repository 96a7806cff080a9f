"""What the Api answers about fit and likeness, shared by the Api (``serve``), the CLI and the web
UI's client, which may import the core but not ``serve``: one declaration, so they cannot drift.

- :class:`FitJob`: a job of ``GET /api/jobs`` and ``GET /api/jobs/{id}`` with its fit for the
  active profile (``fit`` null when there is no such profile, it has no résumé, or matching is not
  available);
- :class:`MatchedJob`: the same with the fit always there (``GET /api/match``);
- :class:`FitPage`: a :class:`~jobscraper.store.search_shapes.SearchPage` of :class:`FitJob`, and
  the profile its fits are for;
- :class:`SimilarJob`: a job of ``GET /api/jobs/{id}/similar`` and how alike it is.
"""

from __future__ import annotations

from pydantic import Field

from jobscraper.matching.fit_parts import Reason
from jobscraper.store.search_shapes import JobPublic, SearchPage

__all__ = ["FitJob", "FitPage", "MatchedJob", "SimilarJob"]


class FitJob(JobPublic):
    """A job as ``GET /api/jobs`` lists it, with its fit for the active profile when there is one."""

    fit: int | None = Field(
        None, ge=0, le=100, description="how well the job fits the profile, 0-100; null: not scored"
    )
    fit_reasons: list[Reason] = Field(default_factory=list, description="why: each part of the fit")
    fit_sunk: bool = Field(False, description="a hard preference is broken (the first reason says which)")
    blocked: bool = Field(
        False, description="the company blocklist blocks it (only a job read by id can be; lists omit it)"
    )


class MatchedJob(FitJob):
    """A job with its fit for the profile, always scored (``GET /api/match``)."""

    fit: int = Field(ge=0, le=100, description="how well the job fits the profile, 0-100")


class FitPage(SearchPage):
    """One page of ``GET /api/jobs``: the jobs with their fit, and the profile the fits are for."""

    items: list[FitJob]  # type: ignore[assignment]  # the same jobs, each with its fit
    fit_profile: str | None = Field(None, description="the profile the fits are for; null: none scored")


class SimilarJob(JobPublic):
    """A job close in meaning to another one (``GET /api/jobs/{id}/similar``)."""

    similarity: float = Field(description="the cosine of the two jobs' embeddings, -1..1, 4 decimals")

"""What the Api answers about fit, shared by the Api (``serve``) and the web UI's client, which may
import the core but not ``serve``: one declaration, so the two cannot drift apart."""

from __future__ import annotations

from pydantic import Field

from jobscraper.matching.fit_parts import Reason
from jobscraper.store.search_shapes import JobPublic

__all__ = ["MatchedJob"]


class MatchedJob(JobPublic):
    """A job as ``GET /api/jobs`` lists it, with its fit for the profile (``GET /api/match``)."""

    fit: int = Field(ge=0, le=100, description="how well the job fits the profile, 0-100")
    fit_reasons: list[Reason] = Field(default_factory=list, description="why: each part of the fit")
    fit_sunk: bool = Field(False, description="a hard preference is broken (the first reason says which)")

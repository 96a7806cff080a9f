"""The Profile page's "Best fit" list: the active profile's top jobs (``GET /api/match``) as rows,
each with its score, whether a hard preference sank it, and its first reasons."""

from __future__ import annotations

import dataclasses

from jobscraper_ui.client import MatchedJob
from jobscraper_ui.pages.fit import fit_fields

__all__ = ["BEST_FIT", "SHOWN_REASONS", "FitRow", "fit_row"]

BEST_FIT = 10
"""How many jobs the list shows."""
SHOWN_REASONS = 3
"""How many of a job's reasons the list shows (a sunk job's hard reason comes first)."""


@dataclasses.dataclass
class FitRow:
    id: str
    href: str
    title: str
    company: str
    fit: int
    sunk: bool
    reasons: list[str]
    score: str  # the badge's text, colour and tooltip (the same badge as a job card's)
    band: str
    tip: str


def fit_row(job: MatchedJob) -> FitRow:
    badge = fit_fields(job.fit, job.fit_reasons, job.fit_sunk)
    return FitRow(
        id=str(job.id),
        href=f"/jobs/{job.id}",
        title=job.title or "(untitled)",
        company=job.company or "",
        fit=job.fit,
        sunk=job.fit_sunk,
        reasons=[r.text for r in job.fit_reasons[:SHOWN_REASONS]],
        score=badge["fit"],
        band=badge["fit_band"],
        tip=badge["fit_tip"],
    )

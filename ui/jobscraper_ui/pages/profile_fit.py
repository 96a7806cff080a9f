"""The Profile page's "Best fit" list: the active profile's top jobs (``GET /api/match``) as rows,
each with its score, whether a hard preference sank it, and its first reasons."""

from __future__ import annotations

import dataclasses

from jobscraper_ui.client import MatchedJob

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


def fit_row(job: MatchedJob) -> FitRow:
    return FitRow(
        id=str(job.id),
        href=f"/jobs/{job.id}",
        title=job.title or "(untitled)",
        company=job.company or "",
        fit=job.fit,
        sunk=job.fit_sunk,
        reasons=[r.text for r in job.fit_reasons[:SHOWN_REASONS]],
    )

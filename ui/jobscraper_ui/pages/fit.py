"""A job's fit as the pages show it: the badge's fields (score, colour band, top reason), the
reasons as rows for the job page, and the "More like this" links.

Pure functions over the client's shapes (no Reflex), so the Jobs page, the job page and the
Profile page's Best fit list show a fit alike, and the tests read them without a browser. The
score and its reasons are the Api's (:mod:`jobscraper.matching.score`); nothing is re-scored here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jobscraper.matching.fit_parts import Reason
from jobscraper_ui.client import SimilarJob
from jobscraper_ui.format import fit_band

__all__ = [
    "NO_FIT",
    "REASON_LABELS",
    "SIMILAR",
    "TIP_REASONS",
    "ReasonRow",
    "SimilarRow",
    "fit_fields",
    "reason_rows",
    "similar_row",
]

SIMILAR = 8
"""How many jobs "More like this" lists."""
TIP_REASONS = 3
"""How many reasons a badge's tooltip holds (a sunk job's hard reason comes first)."""
REASON_LABELS = {
    "meaning": "Meaning",
    "skills": "Skills",
    "seniority": "Seniority",
    "place": "Location / remote",
    "salary": "Salary",
    "visa": "Visa",
}
"""What each part of the score is called on the job page (the parts are the core's ``PartName``)."""
NO_FIT: dict[str, Any] = {"fit": "", "fit_band": "", "fit_sunk": False, "fit_reason": "", "fit_tip": ""}
"""The badge's fields when there is no fit (no active profile, or it has no résumé): no badge."""


def fit_fields(fit: int | None, reasons: list[Reason], sunk: bool) -> dict[str, Any]:
    """The badge's fields: its text ("82", or "" for none), colour, whether a hard preference sank
    the job, the top reason (shown beside it, :func:`_top`) and the first few (its tooltip)."""
    if fit is None:
        return dict(NO_FIT)
    texts = [r.text for r in reasons]
    top = _top(reasons)
    return {
        "fit": str(fit),
        "fit_band": fit_band(fit, sunk),
        "fit_sunk": sunk,
        "fit_reason": top.text if top else "",
        "fit_tip": " · ".join(texts[:TIP_REASONS]),
    }


def _top(reasons: list[Reason]) -> Reason | None:
    """The reason a card shows beside its badge: the one that sank the job; else the first that
    says yes or no about something the job asks (skills, seniority, place, salary, visa) — the
    meaning's cosine, or an unknown, says less to a person; else the first."""
    decided = [r for r in reasons if r.ok is not None]
    for choice in (
        [r for r in reasons if r.hard],
        [r for r in decided if r.kind != "meaning"],
        decided,
        reasons,
    ):
        if choice:
            return choice[0]
    return None


@dataclasses.dataclass
class ReasonRow:
    label: str
    tone: str  # "green" fits, "red" does not, "gray" unknown or neutral
    text: str
    hard: bool  # a preference the person set is broken: this reason sank the job
    matched: list[str]
    missing: list[str]


def reason_rows(reasons: list[Reason]) -> list[ReasonRow]:
    """Each reason as the job page lists it: what part it explains, whether it fits, and for
    skills the ones the person has and the ones they lack."""
    return [
        ReasonRow(
            label=REASON_LABELS.get(r.kind, r.kind.capitalize()),
            tone="gray" if r.ok is None else "green" if r.ok else "red",
            text=r.text,
            hard=r.hard,
            matched=list(r.matched),
            missing=list(r.missing),
        )
        for r in reasons
    ]


@dataclasses.dataclass
class SimilarRow:
    id: str
    href: str
    title: str
    where: str  # "Acme · Berlin"
    alike: str  # the cosine, two decimals


def similar_row(job: SimilarJob) -> SimilarRow:
    return SimilarRow(
        id=str(job.id),
        href=f"/jobs/{job.id}",
        title=job.title or "(untitled)",
        where=" · ".join(p for p in (job.company, job.location) if p),
        alike=f"{job.similarity:.2f}",
    )

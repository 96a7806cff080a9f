"""The fit score: 0–100 for one job and one person, from parts that each carry their reasons.

The parts (:mod:`jobscraper.matching.fit_parts`, :mod:`jobscraper.matching.lexical`,
:mod:`jobscraper.matching.terms`): *meaning*
(the cosine of the résumé's and the job's embeddings, mapped onto 0..1 by :func:`meaning_value`),
*title* (the share of the job title's words the résumé names: it tells "ICU nurse" from "nurse
recruiter", which meaning sees as close), *skills*, *seniority*, *place*, *salary* and *visa*.
The score is the weighted mean of the parts that are known
(:data:`WEIGHTS`); an unknown part is left out and the others' weights rescaled, so a job that does
not state its pay scores exactly as if the person had set no floor — unknown is neither a penalty
nor a bonus.

A job that violates a preference the person set (a floor above its pay, a place they did not
list, an excluded skill, a level two off theirs, no visa when they need one) is *sunk*: its score
is capped at :data:`SINK_CAP`, it stays in the list, and the reason saying which preference it
breaks comes first. What the résumé only suggests moves a part's value and never sinks a job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from jobscraper.matching.fit_parts import (
    Part,
    PartName,
    Person,
    Reason,
    place_part,
    seniority_part,
    skills_part,
)
from jobscraper.matching.lexical import title_part
from jobscraper.matching.profile import PreferenceFields, ProfileFields, open_suggestions
from jobscraper.matching.terms import language_part, salary_part, visa_part

__all__ = [
    "COSINE_HIGH",
    "COSINE_LOW",
    "SINK_CAP",
    "WEIGHTS",
    "Fit",
    "Person",
    "Reason",
    "fit",
    "max_score",
    "meaning_value",
    "person_from_profile",
    "person_from_resume",
]

WEIGHTS: dict[PartName, float] = {
    "meaning": 0.5,
    "title": 0.25,
    "skills": 0.2,
    "seniority": 0.15,
    "place": 0.5,
    "salary": 0.05,
    "visa": 0.05,
    "language": 0.15,
}
"""Each part's weight. First tuned on the ten tune résumés of ``bench/match_data``: the title part
(0 → 0.15) and a heavier place (0.1 → 0.2) moved nDCG@10 there from 0.85 to 0.96. Then, looking
at the tune set and the two earlier held-out batches (``h*``) only, with the résumé's target levels
(:mod:`jobscraper.matching.wants`) read into the seniority part and the new language part: place
0.2 → 0.5 (a résumé's "not relocating" was outweighed by meaning), title 0.15 → 0.25, language
0.15 (0.1–0.25 within 0.01); a heavier seniority (0.3) lost 0.02–0.05, and weighing the title's
words in the résumé's headline more lost 0.01–0.04. The third held-out batch (``f*``) was not
looked at while choosing (bench/match_data/README.md)."""
SINK_CAP = 20
"""The highest score a job that violates a hard preference can have."""
COSINE_LOW = 0.20
COSINE_HIGH = 0.65
"""Cosines at or below LOW mean "unrelated" (0), at or above HIGH "the same work" (1), linear in
between. Calibrated for the bundled model (USE multilingual v3, a whole résumé against a job's
title + skills + description head) on ``bench/match_data``: unrelated pairs sit at ~0.22–0.48
(median 0.35), the same work at ~0.55–0.70 (median 0.62); of the ranges tried, 0.20–0.65 gave the
best nDCG@10 (0.84; 0.35–0.75: 0.80, 0.10–0.50: 0.77)."""
NEUTRAL = 50
"""The score when nothing about the job can be compared."""


class Fit(BaseModel):
    """How well one job fits: the score, each known part's value (0..1), the reasons (a sunk
    job's hard reasons first)."""

    score: int = Field(ge=0, le=100)
    parts: dict[str, float] = Field(default_factory=dict, description="each known part's value, 0..1")
    reasons: list[Reason] = Field(default_factory=list)
    sunk: bool = Field(False, description="a hard preference is violated; the score is capped")


def meaning_value(cosine: float) -> float:
    """The meaning part from a cosine: 0 at :data:`COSINE_LOW`, 1 at :data:`COSINE_HIGH`."""
    return min(1.0, max(0.0, (cosine - COSINE_LOW) / (COSINE_HIGH - COSINE_LOW)))


def max_score(cosine: float) -> int:
    """The highest score a job whose meaning has this cosine can get: every other part known and
    perfect. A job with a lower cosine can score no higher (ranking stops there)."""
    others = sum(weight for name, weight in WEIGHTS.items() if name != "meaning")
    best = (WEIGHTS["meaning"] * meaning_value(cosine) + others) / (WEIGHTS["meaning"] + others)
    return math.ceil(100 * best - 1e-9)


def person_from_profile(profile: ProfileFields) -> Person:
    """A stored profile as the score reads it (its open suggestions worked out again)."""
    prefs = PreferenceFields.model_validate(profile.model_dump(include=set(PreferenceFields.model_fields)))
    return Person(prefs, profile.resume_text, open_suggestions(profile.resume_text, prefs))


def person_from_resume(text: str) -> Person:
    """A person known only by a résumé: no hard preferences, the résumé's suggestions."""
    prefs = PreferenceFields()
    return Person(prefs, text, open_suggestions(text, prefs))


def fit(job: Mapping[str, Any], person: Person, cosine: float | None) -> Fit:
    """The fit of ``job`` (the ``job`` table's columns) for ``person``; ``cosine`` is the
    résumé ↔ job similarity, None when the job has no vector (meaning unknown)."""
    parts: dict[PartName, Part] = {
        "meaning": _meaning(cosine),
        "title": title_part(job, person),
        "skills": skills_part(job, person),
        "seniority": seniority_part(job, person),
        "place": place_part(job, person),
        "salary": salary_part(job, person),
        "visa": visa_part(job, person),
        "language": language_part(job, person),
    }
    known = {name: part.value for name, part in parts.items() if part.value is not None}
    total = sum(WEIGHTS[name] for name in known)
    mean = sum(WEIGHTS[name] * value for name, value in known.items()) / total if total else None
    score = NEUTRAL if mean is None else round(100 * mean)
    sunk = any(part.sinks for part in parts.values())
    reasons = [r for part in parts.values() for r in part.reasons]
    if sunk:
        score = min(score, SINK_CAP)
        reasons.sort(key=lambda r: not r.hard)
    return Fit(score=score, parts={k: round(v, 4) for k, v in known.items()}, reasons=reasons, sunk=sunk)


def _meaning(cosine: float | None) -> Part:
    if cosine is None:
        return Part(
            None, [Reason(kind="meaning", ok=None, text="no embedding yet: run `jobscraper reindex`")]
        )
    value = meaning_value(cosine)
    words = "close to" if value >= 0.6 else "somewhat like" if value >= 0.3 else "unlike"
    return Part(
        value, [Reason(kind="meaning", ok=value >= 0.5, text=f"{words} your résumé (cosine {cosine:.2f})")]
    )

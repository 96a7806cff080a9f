"""The shape of one job category of the evaluation set (its titles per level, text pools, places).

Levels are 0 intern, 1 junior/entry, 2 mid, 3 senior, 4 lead/staff, 5 principal/head. A
category lists titles only for the levels it is posted at; ``generate.py`` picks a level, a place
and a few sentences of each pool per posting, and grades the posting from the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["LEVEL_NAMES", "Cat"]

LEVEL_NAMES = ("intern", "junior", "mid", "senior", "lead", "principal")


@dataclass(frozen=True)
class Cat:
    """One kind of job: what its postings say and where they are."""

    name: str
    lang: str  # "en" | "de"
    count: int
    titles: dict[int, list[str]]
    companies: list[str]
    intro: list[str]
    tasks: list[str]
    reqs: list[str]
    places: str  # "key[:weight] key[:weight] ..." over places.PLACES
    field_en: str = ""  # for the years line, e.g. "backend development"
    field_de: str = ""
    skills: list[str] = field(default_factory=list)
    pay: float | None = None  # the mid-level yearly pay in USD (US), scaled by level and region
    interval: str = "yearly"
    onsite_only: bool = False
    job_type: str = "fulltime"
    extras: list[str] = field(default_factory=list)  # nice-to-haves
    years_line: bool = True  # False: no years-of-experience line (the keyword-collision jobs)
    level_weights: str = ""  # "level:weight ..." (unlisted levels weigh 1)

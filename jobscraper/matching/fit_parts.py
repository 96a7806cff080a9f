"""The parts of the fit score, each a rule with its reasons: skills, seniority, place (salary and
visa: :mod:`jobscraper.matching.terms`; the title: :mod:`jobscraper.matching.lexical`).

Each rule reads one job (a mapping of the ``job`` table's columns, ``extracted`` being the
:class:`~jobscraper.extraction.schema.JobDetails` JSON) and the person (:class:`Person`) and returns
a :class:`Part`: a value in 0..1, or None when either side does not say (unknown is left out of the
score, never a penalty or a bonus), the reasons, and whether a *hard* preference — one the person
set — is violated (the score then sinks, :mod:`jobscraper.matching.score`). What the résumé only
suggests (:mod:`jobscraper.matching.signals`) nudges the value and never sinks a job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, Field

from jobscraper.matching.places import ANYWHERE, countries, is_remote_location, remote_scope, same_city
from jobscraper.matching.profile import PreferenceFields
from jobscraper.matching.roles import Roles
from jobscraper.matching.signals import PayFloor, Suggestion, stated_pay_floor
from jobscraper.matching.wants import resume_languages, target_levels
from jobscraper.vocabulary import SENIORITIES

__all__ = [
    "Part",
    "PartName",
    "Person",
    "Reason",
    "level_of_job",
    "level_of_resume",
    "place_part",
    "seniority_part",
    "skills_part",
    "sunk_part",
]

PartName = Literal["meaning", "title", "skills", "seniority", "place", "salary", "visa", "language"]


class Reason(BaseModel):
    """Why a job scores as it does, one fact: its part, whether it fits, the sentence."""

    kind: PartName = Field(description="the part of the score it explains")
    ok: bool | None = Field(description="true: fits; false: does not; null: unknown or neutral")
    text: str
    hard: bool = Field(False, description="a preference the person set is violated: the job is sunk")
    matched: list[str] = Field(default_factory=list, description="skills: the job's skills the person has")
    missing: list[str] = Field(default_factory=list, description="skills: the job's skills the person lacks")


@dataclass
class Part:
    """One part's value (None: unknown), its reasons, and whether it sinks the job."""

    value: float | None
    reasons: list[Reason] = field(default_factory=list)
    sinks: bool = False


@dataclass
class Person:
    """What the score reads of a person: the hard preferences, the résumé, its suggestions."""

    preferences: PreferenceFields
    resume_text: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)

    _has: dict[str, bool] = field(default_factory=dict, repr=False)

    def suggested(self, name: str) -> list[Suggestion]:
        return [s for s in self.suggestions if s.field == name]

    def has_skill(self, skill: str) -> bool:
        """Whether the résumé names ``skill`` as a whole word (remembered: jobs repeat skills)."""
        key = skill.casefold()
        if key not in self._has:
            self._has[key] = _mentions(self.folded_resume, key)
        return self._has[key]

    @cached_property
    def folded_resume(self) -> str:
        return self.resume_text.casefold()

    @cached_property
    def resume_pay_floor(self) -> PayFloor | None:
        """The yearly pay the résumé's prose asks for (a soft floor), worked out once."""
        return stated_pay_floor(self.resume_text)

    @cached_property
    def resume_level(self) -> int | None:
        """The résumé's level (see :func:`level_of_resume`), worked out once."""
        return level_of_resume(self.resume_text)

    @cached_property
    def target_levels(self) -> frozenset[int]:
        """The levels the résumé's prose says it is looking for (:mod:`jobscraper.matching.wants`)."""
        return target_levels(self.resume_text)

    @cached_property
    def roles(self) -> Roles:
        """Where the résumé names the person's own work (:mod:`jobscraper.matching.roles`)."""
        return Roles(self.resume_text)

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages the résumé shows a working command of (:mod:`jobscraper.matching.wants`)."""
        return resume_languages(self.resume_text)


# ------------------------------------------------------------------------------------ skills
def _skills(job: Mapping[str, Any]) -> list[str]:
    details = job.get("extracted") or {}
    names = [*details.get("skills", []), *details.get("tech_stack", []), *(job.get("skills") or [])]
    return list(
        {" ".join(str(n).split()).casefold(): str(n).strip() for n in names if str(n).strip()}.values()
    )


def _mentions(text: str, skill: str) -> bool:
    return re.search(rf"(?<![\w+#]){re.escape(skill.casefold())}(?![\w+#])", text) is not None


def skills_part(job: Mapping[str, Any], person: Person) -> Part:
    """The job's skills the person has (named in the résumé or preferred) over all it asks for;
    an excluded skill the job asks for sinks it."""
    wanted = _skills(job)
    prefs = person.preferences
    excluded = [s for s in prefs.excluded_skills if any(s.casefold() == w.casefold() for w in wanted)]
    if excluded:
        text = f"asks for {', '.join(excluded)}, which you excluded"
        return Part(0.0, [Reason(kind="skills", ok=False, hard=True, text=text)], sinks=True)
    if not wanted:
        return Part(None)
    preferred = {s.casefold() for s in prefs.preferred_skills}
    matched = [s for s in wanted if s.casefold() in preferred or person.has_skill(s)]
    missing = [s for s in wanted if s not in matched]
    value = len(matched) / len(wanted)
    text = f"{len(matched)} of the {len(wanted)} skills it asks for"
    if matched:
        text += f": has {_few(matched)}"
    if missing:
        text += f"; missing {_few(missing)}"
    reason = Reason(kind="skills", ok=value >= 0.5, text=text, matched=matched, missing=missing)
    return Part(value, [reason])


def _few(names: list[str], shown: int = 5) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


# --------------------------------------------------------------------------------- seniority
_LEVEL = {name: i for i, name in enumerate(SENIORITIES)}  # intern 0 … executive 6
_TITLE_LEVEL = [
    (r"\b(?:intern|internship|praktikum|praktikant(?:in)?|werkstudent(?:in)?)\b", 0),
    (r"\b(?:junior|júnior|entry[- ]level|graduate|trainee|berufseinsteiger|débutante?)\b", 1),
    (r"\b(?:head of|director|vp|vice president|chief|leiter(?:in)?)\b", 6),
    (r"\bprincipal\b", 5),
    # "staff" names a level in "Staff Engineer", not in "Staff Nurse" or "Staff Accountant"
    (
        r"\b(?:staff(?![- ](?:nurse|rn|accountant|auditor|pharmacist|physician|attorney|writer))"
        r"|lead|team lead|tech lead|lead\w*)\b",
        4,
    ),
    (r"\b(?:senior|sr\.?)\b", 3),
    (r"\b(?:mid[- ]level|intermediate)\b", 2),
]
_BOARD_LEVEL = {"internship": 0, "entry level": 1, "associate": 2, "director": 6, "executive": 6}
_NUMBER = {
    w: i
    for i, words in enumerate(
        # English, German, French, Spanish
        [(), ("one", "ein", "einem", "un", "une", "uno"), ("two", "zwei", "deux", "dos"),
         ("three", "drei", "trois", "tres"), ("four", "vier", "quatre", "cuatro"),
         ("five", "fünf", "cinq", "cinco"), ("six", "sechs", "seis"), ("seven", "sieben", "sept", "siete"),
         ("eight", "acht", "huit", "ocho"), ("nine", "neun", "neuf", "nueve"),
         ("ten", "zehn", "dix", "diez"), ("eleven", "elf", "onze", "once"),
         ("twelve", "zwölf", "douze", "doce")]
    )
    for w in words
}  # fmt: skip
_YEARS = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER) + r")\+?\s*(?:or more\s+|\+\s*|and a half\s+|und einhalb\s+)?"
    r"(?:years?|jahre?n?|ans|années|años?)\b",
    re.IGNORECASE,
)


def _title_level(text: str) -> int | None:
    low = text.casefold()
    for pattern, level in _TITLE_LEVEL:
        if re.search(pattern, low):
            return level
    return None


def _years(text: str) -> int | None:
    found = [int(m) if m.isdigit() else _NUMBER[m.casefold()] for m in _YEARS.findall(text)]
    return max(found) if found else None


def _level_from_years(years: int) -> int:
    return 1 if years < 2 else 2 if years < 5 else 3


def _job_level_from_years(years: int) -> int:
    # a job asking for eight or ten years asks for a lead or principal; a résumé's years alone
    # make no one a lead (_level_from_years stops at senior)
    return 5 if years >= 10 else 4 if years >= 8 else _level_from_years(years)


def level_of_job(job: Mapping[str, Any]) -> int | None:
    """The job's level (index into SENIORITIES): extracted, else its title, the board's level, the
    years of experience it asks for; None when nothing says."""
    details = job.get("extracted") or {}
    for known in (job.get("seniority"), details.get("seniority")):
        if known in _LEVEL:
            return _LEVEL[known]
    if (level := _title_level(str(job.get("title") or ""))) is not None:
        return level
    if (board := _BOARD_LEVEL.get(str(job.get("job_level") or "").casefold())) is not None:
        return board
    years = details.get("min_years_experience")
    if years is None:
        years = _years(str(job.get("description") or "")[:4000])
    return _job_level_from_years(years) if years is not None else None


def level_of_resume(text: str) -> int | None:
    """The résumé's level: its headline's level word (first lines), else its years of experience."""
    head = "\n".join(text.strip().splitlines()[:3])
    if (level := _title_level(head)) is not None:
        return level
    years = _years(text[:3000])
    return _level_from_years(years) if years is not None else None


_STEP_VALUE = (1.0, 0.5, 0.1, 0.0)


def seniority_part(job: Mapping[str, Any], person: Person) -> Part:
    """How far the job's level is from the person's (the preference, else the résumé's); two or
    more levels off a level the person set sinks the job."""
    job_level = level_of_job(job)
    hard = person.preferences.seniority
    mine = _LEVEL[hard] if hard else person.resume_level
    targets = person.target_levels if not hard else frozenset()
    if job_level is None or (mine is None and not targets):
        return Part(None)
    if targets:  # the levels the résumé says it wants: the nearest of them
        mine = min(targets, key=lambda level: (abs(job_level - level), level))
    assert mine is not None
    steps = abs(job_level - mine)
    whose = "your preference" if hard else "your résumé"
    wants = " or ".join(SENIORITIES[level] for level in sorted(targets)) if targets else SENIORITIES[mine]
    text = f"{SENIORITIES[job_level]} role; {whose}: {wants}"
    sinks = hard is not None and steps >= 2
    reason = Reason(kind="seniority", ok=steps == 0 if steps != 1 else None, text=text, hard=sinks)
    return Part(_STEP_VALUE[min(steps, 3)], [reason], sinks=sinks)


# ------------------------------------------------------------------------------------- place
def _remote(job: Mapping[str, Any]) -> bool:
    policy = job.get("remote_policy") or (job.get("extracted") or {}).get("remote_policy")
    location = job.get("location")
    if policy in ("onsite", "hybrid") or "hybrid" in str(location or "").casefold():
        return False
    return job.get("is_remote") is True or policy == "remote" or is_remote_location(location)


def place_part(job: Mapping[str, Any], person: Person) -> Part:
    """The job's place against the person's: a remote job's scope against where they live (or
    the regions they set), an on-site or hybrid job's city against theirs."""
    prefs = person.preferences
    places = prefs.locations or [str(s.value) for s in person.suggested("locations")]
    if _remote(job):
        return _remote_place(job, person, places)
    location = str(job.get("location") or "")
    if not location or not places:
        return Part(None)
    if any(same_city(p, location) for p in places):
        return _place(1.0, True, f"in {location}")
    relocate = prefs.open_to_relocation
    if relocate is None:
        relocate = next((bool(s.value) for s in person.suggested("open_to_relocation")), None)
    if relocate:
        return _place(0.5, None, f"in {location}: you would relocate")
    if prefs.locations:
        return sunk_part(f"in {location}, not among your locations")
    # the résumé saying "not relocating" is a soft no: the lowest value, never sunk
    value, moving = (0.0, ", not relocating") if relocate is False else (0.1, "")
    return _place(value, False, f"in {location}; your résumé says {places[0]}{moving}")


def _remote_place(job: Mapping[str, Any], person: Person, places: list[str]) -> Part:
    prefs = person.preferences
    if prefs.remote_ok is False:
        return sunk_part("remote job; you asked for on-site work")
    where = job.get("location") or "remote"
    scope = remote_scope(job.get("location"), (job.get("extracted") or {}).get("remote_regions") or [])
    home = _union([countries(p) for p in (prefs.remote_regions or places)])
    if scope is None or home is None:
        soft_ok = prefs.remote_ok or any(s.value is True for s in person.suggested("remote_ok"))
        return Part(0.9 if soft_ok else None, [Reason(kind="place", ok=None, text=f"remote ({where})")])
    if scope is ANYWHERE or home & scope:
        return _place(1.0, True, f"remote, open to where you are ({where})")
    if prefs.remote_regions or prefs.locations:
        return sunk_part(f"remote only for others ({where})")
    return _place(0.1, False, f"remote only for others ({where}); your résumé says {places[0]}")


def _place(value: float, ok: bool | None, text: str) -> Part:
    return Part(value, [Reason(kind="place", ok=ok, text=text)])


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    known = [s for s in sets if s is not None]
    return frozenset().union(*known) if known else None


def sunk_part(text: str, kind: PartName = "place") -> Part:
    """A part that sinks the job: value 0 and its one hard reason."""
    return Part(0.0, [Reason(kind=kind, ok=False, hard=True, text=text)], sinks=True)

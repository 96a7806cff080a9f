"""The profile: who a person is (the résumé) and what they want (preferences), each field declared once.

- :class:`PreferenceFields`: the preferences a person sets (locations, remote, salary floor,
  seniority, job types, visa, skills). Each one the person set is a *hard* preference; an unset one
  is ``None`` or an empty list.
- :class:`ProfileFields`: the preferences plus the résumé, the *suggestions* (preferences found
  only in the résumé's text, :mod:`jobscraper.matching.signals`), the active flag and timestamps.
  The ``profile`` table (:class:`~jobscraper.models.Profile`) and the public shape
  (:class:`ProfilePublic`) derive from it.
- :class:`ProfileInput`: what a client sends to create or change one (the CLI's ``profile set``,
  later ``PUT /api/profile``); its checks are the rules for new input.

Suggestions are kept apart from the preferences and never applied as filters: a sentence of the
résumé is evidence, not a choice. :func:`open_suggestions` drops those the person has already
decided (set the field), so what is left is offered for confirmation.

Like :mod:`jobscraper.job_fields`, the bases are SQLModel classes but not tables; list fields are
JSON columns, closed vocabularies plain strings.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from pydantic import field_validator, model_validator
from sqlalchemy import JSON, Text
from sqlmodel import AutoString, Field, SQLModel

from jobscraper.matching.resume import ResumeFormat
from jobscraper.matching.signals import Suggestion, find_suggestions
from jobscraper.vocabulary import JobType, PayInterval, Seniority

__all__ = [
    "DEFAULT_PROFILE",
    "LIST_PREFERENCES",
    "MAX_NAME",
    "PreferenceFields",
    "ProfileFields",
    "ProfileInput",
    "ProfilePublic",
    "is_set",
    "open_suggestions",
]

DEFAULT_PROFILE = "default"
"""The name of the profile made when none is named and none exists."""
MAX_NAME = 80


class PreferenceFields(SQLModel):
    """What a person wants; each value set is a hard preference, ``None`` or ``[]`` is unset."""

    locations: list[str] = Field(
        default_factory=list, sa_type=JSON, description="places the person would work in (city, region)"
    )
    remote_ok: bool | None = Field(
        default=None, description="true: remote jobs are fine; false: on-site only"
    )
    remote_regions: list[str] = Field(
        default_factory=list, sa_type=JSON, description="a remote job must be open to one of these regions"
    )
    open_to_relocation: bool | None = Field(default=None, description="would move for a job")
    min_salary: float | None = Field(default=None, description="the salary floor, in currency per period")
    currency: str | None = Field(default=None, description="the floor's currency (ISO 4217, e.g. EUR)")
    salary_period: PayInterval | None = Field(
        default=None, sa_type=AutoString, description="the floor's period: a PAY_INTERVALS value"
    )
    seniority: Seniority | None = Field(default=None, sa_type=AutoString, description="a SENIORITIES value")
    job_types: list[JobType] = Field(default_factory=list, sa_type=JSON, description="JOB_TYPES values")
    needs_visa_sponsorship: bool | None = Field(
        default=None, description="needs the employer to sponsor a visa"
    )
    preferred_skills: list[str] = Field(
        default_factory=list, sa_type=JSON, description="skills wanted in a job"
    )
    excluded_skills: list[str] = Field(
        default_factory=list, sa_type=JSON, description="skills the person does not want to work with"
    )


LIST_PREFERENCES: tuple[str, ...] = tuple(
    name for name, info in PreferenceFields.model_fields.items() if info.default_factory is list
)
"""The preferences that are lists (repeatable options in the CLI)."""


class ProfileFields(PreferenceFields):
    """A stored profile: the preferences, the résumé, the suggestions, the active flag."""

    name: str = Field(description="unique name of the profile")
    resume_text: str = Field(default="", sa_type=Text, description="the résumé as text")
    resume_file: str | None = Field(default=None, description="the file name the résumé was read from")
    resume_format: ResumeFormat | None = Field(
        default=None, sa_type=AutoString, description="text | markdown | pdf | docx | pasted"
    )
    suggestions: list[Suggestion] = Field(
        default_factory=list,
        sa_type=JSON,
        description="preferences found only in the résumé's text: offered, never applied",
    )
    active: bool = Field(default=False, description="the profile jobs are matched against (exactly one)")
    created_at: datetime
    updated_at: datetime


class ProfilePublic(ProfileFields):
    """A profile as readers see it (the CLI, the Api)."""

    id: int


def _clean_list(values: list[str], *, fold: bool) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text:
            seen.setdefault(text.casefold() if fold else text, text)
    return list(seen.values())


class ProfileInput(PreferenceFields):
    """A profile to create or replace (``name`` None: the active one, else :data:`DEFAULT_PROFILE`).

    ``activate``: True makes it the active profile; None makes it active only if no profile is."""

    name: str | None = None
    resume_text: str = Field(default="", sa_type=Text)
    resume_file: str | None = None
    resume_format: ResumeFormat | None = None
    activate: bool | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        name = value.strip()
        if not name:
            raise ValueError("a profile's name cannot be empty")
        if len(name) > MAX_NAME or not name.isprintable():
            raise ValueError(f"a profile's name is printable text of at most {MAX_NAME} characters")
        return name

    @field_validator("locations", "remote_regions", "preferred_skills", "excluded_skills")
    @classmethod
    def _lists(cls, values: list[str]) -> list[str]:
        return _clean_list(values, fold=True)

    @field_validator("job_types")
    @classmethod
    def _types(cls, values: list[JobType]) -> list[JobType]:
        return list(dict.fromkeys(values))

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if len(code) != 3 or not code.isalpha() or not code.isascii():
            raise ValueError(f"a currency is a three-letter ISO 4217 code such as EUR or USD, not {value!r}")
        return code

    @field_validator("min_salary")
    @classmethod
    def _salary(cls, value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise ValueError("the minimum salary is a number, 0 or more")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ProfileInput:
        if self.min_salary is not None and self.currency is None:
            raise ValueError("a minimum salary needs its currency (e.g. --currency EUR)")
        if self.min_salary is not None and self.salary_period is None:
            self.salary_period = "yearly"
        both = {s.casefold() for s in self.preferred_skills} & {s.casefold() for s in self.excluded_skills}
        if both:
            raise ValueError(f"skill(s) both preferred and excluded: {', '.join(sorted(both))}")
        return self


def is_set(preferences: PreferenceFields, field: str) -> bool:
    """Whether the person set this preference (a hard one): not None, not an empty list."""
    value: Any = getattr(preferences, field)
    return value is not None and value != []


def open_suggestions(resume_text: str, preferences: PreferenceFields) -> list[Suggestion]:
    """What the résumé's text suggests that the person has not decided yet: a suggestion for a
    preference they set is dropped (their setting wins), as is a location already among theirs."""
    chosen = {place.casefold() for place in preferences.locations}
    kept = []
    for suggestion in find_suggestions(resume_text):
        if suggestion.field == "locations":
            if str(suggestion.value).casefold() in chosen:
                continue
        elif is_set(preferences, suggestion.field):
            continue
        kept.append(suggestion)
    return kept

"""The project's fixed vocabularies, each declared once: job-board sites and their domains, job
statuses, pay intervals, ATS kinds and job types.

The config's validation, the tables' check constraints, the scraper's per-domain limits, the CLI's
choices, the Api's shapes and the web UI all read these names from here, so adding a board or a
status is one edit (plus a migration where a table constrains the value). Closed sets that a
pydantic model or typer validates are ``Literal`` types; the matching tuples are derived from them
with :func:`typing.get_args`, never typed twice.

Plain Python (and pydantic's validators) with no project imports: the UI imports it without
pulling in the core's tables.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, WithJsonSchema

__all__ = [
    "ANNUAL_FACTOR",
    "ATS_CHOICES",
    "ATS_KINDS",
    "ATS_LABELS",
    "DEFAULT_SITES",
    "DETECTED_KINDS",
    "INTERVAL_ALIASES",
    "INTERVAL_UNIT",
    "JOBSPY_SITES",
    "JOB_STATUSES",
    "JOB_TYPES",
    "KIND_LABELS",
    "PAY_INTERVALS",
    "SENIORITIES",
    "SITE_DOMAINS",
    "AtsChoice",
    "AtsKind",
    "Detected",
    "JobStatus",
    "JobType",
    "PayInterval",
    "Seniority",
    "ats_choice",
    "board_domain",
    "detected_kind",
    "normal_interval",
]

# --- job boards (python-jobspy's ``Site`` values) and the domain each one's requests go to; the
# domain is what the scraping limits (concurrency, delay) are keyed by
SITE_DOMAINS: dict[str, str] = {
    "linkedin": "linkedin.com",
    "indeed": "indeed.com",
    "zip_recruiter": "ziprecruiter.com",
    "glassdoor": "glassdoor.com",
    "google": "google.com",
    "bayt": "bayt.com",
    "naukri": "naukri.com",
    "bdjobs": "bdjobs.com",
    "hellowork": "hellowork.com",
}
JOBSPY_SITES: tuple[str, ...] = tuple(SITE_DOMAINS)
"""Every board a saved search may name, in python-jobspy's spelling."""
DEFAULT_SITES: tuple[str, ...] = ("linkedin", "indeed")
"""The boards a search runs on when it names none."""


def board_domain(site: str) -> str:
    """The domain whose limits a search on ``site`` counts against (an unknown site: itself)."""
    return SITE_DOMAINS.get(site, site)


# --- where the user is with a job: the application funnel, in order
class JobStatus(StrEnum):
    """Where the user is with a job; the application funnel, in order."""

    NEW = "new"
    INTERESTED = "interested"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"


JOB_STATUSES: tuple[str, ...] = tuple(s.value for s in JobStatus)

# --- pay intervals (python-jobspy's ``interval`` column), with the factor that annualises each
PayInterval = Literal["yearly", "monthly", "weekly", "daily", "hourly"]
PAY_INTERVALS: tuple[PayInterval, ...] = get_args(PayInterval)
ANNUAL_FACTOR: dict[str, float] = {"yearly": 1, "monthly": 12, "weekly": 52, "daily": 260, "hourly": 2080}
INTERVAL_UNIT: dict[str, str] = {
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}
"""Each interval's unit word ("$45 / hour"; the extraction schema's ``PayPeriod`` values)."""
INTERVAL_ALIASES: dict[str, str] = {
    **{unit: interval for interval, unit in INTERVAL_UNIT.items()},
    "annual": "yearly",
    "annually": "yearly",
}
"""Other spellings sources use for an interval, lower case."""


def normal_interval(word: str) -> str:
    """``word`` (any case, an alias or a unit word) as the interval it names; unknown: lowered."""
    lowered = word.strip().lower()
    return INTERVAL_ALIASES.get(lowered, lowered)


# --- ATS job boards the sources read through their public APIs: THE registry of kinds. Each kind
# here has its adapter in the module ``jobscraper.sources.ats.<kind>`` (attribute ``ADAPTER``);
# adding an ATS is that module, one line here, and its fixtures. The config, the CLI's ``--ats``,
# the Api's shapes, the web UI and the demo board all read this dict.
ATS_LABELS: dict[str, str] = {
    "greenhouse": "Greenhouse",
    "lever": "Lever",
    "ashby": "Ashby",
    "workable": "Workable",
    "smartrecruiters": "SmartRecruiters",
}
"""Every ATS kind (the name in config, ``--ats`` and the Api) and the name people read."""
AtsKind = str
"""An ATS kind: a key of :data:`ATS_LABELS` (validated where it comes in, see :func:`ats_choice`)."""
ATS_KINDS: tuple[str, ...] = tuple(ATS_LABELS)
ATS_CHOICES: tuple[str, ...] = ("auto", *ATS_KINDS, "html")
"""What a watched company's ``ats`` may be set to: detect it, a kind, or a plain career page."""
DETECTED_KINDS: tuple[str, ...] = (*ATS_KINDS, "html")
"""What a company URL turned out to be: an ATS board of a kind, or a career page."""
KIND_LABELS: dict[str, str] = {**ATS_LABELS, "html": "career page"}
"""How each detected kind is named on a page: the ATS's name, or "career page"."""


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    text = value.strip().lower()
    if text not in allowed:
        raise ValueError(f"unknown {what} {value!r}; known: {', '.join(allowed)}")
    return text


def ats_choice(value: str) -> str:
    """``value`` as an ``ats`` setting (any case); ValueError naming the known ones otherwise."""
    return _one_of(value, ATS_CHOICES, "ats")


def detected_kind(value: str) -> str:
    """``value`` as what a URL was detected as; ValueError naming the known ones otherwise."""
    return _one_of(value, DETECTED_KINDS, "kind")


AtsChoice = Annotated[
    str, AfterValidator(ats_choice), WithJsonSchema({"type": "string", "enum": list(ATS_CHOICES)})
]
"""A validated ``ats`` setting in a pydantic model (an enum in the JSON schema)."""
Detected = Annotated[
    str, AfterValidator(detected_kind), WithJsonSchema({"type": "string", "enum": list(DETECTED_KINDS)})
]
"""A validated detected kind in a pydantic model."""

# --- the job types a board search can ask for (python-jobspy's ``job_type`` argument)
JobType = Literal["fulltime", "parttime", "internship", "contract"]
JOB_TYPES: tuple[JobType, ...] = get_args(JobType)

# --- how senior a person is (a profile's seniority), in order; the same words as the extracted
# ``jobscraper.extraction.schema.Seniority`` of a job, less its "unknown", so the two compare
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal", "executive"]
SENIORITIES: tuple[Seniority, ...] = get_args(Seniority)

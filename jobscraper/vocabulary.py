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

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, WithJsonSchema

__all__ = [
    "ANNUAL_FACTOR",
    "ATS_CHOICES",
    "ATS_KINDS",
    "ATS_LABELS",
    "BLOCK_KINDS",
    "BOARD_SITES",
    "COUNTRY_ALIASES",
    "DEFAULT_SITES",
    "DETECTED_KINDS",
    "GLASSDOOR_COUNTRIES",
    "INDEED_COUNTRIES",
    "INTERVAL_ALIASES",
    "INTERVAL_UNIT",
    "JOBSPY_SITES",
    "JOB_STATUSES",
    "JOB_TYPES",
    "KIND_LABELS",
    "PAY_INTERVALS",
    "REMOTE_SITES",
    "SENIORITIES",
    "SITES",
    "SITE_DOMAINS",
    "AtsChoice",
    "AtsKind",
    "BlockKind",
    "Detected",
    "JobStatus",
    "JobType",
    "PayInterval",
    "Seniority",
    "Site",
    "SiteKind",
    "ats_choice",
    "board_domain",
    "country_problem",
    "detected_kind",
    "normal_interval",
    "site_problem",
]

# --- job boards a saved search can name: THE list of sites. Each site's ``kind`` says what reads it:
# ``jobspy`` (python-jobspy's ``Site`` values, searched through JobSpy) or ``remote`` (a remote-job
# board's public API or feed, read by the module ``jobscraper.sources.remote.<site>``, attribute
# ``BOARD``). ``domain`` is what the scraping limits (concurrency, delay) are keyed by; ``needs``
# says which search fields the board reads; ``unavailable`` (when set) says why a site cannot be
# searched now — it stays listed, marked, and naming it in a search is an error saying so.
SiteKind = Literal["jobspy", "remote"]


@dataclass(frozen=True)
class Site:
    """One job board: where its requests go, what reads it, what it needs, and whether it works."""

    domain: str
    kind: SiteKind
    label: str
    needs: str
    unavailable: str | None = None


_LOCATION = "location (free text)"
SITES: dict[str, Site] = {
    "linkedin": Site("linkedin.com", "jobspy", "LinkedIn", f"worldwide; {_LOCATION}"),
    "indeed": Site("indeed.com", "jobspy", "Indeed", "country (Indeed's countries) and location"),
    "zip_recruiter": Site("ziprecruiter.com", "jobspy", "ZipRecruiter", f"US and Canada; {_LOCATION}"),
    "glassdoor": Site("glassdoor.com", "jobspy", "Glassdoor", "country (Glassdoor's countries) and location"),
    "google": Site(
        "google.com",
        "jobspy",
        "Google Jobs",
        "google_search_term",
        unavailable="python-jobspy's README says Google Jobs is currently unavailable "
        "(it is out of JobSpy's default sites and returns no jobs)",
    ),
    "bayt": Site("bayt.com", "jobspy", "Bayt", "every country it covers, or a location naming one"),
    "naukri": Site("naukri.com", "jobspy", "Naukri", "India; location is a city"),
    "bdjobs": Site("bdjobs.com", "jobspy", "BDJobs", "Bangladesh; location is a division or district"),
    "hellowork": Site("hellowork.com", "jobspy", "HelloWork", "France; location: a city, postcode or region"),
    "remoteok": Site("remoteok.com", "remote", "Remote OK", "remote jobs; term and location filtered here"),
    "remotive": Site("remotive.com", "remote", "Remotive", "remote jobs; term and location filtered here"),
    "weworkremotely": Site(
        "weworkremotely.com", "remote", "We Work Remotely", "remote jobs; term and location filtered here"
    ),
    "arbeitnow": Site("arbeitnow.com", "remote", "Arbeitnow", "Europe; term and location filtered here"),
    "himalayas": Site("himalayas.app", "remote", "Himalayas", "remote jobs; term and location filtered here"),
}
"""Every board a saved search may name (JobSpy's spelling for JobSpy's), with what it is."""
SITE_DOMAINS: dict[str, str] = {name: site.domain for name, site in SITES.items()}
JOBSPY_SITES: tuple[str, ...] = tuple(n for n, s in SITES.items() if s.kind == "jobspy")
"""The boards searched through python-jobspy: exactly its ``Site`` values (a test holds them)."""
REMOTE_SITES: tuple[str, ...] = tuple(n for n, s in SITES.items() if s.kind == "remote")
"""The remote-job boards read through their public APIs or feeds."""
BOARD_SITES: tuple[str, ...] = tuple(n for n, s in SITES.items() if s.unavailable is None)
"""The boards that can be searched now, in the order lists show them."""
DEFAULT_SITES: tuple[str, ...] = ("linkedin", "indeed")
"""The boards a search runs on when it names none."""


def board_domain(site: str) -> str:
    """The domain whose limits a search on ``site`` counts against (an unknown site: itself)."""
    return SITE_DOMAINS.get(site, site)


def site_problem(site: str) -> str | None:
    """Why ``site`` cannot be named in a search (unknown, or unavailable now); None when it can."""
    known = SITES.get(site)
    if known is None:
        return f"unknown site {site!r}; known: {', '.join(BOARD_SITES)}"
    if known.unavailable is not None:
        return f"site {site!r} is unavailable: {known.unavailable}"
    return None


# --- the countries Indeed searches (python-jobspy's ``Country`` values, its spelling) and the ones
# Glassdoor searches too, with the other names JobSpy takes for some; a test holds all three to
# the installed python-jobspy. A search naming either board must name one (``country``).
INDEED_COUNTRIES: tuple[str, ...] = (
    "argentina", "australia", "austria", "bahrain", "belgium", "brazil", "canada", "chile", "china",
    "colombia", "costa rica", "czech republic", "denmark", "ecuador", "egypt", "finland", "france",
    "germany", "greece", "hong kong", "hungary", "india", "indonesia", "ireland", "israel", "italy",
    "japan", "kuwait", "luxembourg", "malaysia", "mexico", "morocco", "netherlands", "new zealand",
    "nigeria", "norway", "oman", "pakistan", "panama", "peru", "philippines", "poland", "portugal",
    "qatar", "romania", "saudi arabia", "singapore", "south africa", "south korea", "spain", "sweden",
    "switzerland", "taiwan", "thailand", "türkiye", "ukraine", "united arab emirates", "uk", "usa",
    "uruguay", "venezuela", "vietnam",
)  # fmt: skip
GLASSDOOR_COUNTRIES: tuple[str, ...] = (
    "argentina", "australia", "austria", "belgium", "brazil", "canada", "france", "germany",
    "hong kong", "india", "ireland", "italy", "malaysia", "mexico", "netherlands", "new zealand",
    "singapore", "spain", "switzerland", "uk", "usa", "vietnam",
)  # fmt: skip
COUNTRY_ALIASES: dict[str, str] = {
    "czechia": "czech republic",
    "turkey": "türkiye",
    "uae": "united arab emirates",
    "united kingdom": "uk",
    "us": "usa",
    "united states": "usa",
}


def country_problem(sites: list[str], country: str) -> str | None:
    """Why Indeed or Glassdoor, when ``sites`` names them, cannot search ``country``; None when
    they can (or neither is named). Any case; JobSpy's other names ("United States") count."""
    name = country.strip().lower()
    name = COUNTRY_ALIASES.get(name, name)
    if "indeed" in sites and name not in INDEED_COUNTRIES:
        return f"country {country!r} is not one Indeed searches; known: {', '.join(INDEED_COUNTRIES)}"
    if "glassdoor" in sites and name not in GLASSDOOR_COUNTRIES:
        return f"Glassdoor does not search country {country!r}; it searches: {', '.join(GLASSDOOR_COUNTRIES)}"
    return None


# --- where the user is with a job: the application funnel, in order
class JobStatus(StrEnum):
    """Where the user is with a job; the application funnel, in order."""

    NEW = "new"
    INTERESTED = "interested"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


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
    "workday": "Workday",
    "recruitee": "Recruitee",
    "personio": "Personio",
    "teamtailor": "Teamtailor",
    "bamboohr": "BambooHR",
    "jobvite": "Jobvite",
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

# --- what a company blocklist entry compares (jobscraper.blocklist): the company's normalised
# name, the host of its jobs' URLs (subdomains included), or a glob over the normalised name
BlockKind = Literal["name", "domain", "pattern"]
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

"""The demo board's catalogue: deterministic companies and jobs, and how a later version differs.

``catalogue(seed, companies, jobs_per_company, version)`` is a pure function. Version 2 of the
same seed is "a week later": every 5th job has a new description, every 6th a new salary, every
7th is gone, and each company has two new jobs. Tests and ``jobscraper demo`` compare what was
scraped with :func:`catalogue` itself.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from jobscraper.demo.ats import demo_kinds

__all__ = ["STYLES", "DemoCompany", "DemoJob", "catalogue"]

TODAY = date(2026, 11, 20)

_FIRST_ATS = 3  # the registry's first kinds (Greenhouse, Lever, Ashby) keep demo companies 1-3
_ATS_STYLES = demo_kinds()
STYLES: tuple[str, ...] = (
    *_ATS_STYLES[:_FIRST_ATS], "jsonld", "listing", "js", "plain", *_ATS_STYLES[_FIRST_ATS:]
)  # fmt: skip
"""How each demo company publishes its jobs; the demo cycles through them. The seven styles of
before keep their order (so 7 companies are what they always were); every later ATS of the
registry with a demo module (``jobscraper/demo/ats_<kind>.py``) is appended: companies 8 and up."""

_NAMES = (
    "Acme Robotics", "Globex", "Initech", "Umbrella Health", "Hooli", "Pied Piper", "Stark Mobility",
    "Wayne Analytics", "Cyberdyne Cloud", "Tyrell Data", "Soylent Foods", "Vandelay Logistics",
    "Massive Dynamic", "Aperture Labs", "Wonka Systems", "Oscorp Energy",
)  # fmt: skip
_TITLES = (
    "Senior Python Developer", "Backend Engineer (Go)", "Data Engineer", "Machine Learning Engineer",
    "DevOps Engineer", "Frontend Developer (React)", "Staff Software Engineer", "Site Reliability Engineer",
    "Platform Engineer", "Security Engineer", "Mobile Developer (Kotlin)", "Analytics Engineer",
)  # fmt: skip
_CITIES = (
    ("Berlin", "BE", "Germany"), ("Munich", "BY", "Germany"), ("Hamburg", "HH", "Germany"),
    ("Amsterdam", "NH", "Netherlands"), ("London", "England", "United Kingdom"), ("Austin", "TX", "USA"),
    ("New York", "NY", "USA"), ("Zurich", "ZH", "Switzerland"),
)  # fmt: skip
_SKILLS = (
    "Python",
    "Go",
    "Kubernetes",
    "PostgreSQL",
    "AWS",
    "React",
    "TypeScript",
    "Spark",
    "Terraform",
    "Kafka",
)
_CURRENCY = {
    "Germany": "EUR",
    "Netherlands": "EUR",
    "United Kingdom": "GBP",
    "USA": "USD",
    "Switzerland": "CHF",
}
_TYPES = ("fulltime", "fulltime", "fulltime", "contract", "parttime")


@dataclass(frozen=True)
class DemoCompany:
    slug: str
    name: str
    style: str


@dataclass(frozen=True)
class DemoJob:
    """One job as the demo serves it (through every channel that lists its company)."""

    key: int  # stable across versions
    company: DemoCompany
    title: str
    city: str
    region: str
    country: str
    remote: bool
    job_type: str
    salary_min: int | None
    salary_max: int | None
    currency: str
    interval: str  # yearly | hourly
    posted: date
    skills: tuple[str, ...]
    description: str

    @property
    def location(self) -> str:
        return f"{self.city}, {self.region}, {self.country}"


def _description(rng: random.Random, job_title: str, company: str, skills: tuple[str, ...], v: int) -> str:
    extra = "\n\n**Update:** the team now works a 4-day week." if v == 2 else ""
    return (
        f"## {job_title}\n\n{company} is hiring. You will build and run services with "
        f"{', '.join(skills)}.\n\n**Requirements**\n\n- {rng.randint(2, 8)}+ years of experience\n"
        f"- Strong {skills[0]} skills\n\n**Benefits:** 30 days of vacation, learning budget.{extra}"
    )


def _companies(rng: random.Random, count: int, style: str | None) -> list[DemoCompany]:
    out = []
    for i in range(count):
        name = _NAMES[i % len(_NAMES)] + ("" if i < len(_NAMES) else f" {i // len(_NAMES) + 1}")
        slug = name.lower().replace(" ", "-")
        out.append(DemoCompany(slug=slug, name=name, style=style or STYLES[i % len(STYLES)]))
    return out


def _job(rng: random.Random, key: int, company: DemoCompany, title_index: int) -> DemoJob:
    city, region, country = rng.choice(_CITIES)
    skills = tuple(rng.sample(_SKILLS, 3))
    yearly = rng.random() < 0.75
    has_salary = rng.random() < 0.8
    low = (rng.randrange(50, 110) * 1000 if yearly else rng.randrange(35, 90)) if has_salary else None
    high = (low + (rng.randrange(10, 40) * 1000 if yearly else rng.randrange(5, 25))) if low else None
    title = _TITLES[title_index % len(_TITLES)]
    return DemoJob(
        key=key,
        company=company,
        title=title if title_index < len(_TITLES) else f"{title} {title_index // len(_TITLES) + 1}",
        city=city,
        region=region,
        country=country,
        remote=rng.random() < 0.25,
        job_type=rng.choice(_TYPES),
        salary_min=low,
        salary_max=high,
        currency=_CURRENCY[country],
        interval="yearly" if yearly else "hourly",
        posted=TODAY - timedelta(days=rng.randint(0, 30)),
        skills=skills,
        description=_description(rng, title, company.name, skills, 1),
    )


@functools.lru_cache(maxsize=16)
def _catalogue(
    seed: int, companies: int, jobs_per_company: int, version: int, style: str | None
) -> tuple[DemoJob, ...]:
    return tuple(_build(seed, companies, jobs_per_company, version, style))


def catalogue(
    seed: int = 7, companies: int = 7, jobs_per_company: int = 12, version: int = 1, style: str | None = None
) -> list[DemoJob]:
    """Every job the demo serves for these knobs, in a stable order (``style`` forces one style).

    Cached: the demo server asks for it on every request."""
    return list(_catalogue(seed, companies, jobs_per_company, version, style))


def _build(
    seed: int = 7, companies: int = 7, jobs_per_company: int = 12, version: int = 1, style: str | None = None
) -> list[DemoJob]:
    rng = random.Random(seed)
    firms = _companies(rng, companies, style)
    jobs: list[DemoJob] = []
    key = 0
    for company in firms:
        for t in range(jobs_per_company):
            key += 1
            jobs.append(_job(rng, key, company, t))
    if version < 2:
        return jobs
    changed: list[DemoJob] = []
    for original in jobs:
        job = original
        if job.key % 7 == 3:
            continue  # gone
        if job.key % 5 == 1:
            text_rng = random.Random(seed * 1000 + job.key)
            job = replace(job, description=_description(text_rng, job.title, job.company.name, job.skills, 2))
        if job.key % 6 == 2 and job.salary_min and job.salary_max:
            job = replace(job, salary_min=int(job.salary_min * 1.1), salary_max=int(job.salary_max * 1.1))
        changed.append(job)
    new_rng = random.Random(seed + 1)
    for company in firms:
        for extra in range(2):
            key += 1
            changed.append(_job(new_rng, 100_000 + key, company, jobs_per_company + extra))
    return changed

"""What the demo board sends: each source's format, rendered from :class:`DemoJob` values.

The shapes follow the real sources closely enough that the real parsers read them: JobSpy's
LinkedIn and Indeed scrapers, and our ATS and career-page adapters.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime
from typing import Any

from jobscraper.demo.data import DemoJob

__all__ = [
    "ashby",
    "career_detail",
    "career_listing",
    "greenhouse",
    "huge_page",
    "indeed",
    "lever",
    "linkedin_cards",
    "linkedin_detail",
]

_COUNTRY_CODES = {
    "Germany": "DE",
    "Netherlands": "NL",
    "United Kingdom": "GB",
    "USA": "US",
    "Switzerland": "CH",
}
_INDEED_TYPES = {"fulltime": "CF3CP", "parttime": "75GKK", "contract": "NJXCK", "internship": "VDTG7"}
_LD_TYPES = {
    "fulltime": "FULL_TIME",
    "parttime": "PART_TIME",
    "contract": "CONTRACTOR",
    "internship": "INTERN",
}
_LEVER_TYPES = {
    "fulltime": "Full-time",
    "parttime": "Part-time",
    "contract": "Contract",
    "internship": "Intern",
}
_ASHBY_TYPES = {
    "fulltime": "FullTime",
    "parttime": "PartTime",
    "contract": "Contract",
    "internship": "Intern",
}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_description(job: DemoJob) -> str:
    """The markdown description as simple HTML (what boards and ATSs hold)."""
    out = []
    for block in job.description.split("\n\n"):
        if block.startswith("## "):
            out.append(f"<h2>{_e(block[3:])}</h2>")
        elif block.startswith("- "):
            items = "".join(f"<li>{_e(line[2:])}</li>" for line in block.splitlines())
            out.append(f"<ul>{items}</ul>")
        else:
            text = _e(block).replace("**", "")
            out.append(f"<p>{text}</p>")
    return "".join(out)


def _epoch_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>{head}'
        f'</head><body><header><nav><a href="/">Home</a></nav></header><main>{body}</main>'
        f"<footer><p>Demo board — every company, job and salary here is made up.</p></footer></body></html>"
    )


# ----------------------------------------------------------------------------- LinkedIn
def linkedin_cards(jobs: list[DemoJob]) -> str:
    cards = []
    for job in jobs:
        cards.append(
            f'<li><div class="base-card base-search-card" data-entity-urn="urn:li:jobPosting:{job.key}">'
            f'<a class="base-card__full-link" href="/jobs/view/{job.key}"></a>'
            f'<div class="base-search-card__info"><h3 class="base-search-card__title">{_e(job.title)}</h3>'
            f'<h4 class="base-search-card__subtitle"><a href="/company/{job.company.slug}?trk=card">'
            f"{_e(job.company.name)}</a></h4>"
            f'<div class="base-search-card__metadata"><span class="job-search-card__location">'
            f"{_e(job.location)}</span>"
            f'<time class="job-search-card__listdate" datetime="{job.posted.isoformat()}">recently</time>'
            f"</div></div></div></li>"
        )
    return "".join(cards)


def linkedin_detail(job: DemoJob) -> str:
    salary = ""
    if job.salary_min and job.salary_max and job.interval == "yearly":
        salary = (
            f'<div class="compensation__salary">${job.salary_min:,.2f}/yr - ${job.salary_max:,.2f}/yr</div>'
        )
    criteria = (
        '<ul class="description__job-criteria-list"><li>'
        '<h3 class="description__job-criteria-subheader">Employment type</h3>'
        f'<span class="description__job-criteria-text">{_LEVER_TYPES.get(job.job_type, "Other")}</span></li>'
        '<li><h3 class="description__job-criteria-subheader">Seniority level</h3>'
        '<span class="description__job-criteria-text">Mid-Senior level</span></li></ul>'
    )
    body = (
        f'<h1 class="top-card-layout__title">{_e(job.title)}</h1>{salary}'
        f'<div class="show-more-less-html__markup">{_html_description(job)}</div>{criteria}'
    )
    return _page(job.title, body)


# ------------------------------------------------------------------------------- Indeed
def indeed(jobs: list[DemoJob], next_cursor: str | None) -> dict[str, Any]:
    results = []
    for job in jobs:
        attributes = [{"key": _INDEED_TYPES.get(job.job_type, "CF3CP"), "label": job.job_type}]
        if job.remote:
            attributes.append({"key": "DSQF7", "label": "Remote"})
        base_salary = None
        if job.salary_min is not None:
            unit = "YEAR" if job.interval == "yearly" else "HOUR"
            base_salary = {"unitOfWork": unit, "range": {"min": job.salary_min, "max": job.salary_max}}
        results.append(
            {
                "trackingKey": f"t{job.key}",
                "job": {
                    "key": f"{job.key:x}",
                    "title": job.title,
                    "sourceEmployerName": job.company.name,
                    "dateOnIndeed": _epoch_ms(job.posted),
                    "description": {"html": _html_description(job)},
                    "employer": {"name": job.company.name, "relativeCompanyPageUrl": None},
                    "location": {
                        "countryCode": _COUNTRY_CODES[job.country],
                        "admin1Code": job.region,
                        "city": job.city,
                    },
                    "recruit": {"viewJobUrl": None},
                    "attributes": attributes,
                    "compensation": {
                        "estimated": None,
                        "baseSalary": base_salary,
                        "currencyCode": job.currency,
                    },
                },
            }
        )
    return {"data": {"jobSearch": {"pageInfo": {"nextCursor": next_cursor}, "results": results}}}


# ---------------------------------------------------------------------------------- ATS
def greenhouse(jobs: list[DemoJob], base: str) -> dict[str, Any]:
    out = []
    for job in jobs:
        out.append(
            {
                "id": 4_000_000 + job.key,
                "title": job.title,
                "updated_at": f"{job.posted.isoformat()}T09:00:00-04:00",
                "location": {"name": "Remote" if job.remote else f"{job.city}, {job.country}"},
                "absolute_url": f"{base}/careers/{job.company.slug}/jobs/{job.key}",
                "content": html.escape(_html_description(job)),
                "departments": [{"id": 1, "name": "Engineering"}],
                "offices": [{"id": 2, "name": job.city, "location": job.location}],
                "metadata": [
                    {
                        "id": 7001,
                        "name": "Employment Type",
                        "value": _LEVER_TYPES.get(job.job_type, "Full-time"),
                        "value_type": "single_select",
                    }
                ],
                "pay_input_ranges": []
                if job.salary_min is None or job.salary_max is None
                else [
                    {
                        "min_cents": job.salary_min * 100,
                        "max_cents": job.salary_max * 100,
                        "currency_type": job.currency,
                        "title": "Base salary" if job.interval == "yearly" else "Hourly rate",
                        "blurb": "",
                    }
                ],
            }
        )
    return {"jobs": out, "meta": {"total": len(out)}}


def lever(jobs: list[DemoJob], base: str) -> list[dict[str, Any]]:
    out = []
    for job in jobs:
        item: dict[str, Any] = {
            "id": f"00000000-0000-4000-8000-{job.key:012d}",
            "text": job.title,
            "hostedUrl": f"{base}/careers/{job.company.slug}/jobs/{job.key}",
            "applyUrl": f"{base}/careers/{job.company.slug}/jobs/{job.key}/apply",
            "createdAt": _epoch_ms(job.posted),
            "categories": {
                "location": f"{job.city}, {job.country}",
                "commitment": _LEVER_TYPES.get(job.job_type, "Full-time"),
                "team": "Engineering",
                "allLocations": [f"{job.city}, {job.country}"],
            },
            "workplaceType": "remote" if job.remote else "onsite",
            "description": _html_description(job),
            "descriptionPlain": job.description,
            "lists": [],
            "additional": "",
            "country": _COUNTRY_CODES[job.country],
        }
        if job.salary_min is not None:
            item["salaryRange"] = {
                "min": job.salary_min,
                "max": job.salary_max,
                "currency": job.currency,
                "interval": "per-year-salary" if job.interval == "yearly" else "per-hour-wage",
            }
        out.append(item)
    return out


def ashby(jobs: list[DemoJob], base: str) -> dict[str, Any]:
    out = []
    for job in jobs:
        item: dict[str, Any] = {
            "id": f"ashby-{job.key}",
            "title": job.title,
            "location": f"{job.city}, {job.country}",
            "secondaryLocations": [],
            "department": "Engineering",
            "team": "Platform",
            "isListed": True,
            "isRemote": job.remote,
            "workplaceType": "Remote" if job.remote else "OnSite",
            "employmentType": _ASHBY_TYPES.get(job.job_type, "FullTime"),
            "publishedAt": f"{job.posted.isoformat()}T08:00:00.000+00:00",
            "jobUrl": f"{base}/careers/{job.company.slug}/jobs/{job.key}",
            "applyUrl": f"{base}/careers/{job.company.slug}/jobs/{job.key}/application",
            "descriptionHtml": _html_description(job),
            "descriptionPlain": job.description,
        }
        if job.salary_min is not None:
            item["compensation"] = {
                "compensationTierSummary": f"{job.salary_min}–{job.salary_max} {job.currency}",
                "summaryComponents": [
                    {
                        "compensationType": "Salary",
                        "interval": "1 YEAR" if job.interval == "yearly" else "1 HOUR",
                        "currencyCode": job.currency,
                        "minValue": job.salary_min,
                        "maxValue": job.salary_max,
                    }
                ],
            }
        out.append(item)
    return {"apiVersion": "1", "jobs": out}


# -------------------------------------------------------------------------- career sites
def _json_ld(job: DemoJob) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": _html_description(job),
        "identifier": {"@type": "PropertyValue", "name": job.company.name, "value": str(job.key)},
        "datePosted": job.posted.isoformat(),
        "employmentType": _LD_TYPES.get(job.job_type, "OTHER"),
        "hiringOrganization": {"@type": "Organization", "name": job.company.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": job.city,
                "addressRegion": job.region,
                "addressCountry": job.country,
            },
        },
    }
    if job.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": job.country}
    if job.salary_min is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary_min,
                "maxValue": job.salary_max,
                "unitText": "YEAR" if job.interval == "yearly" else "HOUR",
            },
        }
    return data


def career_detail(job: DemoJob, *, structured: bool, broken: bool = False) -> str:
    head = ""
    if structured:
        payload = json.dumps(_json_ld(job))
        if broken:
            payload = payload[: len(payload) // 2]  # a truncated block: malformed JSON-LD
        head = f'<script type="application/ld+json">{payload}</script>'
    facts = f'<p class="location">{_e(job.location)}</p><p class="type">{_e(job.job_type)}</p>'
    body = f'<article><h1>{_e(job.title)}</h1><p class="company">{_e(job.company.name)}</p>{facts}'
    body += f"{_html_description(job)}</article>"
    return _page(f"{job.title} — {job.company.name}", body, head)


def career_listing(jobs: list[DemoJob], style: str, page: int, per_page: int) -> str:
    slug = jobs[0].company.slug
    name = jobs[0].company.name
    if style == "js":  # the list only exists after a script runs
        data = json.dumps([{"key": j.key, "title": j.title} for j in jobs])
        item = f"'<li class=\"job\"><a href=\"/careers/{slug}/jobs/' + j.key + '\">' + j.title + '</a></li>'"
        script = (
            "<script>const jobs = " + data + ";document.getElementById('app').innerHTML = "
            f"jobs.map(j => {item}).join('');</script>"
        )
        body = f'<h1>Careers at {_e(name)}</h1><p>Loading open positions…</p><ul id="app"></ul>{script}'
        return _page(f"Careers — {name}", body)
    shown, next_link = jobs, ""
    if style == "listing":
        start = (page - 1) * per_page
        shown = jobs[start : start + per_page]
        if start + per_page < len(jobs):
            next_link = f'<a rel="next" href="/careers/{slug}/?page={page + 1}">Next</a>'
    items = "".join(
        f'<li class="job"><a href="/careers/{slug}/jobs/{j.key}">{_e(j.title)}</a> — {_e(j.city)}</li>'
        for j in shown
    )
    body = (
        f"<h1>Careers at {_e(name)}</h1><p>Join us. We are hiring for the following open positions.</p>"
        f'<ul class="jobs">{items}</ul><nav class="pagination">{next_link}</nav>'
        '<p><a href="https://example.org/about">About us</a></p>'
    )
    return _page(f"Careers — {name}", body)


def huge_page(megabytes: int) -> bytes:
    chunk = b"<p>" + b"x" * 1020 + b"</p>"
    return b"<html><body>" + chunk * (megabytes * 1024) + b"</body></html>"

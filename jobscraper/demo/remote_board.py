"""The demo board's remote-job boards: Remotive's JSON API and We Work Remotely's RSS feed.

They list the demo's remote jobs (``DemoJob.remote``) in each board's own shape, so the real
adapters (:mod:`jobscraper.sources.remote`) read them end to end when ``scraping.jobspy_base_url``
points at the demo board:

- ``GET /api/remote-jobs?search=…`` — Remotive: ``{"job-count", "jobs": [...]}``, every job whose
  text holds any of the words (Remotive's search is loose; the adapter narrows it), descriptions
  as HTML with a ``<script>`` that must not survive, pay as free text;
- ``GET /remote-jobs.rss`` — We Work Remotely: RSS 2.0, items titled "Company: Title", with
  ``region``, ``category`` and ``type`` elements; every other remote job (so the two overlap);
- ``GET /remote-jobs/{key}`` and ``/listings/{key}`` — a job's page on each board (what each
  links to, for attribution: two boards, two URLs, so the store merges them as one job).

:func:`route` answers these paths (None for any other), called from the demo server's router;
:func:`demo_search` is the saved search the demo runs on them.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, time
from email.utils import format_datetime

from jobscraper.config import SavedSearch
from jobscraper.demo.data import DemoJob

__all__ = ["demo_search", "remote_jobs", "route"]

Answer = tuple[int, str, bytes]
_WORDS = re.compile(r"[\w+#]+")


def demo_search() -> SavedSearch:
    """The saved search ``jobscraper demo`` and ``ui --demo`` run on the demo's remote boards."""
    return SavedSearch(name="demo-remote", term="engineer", sites=["remotive", "weworkremotely"])


def remote_jobs(jobs: list[DemoJob]) -> list[DemoJob]:
    """The demo jobs a remote board lists: the remote ones."""
    return [j for j in jobs if j.remote]


def _html(job: DemoJob, *, script: bool = True) -> str:
    """The description as HTML; in a board's payload with a script that the adapter must drop."""
    blocks = "".join(f"<p>{html.escape(b)}</p>" for b in job.description.split("\n\n"))
    return blocks + ("<script>alert('demo')</script>" if script else "")


def _pay(job: DemoJob) -> str:
    if job.salary_min is None or job.salary_max is None:
        return ""
    unit = "hour" if job.interval == "hourly" else "year"
    return f"{job.currency} {job.salary_min:,} - {job.salary_max:,} per {unit}"


def _remotive(jobs: list[DemoJob], search: str, base: str) -> Answer:
    wanted = set(_WORDS.findall(search.lower()))
    listed = []
    for job in remote_jobs(jobs):
        text = set(_WORDS.findall(f"{job.title} {' '.join(job.skills)} {job.description}".lower()))
        if wanted and not wanted & text:
            continue
        listed.append(
            {
                "id": 1_900_000 + job.key,
                "url": f"{base}/remote-jobs/{job.key}",
                "title": job.title,
                "company_name": job.company.name,
                "company_logo": f"{base}/logo/{job.company.slug}.png",
                "category": "Software Development",
                "tags": list(job.skills),
                "job_type": {"fulltime": "full_time", "parttime": "part_time"}.get(
                    job.job_type, job.job_type
                ),
                "publication_date": f"{job.posted.isoformat()}T08:00:00",
                "candidate_required_location": job.country,
                "salary": _pay(job),
                "description": _html(job),
            }
        )
    body = {"00-warning": "demo board", "job-count": len(listed), "jobs": listed}
    return 200, "application/json", json.dumps(body).encode()


def _wwr(jobs: list[DemoJob], base: str) -> Answer:
    items = []
    for job in remote_jobs(jobs)[::2]:
        posted = format_datetime(datetime.combine(job.posted, time(8), UTC))
        items.append(
            f"<item><title>{html.escape(job.company.name)}: {html.escape(job.title)}</title>"
            f"<region>{html.escape(job.country)}</region><category>Programming</category>"
            f"<type>{'Contract' if job.job_type == 'contract' else 'Full-Time'}</type>"
            f"<description>{html.escape(_html(job))}</description><pubDate>{posted}</pubDate>"
            f"<guid>{base}/listings/{job.key}</guid><link>{base}/listings/{job.key}</link></item>"
        )
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Demo remote jobs'
        f"</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    )
    return 200, "application/rss+xml; charset=utf-8", feed.encode()


def route(path: str, query: dict[str, list[str]], jobs: list[DemoJob], base: str) -> Answer | None:
    """The answer for a remote board's path, or None when ``path`` is none of theirs."""
    if path == "/api/remote-jobs":
        return _remotive(jobs, (query.get("search") or [""])[0], base)
    if path == "/remote-jobs.rss":
        return _wwr(jobs, base)
    key = path.removeprefix("/remote-jobs/").removeprefix("/listings/")
    if key != path and key.isdigit():
        job = next((j for j in remote_jobs(jobs) if str(j.key) == key), None)
        if job is not None:
            page = f"<html><body><h1>{html.escape(job.title)}</h1>{_html(job, script=False)}</body></html>"
            return 200, "text/html", page.encode()
    return None

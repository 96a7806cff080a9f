"""The API's answers cut down to what an assistant reads: every token in its context costs.

A job row in a list is a handful of fields (id, title, company, where, pay, fit, the person's own
fields); a single job adds its description (cut at a length the caller picks), skills, notes, fit
reasons and sources; a run is its status, counts and one line per source; stats keep the totals
and the tops. The answers are validated into the API's own shapes first (:mod:`jobscraper.matching.shapes`,
:mod:`jobscraper.run_shapes`, …), so a change of the API shows up in mypy and the tests.
"""

from __future__ import annotations

from typing import Any

from jobscraper.matching.shapes import FitJob, FitPage
from jobscraper.run_shapes import RunDetail
from jobscraper.store.saved_shapes import CompanyPublic, SavedSearchPublic
from jobscraper.store.stats import JobStats

__all__ = ["company_row", "job_detail", "job_row", "page", "run", "search_row", "stats"]

_TOP = 10


def _salary(job: FitJob) -> str | None:
    lo, hi = job.salary_annual_min, job.salary_annual_max
    if lo is None and hi is None:
        return None
    cur = f" {job.currency}" if job.currency else ""
    if lo is not None and hi is not None and lo != hi:
        return f"{lo:,.0f}-{hi:,.0f}{cur}/yr"
    return f"{(lo if lo is not None else hi):,.0f}{cur}/yr"


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    """Fields without a value say nothing: left out (``False`` and ``0`` stay, they are facts)."""
    return {k: v for k, v in row.items() if v is not None and v not in ("", [])}


def job_row(job: FitJob) -> dict[str, Any]:
    """One job of a list: enough to pick it, and its id to ask for the rest."""
    remote = job.remote_policy or ("remote" if job.is_remote else None)
    return _drop_empty(
        {
            "id": job.id,
            "title": job.title,
            "company": job.company,
            "location": job.location,
            "remote": remote,
            "salary": _salary(job),
            "posted": job.date_posted.isoformat() if job.date_posted else None,
            "fit": job.fit,
            "status": job.status,
            "favorite": job.favorite or None,
            "closed": True if job.closed_at else None,
            "archived": True if job.archived_at else None,
            "url": job.job_url,
        }
    )


def page(found: FitPage) -> dict[str, Any]:
    """A page of jobs with where it stands in the whole (``more``: another page has jobs)."""
    shown = (found.page - 1) * found.per_page + len(found.items)
    head = _drop_empty(
        {
            "total": found.total,
            "total_is_at_least": True if found.total_capped else None,
            "page": found.page,
            "per_page": found.per_page,
            "more": found.total > shown or found.total_capped,
            "fit_profile": found.fit_profile,
        }
    )
    return {**head, "jobs": [job_row(j) for j in found.items]}  # an empty page says so


def job_detail(job: FitJob, description_chars: int) -> dict[str, Any]:
    """The whole job an assistant can use: the row, the description (cut), skills, the person's
    notes, why it fits and where it was seen."""
    text = job.description or ""
    cut = len(text) > description_chars
    return _drop_empty(
        {
            **job_row(job),
            "job_type": job.job_type,
            "seniority": job.seniority,
            "visa_sponsorship": job.visa_sponsorship,
            "skills": job.skills,
            "description": text[:description_chars] + (" …" if cut else ""),
            "description_cut_at": description_chars if cut else None,
            "notes": job.notes,
            "applied_at": job.applied_at.isoformat() if job.applied_at else None,
            "fit_sunk": job.fit_sunk or None,
            "fit_reasons": [r.text for r in job.fit_reasons],
            "first_seen": job.first_seen.isoformat(),
            "last_seen": job.last_seen.isoformat(),
            "closed_reason": job.closed_reason,
            "sources": [{"site": s.site, "url": s.job_url} for s in job.sources],
        }
    )


def run(detail: RunDetail) -> dict[str, Any]:
    """A run's progress: status, counts, one line per source, the extraction pass, new events."""
    finished = detail.status not in ("running", "queued")
    return _drop_empty(
        {
            "run_id": detail.id,
            "status": detail.status,
            "finished": finished,
            "started_at": detail.started_at.isoformat(),
            "finished_at": detail.finished_at.isoformat() if detail.finished_at else None,
            "counts": detail.counts or None,
            "errors": detail.errors[:_TOP],
            "sources": [
                _drop_empty(
                    {
                        "source": s.label,
                        "status": s.shown_status,
                        "found": s.found,
                        "new": s.inserted,
                        "updated": s.updated,
                        "errors": s.errors[:3],
                    }
                )
                for s in detail.sources
            ],
            "extraction": detail.extraction.status if detail.extraction else None,
            "archived": detail.archived or None,
            "last_event": detail.last_event or None,
            "events": [e.message for e in detail.events],
        }
    )


def stats(found: JobStats) -> dict[str, Any]:
    """The totals, statuses, sources and skills (the tops), salaries and the funnel."""
    return {
        "totals": found.totals,
        "new_in_window": sum(d.new for d in found.per_day),
        "days": len(found.per_day),
        "by_status": {k: v for k, v in found.by_status.items() if v},
        "by_source": dict(list(found.by_source.items())[:_TOP]),
        "salary": _drop_empty(
            {"currency": found.salary.currency, "count": found.salary.count, "median": found.salary.median}
        ),
        "top_skills": {s.skill: s.count for s in found.top_skills[:_TOP]},
        "funnel": {f.stage: f.reached for f in found.funnel},  # got at least this far
    }


def _last(entry: SavedSearchPublic | CompanyPublic) -> dict[str, Any] | None:
    if entry.last_run_id is None:
        return None
    return _drop_empty(
        {
            "run_id": entry.last_run_id,
            "at": entry.last_run_at.isoformat() if entry.last_run_at else None,
            "status": entry.last_status,
            "found": entry.last_found,
            "new": entry.last_new,
            "error": entry.last_error,
        }
    )


def search_row(entry: SavedSearchPublic) -> dict[str, Any]:
    """A saved search: its name (what ``start_scrape`` takes), what it asks and its last run."""
    return _drop_empty(
        {
            "name": entry.name,
            "term": entry.term,
            "location": entry.location,
            "sites": entry.sites,
            "remote_only": entry.is_remote or None,
            "enabled": entry.enabled,
            "interval_s": entry.interval_s,
            "last_run": _last(entry),
        }
    )


def company_row(entry: CompanyPublic) -> dict[str, Any]:
    """A watched company: its name (what ``start_scrape`` takes), URL, kind, jobs and last run."""
    return _drop_empty(
        {
            "name": entry.name,
            "url": entry.url,
            "kind": entry.detected,
            "jobs": entry.jobs,
            "enabled": entry.enabled,
            "interval_s": entry.interval_s,
            "last_run": _last(entry),
        }
    )

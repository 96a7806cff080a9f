"""A text search's filters checked in ``job_facet`` (SQLite, migration 0015) before the job rows.

A search with filters checks each text match it visits — every one of them when fewer than
``COUNT_CAP`` pass (the exact total) —, by id. In ``ix_job_filter`` that costs ~1.3 µs a match at
a million jobs and a source filter another ~0.4 µs in ``job_source``; in ``job_facet`` (a rowid
table of ~30 bytes a job) ~0.3 µs for all of them. :func:`checked_join` joins the facet table
after the ids and asks there every filter it holds (archived, closed, hidden, favourite, remote,
status, posted since, minimum salary, a board or ATS source); the rest (the blocklist, the
location's substring, another source, first seen, a run) and a sort on another column still read
``ix_job_filter``, for the jobs that passed the facet's checks only.

The conditions are those of :func:`~jobscraper.store.search._conditions`, each on the copy the
triggers keep (the same values, the same comparisons), so the matches, pages and totals are the
same; the tests compare both ways.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["FACET", "FACET_SORTS", "SITE_BITS", "checked_join", "facet_order", "facet_split"]

FACET = Table(
    "job_facet",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("flags", Integer),
    Column("status", String),
    Column("date_posted", Date),
    Column("salary_annual", Float),
    Column("sites", Integer),
)
_ARCHIVED, _CLOSED, _HIDDEN, _FAVORITE, _REMOTE = 1, 2, 4, 8, 16
_SITE_NAMES = (
    "linkedin", "indeed", "zip_recruiter", "glassdoor", "google", "bayt", "naukri", "bdjobs",
    "hellowork", "remoteok", "remotive", "weworkremotely", "arbeitnow", "himalayas",
    "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "workday", "recruitee",
    "personio", "teamtailor", "bamboohr", "jobvite",
)  # fmt: skip
SITE_BITS = {name: 1 << i for i, name in enumerate(_SITE_NAMES)}
"""Migration 0015's bit for each site in ``job_facet.sites`` (a test holds them equal)."""
FACET_SORTS = {"posted": "date_posted", "salary": "salary_annual"}
"""The sorts whose column ``job_facet`` holds."""


def facet_split(q: Any) -> tuple[list[ColumnElement[bool]], Any]:
    """``q``'s filters that ``job_facet`` answers, as conditions on it, and ``q`` without them
    (the rest, for :func:`~jobscraper.store.search._conditions` on the job)."""
    mask = want = 0
    for choice, bit in ((q.archived, _ARCHIVED), (q.closed, _CLOSED)):
        if choice != "include":
            mask |= bit
            want |= bit if choice == "only" else 0
    if not q.include_hidden:
        mask |= _HIDDEN
    if q.favorites:
        mask, want = mask | _FAVORITE, want | _FAVORITE
    if q.remote is not None:
        mask, want = mask | _REMOTE, want | (_REMOTE if q.remote else 0)
    f = FACET.c
    cond: list[ColumnElement[bool]] = [f.flags.op("&")(mask) == want] if mask else []
    if q.status is not None:
        cond.append(f.status == q.status.value)
    if q.posted_since is not None:
        cond.append(f.date_posted >= q.posted_since)
    if q.min_salary is not None:
        cond.append(f.salary_annual >= q.min_salary)
    site = SITE_BITS.get(q.source) if q.source else None
    if site is not None:
        cond.append(f.sites.op("&")(site) != 0)
    rest = q.model_copy(
        update={
            "archived": "include",
            "closed": "include",
            "include_hidden": True,
            "favorites": False,
            "remote": None,
            "status": None,
            "posted_since": None,
            "min_salary": None,
            "source": None if site is not None else q.source,
        }
    )
    return cond, rest


def checked_join(
    ids: Any, q: Any, *, include_blocked: bool, job_order: bool = False
) -> tuple[Any, list[ColumnElement[bool]]]:
    """``ids`` (a FROM with an ``id`` column) joined to ``job_facet`` and, when a filter or the
    order (``job_order``: a sort on a column the facet lacks) needs it, to the job by
    ``ix_job_filter``; and the conditions of ``q``'s filters over them, the facet's first."""
    from jobscraper.store.search import _conditions, _CrossJoin  # search imports this module

    facet_cond, rest = facet_split(q)
    joined: Any = _CrossJoin(ids, FACET, FACET.c.id == ids.c.id)
    rest_cond = _conditions(rest, include_blocked=include_blocked, probe_source=True)
    if not rest_cond and not job_order:
        return joined, facet_cond
    return _CrossJoin(joined, JOB, JOB.c.id == FACET.c.id), [*facet_cond, *rest_cond]


def facet_order(q: Any) -> list[Any] | None:
    """``q``'s order on ``job_facet``'s columns (as :func:`~jobscraper.store.search._order` orders
    by the job's), or None when its sort column is not there."""
    name = FACET_SORTS.get(q.sort)
    if name is None:
        return None
    col = FACET.c[name]
    if q.descending:
        return [col.desc().nulls_last(), FACET.c.id.desc()]
    return [col.asc().nulls_last(), FACET.c.id.asc()]

"""The sources jobs were seen on, as the Jobs page's Source filter offers them: built from the data.

A job source's ``site`` is what the store records (:mod:`jobscraper.store.sync`): a board's name
(``linkedin``), an ATS kind (``greenhouse``) for a company's ATS board, or the host of a career
page (``careers.acme.com``). The filter offers exactly those names, with how many visible jobs
each has, plus ``company``: any of the companies' own pages (every source that is not a board).
A list typed in the UI had ``company``, which matched nothing, and no ATS or career page at all.

A career page is labelled by the company its jobs are from ("Acme GmbH (career page)"): a host
says little to a person, and ``127.0.0.1`` (the demo board) nothing. A host whose jobs name
several companies keeps its name with their number.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import Connection, func, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.db import Database
from jobscraper.store.tables import JOB, SOURCE
from jobscraper.vocabulary import ATS_LABELS, SITES

__all__ = ["COMPANY", "SourceFacet", "SourceKind", "source_condition", "source_facets", "source_kind"]

COMPANY = "company"
"""The source filter's name for every company's own pages (ATS boards and career pages)."""
SourceKind = Literal["board", "ats", "career", "company"]
_KIND_ORDER = {"board": 0, "company": 1, "ats": 2, "career": 3}


class SourceFacet(BaseModel):
    """One value of the source filter: the name the store records, what it is, and its jobs."""

    name: str
    kind: SourceKind
    label: str
    jobs: int


def source_kind(site: str) -> SourceKind:
    """What a recorded ``site`` is: a board, an ATS kind, or (anything else) a career page's host."""
    if site == COMPANY:
        return "company"
    if site in SITES:
        return "board"
    return "ats" if site in ATS_LABELS else "career"


def source_condition(name: str) -> ColumnElement[bool]:
    """The job sources the filter value ``name`` means (``company``: every non-board source)."""
    if name == COMPANY:
        return SOURCE.c.site.not_in(tuple(SITES))
    return SOURCE.c.site == name


def _label(name: str, kind: SourceKind) -> str:
    if kind == "board":
        return SITES[name].label
    if kind == "ats":
        return ATS_LABELS[name]
    return "Company pages (all)" if kind == "company" else name


def _career_labels(conn: Connection, hosts: list[str], visible: Any) -> dict[str, str]:
    """Each career page host's label: its jobs' one company, or the host and how many companies."""
    if not hosts:
        return {}
    rows = conn.execute(
        select(SOURCE.c.site, func.count(func.distinct(JOB.c.company)), func.min(JOB.c.company))
        .select_from(SOURCE.join(JOB, JOB.c.id == SOURCE.c.job_id))
        .where(SOURCE.c.site.in_(hosts), SOURCE.c.job_id.in_(visible))
        .group_by(SOURCE.c.site)
    ).all()
    return {
        str(host): f"{company} (career page)" if n == 1 and company else f"{host} ({n} companies)"
        for host, n, company in rows
        if n
    }


def source_facets(db: Database) -> list[SourceFacet]:
    """Every source with visible jobs (those ``GET /api/jobs`` lists by default) and their number,
    boards first, then ``company`` and the ATS kinds and career pages it covers, each by name."""
    with db.reader() as conn:
        return facets_with(conn)


def facets_with(conn: Connection) -> list[SourceFacet]:
    """:func:`source_facets` on an open connection."""
    from jobscraper.store.search import JobQuery, _conditions  # search imports this module

    visible = select(JOB.c.id).where(*_conditions(JobQuery())).scalar_subquery()
    counted = select(SOURCE.c.site, func.count(func.distinct(SOURCE.c.job_id))).where(
        SOURCE.c.job_id.in_(visible)
    )
    rows = conn.execute(counted.group_by(SOURCE.c.site)).all()
    careers = _career_labels(conn, [s for s, _ in rows if source_kind(s) == "career"], visible)
    facets = [
        SourceFacet(name=s, kind=source_kind(s), label=careers.get(s) or _label(s, source_kind(s)), jobs=n)
        for s, n in rows
    ]
    own = conn.execute(
        select(func.count(func.distinct(SOURCE.c.job_id))).where(
            SOURCE.c.job_id.in_(visible), source_condition(COMPANY)
        )
    ).scalar_one()
    if own:
        facets.append(SourceFacet(name=COMPANY, kind="company", label=_label(COMPANY, "company"), jobs=own))
    return sorted(facets, key=lambda f: (_KIND_ORDER[f.kind], f.label.lower()))

"""Writing jobs out: CSV or JSON Lines, every field, JobSpy's column names first.

One row per *source*: a job seen on LinkedIn and Indeed is two rows sharing our ``id`` (each with
its own ``site``/``job_url``), so an export re-imports to the same jobs and sources, and JobSpy
tooling reads it as it reads ``scrape_jobs(...).to_csv()``. After JobSpy's columns come ours: user
fields, sync fields, the annualised salary and the extracted fields.

CSV cells are neutralised against formula injection the OWASP way: a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a third-party title such as
``=HYPERLINK(…)``) gets a leading ``'``, so a spreadsheet shows it as text instead of running it.
A cell that already starts with ``'`` before such a character gets one more, so
:func:`restore_cell` (which ``jobscraper import`` applies to CSV cells) takes exactly one off and
every value reads back as it was. ``raw=True`` (``export --raw``) writes cells verbatim; import
reads those back unchanged too (except a raw value that itself starts with ``'=``, ``'+``, …).
JSON Lines are never changed: nothing runs them as formulas.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any, Literal

from sqlalchemy import and_, select

from jobscraper.job_fields import ScrapedFields
from jobscraper.store.db import Database
from jobscraper.store.search import JobQuery, filtered_select
from jobscraper.store.tables import JOB, SOURCE

__all__ = ["EXPORT_COLUMNS", "JOBSPY_COLUMNS", "export_jobs", "neutralise_cell", "restore_cell"]

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_after_quotes(text: str) -> bool:
    return text.lstrip("'").startswith(_FORMULA_STARTS)


def neutralise_cell(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula (see the module)."""
    if value.startswith(_FORMULA_STARTS) or (value.startswith("'") and _formula_after_quotes(value)):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The value :func:`neutralise_cell` was given: one leading ``'`` off where it added one."""
    if value.startswith("'") and _formula_after_quotes(value[1:]):
        return value[1:]
    return value


# python-jobspy's columns, in its order: the source's id, then the scraped fields (declared once)
JOBSPY_COLUMNS: tuple[str, ...] = ("id", *ScrapedFields.model_fields)
OUR_COLUMNS: tuple[str, ...] = (
    "favorite", "notes", "status", "applied_at", "follow_up_at", "hidden", "first_seen", "last_seen",
    "updated_at", "archived_at", "salary_annual_min", "salary_annual_max", "source_id", "seniority",
    "remote_policy", "visa_sponsorship", "extraction_version", "extracted",
)  # fmt: skip
EXPORT_COLUMNS = JOBSPY_COLUMNS + OUR_COLUMNS
_FROM_SOURCE = {"site", "job_url", "job_url_direct", "source_id"}


def _rows(db: Database, query: JobQuery, include_blocked: bool) -> Iterator[dict[str, Any]]:
    job_cols = [JOB.c[c] for c in EXPORT_COLUMNS if c not in _FROM_SOURCE]
    filtered = filtered_select(query, [JOB.c.id], db.dialect, include_blocked=include_blocked)
    stmt = (
        select(
            *job_cols,
            SOURCE.c.site,
            SOURCE.c.job_url,
            SOURCE.c.job_url_direct,
            SOURCE.c.external_id,
        )
        .select_from(JOB.join(SOURCE, and_(SOURCE.c.job_id == JOB.c.id)))
        .where(JOB.c.id.in_(filtered))
        .order_by(JOB.c.id, SOURCE.c.id)
    )
    with db.reader() as conn:
        for row in conn.execution_options(yield_per=1000).execute(stmt):
            data = dict(row._mapping)
            data["source_id"] = data.pop("external_id")
            yield data


def _cell(value: Any, *, raw: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and not raw:
        return neutralise_cell(value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_jobs(
    db: Database,
    out: IO[str],
    *,
    fmt: Literal["csv", "jsonl"] = "csv",
    query: JobQuery | None = None,
    raw: bool = False,
    include_blocked: bool = False,
) -> int:
    """Write every job matching ``query`` (default: all, archived and hidden too); returns rows written.

    CSV text cells that a spreadsheet would run as formulas get a leading ``'`` unless ``raw``. Jobs
    the company blocklist blocks are left out unless ``include_blocked``."""
    q = query or JobQuery(archived="include", include_hidden=True)
    written = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for data in _rows(db, q, include_blocked):
            writer.writerow({k: _cell(data.get(k), raw=raw) for k in EXPORT_COLUMNS})
            written += 1
    else:
        for data in _rows(db, q, include_blocked):
            out.write(
                json.dumps(
                    {k: _json_value(data.get(k)) for k in EXPORT_COLUMNS},
                    ensure_ascii=False,
                )
                + "\n"
            )
            written += 1
    return written

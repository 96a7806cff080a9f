"""Options shared by several commands, and the job filters as one JobQuery.

Light on purpose: every command's signature reads these, so ``--help`` imports this module; the
store (SQLAlchemy, the table models) is imported only when a query is built.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from jobscraper.errors import InputError
from jobscraper.vocabulary import JobStatus

if TYPE_CHECKING:
    from jobscraper.store import JobQuery

__all__ = ["ConfigOpt", "DbOpt", "build_query", "validation_message"]

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (default: $JOBSCRAPER_CONFIG or ./jobscraper.yaml).",
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite database file (default from config: data/jobs.db)."),
]

Query = Annotated[
    str | None,
    typer.Option(
        "--query",
        "-q",
        help="Full-text search over title, company, description, skills.",
    ),
]
Remote = Annotated[
    bool | None,
    typer.Option("--remote/--onsite", help="Only remote or only on-site jobs."),
]
MinSalary = Annotated[float | None, typer.Option("--min-salary", help="Annualised salary at least this.")]
Location = Annotated[str | None, typer.Option("--location", help="Location has these words (last: prefix).")]
PostedSince = Annotated[
    str | None,
    typer.Option("--posted-since", help="Posted on or after this date (YYYY-MM-DD)."),
]
Source = Annotated[
    str | None,
    typer.Option("--source", help="Seen on this site (linkedin, indeed, …)."),
]
Status = Annotated[JobStatus | None, typer.Option("--status", help="Application status.")]
Favorites = Annotated[bool, typer.Option("--favorites", help="Only favourites.")]
Archived = Annotated[str, typer.Option("--archived", help="exclude | include | only")]
Closed = Annotated[
    str, typer.Option("--closed", help="exclude | include | only: jobs a liveness check found closed")
]
Hidden = Annotated[bool, typer.Option("--include-hidden", help="Include jobs you hid.")]


def build_query(
    *,
    query: str | None,
    remote: bool | None,
    min_salary: float | None,
    location: str | None,
    posted_since: str | None,
    source: str | None,
    status: JobStatus | None,
    favorites: bool,
    archived: str,
    include_hidden: bool,
    **extra: object,
) -> JobQuery:
    """A validated JobQuery from CLI options; InputError with the option name when a value is bad."""
    from jobscraper.store import JobQuery

    since: date | None = None
    if posted_since:
        try:
            since = datetime.strptime(posted_since, "%Y-%m-%d").date()
        except ValueError as exc:
            raise InputError(f"--posted-since: expected YYYY-MM-DD, got {posted_since!r}") from exc
    if archived not in ("exclude", "include", "only"):
        raise InputError(f"--archived: expected exclude, include or only, got {archived!r}")
    if min_salary is not None and not (math.isfinite(min_salary) and min_salary >= 0):
        raise InputError(f"--min-salary: must be a number, 0 or more (got {min_salary:g})")
    try:
        return JobQuery.model_validate(
            {
                "q": query,
                "remote": remote,
                "min_salary": min_salary,
                "location": location,
                "posted_since": since,
                "source": source,
                "status": status,
                "favorites": favorites,
                "archived": archived,
                "include_hidden": include_hidden,
                **extra,
            }
        )
    except ValidationError as exc:
        raise InputError(validation_message(exc)) from exc


def validation_message(exc: ValidationError) -> str:
    """A pydantic error as one line naming the options: ``--notes: String should have at most …``."""
    parts = []
    for err in exc.errors()[:3]:
        name = ".".join(str(p) for p in err["loc"]).replace("_", "-")
        parts.append(f"--{name}: {err['msg']}" if name else err["msg"])
    return "; ".join(parts)

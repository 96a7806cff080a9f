"""`jobscraper jobs list|show|update|similar|check|due`: read and edit jobs, re-check they are open,
list the follow-ups due (``jobs due``, :mod:`.jobs_pipeline`).

``jobs list`` shows each job's fit for the active profile and sorts by it (``--sort fit``);
``jobs similar`` lists the jobs closest in meaning to one (both in :mod:`.jobs_fit`). The store is
imported inside the commands, so ``jobscraper jobs --help`` stays light.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, get_args

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.check_cmd import check_cmd
from jobscraper.cli.context import Context, database_errors, open_writer
from jobscraper.cli.jobs_fit import fitted_page, similar_cmd
from jobscraper.cli.jobs_pipeline import CLEAR_WORDS, due_cmd, parse_day
from jobscraper.errors import InputError
from jobscraper.vocabulary import JobStatus

if TYPE_CHECKING:
    from jobscraper.matching.shapes import FitJob
    from jobscraper.store import JobPublic

# Far beyond any real database, and small enough that page × per_page stays a 64-bit offset.
MAX_PAGE = 1_000_000_000
JobId = Annotated[int, typer.Argument(help="Job id.", min=1, max=2**63 - 1)]  # SQLite's integers

__all__ = ["app"]

app = typer.Typer(help="List, show and edit jobs, and find jobs like one.", no_args_is_help=True)
app.command("similar")(similar_cmd)
app.command("check")(check_cmd)
app.command("due")(due_cmd)


def _salary(job: JobPublic) -> str:
    lo, hi = job.salary_annual_min, job.salary_annual_max
    if lo is None and hi is None:
        return ""
    cur = job.currency or ""
    if lo is not None and hi is not None and lo != hi:
        return f"{lo:,.0f}–{hi:,.0f} {cur}/yr".strip()
    return f"{(lo if lo is not None else hi):,.0f} {cur}/yr".strip()


def _fit(job: FitJob) -> str:
    if job.fit is None:
        return ""
    return f"{job.fit} ✗" if job.fit_sunk else str(job.fit)


@app.command("list")
def list_cmd(
    query: o.Query = None,
    remote: o.Remote = None,
    min_salary: o.MinSalary = None,
    location: o.Location = None,
    posted_since: o.PostedSince = None,
    source: o.Source = None,
    status: o.Status = None,
    favorites: o.Favorites = False,
    archived: o.Archived = "exclude",
    closed: o.Closed = "exclude",
    include_hidden: o.Hidden = False,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="relevance | posted | salary | first_seen | last_seen | title | company | fit "
            "(fit: best fit to the active profile first; --asc is not read)",
        ),
    ] = "relevance",
    ascending: Annotated[bool, typer.Option("--asc", help="Ascending order.")] = False,
    page: Annotated[int, typer.Option("--page", min=1, max=MAX_PAGE, help="Which page of results.")] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=500, help="Jobs per page.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    meaning: Annotated[
        bool,
        typer.Option(
            "--meaning/--no-meaning",
            help="Search the query's meaning too, not only its words (sort relevance; needs the model).",
        ),
    ] = True,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """List jobs matching a full-text query and filters, with their fit for the active profile."""
    from jobscraper.store.search import SortKey

    if sort not in get_args(SortKey):
        raise InputError(f"--sort: unknown key {sort!r} (one of {', '.join(get_args(SortKey))})")
    q = o.build_query(
        query=query, remote=remote, min_salary=min_salary, location=location, posted_since=posted_since,
        source=source, status=status, favorites=favorites, archived=archived, include_hidden=include_hidden,
        closed=closed,
        sort=sort, descending=not ascending, page=page, per_page=per_page,
    )  # fmt: skip
    ctx = Context.load(config, db)
    database = ctx.read_database()
    try:
        with database_errors(database.location):
            result = fitted_page(ctx.settings, database, q, Console(stderr=True), meaning=meaning)
    finally:
        database.dispose()
    if as_json:
        typer.echo(result.model_dump_json(indent=2, exclude={"items": {"__all__": {"description"}}}))
        return
    console = Console()
    if not result.items:
        console.print(
            "no jobs match"
            + (
                " — try fewer filters"
                if q.model_fields_set - {"page", "per_page", "sort", "descending"}
                else ""
            )
        )
        return
    table = Table(show_lines=False, header_style="bold")
    scored = result.fit_profile is not None
    for col in (
        *(("fit",) if scored else ()),
        "id",
        "title",
        "company",
        "location",
        "salary",
        "posted",
        "status",
        "★",
    ):
        table.add_column(col, overflow="fold")
    for job in result.items:
        table.add_row(
            *((_fit(job),) if scored else ()), str(job.id), job.title, job.company or "", job.location or "",
            _salary(job), job.date_posted.isoformat() if job.date_posted else "", job.status,
            "★" if job.favorite else "",
        )  # fmt: skip
    console.print(table)
    if scored:
        console.print(
            f"fit for profile {result.fit_profile!r} (✗: a hard preference is broken)", highlight=False
        )
    if result.total_capped:
        console.print(f"more than {result.total} jobs, page {q.page} — add words or filters to narrow it")
    else:
        last = (result.total + q.per_page - 1) // q.per_page
        console.print(f"{result.total} job(s), page {q.page} of {max(last, 1)}")


@app.command("show")
def show_cmd(
    job_id: JobId,
    as_json: Annotated[bool, typer.Option("--json", help="Print the job as JSON.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Show one job with all its sources."""
    from jobscraper.store import get_job

    ctx = Context.load(config, db)
    database = ctx.read_database()
    try:
        with database_errors(database.location):
            job = get_job(database, job_id)
    finally:
        database.dispose()
    if as_json:
        typer.echo(job.model_dump_json(indent=2))
        return
    console = Console()
    console.print(
        f"[bold]{job.title}[/bold] — {job.company or '?'} — {job.location or '?'}",
        markup=True,
        highlight=False,
    )
    console.print(f"salary: {_salary(job) or 'not given'}   status: {job.status}   favourite: {job.favorite}")
    if job.applied_at or job.follow_up_at:
        applied = job.applied_at.astimezone().date() if job.applied_at else None
        dates = (("applied", applied), ("follow up", job.follow_up_at))
        console.print("   ".join(f"{k}: {v.isoformat()}" for k, v in dates if v), highlight=False)
    for src in job.sources:
        console.print(f"  {src.site}: {src.job_url}", highlight=False, markup=False)
    details = job.extracted or {}
    if details:
        facts = (
            ("seniority", details.get("seniority")),
            ("remote", details.get("remote_policy")),
            ("visa", details.get("visa_sponsorship")),
            ("type", details.get("employment_type")),
            (
                "experience",
                f"{details['min_years_experience']}+ years" if details.get("min_years_experience") else None,
            ),
        )
        console.print(
            "extracted: " + "   ".join(f"{k}: {v}" for k, v in facts if v and v != "unknown"),
            markup=False,
            highlight=False,
        )
        if skills := [*details.get("skills", []), *details.get("tech_stack", [])]:
            console.print(f"skills: {', '.join(dict.fromkeys(skills))}", markup=False, highlight=False)
        if details.get("summary"):
            console.print(f"summary: {details['summary']}", markup=False, highlight=False)
    elif job.extraction_error:
        console.print(f"extraction failed: {job.extraction_error}", markup=False, highlight=False)
    if job.notes:
        console.print(f"notes: {job.notes}", markup=False)


@app.command("update")
def update_cmd(
    job_id: JobId,
    favorite: Annotated[
        bool | None, typer.Option("--favorite/--no-favorite", help="Mark or unmark as a favourite.")
    ] = None,
    status: Annotated[JobStatus | None, typer.Option("--status", help="Where you are with it.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Replace the notes.")] = None,
    hide: Annotated[
        bool | None, typer.Option("--hide/--unhide", help="Hide it from lists (or show it again).")
    ] = None,
    applied_at: Annotated[str | None, typer.Option("--applied-at", help="YYYY-MM-DD[THH:MM]")] = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", help="Follow-up date: YYYY-MM-DD, 'today', or 'none' to clear."),
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Edit a job's user fields (favourite, status, notes, hidden, applied date, follow-up date)."""
    from jobscraper.store import UserUpdate

    given: dict[str, object] = {}
    if favorite is not None:
        given["favorite"] = favorite
    if status is not None:
        given["status"] = status
    if notes is not None:
        if not notes.isprintable() and any("\ud800" <= ch <= "\udfff" for ch in notes):
            raise InputError("--notes: not valid text (bytes that are not UTF-8)")
        given["notes"] = notes
    if hide is not None:
        given["hidden"] = hide
    if applied_at is not None:
        try:
            when = datetime.fromisoformat(applied_at)
        except ValueError as exc:
            raise InputError(f"--applied-at: expected YYYY-MM-DD[THH:MM], got {applied_at!r}") from exc
        given["applied_at"] = when if when.tzinfo else when.astimezone()
    if follow_up is not None:
        clear = follow_up.strip().lower() in CLEAR_WORDS
        given["follow_up_at"] = None if clear else parse_day("--follow-up", follow_up)
    if not given:
        raise InputError(
            "nothing to change: give --favorite, --status, --notes, --hide, --applied-at or --follow-up"
        )
    try:
        change = UserUpdate.model_validate(given)
    except ValidationError as exc:
        raise InputError(o.validation_message(exc)) from exc
    ctx = Context.load(config, db)
    with open_writer(ctx) as (writer, _how):
        written = writer.update_user_fields(job_id, change).result()
    typer.echo(f"job {job_id}: " + json.dumps(written, default=str))

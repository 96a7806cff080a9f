"""`jobscraper jobs due` and the follow-up date of `jobs update --follow-up`: the pipeline on the
command line (the board itself is the web UI's Pipeline page and ``GET /api/pipeline``).

``jobs due`` lists the jobs whose follow-up date is today or earlier, oldest first, leaving out
hidden, archived and closed jobs (:func:`jobscraper.store.pipeline.due_follow_ups`). "Today" is the
local date; ``--today`` names another (handy in scripts and for looking ahead).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors
from jobscraper.errors import InputError

__all__ = ["CLEAR_WORDS", "due_cmd", "parse_day"]

CLEAR_WORDS = ("none", "")  # `--follow-up none` clears the date


def parse_day(option: str, value: str) -> date:
    """``value`` as a calendar date (``YYYY-MM-DD`` or ``today``); :class:`InputError` naming
    ``option`` otherwise."""
    if value.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{option}: expected a date YYYY-MM-DD (or 'today'), got {value!r}") from exc


def due_cmd(
    today: Annotated[
        str | None, typer.Option("--today", help="Count from this day (YYYY-MM-DD) instead of today.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """List the jobs whose follow-up date has come (today or earlier), oldest first."""
    from jobscraper.store.pipeline import due_follow_ups

    day = parse_day("--today", today) if today is not None else date.today()
    ctx = Context.load(config, db)
    database = ctx.read_database()
    try:
        with database_errors(database.location):
            due = due_follow_ups(database, day)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps([card.model_dump(mode="json") for card in due], indent=2))
        return
    console = Console()
    if not due:
        console.print(f"no follow-ups due by {day.isoformat()}", highlight=False)
        return
    table = Table(header_style="bold")
    for col in ("follow up", "id", "title", "company", "status", "applied"):
        table.add_column(col, overflow="fold")
    for card in due:
        table.add_row(
            (card.follow_up_at.isoformat() if card.follow_up_at else "")
            + (" (overdue)" if card.overdue else ""),
            str(card.id),
            card.title,
            card.company or "",
            card.status.value,
            card.applied_at.date().isoformat() if card.applied_at else "",
        )
    console.print(table)
    console.print(f"{len(due)} follow-up(s) due by {day.isoformat()}", highlight=False)

"""`jobscraper import`, `export` and `db …`: moving postings in and out through the sync engine.

The store, the import reader and the exporter are imported inside the commands, so ``--help``
stays light.
"""

from __future__ import annotations

import math
import sys
import uuid
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.filesize import decimal
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer
from jobscraper.errors import InputError
from jobscraper.files import atomic_write, check_output

if TYPE_CHECKING:
    from jobscraper.imports import RowError
    from jobscraper.store import UpsertCounts
    from jobscraper.store.backup import BackupResult
    from jobscraper.store.writer_client import WriterClient

__all__ = ["backup_cmd", "db_app", "export_cmd", "import_cmd"]

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
_SHOWN_ERRORS = 10


def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="JobSpy CSV (scrape_jobs(...).to_csv()) or JSON Lines file."),
    ],
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", min=1, max=10_000, help="Postings written per batch (one transaction each)."
        ),
    ] = 500,
    archive_missing: Annotated[
        bool,
        typer.Option(
            "--archive-missing",
            help="The file is a full snapshot: archive jobs from its sites that it no longer lists.",
        ),
    ] = False,
    no_embed: Annotated[
        bool,
        typer.Option("--no-embed", help="Do not embed the new and changed jobs for matching afterwards."),
    ] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Import postings through the same sync path as a scrape; prints what changed.

    The file is streamed in batches of ``--batch-size`` (never read whole); a damaged database,
    or a file that is not a job database, is refused before anything is written. Then every job
    without a current matching vector is embedded (a progress bar on stderr); if the model cannot
    load, one warning says so and the import stands (``jobscraper reindex`` embeds them later).
    """
    from jobscraper.imports import RowError, open_postings
    from jobscraper.posting import Posting
    from jobscraper.store import UpsertCounts, utcnow

    ctx = Context.load(config, db)
    rows = open_postings(file)
    console = Console(stderr=True)
    errors: list[RowError] = []
    counts = UpsertCounts()
    sites: set[str] = set()
    read = 0
    archived = 0
    started = utcnow()
    with open_writer(ctx) as (writer, how):
        run_id = writer.start_run("import", {"file": str(file), "format": rows.format}).result()
        status = "failed"
        try:
            with Progress(
                TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=console, transient=True, disable=not console.is_terminal,
            ) as progress:  # fmt: skip
                task = progress.add_task("import", total=None)
                batch: list[Posting] = []
                for _line, item in rows:
                    read += 1
                    if isinstance(item, RowError):
                        errors.append(item)
                    else:
                        batch.append(item)
                        sites.add(item.site or "")
                    if len(batch) >= batch_size:
                        counts += writer.upsert(batch, uuid.uuid4().hex).result()
                        batch = []
                    progress.update(task, completed=read)
                if batch:
                    counts += writer.upsert(batch, uuid.uuid4().hex).result()
            if archive_missing and sites:
                archived = writer.archive_not_seen_since(started, sites=sites).result()
            status = "done"
        finally:
            writer.finish_run(
                run_id,
                status,
                counts.model_dump() | {"rows": read, "rejected": len(errors), "archived": archived},
                [str(e) for e in errors],
            ).result()
        embedded = None if no_embed else _embed_imported(ctx, writer, console)
    for warning in rows.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, markup=False)
    _print_counts(counts, read, errors, how, str(ctx.location))
    if archive_missing:
        Console().print(f"archived {archived} job(s) from {', '.join(sorted(sites))} not in this file")
    if embedded is not None:
        Console().print(f"embedded {embedded} job(s) for matching", highlight=False)
    if read and len(errors) == read:
        raise InputError(f"{file}: no row could be imported")


def _embed_imported(ctx: Context, writer: WriterClient, console: Console) -> int | None:
    """Embed the jobs without a current vector (what the import brought in, and any left before);
    how many, or None with a one-line warning when the model cannot load."""
    from jobscraper.cli.fit_fill import fill_active
    from jobscraper.cli.reindex_cmd import embed_with_progress
    from jobscraper.errors import JobscraperError
    from jobscraper.matching.embed import load_embedder

    try:
        with console.status("loading the embedding model…"):
            embedder = load_embedder(ctx.settings.matching)
    except (JobscraperError, ImportError, OSError) as exc:
        console.print(
            f"warning: the jobs are not embedded for matching: {exc} — `jobscraper reindex` once it loads",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        return None
    database = ctx.database()
    try:
        done, _seconds = embed_with_progress(
            database, writer, embedder, console, batch_size=ctx.settings.matching.batch_size
        )
    finally:
        database.dispose()
    fill_active(ctx, writer, console, embedder)  # the active profile's fits of what came in
    return done


def _print_counts(counts: UpsertCounts, read: int, errors: list[RowError], how: str, where: str) -> None:
    console = Console()
    table = Table(title=f"import into {where} ({how})", header_style="bold")
    for col in (
        "rows",
        "inserted",
        "updated",
        "unchanged",
        "merged duplicates",
        "rejected",
    ):
        table.add_column(col, justify="right")
    table.add_row(
        str(read), str(counts.inserted), str(counts.updated), str(counts.unchanged),
        str(counts.merged_duplicates), str(len(errors)),
    )  # fmt: skip
    console.print(table)
    for err in errors[:_SHOWN_ERRORS]:
        console.print(f"  rejected {err}", highlight=False, markup=False)
    if len(errors) > _SHOWN_ERRORS:
        console.print(f"  … and {len(errors) - _SHOWN_ERRORS} more rejected rows")


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl")] = "csv",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file (default: stdout); replaced only once complete."),
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="CSV: keep cells that start with = + - @ as they are (by default they get a leading ' "
            "so a spreadsheet does not run them as formulas; import reads both forms back).",
        ),
    ] = False,
    query: o.Query = None,
    remote: o.Remote = None,
    min_salary: o.MinSalary = None,
    location: o.Location = None,
    posted_since: o.PostedSince = None,
    source: o.Source = None,
    status: o.Status = None,
    favorites: o.Favorites = False,
    archived: o.Archived = "include",
    include_hidden: Annotated[
        bool, typer.Option("--include-hidden/--exclude-hidden", help="Export the jobs you hid too.")
    ] = True,
    include_blocked: Annotated[
        bool, typer.Option("--include-blocked", help="Export blocked companies' jobs too (see blocklist).")
    ] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Export jobs with every field (JobSpy's column names first), one row per source.

    ``--out`` is written through a temporary file and renamed at the end: a failed export (a full
    disk) leaves the old file as it was. The database itself, its ``-wal``/``-shm``/``-journal``
    files, a folder and anything that is not a regular file are refused as ``--out``.
    """
    from jobscraper.exports import export_jobs

    if fmt not in ("csv", "jsonl"):
        raise InputError(f"--format: expected csv or jsonl, got {fmt!r}")
    q = o.build_query(
        query=query, remote=remote, min_salary=min_salary, location=location, posted_since=posted_since,
        source=source, status=status, favorites=favorites, archived=archived, include_hidden=include_hidden,
    )  # fmt: skip
    ctx = Context.load(config, db)
    target = None if out is None else check_output(out, protect=[ctx.db_path], what="export")
    database = ctx.read_database()
    write = partial(export_jobs, database, fmt=fmt, query=q, raw=raw, include_blocked=include_blocked)  # type: ignore[arg-type]
    try:
        with database_errors(database.location):
            if target is None:
                written = write(sys.stdout)
            else:
                with atomic_write(target) as handle:
                    written = write(handle)
    finally:
        database.dispose()
    Console(stderr=True).print(f"exported {written} row(s)" + (f" to {out}" if out else ""))


@db_app.command("archive")
def archive_cmd(
    days: Annotated[
        float | None,
        typer.Option("--days", help="Window (default: database.archive_after_days)."),
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Archive jobs no scrape has seen within the window (archived jobs are kept, never deleted)."""
    ctx = Context.load(config, db)
    window = days if days is not None else ctx.settings.database.archive_after_days
    if not math.isfinite(window) or window <= 0:
        raise InputError(f"--days: must be a number more than 0, got {window:g}")
    try:
        age = timedelta(days=window)
    except OverflowError as exc:
        raise InputError(f"--days: {window:g} is too many days") from exc
    with open_writer(ctx) as (writer, _how):
        archived = writer.archive_stale(age).result()
    typer.echo(f"archived {archived} job(s) not seen for {window:g} day(s)")


@db_app.command("backup")
def backup_cmd(
    path: Annotated[Path, typer.Argument(help="The copy to write (its folders are created).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file at PATH.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Copy the database to PATH, consistent even while scrapes write: one standalone, checked file
    (on PostgreSQL a pg_dump file, checked with pg_restore --list)."""
    from jobscraper.store.backup import backup_database

    ctx = Context.load(config, db)
    if ctx.db_url is not None:
        from sqlalchemy import make_url

        from jobscraper.store.backup_pg import backup_server

        result = backup_server(
            ctx.db_url, path, force=force, busy_timeout_ms=ctx.settings.database.busy_timeout_ms
        )
        _backed_up(make_url(ctx.db_url).render_as_string(hide_password=True), result)
        return
    console = Console(stderr=True)
    with Progress(
        TextColumn("backing up"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task("backup", total=None)
        result = backup_database(
            ctx.db_path,
            path,
            force=force,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
            busy_timeout_ms=ctx.settings.database.busy_timeout_ms,
        )
    _backed_up(str(ctx.db_path), result)


def _backed_up(where: str, result: BackupResult) -> None:
    typer.echo(
        f"backed up {where} to {result.path}: {decimal(result.size_bytes)}, {result.jobs} job(s), "
        f"{result.sources} source(s), {result.check}"
    )

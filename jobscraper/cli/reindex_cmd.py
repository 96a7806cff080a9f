"""``jobscraper reindex``: embed every job that has no vector of the configured model yet, or one
made from older content, with a progress bar on stderr; writes go through the writer (the cluster's
WriterActor when one runs). The model and the store are imported inside the command, so ``--help``
stays light."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer

__all__ = ["reindex_cmd"]


def reindex_cmd(
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", min=1, max=100_000, help="Jobs embedded per batch (default: matching.batch_size)."
        ),
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Embed the jobs that have no current vector for matching (new or changed ones)."""
    from jobscraper.matching.embed import load_embedder
    from jobscraper.matching.reindex import embed_missing

    ctx = Context.load(config, db)
    console = Console(stderr=True)
    settings = ctx.settings.matching
    with console.status("loading the embedding model…"):
        embedder = load_embedder(settings)
    with open_writer(ctx) as (writer, _how):
        database = ctx.database()
        try:
            with database_errors(database.location):
                started = time.perf_counter()
                with Progress(
                    TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=not console.is_terminal,
                ) as progress:  # fmt: skip
                    task = progress.add_task("embed", total=None)
                    done = embed_missing(
                        database,
                        writer,
                        embedder,
                        lambda n, total: progress.update(task, completed=n, total=total),
                        batch_size=batch_size or settings.batch_size,
                    )
                seconds = time.perf_counter() - started
        finally:
            database.dispose()
    rate = f" in {seconds:.1f} s ({done / seconds:.0f} jobs/s)" if done and seconds > 0 else ""
    typer.echo(f"embedded {done} job(s) with {embedder.model_id}{rate}")

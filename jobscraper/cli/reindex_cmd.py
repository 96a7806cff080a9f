"""``jobscraper reindex``: embed every job that has no vector of the configured model yet, or one
made from older content, with a progress bar on stderr, then store the active profile's missing
fits (:mod:`jobscraper.cli.fit_fill`); writes go through the writer (the cluster's WriterActor
when one runs). ``--prune`` then deletes the vectors of other models (a model changed).

:func:`embed_with_progress` is the one progress-bar embedding that ``reindex``, ``match`` and
``import`` share. The model and the store are imported inside the commands, so ``--help`` stays light.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer

if TYPE_CHECKING:
    from jobscraper.matching.embed import Embedder
    from jobscraper.store import Database
    from jobscraper.store.writer_client import WriterClient

__all__ = ["embed_with_progress", "reindex_cmd"]


def embed_with_progress(
    database: Database, writer: WriterClient, embedder: Embedder, console: Console, *, batch_size: int
) -> tuple[int, float]:
    """Embed every job of ``database`` that needs a vector of ``embedder``'s model, through
    ``writer``, with a progress bar on ``console`` (stderr); how many were stored, in how many seconds."""
    from jobscraper.matching.reindex import embed_missing

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
            batch_size=batch_size,
        )
    return done, time.perf_counter() - started


def reindex_cmd(
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", min=1, max=100_000, help="Jobs embedded per batch (default: matching.batch_size)."
        ),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune", help="Then delete the vectors that other models made (after a model change)."
        ),
    ] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Embed the jobs that have no current vector for matching (new or changed ones)."""
    from jobscraper.cli.fit_fill import fill_active
    from jobscraper.matching.embed import load_embedder

    ctx = Context.load(config, db)
    console = Console(stderr=True)
    settings = ctx.settings.matching
    with console.status("loading the embedding model…"):
        embedder = load_embedder(settings)
    pruned = 0
    with open_writer(ctx) as (writer, _how):
        database = ctx.database()
        try:
            with database_errors(database.location):
                done, seconds = embed_with_progress(
                    database, writer, embedder, console, batch_size=batch_size or settings.batch_size
                )
                if prune:
                    pruned = writer.prune_vectors(embedder.model_id).result()
                fill_active(ctx, writer, console, embedder)
        finally:
            database.dispose()
    rate = f" in {seconds:.1f} s ({done / seconds:.0f} jobs/s)" if done and seconds > 0 else ""
    typer.echo(f"embedded {done} job(s) with {embedder.model_id}{rate}")
    if prune:
        typer.echo(f"pruned {pruned} vector(s) of other models")

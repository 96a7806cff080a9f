"""`jobscraper jobs check`: re-check that open jobs are still open, in this process, with progress.

For people without the stack (no Ray, no Serve): the same pass a scrape run makes after its
scrape phase (:mod:`jobscraper.scraping.liveness` judges each page, the writer applies the verdicts
through :mod:`jobscraper.store.liveness`), under the configured scraping limits. Verdicts are
written every :data:`CHUNK` checks, so an interrupted pass keeps what it learnt.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, open_writer

if TYPE_CHECKING:
    from jobscraper.config import Settings
    from jobscraper.store.liveness import CheckTarget, LivenessCounts
    from jobscraper.store.writer_client import WriterClient

__all__ = ["CHUNK", "check_cmd", "describe_counts"]

CHUNK = 50


def describe_counts(counts: LivenessCounts) -> str:
    """One line for a pass: what was checked and what came of it."""
    return (
        f"checked {counts.checked} job(s): {counts.open} open, {counts.closed} closed, "
        f"{counts.failed} failed once (checked again next time), {counts.unknown} unknown"
    )


async def _pass(
    settings: Settings, writer: WriterClient, targets: list[CheckTarget], progress: Progress
) -> LivenessCounts:
    from jobscraper.scraping.fetch import Fetcher
    from jobscraper.scraping.liveness import check_jobs
    from jobscraper.store.liveness import LivenessCounts

    task = progress.add_task("checking", total=len(targets))
    fetcher = Fetcher(settings.scraping)
    counts = LivenessCounts()
    try:
        for start in range(0, len(targets), CHUNK):
            results = await check_jobs(
                fetcher,
                targets[start : start + CHUNK],
                concurrency=settings.liveness.concurrency,
                base_url=settings.scraping.jobspy_base_url,
                on_result=lambda _r: progress.advance(task),
            )
            counts += await writer.record_checks(results)
    finally:
        await fetcher.aclose()
    return counts


def check_cmd(
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", min=1, max=100_000, help="Jobs to check at most (default: liveness.batch_size)."
        ),
    ] = None,
    min_days: Annotated[
        float | None,
        typer.Option(
            "--min-days",
            min=0,
            max=3650,
            help="Skip jobs seen or checked within this many days "
            "(default: liveness.min_days_between_checks).",
        ),
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Re-check that open jobs are still open: two failed checks in a row close a job."""
    ctx = Context.load(config, db)
    liveness = ctx.settings.liveness
    wanted = limit if limit is not None else liveness.batch_size
    days = min_days if min_days is not None else liveness.min_days_between_checks
    console = Console()
    with open_writer(ctx) as (writer, _how):
        targets = writer.due_checks(days, wanted).result()
        if not targets:
            console.print(f"no job is due for a check (each was seen or checked within {days:g} day(s))")
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            counts = asyncio.run(_pass(ctx.settings, writer, targets, progress))
    console.print(describe_counts(counts), highlight=False)

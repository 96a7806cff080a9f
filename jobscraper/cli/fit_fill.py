"""Storing a profile's fits from the CLI, with a progress bar on stderr: what ``match``,
``reindex``, ``import``, ``profile set`` and ``profile use`` run after the jobs are embedded, so
``match`` and ``jobs list --sort fit`` read the best jobs from an index
(:mod:`jobscraper.matching.fit_store`). Writes go through the writer, like the vectors.

A profile without a résumé has no fits to store; a model that cannot load leaves the fits for a
later command (queries stay correct meanwhile: they score what is missing, or rank live).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from jobscraper.cli.context import Context
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds
    from jobscraper.store import Database
    from jobscraper.store.writer_client import WriterClient

__all__ = ["fill_active", "fit_with_progress"]


def fit_with_progress(
    database: Database, writer: WriterClient, profile: ProfileFields, embedder: Embeds, console: Console
) -> tuple[int, float]:
    """Store ``profile``'s fit for every job lacking a fresh one, through ``writer``, with a
    progress bar on ``console``; how many were stored, in how many seconds."""
    from jobscraper.matching.fit_store import fill_fits

    started = time.perf_counter()
    with Progress(
        TextColumn(f"fits for {profile.name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task("fit", total=None)

        def told(n: int, total: int) -> None:
            progress.update(task, completed=n, total=total)

        done = fill_fits(database, writer, profile, embedder, told)
    return done, time.perf_counter() - started


def fill_active(
    ctx: Context,
    writer: WriterClient,
    console: Console,
    embedder: Embeds | None = None,
    *,
    profile: ProfileFields | None = None,
) -> int | None:
    """Store the fits of ``profile`` (default: the active one) that are missing, loading the
    model unless ``embedder`` is given; how many, or None when there is nothing to fit (no profile,
    no résumé) or the model cannot load (one warning line)."""
    from jobscraper.errors import JobscraperError
    from jobscraper.matching.embed import load_embedder
    from jobscraper.store.profiles import get_active_profile

    database = ctx.database()
    try:
        target = profile if profile is not None else get_active_profile(database)
        if target is None or not target.resume_text.strip():
            return None
        if embedder is None:
            try:
                with console.status("loading the embedding model…"):
                    embedder = load_embedder(ctx.settings.matching)
            except (JobscraperError, ImportError, OSError) as exc:
                console.print(
                    f"warning: the fits are not stored: {exc} — `jobscraper reindex` once the model loads",
                    highlight=False, markup=False, soft_wrap=True,
                )  # fmt: skip
                return None
        done, seconds = fit_with_progress(database, writer, target, embedder, console)
    finally:
        database.dispose()
    if done:
        rate = f" in {seconds:.1f} s ({done / seconds:.0f}/s)" if seconds > 0 else ""
        console.print(f"stored {done} fit(s) for profile {target.name!r}{rate}", highlight=False)
    return done

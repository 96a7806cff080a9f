"""`jobscraper match`: the jobs that fit a person best, each with its score (0–100) and reasons.

The person is a stored profile (``--profile NAME``, else the active one) or a résumé file given
here (``--resume FILE``: read here, nothing stored, no hard preferences). The candidates take the
same filters as ``jobs list``. First the jobs that have no current vector are embedded and stored
through the writer (the cluster's WriterActor when one runs), with a progress bar, and a stored
profile's missing fits are stored the same way, so the ranking reads the best jobs from an index
(:mod:`jobscraper.matching.fit_store`); ``--no-embed`` only reads the database and names how many
jobs had no vector. Progress goes to stderr, so
``--json`` leaves stdout holding one JSON array, best first. ``--rerank`` rescores the best
``matching.rerank.top_k`` with the LLM (:mod:`jobscraper.cli.match_rerank`); each of those then
also carries ``fit_score``, ``llm_score``, ``llm_reason`` and ``rerank_error``.

The model, the store and the vectors are imported inside the command, so ``--help`` stays light.
:func:`load_model` loads the embedder, :func:`meaning_sources` the vector index beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer
from jobscraper.errors import InputError

if TYPE_CHECKING:
    from jobscraper.config import Settings
    from jobscraper.matching.embed import Embedder
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds, RankedJob, Similarities
    from jobscraper.store import Database

__all__ = ["load_model", "match_cmd", "meaning_sources"]

_REASONS_SHOWN = 3


def load_model(settings: Settings, say: Console) -> Embedder:
    """The configured embedding model, its weights checked."""
    from jobscraper.matching.embed import load_embedder

    with say.status("loading the embedding model…"):
        return load_embedder(settings.matching)


def meaning_sources(
    settings: Settings, database: Database, say: Console, embedder: Embedder | None = None
) -> tuple[Embeds, Similarities]:
    """The embedding model (``embedder``, or the configured one) and the database's vectors for it."""
    from jobscraper.matching.vectors import VectorIndex

    model = embedder if embedder is not None else load_model(settings, say)
    return model, VectorIndex.load(database, model.model_id)


def _embed_missing(ctx: Context, embedder: Embedder, say: Console, profile: ProfileFields | None) -> int:
    """Embed the jobs without a current vector through the writer, with a progress bar; then store
    the stored ``profile``'s missing fits, so the ranking reads them from an index."""
    from jobscraper.cli.fit_fill import fill_active
    from jobscraper.cli.reindex_cmd import embed_with_progress

    with open_writer(ctx) as (writer, _how):
        database = ctx.database()
        try:
            with database_errors(database.location):
                done, _seconds = embed_with_progress(
                    database, writer, embedder, say, batch_size=ctx.settings.matching.batch_size
                )
                if profile is not None:
                    fill_active(ctx, writer, say, embedder, profile=profile)
        finally:
            database.dispose()
    return done


def match_cmd(
    resume: Annotated[
        Path | None, typer.Option("--resume", help="Match this résumé file (.pdf, .docx, .md, .txt).")
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="Match this stored profile (default: the active one).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=10_000, help="How many jobs to show.")
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array, best first.")] = False,
    no_embed: Annotated[
        bool,
        typer.Option("--no-embed", help="Only read: do not embed the jobs that have no vector yet first."),
    ] = False,
    rerank: Annotated[
        bool,
        typer.Option(
            "--rerank",
            help="Rescore the best matches with the LLM (the extraction engine; matching.rerank).",
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
    archived: o.Archived = "exclude",
    closed: o.Closed = "exclude",
    include_hidden: o.Hidden = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Rank jobs by how well they fit your profile or a résumé, with the reasons."""
    from jobscraper.matching.rank import rank_jobs

    if resume is not None and profile is not None:
        raise InputError("give --resume FILE or --profile NAME, not both")
    filters = o.build_query(
        query=query, remote=remote, min_salary=min_salary, location=location, posted_since=posted_since,
        source=source, status=status, favorites=favorites, archived=archived, include_hidden=include_hidden,
        closed=closed,
    )  # fmt: skip
    who: ProfileFields | str = _resume_text(resume) if resume is not None else ""
    ctx = Context.load(config, db)
    if rerank:
        from jobscraper.cli.match_rerank import check_llm

        check_llm(ctx.settings)  # before anything is ranked
    database = ctx.read_database()
    err = Console(stderr=True)
    try:
        with database_errors(database.location):
            if resume is None:
                who = _profile(database, profile)
            model = None
            if not no_embed:
                model = load_model(ctx.settings, err)
                stored = who if not isinstance(who, str) else None
                if embedded := _embed_missing(ctx, model, err, stored):
                    err.print(f"embedded {embedded} job(s) that had no current vector", highlight=False)
            embedder, index = meaning_sources(ctx.settings, database, err, model)
            missing: list[int] = []
            ranked = rank_jobs(
                database, who, limit=limit, embedder=embedder, filters=filters, index=index,
                on_missing=missing.append,
            )  # fmt: skip
            if rerank:
                ranked = _reranked(database, who, ranked, ctx, err)
    finally:
        database.dispose()
    if missing and missing[0]:
        err.print(
            f"{missing[0]} job(s) have no vector yet, so their meaning is unknown: run `jobscraper reindex`"
            + (" (or match without --no-embed)" if no_embed else ""),
            highlight=False,
        )
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in ranked], ensure_ascii=False, indent=2))
        return
    _table(ranked)


def _reranked(
    database: Database, who: ProfileFields | str, ranked: list[RankedJob], ctx: Context, err: Console
) -> list[RankedJob]:
    from jobscraper.cli import match_rerank

    generate = match_rerank.llm_for(ctx.settings)
    with err.status("the LLM re-ranks the best matches…"):
        outcome = match_rerank.reranked(database, who, ranked, ctx.settings, generate)
    err.print(
        f"re-ranked: {outcome.answered} of {outcome.asked} job(s) rescored by the LLM"
        + (f", {outcome.failed} kept their fit" if outcome.failed else ""),
        highlight=False,
    )
    return list(outcome.jobs)


def _resume_text(path: Path) -> str:
    from jobscraper.matching.resume import read_resume

    return read_resume(path).text


def _profile(database: Database, name: str | None) -> ProfileFields:
    from jobscraper.cli.profile_cmds import NO_PROFILE
    from jobscraper.store.profiles import get_active_profile, get_profile

    found = get_profile(database, name) if name is not None else get_active_profile(database)
    if found is None:
        raise InputError(f"{NO_PROFILE}, or pass --resume FILE")
    if not found.resume_text.strip():
        raise InputError(
            f"profile {found.name!r} has no résumé: `jobscraper profile set {found.name} --resume FILE`"
        )
    return found


def _table(ranked: list[RankedJob]) -> None:
    console = Console()
    if not ranked:
        console.print("no jobs to match — try fewer filters, or import or scrape first")
        return
    table = Table(header_style="bold")
    for col in ("score", "id", "title", "company", "location", "why"):
        table.add_column(col, overflow="fold")
    for job in ranked:
        why = "; ".join(("✗ " if r.hard else "") + r.text for r in job.reasons[:_REASONS_SHOWN])
        cells = (str(job.score), str(job.id), job.title, job.company or "", job.location or "", why)
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)

"""The fit in ``jobscraper jobs``: ``jobs list`` scored for the active profile (``--sort fit``
ranks by it), and ``jobs similar ID`` ("more like this").

A text query sorted by relevance is searched by words and meaning (the hybrid search) when the
model loads; ``--no-meaning`` keeps it to words. ``jobs list`` scores only the listed page: the
model embeds the résumé once and only the page's vectors are read
(:func:`~jobscraper.matching.job_fit.page_index`). Without an active profile with a résumé and
without a text query nothing is loaded and the list is the plain search; a model that cannot load
is one line on stderr and the list by words, without its fit — never an error. ``--sort fit``
needs the profile (one line and exit 2 without it) and reads the best jobs from the profile's
stored fits (:func:`~jobscraper.matching.job_fit.stored_page`), or ranks every candidate when too
many are missing (:func:`~jobscraper.matching.job_fit.ranked_page`; ``reindex`` stores them).

Heavy imports (the store, the model, numpy) stay inside the functions: ``--help`` is light.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors
from jobscraper.errors import InputError, JobscraperError

if TYPE_CHECKING:
    from jobscraper.config import Settings
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds, Similarities
    from jobscraper.matching.shapes import FitPage
    from jobscraper.store import Database, JobQuery

__all__ = ["fitted_page", "load_model", "similar_cmd"]


def load_model(settings: Settings, say: Console) -> Embeds:
    """The configured embedding model, its weights checked (tests replace this one function)."""
    from jobscraper.matching.embed import load_embedder

    with say.status("loading the embedding model…"):
        return load_embedder(settings.matching)


def _usable(profile: ProfileFields | None) -> bool:
    return profile is not None and bool(profile.resume_text.strip())


def fitted_page(
    settings: Settings, database: Database, query: JobQuery, err: Console, *, meaning: bool = True
) -> FitPage:
    """The page ``query`` asks for, each job with its fit for the active profile when there is one
    with a résumé (see the module); ``sort=fit`` ranks by it. A text query sorted by relevance is
    searched by words and meaning (:func:`~jobscraper.matching.hybrid.hybrid_search`) unless
    ``meaning`` is False or the model cannot load."""
    from jobscraper.matching.hybrid import hybrid_search
    from jobscraper.matching.job_fit import (
        ProfileMeaning,
        fit_page,
        page_index,
        ranked_page,
        stored_page,
        unscored_page,
    )
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store import search_jobs
    from jobscraper.store.profiles import get_active_profile
    from jobscraper.store.search import fts_query

    profile = get_active_profile(database)
    if query.sort == "fit":
        from jobscraper.cli.profile_cmds import NO_PROFILE

        if profile is None:
            raise InputError(f"--sort fit ranks jobs by how well they fit the active profile: {NO_PROFILE}")
        if not _usable(profile):
            raise InputError(
                f"--sort fit: profile {profile.name!r} has no résumé to rank jobs against: "
                f"`jobscraper profile set {profile.name} --resume FILE`"
            )
        embedder = load_model(settings, err)
        stored = stored_page(database, query, profile, embedder)  # the stored fits, when fresh
        if stored is not None:
            return stored
        index = VectorIndex.load(database, embedder.model_id)
        return ranked_page(database, query, ProfileMeaning.build(profile, embedder, index))
    hybrid = meaning and query.sort == "relevance" and fts_query(query.q) is not None
    model: Embeds | None = None
    if hybrid or _usable(profile):
        try:
            model = load_model(settings, err)
        except (JobscraperError, OSError, ImportError) as exc:
            err.print(
                f"matching is not available, so jobs are found by their words, without their fit: {exc}",
                highlight=False,
                markup=False,
            )
    vectors: Similarities | None = None
    if hybrid and model is not None:
        vectors = VectorIndex.load(database, model.model_id)
        page = hybrid_search(database, query, model, vectors)
    else:
        page = search_jobs(database, query)
    if model is None or profile is None or not _usable(profile):
        return unscored_page(page)
    if vectors is None:  # only the page's vectors: all a page's fit needs
        vectors = page_index(database, [job.id for job in page.items], model.model_id)
    return fit_page(database, page, ProfileMeaning.build(profile, model, vectors))


def similar_cmd(
    job_id: Annotated[int, typer.Argument(help="The job to find others like.", min=1, max=2**63 - 1)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=50, help="How many jobs to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array, closest first.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Jobs closest in meaning to one job (hidden and archived left out), closest first."""
    from rich.table import Table
    from rich.text import Text

    from jobscraper.matching.similar import similar_jobs
    from jobscraper.matching.vectors import VectorIndex

    ctx = Context.load(config, db)
    database = ctx.read_database()
    err = Console(stderr=True)
    try:
        with database_errors(database.location):
            embedder = load_model(ctx.settings, err)
            index = VectorIndex.load(database, embedder.model_id)
            found = similar_jobs(database, job_id, embedder.model_id, index, limit=limit)
    finally:
        database.dispose()
    if as_json:
        rows = [job.model_dump(mode="json", exclude={"description", "sources"}) for job in found]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    console = Console()
    if not found:
        console.print(f"no other visible job has an embedding to compare with job {job_id}")
        return
    table = Table(header_style="bold")
    for col in ("similarity", "id", "title", "company", "location"):
        table.add_column(col, overflow="fold")
    for job in found:
        cells = (f"{job.similarity:.2f}", str(job.id), job.title, job.company or "", job.location or "")
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)

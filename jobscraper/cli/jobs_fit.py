"""The fit in ``jobscraper jobs``: ``jobs list`` scored for the active profile (``--sort fit``
ranks by it), and ``jobs similar ID`` ("more like this").

``jobs list`` scores only the listed page: the model embeds the résumé once and only the page's
vectors are read (:func:`~jobscraper.matching.job_fit.page_index`). Without an active profile with
a résumé nothing is loaded and the list is the plain search; a model that cannot load is one line
on stderr and the list without its fit — never an error. ``--sort fit`` needs the profile (one line
and exit 2 without it) and ranks every candidate (:func:`~jobscraper.matching.job_fit.ranked_page`).

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
    from jobscraper.matching.rank import Embeds
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


def fitted_page(settings: Settings, database: Database, query: JobQuery, err: Console) -> FitPage:
    """The page ``query`` asks for, each job with its fit for the active profile when there is one
    with a résumé (see the module); ``sort=fit`` ranks by it."""
    from jobscraper.matching.job_fit import ProfileMeaning, fit_page, page_index, ranked_page, unscored_page
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store import search_jobs
    from jobscraper.store.profiles import get_active_profile

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
        index = VectorIndex.load(database, embedder.model_id)
        return ranked_page(database, query, ProfileMeaning.build(profile, embedder, index))
    page = search_jobs(database, query)
    if profile is None or not _usable(profile):
        return unscored_page(page)
    try:
        embedder = load_model(settings, err)
    except (JobscraperError, OSError, ImportError) as exc:
        err.print(f"the fit is not shown: {exc}", highlight=False, markup=False)
        return unscored_page(page)
    index = page_index(database, [job.id for job in page.items], embedder.model_id)
    return fit_page(database, page, ProfileMeaning.build(profile, embedder, index))


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

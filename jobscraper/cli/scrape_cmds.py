"""`jobscraper scrape` and `jobscraper demo`: a scrape run on Ray with live progress and a summary."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.context import Context
from jobscraper.cli.local_ray import metrics_options, start_monitors
from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.errors import ConfigError, InputError
from jobscraper.vocabulary import ATS_CHOICES, BOARD_SITES, DEFAULT_SITES, SITES, ats_choice, site_problem

__all__ = ["demo_cmd", "scrape_cmd"]

_SITES_HELP = (
    "Comma-separated boards, each with what it searches: "
    + "; ".join(f"{name} ({SITES[name].needs})" for name in BOARD_SITES)
    + ". Indeed and Glassdoor search a saved search's country (here: usa). Unavailable: "
    + "; ".join(f"{name} ({site.unavailable})" for name, site in SITES.items() if site.unavailable)
    + "."
)

_STATUS_STYLE = {"done": "green", "failed": "red", "blocked": "red", "running": "cyan", "cancelled": "yellow"}


def _start_ray(ctx: Context, address: str | None) -> Any:
    # Ray reads the auth mode when imported: one mode for every head, driver and CLI (DESIGN §3)
    os.environ.setdefault("RAY_AUTH_MODE", ctx.settings.ray.auth_mode)
    import ray

    from actors.bootstrap import connect, local_options

    settings = ctx.settings
    # no _system_config here: `ray job submit` runs this with RAY_ADDRESS set, and ray.init refuses
    # one when it joins a cluster (a CLI scrape has no API or UI waiting on it anyway)
    local = {**local_options(settings, dashboard=False), **metrics_options(settings)}
    connect(ctx.settings.ray.namespace, address or ctx.settings.ray.address, local=local)
    return ray


def _run(ctx: Context, spec: Any, *, kind: str, address: str | None) -> Any:
    """Start the writer and a coordinator, run ``spec`` with live progress, return the final state."""
    console = Console()
    with console.status("starting Ray …"):
        ray = _start_ray(ctx, address)
        start_monitors(ctx.settings)
        from actors.bootstrap import bootstrap_sync

        started = bootstrap_sync(
            ctx.settings,
            location=ctx.location,  # the file, or database.url's PostgreSQL database
            seed=False,
            coordinator="private",
            hint="name that one (--db for a file, database.url for PostgreSQL), or use another cluster",
        )
        coordinator = started.coordinator
        run_id = ray.get(coordinator.start_run.remote(spec, kind))
    rows: dict[str, Any] = {}
    cursor = 0
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[info]}"))
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        while True:
            state = ray.get(coordinator.state.remote(run_id))
            for key, source in state.sources.items():
                style = _STATUS_STYLE.get(source.status, "white")
                info = f"[{style}]{source.status}[/] · {source.found} found"
                if source.needs_extraction:
                    info += f" · {source.needs_extraction} need extraction"
                if key not in rows:
                    rows[key] = progress.add_task(source.label, total=None, info=info)
                progress.update(rows[key], info=info)
                if source.status not in ("queued", "running"):
                    progress.update(rows[key], total=1, completed=1)
            extraction = state.extraction
            if extraction.status != "waiting":
                info = f"{extraction.status} · {extraction.extracted} extracted · {extraction.failed} failed"
                if "extraction" not in rows:
                    rows["extraction"] = progress.add_task("extraction", total=None, info=info)
                progress.update(rows["extraction"], info=info)
                if extraction.status not in ("running", "waiting"):
                    progress.update(rows["extraction"], total=1, completed=1)
            for event in ray.get(coordinator.events.remote(run_id, cursor)):
                cursor = event.n
                if event.type in ("source_failed", "worker_crashed", "extraction_unavailable"):
                    progress.console.print(f"[red]{event.source}[/]: {event.message}", highlight=False)
            if state.status != "running":
                break
            time.sleep(0.25)
    ray.shutdown()
    return state


def _summary(state: Any, db: object) -> None:
    console = Console()
    table = Table(title=f"run {state.run_id}: {state.status} → {db}", header_style="bold")
    for col in ("source", "status", "found", "new", "updated", "unchanged", "merged", "need extraction"):
        table.add_column(col, justify="left" if col in ("source", "status") else "right")
    for source in state.sources.values():
        table.add_row(
            source.label, source.shown_status, str(source.found), str(source.inserted), str(source.updated),
            str(source.unchanged), str(source.duplicates), str(source.needs_extraction),
        )  # fmt: skip
    totals = state.totals()
    table.add_row(
        "total", "", str(totals["found"]), str(totals["inserted"]), str(totals["updated"]),
        str(totals["unchanged"]), str(totals["duplicates"]), str(totals["needs_extraction"]), style="bold",
    )  # fmt: skip
    console.print(table)
    console.print(f"archived (gone from a company's listing): {state.archived}")
    checks = state.liveness
    console.print(
        f"closed (their page gone or closed, two checks in a row): {checks.closed} "
        f"— {checks.checked} checked, {checks.failed} failed once, {checks.unknown} unknown",
        highlight=False,
    )
    extraction = state.extraction
    if extraction.status == "off":
        console.print(f"extraction: not run — {extraction.via}", highlight=False)
    else:
        console.print(
            f"extraction — {extraction.via}: {extraction.extracted} extracted, {extraction.failed} failed"
            + (f", {extraction.deferred} left pending" if extraction.deferred else "")
            + (f" — {extraction.error}" if extraction.error else ""),
            highlight=False,
        )
    for source in state.sources.values():
        for error in source.errors[:3]:
            console.print(f"  {source.label}: {error}", highlight=False, markup=False)


def scrape_cmd(
    search: Annotated[str | None, typer.Option("--search", help="Search term for the job boards.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Where (with --search).")] = None,
    sites: Annotated[str, typer.Option("--sites", help=_SITES_HELP)] = ",".join(DEFAULT_SITES),
    results: Annotated[int, typer.Option("--results", min=1, max=1000, help="Results wanted per site.")] = 50,
    company: Annotated[
        list[str] | None, typer.Option("--company", help="Career page or ATS URL (repeatable).")
    ] = None,
    ats: Annotated[str, typer.Option("--ats", help=" | ".join(ATS_CHOICES))] = "auto",
    render_js: Annotated[
        bool, typer.Option("--render-js", help="Render --company pages in Chromium (sites built by JS).")
    ] = False,
    address: Annotated[str | None, typer.Option("--address", help="Join this Ray cluster.")] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Scrape the config's searches and companies, or the ones given as flags."""
    ctx = Context.load(config, db)
    from actors.runs import RunSpec
    from jobscraper.sources.ats import resolve_board

    try:
        if search or company:
            site_list = [s.strip() for s in sites.split(",") if s.strip()]
            problems = [p for p in map(site_problem, site_list) if p is not None]
            if problems:
                raise InputError(f"--sites: {'; '.join(problems)}")
            searches = (
                [
                    SavedSearch(
                        name="cli", term=search, location=location, sites=site_list, results_wanted=results
                    )
                ]
                if search
                else []
            )
            kind = _ats_flag(ats)
            companies = [
                CompanyConfig.model_validate(
                    {"name": _name_from(url), "url": url, "ats": kind, "render_js": render_js}
                )
                for url in company or []
            ]
            for given in companies:  # a URL that cannot be a board of the kind named: one line, no run
                resolve_board(given.url, given.ats)
        else:
            searches, companies = ctx.settings.searches, ctx.settings.companies
    except ValueError as exc:
        raise InputError(str(exc).splitlines()[0] if str(exc) else "invalid flags") from exc
    if not searches and not companies:
        raise ConfigError(
            "nothing to scrape: add searches/companies to the config, or pass --search / --company"
        )
    state = _run(ctx, RunSpec(searches=searches, companies=companies), kind="scrape", address=address)
    _summary(state, ctx.location)
    if state.status == "failed":
        raise typer.Exit(1)


def _ats_flag(value: str) -> str:
    """``--ats`` checked against the registry: one line naming the known kinds, not pydantic's
    multi-line validation error."""
    try:
        return ats_choice(value)
    except ValueError as exc:
        raise InputError(f"--ats: {exc}") from exc


def _name_from(url: str) -> str:
    from urllib.parse import urlsplit

    from jobscraper.sources.ats import detect_ats

    board = detect_ats(url)
    if board is not None:
        return board.token.replace("-", " ").title()
    return (urlsplit(url).hostname or url).removeprefix("www.")


def demo_cmd(
    companies: Annotated[
        int | None,
        typer.Option(
            "--companies", min=1, max=100, help="Career sites on the demo board [default: one per style]."
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=500, help="Jobs per company.")] = 12,
    week: Annotated[
        int | None, typer.Option("--week", min=1, max=2, help="1 or 2 (default: next one).")
    ] = None,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Demo board port; keep it fixed.")
    ] = 8765,
    config: o.ConfigOpt = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="SQLite database file [default: database.url when set, else data/demo.db]."
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="Join this Ray cluster on this machine (e.g. `ray start --head`): its dashboard and "
            "metrics outlive the run.",
        ),
    ] = None,
) -> None:
    """Scrape the bundled demo board (no internet needed) into ./data/demo.db."""
    from sqlalchemy import func, select

    ctx = Context.load(config, db, default_file=Path("data/demo.db"))
    from actors.runs import RunSpec
    from jobscraper.demo import STYLES, DemoBoard, DemoKnobs, remote_board
    from jobscraper.scraping.browser import find_chromium  # aiohttp: ~0.4 s of CPU, not for --help
    from jobscraper.store.tables import RUN

    database = ctx.database()
    with database.reader() as conn:
        earlier = conn.execute(
            select(func.count()).select_from(RUN).where(RUN.c.kind == "demo", RUN.c.status == "done")
        ).scalar_one()
    database.dispose()
    version = week or min(int(earlier) + 1, 2)
    ctx.settings.scraping.per_domain_min_delay_s = 0.0  # a local board: no politeness pause needed
    # every style once by default: each ATS with a demo shape and each kind of career site
    knobs = DemoKnobs(
        companies=companies or len(STYLES), jobs_per_company=jobs, version=version, latency_s=0.02
    )
    try:
        board = DemoBoard(knobs, port=port)
    except OSError as exc:
        raise InputError(f"--port {port}: cannot serve the demo board there ({exc.strerror})") from exc
    with board:
        Console().print(
            f"demo board at {board.base_url} — week {version}"
            + (" (a week later: some jobs changed, some gone, some new)" if version == 2 else "")
        )
        scraping = ctx.settings.scraping
        scraping.jobspy_base_url = board.base_url
        browser = scraping.cdp_url or find_chromium(scraping.chromium_path)
        if not browser:
            Console().print(
                "[yellow]no Chromium found: the demo's JavaScript career site will be listed as "
                "needing extraction (install chromium to see it rendered)[/yellow]"
            )
        searches = [board.search(), remote_board.demo_search()]  # JobSpy's boards, then the remote ones
        spec = RunSpec(searches=searches, companies=board.company_configs(render_js=bool(browser)))
        state = _run(ctx, spec, kind="demo", address=address)
    _summary(state, ctx.location)
    flag = "" if ctx.db_url else f" --db {ctx.db_path}"
    Console().print(
        f"\nnext: `jobscraper jobs list{flag} -q python`, favourite one with "
        f"`jobscraper jobs update ID --favorite{flag}`, then run `jobscraper demo` again "
        "to see week 2 update and archive jobs without touching your edits."
    )

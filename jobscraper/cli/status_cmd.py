"""`jobscraper status`: one picture of the cluster, the Serve app, the actors, the API and the database.

The report's shapes hold the store's overview: they are imported when the command runs, so
``jobscraper status --help`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console, Group, RenderableType
from rich.filesize import decimal
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jobscraper.cli import options as o
from jobscraper.cli.context import Context

if TYPE_CHECKING:
    from jobscraper.cli.status_shapes import ApiStatus, RayStatus, ServeAppStatus, StatusReport
    from jobscraper.store.overview import DatabaseOverview

__all__ = ["render_status", "status_cmd"]


def status_cmd(
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="Ray cluster to ask (default: $RAY_ADDRESS, ray.address, or a local Ray)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Show what runs and what is stored: Ray, the Serve app, the actors, the API, the database.

    Exits 0 even when parts are down (it is a report); it starts nothing and never creates the database.
    """
    from jobscraper.cli.status import gather_status

    ctx = Context.load(config, db)
    with Console(stderr=True).status("looking at Ray, the API and the database …"):
        report = gather_status(ctx.settings, ctx.location, address=address)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        Console().print(render_status(report))


def render_status(report: StatusReport) -> RenderableType:
    """The report as rich panels, one per part."""
    return Group(
        _panel("Ray", _ray(report.ray), ok=report.ray.running),
        _panel("Serve app", _serve(report.serve), ok=report.serve.status == "RUNNING"),
        _panel("Actors", _actors(report), ok=all(a.state == "alive" for a in report.actors)),
        _panel("API", _api(report.api), ok=report.api.ok),
        _panel("Database", _database(report.database), ok=report.database.error is None),
        Text(f"jobscraper {report.jobscraper_version}, checked {report.checked_at:%Y-%m-%d %H:%M:%S} UTC"),
    )


def _panel(title: str, body: RenderableType, *, ok: bool) -> Panel:
    style = "green" if ok else "yellow"
    return Panel(body, title=f"[bold]{title}[/bold]", title_align="left", border_style=style)


def _kv(rows: list[tuple[str, str | Text]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table


def _ray(ray: RayStatus) -> RenderableType:
    if not ray.running:
        return Text(ray.error or "not reachable", style="yellow")
    rows: list[tuple[str, str | Text]] = [("address", ray.address or ""), ("version", ray.version or "")]
    for key in ("CPU", "GPU"):
        use = ray.resources.get(key)
        if use is not None:
            rows.append((key, f"{use.available:g} of {use.total:g} available"))
    rows.append(("dashboard", ray.dashboard_url or "not running"))
    nodes = Table("node", "address", "alive", "head", "CPU", "GPU", "memory", header_style="bold", box=None)
    for node in ray.nodes:
        res = node.resources
        nodes.add_row(
            node.node_id[:12], node.address, "yes" if node.alive else "[red]no[/red]",
            "yes" if node.head else "", f"{res.get('CPU', 0):g}", f"{res.get('GPU', 0):g}",
            decimal(int(res.get("memory", 0))),
        )  # fmt: skip
    return Group(_kv(rows), Text(""), nodes)


def _serve(serve: ServeAppStatus) -> RenderableType:
    if serve.error:
        return Text(serve.error, style="yellow")
    if not serve.deployed:
        return Text(f"app {serve.name!r} not deployed (`jobscraper serve` deploys it)", style="yellow")
    head = Text.assemble(f"app {serve.name!r}: ", (serve.status or "?", "bold"), f"  {serve.message}")
    table = Table("deployment", "status", "replicas", "message", header_style="bold", box=None)
    for name, dep in sorted(serve.deployments.items()):
        replicas = ", ".join(f"{state} {n}" for state, n in sorted(dep.replicas.items())) or "none"
        table.add_row(name, dep.status, replicas, Text(dep.message))
    return Group(head, table)


def _actors(report: StatusReport) -> RenderableType:
    table = Table("actor", "namespace", "state", "detail", header_style="bold", box=None)
    for actor in report.actors:
        style = "green" if actor.state == "alive" else "yellow"
        table.add_row(actor.name, actor.namespace, Text(actor.state, style=style), Text(actor.detail))
    return table


def _api(api: ApiStatus) -> RenderableType:
    if api.ok:
        return Text.assemble(f"{api.url}: ", ("ok", "green"), f" (jobscraper {api.version or '?'})")
    return Text.assemble(f"{api.url}: ", ("not answering", "yellow"), f" ({api.error})")


def _database(db: DatabaseOverview) -> RenderableType:
    rows: list[tuple[str, str | Text]] = [("path" if db.dialect == "sqlite" else db.dialect, Text(db.path))]
    if db.size_bytes is not None and db.dialect != "sqlite":  # a server's: no WAL file of ours
        rows.append(("size", decimal(db.size_bytes)))
    elif db.size_bytes is not None:
        rows.append(("size", f"{decimal(db.size_bytes)} (+ {decimal(db.wal_bytes or 0)} WAL)"))
    if db.error:
        rows.append(("problem", Text(db.error, style="yellow")))
    if db.schema_revision:
        rows.append(("schema", db.schema_revision))
    if db.jobs is not None:
        jobs = db.jobs
        rows += [
            ("jobs", f"{jobs.active} active, {jobs.archived} archived"),
            ("", f"{jobs.favorites} favourite(s), {jobs.hidden} hidden"),
            ("", f"{jobs.pending_extraction} waiting for extraction"),
            ("saved searches", str(db.saved_searches)),
            ("watched companies", str(db.watched_companies)),
        ]
    if not db.last_runs:
        return _kv(rows) if db.jobs is None else Group(_kv(rows), Text("no runs yet", style="dim"))
    runs = Table("run", "kind", "status", "started (UTC)", "took", "counts", header_style="bold", box=None)
    for run in db.last_runs:
        took = f"{(run.finished_at - run.started_at).total_seconds():.0f} s" if run.finished_at else ""
        counts = ", ".join(f"{k} {v}" for k, v in run.counts.items())
        if run.errors:
            counts += f"{', ' if counts else ''}[yellow]{run.errors} error(s)[/yellow]"
        runs.add_row(str(run.id), run.kind, run.status, f"{run.started_at:%Y-%m-%d %H:%M}", took, counts)
    return Group(_kv(rows), Text(""), runs)

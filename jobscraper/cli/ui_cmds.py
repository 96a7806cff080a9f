"""`jobscraper ui`: start what is missing (local Ray, the Serve app, the Reflex UI), print the URL,
and on Ctrl-C stop what it started.

The console shows a line per step ("Starting Ray…", "Starting the API…", "Building the web UI…",
each with its time) and then the URL in bold; what Ray, Serve and the UI server print goes to the
log file next to the database (``ui.log``), named on the console.

It then watches what it started: when the UI server ends, or the API it started stops answering
(its Ray went away), it stops the rest and exits 1 rather than leave an orphaned UI holding its
port. Stopping is bounded (about 10 s): a Ray that is already gone is not waited for. SIGTERM
stops it as Ctrl-C does (not through Ray's own handler, which drains the node for 30 s first).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from jobscraper.cli import options as o
from jobscraper.cli.console_log import Steps, terminal_only
from jobscraper.cli.context import Context
from jobscraper.cli.local_ray import exit_now, metrics_url, sigterm_as_ctrl_c, stop_everything
from jobscraper.cli.serve_cmds import api_token, deploy_app
from jobscraper.config import Settings, default_config_path
from jobscraper.errors import InputError

__all__ = ["ui_cmd"]

DEMO_PORT = 8765
WATCH_EVERY_S = 1.0
API_GONE_AFTER = 3  # health checks in a row without an answer: the API (and its Ray) is gone


def _health(root: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{root}/healthz", timeout=1) as response:
            answer: dict[str, Any] = json.load(response)
            return answer
    except (OSError, ValueError, http.client.HTTPException):
        return None


def _demo(ctx: Context, stack: ExitStack, console: Console, port: int) -> None:
    """Start the demo board; the job boards, the saved search and the companies become the demo's."""
    from jobscraper.demo import DemoBoard, DemoKnobs, remote_board
    from jobscraper.scraping.browser import find_chromium

    try:
        board = DemoBoard(DemoKnobs(latency_s=0.02), port=port)
    except OSError as exc:
        raise InputError(f"--demo-port {port}: cannot serve the demo board there ({exc.strerror})") from exc
    stack.enter_context(board)
    scraping = ctx.settings.scraping
    scraping.per_domain_min_delay_s = 0.0  # a local board: no politeness pause needed
    scraping.allow_private_urls = True  # the board listens on 127.0.0.1: the URL policy lets it in
    scraping.jobspy_base_url = board.base_url
    browser = bool(scraping.cdp_url or find_chromium(scraping.chromium_path))
    ctx.settings.searches = [board.search(), remote_board.demo_search()]
    ctx.settings.companies = board.company_configs(render_js=browser)
    console.print(f"demo board at {board.base_url} (stands in for the job boards and career sites)")


def ui_cmd(
    demo: Annotated[
        bool, typer.Option("--demo", help="Scrape the bundled demo board instead of the internet.")
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite database file (default: database.url, else database.path; --demo: data/demo.db).",
        ),
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="Deploy on this Ray cluster.")] = None,
    demo_port: Annotated[
        int, typer.Option("--demo-port", min=1, max=65535, help="Demo board port.")
    ] = DEMO_PORT,
    config: o.ConfigOpt = None,
) -> None:
    """Open the web UI: starts Ray, the API and the UI server unless they already run."""
    ctx = Context.load(config, db, default_file=Path("data/demo.db") if demo else None)
    sigterm_as_ctrl_c()  # SIGTERM stops it as Ctrl-C does (again once Ray is up: deploy_app)
    settings = ctx.settings
    settings.database.path = ctx.db_path.expanduser().resolve()
    settings.database.url = ctx.db_url  # --db names a file and wins over database.url
    log = settings.database.path.parent / "ui.log"
    local_ray: list[bool] = []  # set when this command started (and so has stopped) a local Ray
    with terminal_only(log) as console:
        console.print(f"[dim]Ray's, Serve's and the web UI's own output goes to {log}[/dim]")
        gone = _run(
            ctx,
            console,
            log,
            demo=demo,
            address=address,
            demo_port=demo_port,
            config=config,
            local_ray=local_ray,
        )
    if gone is not None:
        typer.echo(f"error: {gone}; stopping what this command started", err=True)
    if local_ray:  # the local Ray is gone: its exit hooks would only wait on it
        exit_now(0 if gone is None else 1)
    if gone is not None:
        raise typer.Exit(1)


def _run(
    ctx: Context,
    console: Console,
    log: Path,
    *,
    demo: bool,
    address: str | None,
    demo_port: int,
    config: Path | None,
    local_ray: list[bool],
) -> str | None:
    """Start what is missing, step by step; watch it; None after Ctrl-C, else why it stopped."""
    from jobscraper.webui import (
        UI_DIR,
        answers,
        ensure_bun,
        port_held,
        start_reflex,
        stop_process,
        wait_until_up,
    )

    settings = ctx.settings
    steps = Steps(console)
    serve_host = settings.serve.host
    api_root = (
        f"http://{'127.0.0.1' if serve_host in ('0.0.0.0', '::') else serve_host}:{settings.serve.port}"
    )
    ui_host = settings.ui.host
    ui_url = f"http://{'127.0.0.1' if ui_host in ('0.0.0.0', '::') else ui_host}:{settings.ui.port}"
    ui_held = (
        f"ui.port {settings.ui.port}: another program listens on {ui_host}:{settings.ui.port} and it is "
        "not a web UI; stop it, or give the UI another port (JOBSCRAPER_UI__PORT=…)"
    )
    if not answers(ui_url) and port_held(ui_host, settings.ui.port):  # before Ray: fail in a second
        raise InputError(ui_held)
    bun = ensure_bun(lambda line: console.print(f"[dim]{line}[/dim]"))
    with ExitStack() as stack:
        running = _health(api_root)
        if running is not None:
            if demo and not running.get("demo"):
                raise InputError(
                    f"an API without the demo board already answers at {api_root}: stop it, or give "
                    "this one another port (JOBSCRAPER_SERVE__PORT=…)"
                )
            console.print(f"using the API already running at {api_root}")
        else:
            if demo:
                _demo(ctx, stack, console, demo_port)
            token = api_token(serve_host, settings.serve.api_token_env)
            target = address or settings.ray.address
            steps.start(f"Joining Ray at {target}" if target else "Starting Ray")
            context = deploy_app(
                settings,
                target,
                token,
                ray_up=lambda: steps.start("Starting the API"),
                host_monitors=_host_monitors_asked(settings),
            )
            steps.done()
            if not target:
                local_ray.append(True)
            stack.callback(
                _shutdown_ray,
                console,
                not target,
                lambda: _health(api_root) is not None,
                settings.ray.namespace,
                ctx.location.path,
            )
            dashboard = getattr(context, "dashboard_url", None)
            if dashboard:
                console.print(f"Ray dashboard: http://{dashboard}")
            console.print(f"metrics: {metrics_url() or 'not exported by this node'}")
        console.print(f"API:  {api_root}/api   (docs {api_root}/docs) — database {ctx.location}")
        process: subprocess.Popen[bytes] | None = None
        if answers(ui_url):
            console.print(f"using the web UI already running at {ui_url}")
        else:
            if port_held(ui_host, settings.ui.port):  # taken while Ray started (its processes take ports)
                raise InputError(ui_held)
            env = {"JOBSCRAPER_UI__API_URL": api_root}
            config_file = config or default_config_path()
            if config_file.exists():  # the UI runs in ui/: hand it this config by absolute path
                env["JOBSCRAPER_CONFIG"] = str(config_file.expanduser().resolve())
            first = not (UI_DIR / ".web" / "node_modules").exists()
            steps.start(
                "Building the web UI (first start: a few minutes)"
                if first
                else "Building and starting the web UI (about a minute)"
            )
            process = start_reflex(settings.ui.host, settings.ui.port, env, log, bun)
            stack.callback(stop_process, process)
            wait_until_up(ui_url, process, log, tick=lambda: steps.still(f" (log: {log})"))
            steps.done()
        console.print()
        console.print(f"  [bold green]web UI: {ui_url}[/bold green]", highlight=False)
        console.print()
        console.print("Ctrl-C stops what this command started.")
        api_check = (lambda: _health(api_root) is not None) if running is None else None
        try:
            return watch(process, api_check)
        except KeyboardInterrupt:
            console.print("stopping …")
            if process is not None:  # the UI stops while Ray does (stop_process then waits for it)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGTERM)
            return None


def _host_monitors_asked(settings: Settings) -> bool:
    """The UI on a laptop runs no HostMonitor (a Python process of ~160 MB sampling for a metrics
    scraper that is not there) unless ``ray.host_monitor_interval_s`` is set in the config or the
    environment; ``jobscraper serve`` and runs on a cluster keep theirs (5 s by default)."""
    return (
        "host_monitor_interval_s" in settings.ray.model_fields_set
        and settings.ray.host_monitor_interval_s > 0
    )


def watch(
    process: subprocess.Popen[bytes] | None,
    api_alive: Callable[[], bool] | None,
    *,
    every_s: float = WATCH_EVERY_S,
    gone_after: int = API_GONE_AFTER,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Block while what this command started lives; return why it stopped.

    ``process`` is the UI server this command started (None: one was running already), and
    ``api_alive`` checks the API this command started (None: it did not start one).
    """
    misses = 0
    while True:
        if process is not None and process.poll() is not None:
            return f"the web UI server ended (exit {process.returncode})"
        if api_alive is not None:
            misses = 0 if api_alive() else misses + 1
            if misses >= gone_after:
                return "the API stopped answering (its Ray is gone)"
        sleep(every_s)


def _shutdown_ray(
    console: Console, local: bool, api_alive: Callable[[], bool], namespace: str, database: Path | None
) -> None:
    """A local Ray goes with its Serve app and every process it started; on a cluster the app
    stays up and this driver leaves. Bounded (:func:`~jobscraper.cli.local_ray.stop_everything`):
    when the API no longer answers its Ray is gone, and Serve is not asked to shut down (that waits
    minutes for a controller that is not there). A local stack's SQLite file is left whole, without
    its ``-wal`` (:func:`~jobscraper.store.wal.fold_wal`)."""
    alive = api_alive()
    stop_everything(serve_too=local and alive, local=local, namespace=namespace)
    if local and database is not None:
        from jobscraper.store.wal import fold_wal

        fold_wal(database)
    if not local:
        console.print("left the Ray cluster (the API stays up)")
    else:
        console.print(
            "stopped the API and the local Ray" if alive else "the API was gone; ended what remained of Ray"
        )

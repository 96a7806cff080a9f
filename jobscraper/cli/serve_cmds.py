"""`jobscraper serve` (deploy the Serve app) and `jobscraper extract` (one posting → JobDetails)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from jobscraper.cli import options as o
from jobscraper.cli.context import Context
from jobscraper.cli.local_ray import (
    adopt_orphans,
    exit_now,
    fewer_ray_processes,
    lean_environment,
    lean_options,
    metrics_options,
    metrics_url,
    sigterm_as_ctrl_c,
    start_monitors,
    stop_everything,
)
from jobscraper.config import Settings
from jobscraper.errors import ConfigError, ExtractionError, InputError
from jobscraper.webui import answers, port_held

__all__ = ["api_token", "deploy_app", "extract_cmd", "posting_from_text", "serve_cmd"]


def serve_cmd(
    address: Annotated[str | None, typer.Option("--address", help="Deploy on this Ray cluster.")] = None,
    detach: Annotated[
        bool, typer.Option("--detach", help="Return once deployed (the app stays up on the cluster).")
    ] = False,
    config: o.ConfigOpt = None,
) -> None:
    """Deploy the jobscraper Serve app (extraction pools, router, HTTP API) and print its URLs."""
    ctx = Context.load(config, None)
    sigterm_as_ctrl_c()  # SIGTERM stops it as Ctrl-C does (again once Ray is up: deploy_app)
    console = Console()
    token = api_token(ctx.settings.serve.host, ctx.settings.serve.api_token_env)
    target = address or ctx.settings.ray.address
    if detach and not target:
        raise InputError(
            "--detach needs a cluster (--address or ray.address): a local Ray ends with this command"
        )
    with console.status("starting Ray and deploying the extraction service …"):
        context = deploy_app(ctx.settings, target, token)
    root = f"http://{ctx.settings.serve.host}:{ctx.settings.serve.port}"
    api = f"{root}/api"
    dashboard = getattr(context, "dashboard_url", None)
    extraction = ctx.settings.extraction
    console.print(
        f"[green]serving[/green] engine {extraction.engine!r}, two pools (throughput, long-context)"
    )
    console.print(f"API:        {api}   (docs {root}/docs{', token required' if token else ''})")
    console.print(f"dashboard:  {'http://' + dashboard if dashboard else 'not running'}")
    console.print(f"metrics:    {metrics_url() or 'not exported by this node'}")
    example = json.dumps(
        {"postings": [{"id": "1", "description": "Senior Python developer, remote, 80k EUR"}]}
    )
    console.print(f"try:        curl -s {api}/extract -H 'Content-Type: application/json' -d '{example}'")
    if detach:
        return
    console.print("Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        # within seconds, even when Ray is already gone (then nothing asks it anything: a call to a
        # dead Ray can hold this process for a minute); a cluster's actors stay up
        alive = bool(target) or answers(
            f"http://{_loopback(ctx.settings.serve.host)}:{ctx.settings.serve.port}/healthz"
        )
        stop_everything(serve_too=alive, local=not target, namespace=ctx.settings.ray.namespace)
        if not target:  # the local Ray is gone: its exit hooks would only wait on it
            if ctx.location.path is not None:  # its SQLite file, whole again (no -wal beside it)
                from jobscraper.store.wal import fold_wal

                fold_wal(ctx.location.path)
            exit_now(0)


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::") else host


def deploy_app(
    settings: Settings,
    address: str | None,
    token: str | None,
    ray_up: Callable[[], None] | None = None,
    *,
    host_monitors: bool = True,
) -> Any:
    """Start (``address`` None) or join Ray, and deploy the ``jobscraper`` Serve app on ``serve.port``.

    Returns Ray's context (its ``dashboard_url``). A local Ray gets the dashboard when
    ``ray.dashboard`` asks, no idle workers (:func:`~jobscraper.cli.local_ray.lean_options`) and the
    configured GPU count; it ends with this process. ``ray_up`` is called once Ray is up, before the
    API is deployed (``jobscraper ui`` prints a line per step). ``host_monitors`` False: no HostMonitor
    actors (``jobscraper ui`` on a laptop, where nobody scrapes the host series, unless asked).
    """
    if not address:
        if port_held(settings.serve.host, settings.serve.port):  # Serve's proxy binds it on this machine
            raise InputError(
                f"serve.port {settings.serve.port}: another program listens on {settings.serve.host}:"
                f"{settings.serve.port}; stop it, or give the API another port (JOBSCRAPER_SERVE__PORT=…)"
            )
        lean_environment()  # read when Ray is imported (just below) and as each of its processes starts
    from ray import serve

    from actors.bootstrap import bootstrap_sync, connect, local_options
    from serve.app import APP_NAME, build_app

    local: dict[str, Any] | None = None
    if not address:
        adopt_orphans()  # what the local Ray starts stays ours to end (see stop_everything)
        dashboard = local_options(settings, dashboard=settings.ray.dashboard)
        local = {**dashboard, **metrics_options(settings), **lean_options()}
    with fewer_ray_processes(dashboard=settings.ray.dashboard) if local else contextlib.nullcontext():
        context = connect(settings.ray.namespace, address, local=local, log_to_driver=True)
    sigterm_as_ctrl_c()  # not Ray's handler: it drains a one-node Ray for 30 s before anything stops
    if ray_up is not None:
        ray_up()
    # the console keeps to warnings: Serve's INFO lines (an access log line per request) go to its
    # log files and the dashboard only
    logging.getLogger("ray.serve").setLevel(logging.WARNING)
    quiet = {"log_level": "WARNING"}
    serve.start(http_options={"host": settings.serve.host, "port": settings.serve.port}, logging_config=quiet)
    app = build_app(settings, api_token=token)
    serve.run(app, name=APP_NAME, route_prefix="/", logging_config=quiet)
    if host_monitors:
        start_monitors(settings)
    if settings.scheduler.enabled:  # the writer, the coordinator and the scheduler
        bootstrap_sync(settings, coordinator="shared", scheduler=True)
    return context


def api_token(host: str, env: str) -> str | None:
    """The API token from ``$env``; required when the API listens beyond loopback."""
    token = os.environ.get(env, "").strip() or None
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and token is None:
        raise ConfigError(
            f"serve.host is {host!r}, reachable from other machines: set an API token in ${env} "
            "(every request must then send 'Authorization: Bearer <token>'), or use 127.0.0.1"
        )
    return token


def extract_cmd(
    source: Annotated[str, typer.Argument(help="A file with the posting's text or JSON, or - for stdin.")],
    in_process: Annotated[
        bool, typer.Option("--in-process", help="Do not use a running service; run the engine here.")
    ] = False,
    config: o.ConfigOpt = None,
) -> None:
    """Print the JobDetails JSON of one posting (via the running service, else in-process)."""
    ctx = Context.load(config, None)
    text = sys.stdin.read() if source == "-" else _read(Path(source))
    posting = posting_from_text(text)
    root = f"http://{ctx.settings.serve.host}:{ctx.settings.serve.port}"
    api = f"{root}/api"
    token = os.environ.get(ctx.settings.serve.api_token_env, "").strip() or None
    result = None if in_process else _via_service(root, posting, token)
    where = f"service at {api}"
    if result is None:
        from jobscraper.extraction import ExtractionResult
        from jobscraper.extraction.engines import make_engine

        engine = make_engine(ctx.settings.extraction, "throughput")
        [answered] = asyncio.run(engine.extract([posting]))
        result = ExtractionResult.model_validate(answered).model_dump(mode="json")
        where = f"in-process engine {engine.name!r}"
    Console(stderr=True).print(f"[dim]extracted by {where}[/dim]")
    if result.get("error"):
        raise ExtractionError(f"{posting.id}: {result['error']}")
    typer.echo(json.dumps(result["details"], indent=2, ensure_ascii=False))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from exc


def posting_from_text(text: str) -> Any:
    """A JSON object (title, company, location, description) or plain text whose first line may
    be the title, as an ExtractionInput."""
    from jobscraper.extraction import ExtractionInput

    stripped = text.strip()
    if not stripped:
        raise InputError("the posting is empty")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(data, dict) or not (data.get("description") or data.get("title")):
            raise InputError("a JSON posting needs at least a description or a title")
        known = {k: data.get(k) for k in ("title", "company", "location")}
        return ExtractionInput(
            id=str(data.get("id") or "posting"), description=str(data.get("description") or ""), **known
        )
    first, _, rest = stripped.partition("\n")
    title = first.lstrip("# ").strip()
    if rest.strip() and len(title) <= 120:
        return ExtractionInput(id="posting", title=title, description=rest.strip())
    return ExtractionInput(id="posting", description=stripped)


def _via_service(root: str, posting: Any, token: str | None) -> dict[str, Any] | None:
    """The service's answer, or None when no service answers at ``root``."""
    try:
        with urllib.request.urlopen(f"{root}/healthz", timeout=1):
            pass
    except (urllib.error.URLError, OSError):
        return None
    api = f"{root}/api"
    body = json.dumps({"postings": [posting.model_dump(mode="json")]}).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{api}/extract", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            answer: dict[str, Any] = json.load(response)
    except urllib.error.HTTPError as exc:
        raise ExtractionError(f"the service at {api} answered HTTP {exc.code}: {exc.read()[:300]!r}") from exc
    result: dict[str, Any] = answer["results"][0]
    return result

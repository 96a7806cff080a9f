"""`jobscraper mcp`: the MCP server for assistants, over stdio (default) or streamable HTTP.

The composition root's part: it reads the config, makes the API client and wraps the HTTP app in
the API's own Host guard (``serve.guards``) — :mod:`jobscraper.mcp` itself imports no ``serve``.
Stdio writes nothing but the protocol to stdout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from jobscraper.cli import options as o
from jobscraper.config import ServeSettings, Settings, UISettings, load_settings
from jobscraper.errors import InputError

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from starlette.types import ASGIApp

__all__ = ["MCP_PORT", "mcp_cmd", "mcp_http_app"]

MCP_PORT = 8100


def _checked(settings: Settings, host: str | None, api_url: str | None) -> Settings:
    """``settings`` with ``--host`` as the bind address and ``--api-url`` as the API, validated as
    the config's own fields are (one line naming the option on a bad value)."""
    try:
        serve = ServeSettings.model_validate({**settings.serve.model_dump(), "host": host or "127.0.0.1"})
        ui = UISettings.model_validate(
            {**settings.ui.model_dump(), "api_url": api_url or settings.ui.api_url}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        option = {"host": "--host", "api_url": "--api-url"}.get(str(first["loc"][0]), "option")
        raise InputError(f"{option}: {first['msg'].removeprefix('Value error, ')}") from exc
    return settings.model_copy(update={"serve": serve, "ui": ui})


def mcp_http_app(settings: Settings, server: MCPServer, token: str | None) -> ASGIApp:
    """The streamable HTTP app of ``server`` for ``settings`` (``serve.host`` is the MCP server's
    bind address here): the API's Host names (:func:`serve.guards.api_hosts`) and its guard, then
    ``token`` (required off loopback by :func:`jobscraper.cli.serve_cmds.api_token`)."""
    from jobscraper.mcp.http import streamable_app
    from serve.guards import HostGuard, api_hosts

    hosts = api_hosts(settings)
    return streamable_app(server, hosts=hosts, token=token, guard=lambda app: HostGuard(app, allowed=hosts))


def mcp_cmd(
    http: Annotated[
        bool, typer.Option("--http", help="Serve streamable HTTP at /mcp instead of stdio.")
    ] = False,
    host: Annotated[
        str | None,
        typer.Option("--host", help="With --http: bind here (default 127.0.0.1; others need the API token)."),
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="With --http: the port.")] = MCP_PORT,
    api_url: Annotated[
        str | None, typer.Option("--api-url", help="The jobscraper API (default: ui.api_url of the config).")
    ] = None,
    config: o.ConfigOpt = None,
) -> None:
    """Run the MCP server for assistants: search, read and update jobs, start scrapes (needs the API)."""
    # the API token, when there is one, comes from serve.api_token_env: for the API and for --http
    import anyio

    from jobscraper.cli.serve_cmds import api_token
    from jobscraper.mcp import ApiClient, build_server

    if not http and (host is not None or port != MCP_PORT):
        raise InputError("--host and --port go with --http (stdio needs neither)")
    settings = _checked(load_settings(Path(config) if config else None), host, api_url)
    env = settings.serve.api_token_env
    server = build_server(ApiClient(settings.ui.api_url, os.environ.get(env, "").strip() or None))
    if not http:
        anyio.run(server.run_stdio_async)
        return
    import uvicorn

    bind = settings.serve.host
    token = api_token(bind, env)  # off loopback: refused without one
    app = mcp_http_app(settings, server, token)
    shown = f"[{bind}]" if ":" in bind else bind
    typer.echo(
        f"MCP server at http://{shown}:{port}/mcp (API {settings.ui.api_url}"
        f"{'; token required' if token else ''}) — Ctrl-C stops it",
        err=True,
    )
    uvicorn.run(app, host=bind, port=port, log_level="warning")

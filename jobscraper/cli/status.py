"""What ``jobscraper status`` reports: the Ray cluster, the Serve app, the named actors, the API and
the database, gathered into one :class:`StatusReport`.

It never starts Ray: it joins a cluster only when one is named (``--address``, ``$RAY_ADDRESS``,
``ray.address``) or a local one runs, and leaves it again. Without one, Ray is not even imported
(the database part takes milliseconds). A part that is down is reported as down;
gathering fails only on a broken config (before this module is reached).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from jobscraper import __version__
from jobscraper.cli.context import local_ray_running
from jobscraper.cli.status_shapes import (
    ACTOR_NAMES,
    NO_CLUSTER,
    SERVE_APP,
    ActorStatus,
    ApiStatus,
    NodeStatus,
    RayStatus,
    ResourceUse,
    ServeAppStatus,
    ServeDeployment,
    StatusReport,
)
from jobscraper.config import ServeSettings, Settings
from jobscraper.store.location import DatabaseLocation
from jobscraper.store.overview import DatabaseOverview, database_overview

__all__ = ["gather_status", "probe_api", "ray_target"]

_PING_TIMEOUT_S = 5.0


def ray_target(
    settings: Settings, address: str | None, find_local_ray: Callable[[], bool] = local_ray_running
) -> str | None:
    """The cluster to ask: ``address``, else ``$RAY_ADDRESS``, ``ray.address``, a local Ray; else None."""
    named = address or os.environ.get("RAY_ADDRESS") or settings.ray.address
    if named:
        return named
    return "auto" if find_local_ray() else None


def gather_status(
    settings: Settings,
    db: DatabaseLocation | Path | str,
    *,
    address: str | None = None,
    find_local_ray: Callable[[], bool] = local_ray_running,
    api_probe: Callable[[ServeSettings, str | None], ApiStatus] | None = None,
) -> StatusReport:
    """Look at every part of ``db`` (a file, or a PostgreSQL URL) and the cluster; ``find_local_ray``
    and ``api_probe`` stand in for the real checks in tests."""
    location = DatabaseLocation.of(db)
    database = _database_part(location, settings.database.busy_timeout_ms)
    token = os.environ.get(settings.serve.api_token_env, "").strip() or None
    api = (api_probe or probe_api)(settings.serve, token)
    namespace = settings.ray.namespace
    target = ray_target(settings, address, find_local_ray)
    if target is None:
        ray_status = RayStatus(running=False, error=NO_CLUSTER)
        serve_status = ServeAppStatus(deployed=False, error=NO_CLUSTER)
        actors = [ActorStatus(name=n, namespace=namespace, state="not running") for n in ACTOR_NAMES]
    else:
        ray_status, serve_status, actors = _probe_cluster(target, namespace, location)
    return StatusReport(
        jobscraper_version=__version__,
        checked_at=datetime.now(UTC),
        ray=ray_status,
        serve=serve_status,
        actors=actors,
        api=api,
        database=database,
    )


def _database_part(location: DatabaseLocation, busy_timeout_ms: int) -> DatabaseOverview:
    """The database's overview; a damaged file is reported as damaged, a server that fails half-way
    as unreadable (the report still goes out)."""
    try:
        return database_overview(location, busy_timeout_ms=busy_timeout_ms)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        path = location.path
        if path is None:
            return DatabaseOverview(
                path=location.shown, dialect=location.dialect, exists=True, error=f"unreadable: {reason}"
            )
        size = path.stat().st_size if path.is_file() else None
        return DatabaseOverview(
            path=str(path), exists=path.is_file(), size_bytes=size, error=f"damaged or unreadable: {reason}"
        )


def probe_api(serve: ServeSettings, token: str | None, *, timeout_s: float = 3.0) -> ApiStatus:
    """Ask the API's ``/healthz`` (sending ``token`` if there is one); never raises."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(serve.host, serve.host)
    url = f"http://{f'[{host}]' if ':' in host else host}:{serve.port}/healthz"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    # a proxy from the environment must not stand between us and a local service
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout_s) as response:
            body = json.loads(response.read() or b"{}")
            version = body.get("version") if isinstance(body, dict) else None
            return ApiStatus(url=url, ok=True, status_code=response.status, version=version)
    except urllib.error.HTTPError as exc:
        return ApiStatus(url=url, ok=False, status_code=exc.code, error=f"HTTP {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return ApiStatus(url=url, ok=False, error=str(exc.reason))
    except (OSError, ValueError) as exc:  # a timeout while reading; a body that is not JSON
        return ApiStatus(url=url, ok=False, error=str(exc) or type(exc).__name__)


def _probe_cluster(
    target: str, namespace: str, location: DatabaseLocation
) -> tuple[RayStatus, ServeAppStatus, list[ActorStatus]]:
    unreachable = _unreachable(target)
    if unreachable is not None:
        return _down(target, namespace, unreachable)
    import ray

    joined = not ray.is_initialized()  # a driver that is already connected (a test) stays connected
    dashboard: str | None = None
    if joined:
        # Ray's own warnings (e.g. about packaging the working directory) are not this report's
        ray_logger = logging.getLogger("ray")
        level = ray_logger.level
        ray_logger.setLevel(logging.ERROR)
        try:
            from actors.bootstrap import connect

            context = connect(namespace, target, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
            return _down(target, namespace, str(exc))
        finally:
            ray_logger.setLevel(level)
        dashboard = getattr(context, "dashboard_url", None) or None
    try:
        actors = [_actor(n, namespace, location) for n in ACTOR_NAMES]
        return _cluster(target, dashboard), _serve_app(), actors
    finally:
        if joined:
            ray.shutdown()


def _unreachable(target: str, timeout_s: float = 3.0) -> str | None:
    """Why nothing answers at ``target``'s host and port; None if something does, or if it names none.

    Checked first because Ray retries a silent address for minutes, deaf to Ctrl-C.
    """
    host, colon, port = target.removeprefix("ray://").rpartition(":")
    if not colon or not port.isdigit():
        return None  # "auto": Ray looks for a local cluster itself, and fails fast
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
            return None
    except OSError as exc:
        return str(exc) or type(exc).__name__


def _down(target: str, namespace: str, why: str) -> tuple[RayStatus, ServeAppStatus, list[ActorStatus]]:
    down = f"cannot reach Ray at {target}: {why}"
    return (
        RayStatus(running=False, address=target, error=down),
        ServeAppStatus(deployed=False, error=down),
        [ActorStatus(name=n, namespace=namespace, state="not running") for n in ACTOR_NAMES],
    )


def _cluster(target: str, dashboard: str | None) -> RayStatus:
    import ray

    total = ray.cluster_resources()  # type: ignore[no-untyped-call]
    free = ray.available_resources()  # type: ignore[no-untyped-call]
    nodes = [
        NodeStatus(
            node_id=str(node.get("NodeID", "")),
            address=str(node.get("NodeManagerAddress", "")),
            alive=bool(node.get("Alive")),
            head="node:__internal_head__" in node.get("Resources", {}),
            resources={
                k: float(v) for k, v in node.get("Resources", {}).items() if k in ("CPU", "GPU", "memory")
            },
        )
        for node in ray.nodes()  # type: ignore[no-untyped-call]
    ]
    return RayStatus(
        running=True,
        address=ray.get_runtime_context().gcs_address or target,
        version=ray.__version__,
        dashboard_url=f"http://{dashboard}" if dashboard and "://" not in dashboard else dashboard,
        nodes=nodes,
        resources={
            key: ResourceUse(total=float(total.get(key, 0)), available=float(free.get(key, 0)))
            for key in ("CPU", "GPU", "memory")
        },
    )


def _serve_app() -> ServeAppStatus:
    from ray import serve
    from ray.exceptions import RayError
    from ray.serve.exceptions import RayServeException

    try:
        apps = serve.status().applications
    except (RayError, RayServeException, ConnectionError, TimeoutError) as exc:
        return ServeAppStatus(deployed=False, error=f"cannot ask Serve: {exc}")
    app = apps.get(SERVE_APP)
    if app is None:
        return ServeAppStatus(deployed=False)
    return ServeAppStatus(
        deployed=True,
        status=_text(app.status),
        message=app.message or "",
        deployments={
            name: ServeDeployment(
                status=_text(d.status),
                replicas={_text(state): int(n) for state, n in d.replica_states.items()},
                message=d.message or "",
            )
            for name, d in app.deployments.items()
        },
    )


def _actor(name: str, namespace: str, location: DatabaseLocation) -> ActorStatus:
    import ray
    from ray.exceptions import RayError

    try:
        handle = ray.get_actor(name, namespace=namespace)
    except ValueError:
        return ActorStatus(name=name, namespace=namespace, state="not running")
    try:
        if name == "writer":
            answer: Any = ray.get(handle.ping.remote(), timeout=_PING_TIMEOUT_S)
            # the writer names its database without a URL's password
            detail = f"database {answer['db_path']}, {answer['batches']} batch(es) written"
            if not location.same(answer["db_path"]):
                detail += " (not the database below)"
        else:
            ray.get(handle.__ray_ready__.remote(), timeout=_PING_TIMEOUT_S)
            detail = ""
    except RayError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ActorStatus(name=name, namespace=namespace, state="not responding", detail=first)
    return ActorStatus(name=name, namespace=namespace, state="alive", detail=detail)


def _text(value: Any) -> str:
    """An enum's value (Serve's statuses are str enums), or the thing as text."""
    return str(getattr(value, "value", value))

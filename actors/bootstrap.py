"""Bringing jobscraper up on Ray, in one place: the Ray session, the writer, the coordinator and the
scheduler.

Every entry point goes through here: ``jobscraper scrape``/``demo`` (a private coordinator for its
run), the Api's first request, ``jobscraper serve`` (the scheduler), and the CLI's writes through
a running cluster (which joins and finds, never starts). The Serve app itself is deployed by the
CLI, the composition root, which calls this module for the actor parts.

The order matters and is kept here only:

1. the writer (the running one, or a new detached one) — it creates and migrates the database;
2. its database must be ours: a cluster whose writer owns another database is refused ("this cluster's
   writer owns X, not Y");
3. the config's saved searches and watched companies are seeded into it (their intervals are in the
   database before the scheduler's first look);
4. the coordinator: the cluster's named one, or a private one for a CLI run;
5. the scheduler, when asked for: it runs in the cluster's coordinator (:mod:`actors.scheduler`).

Ray reads ``RAY_AUTH_MODE`` when it is imported: the CLI applies the one mode (DESIGN §3) before
it imports this module.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ray

from actors.coordinator import ScrapeCoordinator, start_coordinator
from actors.writer import find_writer, start_writer, writer_client
from jobscraper.config import Settings
from jobscraper.errors import StoreError
from jobscraper.store.location import DatabaseLocation, location_of
from jobscraper.store.writer_client import WriterClient

__all__ = [
    "CoordinatorMode",
    "Started",
    "bootstrap",
    "bootstrap_sync",
    "connect",
    "join_cluster_writer",
    "local_options",
    "with_resolved_db",
]

CoordinatorMode = Literal["shared", "private", "none"]
OLD_SCHEDULER_NAME = "scheduler"  # the actor the scheduler had before it moved into the coordinator
log = logging.getLogger(__name__)


def local_options(settings: Settings, *, dashboard: bool) -> dict[str, Any]:
    """``ray.init`` keywords for a new local Ray: the dashboard (on ``ray.dashboard_port``) or none,
    and the configured CPU and GPU counts."""
    options: dict[str, Any] = {"include_dashboard": dashboard}
    if dashboard:
        options["dashboard_port"] = settings.ray.dashboard_port
    if settings.ray.num_cpus:
        options["num_cpus"] = settings.ray.num_cpus
    if settings.ray.num_gpus is not None:
        options["num_gpus"] = settings.ray.num_gpus
    return options


def connect(
    namespace: str,
    address: str | None,
    *,
    local: Mapping[str, Any] | None = None,
    log_to_driver: bool = False,
    configure_logging: bool = True,
) -> Any:
    """``ray.init`` in ``namespace``: join ``address``; without one, start a new local Ray with the
    ``local`` keywords (:func:`local_options`) — unless ``$RAY_ADDRESS`` names the cluster (a
    ``ray job submit`` job) —, or join the local one (``local`` None: "auto").
    Ray's own console logging keeps to errors. Returns Ray's context."""
    kwargs: dict[str, Any] = {"namespace": namespace, "logging_level": logging.ERROR}
    if address:
        kwargs["address"] = address
    elif local is None:
        kwargs["address"] = "auto"
    else:
        kwargs.update(local)
        if not os.environ.get("RAY_ADDRESS"):  # set by `ray job submit` for its job: join that one
            # a new Ray of our own even when `ray start --head` ran on this machine: Ray would join
            # that one (its /tmp/ray/ray_current_cluster), which refuses the local keywords
            kwargs["address"] = "local"
    if not log_to_driver:
        kwargs["log_to_driver"] = False
    if not configure_logging:
        kwargs["configure_logging"] = False
    return ray.init(**kwargs)


def with_resolved_db(settings: Settings, location: DatabaseLocation | Path | str | None = None) -> Settings:
    """The settings with their database made explicit for the actors: ``location`` (default: the
    configured one) as an absolute file path and no URL, or as the URL (an actor's working folder
    is not ours, and an actor opens what its settings name: :func:`location_of`)."""
    where = location_of(settings.database) if location is None else DatabaseLocation.of(location)
    if where.path is not None:
        update: dict[str, Any] = {"path": where.path, "url": None}
    else:
        update = {"url": where.target}
    return settings.model_copy(update={"database": settings.database.model_copy(update=update)})


@dataclass(frozen=True)
class Started:
    """What :func:`bootstrap` brought up."""

    settings: Settings  # with the database the actors were given (an absolute path, or the URL)
    writer: WriterClient
    location: DatabaseLocation  # the database the writer owns
    coordinator: Any = None
    scheduling: bool = False  # the coordinator's scheduler ticks (asked for, and started)


async def bootstrap(
    settings: Settings,
    *,
    location: DatabaseLocation | Path | str | None = None,
    seed: bool = True,
    coordinator: CoordinatorMode = "shared",
    pool_size: int | None = None,  # None: scraping.workers (actors/pool_size.py)
    scheduler: bool = False,
    hint: str = "",
    start_writer: Callable[..., Any] = start_writer,
    start_coordinator: Callable[[Settings], Any] = start_coordinator,
) -> Started:
    """Start (or find) the writer, check it owns ``location`` (default: the configured database,
    ``database.url`` or ``database.path``), seed the config's entries, start (or find) the
    coordinator and, with ``scheduler``, the scheduler in the shared coordinator.

    A writer that owns another database is a :class:`StoreError`; ``hint`` (where ``{owned}`` names
    the writer's database, never with a password) says what to do.
    ``start_writer`` and ``start_coordinator`` are the production defaults; tests pass fakes.
    """
    settings = with_resolved_db(settings, location)
    wanted = location_of(settings.database)
    writer = writer_client(start_writer(wanted.target, namespace=settings.ray.namespace))
    owned = await writer.db_path()  # the writer has created and migrated it; its answer has no password
    if not wanted.same(owned):
        advice = f"; {hint.format(owned=owned)}" if hint else ""
        raise StoreError(f"this cluster's writer owns {owned}, not {wanted}{advice}")
    if seed:
        await writer.seed_saved(settings.searches, settings.companies)
    started_coordinator: Any = None
    if coordinator == "shared":
        started_coordinator = start_coordinator(settings)
    elif coordinator == "private":  # this process's own: it ends with it
        started_coordinator = ScrapeCoordinator.remote(settings, pool_size=pool_size)
    if scheduler:
        if coordinator != "shared":
            raise ValueError("the scheduler runs in the cluster's shared coordinator only")
        _end_old_scheduler(settings.ray.namespace)
        await started_coordinator.schedule.remote()
    return Started(settings, writer, wanted, started_coordinator, scheduling=scheduler)


def _end_old_scheduler(namespace: str) -> None:
    """A cluster still running the scheduler actor of an earlier jobscraper (detached: it outlives
    the deploy that started it) would fire the schedule a second time next to the coordinator's."""
    try:
        ray.kill(ray.get_actor(OLD_SCHEDULER_NAME, namespace=namespace), no_restart=True)
    except ValueError:  # none: the usual case
        return
    log.warning("ended the scheduler actor of an earlier version: the coordinator schedules now")


def bootstrap_sync(settings: Settings, **options: Any) -> Started:
    """:func:`bootstrap` from code that runs no event loop (the CLI)."""
    return asyncio.run(bootstrap(settings, **options))


def join_cluster_writer(
    namespace: str, address: str | None, location: DatabaseLocation | Path | str
) -> WriterClient | None:
    """The running cluster's writer when it owns ``location``; None when there is no cluster to join,
    no writer on it, or a writer of another database (this process then writes itself). Leaves Ray
    connected only when it returns a client."""
    try:
        connect(namespace, address, configure_logging=False)
    except (ConnectionError, RuntimeError):
        return None
    handle = find_writer(namespace)
    if handle is not None:
        client = writer_client(handle, attempts=3)
        if DatabaseLocation.of(location).same(client.db_path().result()):
            return client
    ray.shutdown()
    return None

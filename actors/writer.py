"""WriterActor: the only writer of the job database on a Ray cluster.

It runs one :class:`~jobscraper.store.writer.Writer` (the writer's operations, written once). Ray
runs one method call at a time on a (synchronous) actor, so batches are committed one after
another; a call returns only after its commit, so a returned result *is* the acknowledgement. It is
named ``writer``, detached, in the ``jobscraper`` namespace, and restarted by Ray after a crash
(``max_restarts=-1``). Calls are not retried by Ray (``max_task_retries=0``): a producer that gets
no answer re-sends its batch (the :class:`~jobscraper.store.writer_client.WriterClient` does, over
:class:`RayTransport`), which is harmless because upserts are idempotent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ray
from ray.actor import ActorHandle
from ray.exceptions import (
    ActorUnavailableError,
    GetTimeoutError,
    RayActorError,
    RayTaskError,
)

from actors.metrics import metrics
from actors.placement import db_node_options
from jobscraper.errors import JobscraperError
from jobscraper.store import open_database, utcnow
from jobscraper.store.location import DatabaseLocation
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import WriterCall, WriterClient

__all__ = [
    "WRITER_NAME",
    "RayTransport",
    "WriterActor",
    "WriterCall",
    "WriterClient",
    "find_writer",
    "start_writer",
    "writer_client",
]

WRITER_NAME = "writer"
LOST_ANSWER: tuple[type[BaseException], ...] = (
    RayActorError,  # ActorDiedError is one
    ActorUnavailableError,
    GetTimeoutError,
    TimeoutError,
)


class _Writer(Writer):
    """The actor's body (a plain class, so it is unit-tested without Ray): a :class:`Writer` on the
    database at ``db`` (an SQLite file's path or a PostgreSQL URL, :mod:`jobscraper.store.location`)
    that records each batch in the metrics. Asked who it is (``db_path()``, ``ping()``), it names
    its database without the URL's password."""

    def __init__(
        self, db: str, busy_timeout_ms: int = 10_000, clock: Callable[[], datetime] = utcnow
    ) -> None:
        database = open_database(DatabaseLocation.of(db).target, busy_timeout_ms=busy_timeout_ms)
        super().__init__(
            database, clock=clock, on_batch=lambda seconds, rows: metrics().writer_batch(seconds, rows)
        )
        # runs left "running" by a process that died (this writer's predecessor's cluster, a
        # killed CLI) are ended now, so they do not show as running for ever
        self.interrupt_orphaned_runs()


WriterActor = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=0)(_Writer)


def start_writer(
    db: DatabaseLocation | str | Path, *, namespace: str = "jobscraper", busy_timeout_ms: int = 10_000
) -> ActorHandle[Any]:
    """The cluster's writer for ``db`` (a file or a PostgreSQL URL): the running one, or a new
    detached one on the node that holds the file, anywhere for PostgreSQL (:mod:`actors.placement`)."""
    location = DatabaseLocation.of(db)
    handle: ActorHandle[Any] = WriterActor.options(  # type: ignore[assignment]
        name=WRITER_NAME,
        namespace=namespace,
        lifetime="detached",
        get_if_exists=True,
        **db_node_options(location),
    ).remote(location.target, busy_timeout_ms)
    return handle


def find_writer(namespace: str = "jobscraper") -> ActorHandle[Any] | None:
    """The running writer on the connected cluster, or None."""
    try:
        return ray.get_actor(WRITER_NAME, namespace=namespace)
    except ValueError:
        return None


class RayTransport:
    """Calls reach a WriterActor through its handle (``handle.method.remote(*args)``, awaited).

    No answer (the actor died, restarts, or the deadline passed) is :data:`LOST_ANSWER`; an error
    the writer raised on purpose comes back as itself instead of Ray's wrapper (its message, not
    Ray's traceback, is what the user reads)."""

    lost = LOST_ANSWER

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    async def send(self, method: str, args: tuple[Any, ...], timeout_s: float) -> Any:
        call = getattr(self._handle, method).remote(*args)
        try:
            return await asyncio.wait_for(call, timeout=timeout_s)  # an ObjectRef is awaitable
        except RayTaskError as exc:
            if isinstance(exc.cause, JobscraperError):
                raise exc.cause from None
            raise


def writer_client(
    handle: Any,
    *,
    attempts: int = 30,
    timeout_s: float = 120.0,
    in_flight: Callable[[int], object] | None = None,
) -> WriterClient:
    """The typed client of the WriterActor behind ``handle`` (see :mod:`jobscraper.store.writer_client`)."""
    return WriterClient(RayTransport(handle), attempts=attempts, timeout_s=timeout_s, in_flight=in_flight)

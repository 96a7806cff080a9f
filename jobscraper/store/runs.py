"""Runs whose process died: told apart from live ones, and ended as ``interrupted``.

A run row says ``running`` until the process that runs it records how it ended. When that process
dies (SIGKILL, a lost Ray, a reboot) the row said ``running`` for ever, and nothing could cancel it
(issue 13, item 13). So each run records its *owner*, the process that runs it (host, pid and the
process's start time, so a reused pid is not mistaken for it), under ``params["_owner"]``, and:

- :func:`interrupt_orphaned_runs` ends every ``running`` run whose owner is a process of this
  host that no longer exists (and runs recorded before owners were, which no live process holds)
  as ``interrupted``, with when and why. The WriterActor calls it when it starts and the
  coordinator when it starts. A run owned by a process on another host is left alone: whether it
  lives cannot be seen from here (cancelling it through the API still works);
- :func:`end_unheld_run` ends one ``running`` run that no coordinator holds (``DELETE
  /api/runs/{id}``), whatever its owner.

Only rows still ``running`` are changed: a run that ended meanwhile keeps its own outcome.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

import psutil
from sqlalchemy import select, update

from jobscraper.store.db import Database
from jobscraper.store.tables import RUN

__all__ = ["OWNER_KEY", "end_unheld_run", "interrupt_orphaned_runs", "owner_alive", "process_owner"]

OWNER_KEY = "_owner"
_SAME_START_S = 1.0  # a process's start time as two reads of it may differ (clock ticks)


def process_owner(pid: int | None = None) -> dict[str, Any]:
    """This process (or ``pid`` on this host) as a run's owner."""
    pid = os.getpid() if pid is None else pid
    return {"host": socket.gethostname(), "pid": pid, "started": psutil.Process(pid).create_time()}


def owner_alive(owner: Any) -> bool | None:
    """True when the owner process runs, False when it is gone, None when it is on another host
    (or recorded in a shape this cannot judge)."""
    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return None
    pid, started = owner.get("pid"), owner.get("started")
    if not isinstance(pid, int) or not isinstance(started, int | float):
        return None
    try:
        return bool(abs(psutil.Process(pid).create_time() - float(started)) < _SAME_START_S)
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    except psutil.AccessDenied:  # it exists, owned by another user
        return True


def interrupt_orphaned_runs(
    db: Database, now: datetime, *, alive: Callable[[Any], bool | None] = owner_alive
) -> list[int]:
    """End as ``interrupted`` every running run whose owner is gone; returns their ids."""
    with db.reader() as conn:
        rows = conn.execute(select(RUN.c.id, RUN.c.params).where(RUN.c.status == "running")).all()
    gone = []
    for run_id, params in rows:
        owner = params.get(OWNER_KEY) if isinstance(params, dict) else None
        if owner is None or alive(owner) is False:
            gone.append(int(run_id))
    for run_id in gone:
        _end(db, run_id, "interrupted", "interrupted: the process running it ended before it did", now)
    return gone


def end_unheld_run(db: Database, run_id: int, status: str, reason: str, now: datetime) -> bool:
    """End one running run that no coordinator holds; False when it was not running (any more)."""
    return _end(db, run_id, status, reason, now)


def _end(db: Database, run_id: int, status: str, reason: str, now: datetime) -> bool:
    with db.writer() as conn:
        errors = conn.execute(
            select(RUN.c.errors).where(RUN.c.id == run_id, RUN.c.status == "running")
        ).scalar_one_or_none()
        if errors is None:
            return False
        result = conn.execute(
            update(RUN)
            .where(RUN.c.id == run_id, RUN.c.status == "running")
            .values(status=status, finished_at=now, errors=[*list(errors), reason][-1000:])
        )
        return bool(result.rowcount)

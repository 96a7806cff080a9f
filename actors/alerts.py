"""The alert step after each run, as a background task of the coordinator (never of the writer).

When a run has ended and its end is recorded, the run driver hands its id to :meth:`AlertSteps.start`,
which starts :func:`jobscraper.alerts.run_alerts` as a task and returns at once: the run's completion
does not wait for any channel. The task reads the run's plan through the writer (the coordinator may
run where the database is not), sends from here, records each job a channel took through the writer,
and says in the run's events what it did (``alerts: 3 sent to 2 channels``). A failure — the writer
gone, a bug — is logged and said in the events; it never touches the run's outcome.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from actors.faults import traceback_text, unexpected
from jobscraper.alerts import AlertStore, Sender, run_alerts
from jobscraper.config import Settings

__all__ = ["AlertSteps"]

log = logging.getLogger(__name__)
Emit = Callable[..., None]


class AlertSteps:
    """Starts each ended run's alert step; ``sender`` defaults to Apprise with the configured retries."""

    def __init__(self, settings: Settings, store: AlertStore, *, sender: Sender | None = None) -> None:
        self._settings = settings
        self._store = store
        self._sender = sender
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def pending(self) -> int:
        """Alert steps still sending."""
        return len(self._tasks)

    def start(self, run_id: int, emit: Emit) -> asyncio.Task[None] | None:
        """Start run ``run_id``'s alert step in the background (None: alerts are off)."""
        if not self._settings.alerts.enabled:
            return None
        task = asyncio.get_running_loop().create_task(self._step(run_id, emit))
        self._tasks.add(task)  # held until done: a task nobody holds may be collected mid-way
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait(self) -> None:
        """Wait for the alert steps under way (tests, a coordinator that stops)."""
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _step(self, run_id: int, emit: Emit) -> None:
        try:
            report = await run_alerts(self._store, self._settings, run_id, self._sender)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the writer gone, a bug: said in the events, the run stands
            log.error("run %s: alerts failed", run_id, exc_info=exc)
            emit("alerts_failed", f"alerts failed: {unexpected(exc)}", traceback=traceback_text(exc))
            return
        if report.messages or report.failed:
            emit("alerts_sent", report.summary(), **report.model_dump(exclude={"failed"}))

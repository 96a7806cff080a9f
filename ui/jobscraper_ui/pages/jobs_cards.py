"""The Jobs page's card-level state that is not one job's own edit (issue 17, items 4, 5 and 9):
the jobs selected for a bulk action, which cards have their notes drawer open, what counts as
new, and the last hide that can be undone.

It lives apart from :class:`~jobscraper_ui.pages.jobs_state.JobsState` (the filters and the page of
cards) and reaches it through ``get_state`` to reload the page after a bulk change.

What's new: the browser keeps the time of the last visit in localStorage; when the page opens, the
previous visit's time becomes :attr:`CardsState.since`, and a card is new when its job was first
seen after it, or while the latest finished run ran (all as seconds since 1970, so the page
compares numbers).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import epoch_s
from jobscraper_ui.pages.jobs_state import JobsState

__all__ = ["CardsState"]


class CardsState(BaseState):
    selected: list[str] = []  # job ids ticked for a bulk action (kept across pages)
    notes_open: list[str] = []  # job ids whose notes drawer is open
    last_visit: str = rx.LocalStorage("", name="jobscraper-last-visit")
    since: int = 0  # the previous visit (format.epoch_s); 0 on a first visit
    run_from: int = 0  # the latest finished run's window: its jobs are new too
    run_to: int = 0
    undo_id: str = ""  # the job just hidden, offered back ("Hidden — Undo")
    undo_title: str = ""
    visited: bool = False  # this tab has opened the page before (``since`` is set)

    @rx.event
    async def opened(self) -> None:
        """The Jobs page opened: remember this visit, and what counts as new on it (the previous
        visit's time is read once per tab, so coming back to the page keeps the same marks)."""
        if not self.visited:
            self.since = int(self.last_visit) if self.last_visit.isdigit() else 0
            self.visited = True
        self.last_visit = str(epoch_s(datetime.now(UTC)))
        runs = await self.call(lambda: client().runs(5))
        done = next((r for r in runs or [] if r.finished_at is not None and r.status == "done"), None)
        self.run_from = epoch_s(done.started_at) if done else 0
        self.run_to = epoch_s(done.finished_at) if done else 0

    @rx.event
    def toggle_select(self, job_id: str, on: bool) -> None:
        if on and job_id not in self.selected:
            self.selected = [*self.selected, job_id]
        elif not on:
            self.selected = [i for i in self.selected if i != job_id]

    @rx.event
    def clear_selection(self) -> None:
        self.selected = []

    @rx.event
    async def select_page(self) -> None:
        jobs = await self.get_state(JobsState)
        self.selected = list(dict.fromkeys([*self.selected, *(c.id for c in jobs.cards)]))

    @rx.event
    def toggle_notes(self, job_id: str) -> None:
        others = [i for i in self.notes_open if i != job_id]
        self.notes_open = others if job_id in self.notes_open else [*others, job_id]

    async def _reload(self) -> None:
        jobs = await self.get_state(JobsState)
        await jobs._load()

    @rx.event
    async def bulk(self, change: dict[str, Any]) -> None:
        """Apply ``change`` to every selected job in one request, then show the page again."""
        await self._bulk(change)

    @rx.event
    async def bulk_status(self, status: str) -> None:
        await self._bulk({"status": status})

    async def _bulk(self, change: dict[str, Any]) -> None:
        ids = [int(i) for i in self.selected]
        if not ids:
            return
        self.error = ""
        answer = await self.call(lambda: client().bulk_update(ids, change))
        if answer is not None:
            self.selected = []
            if change.get("hidden"):
                self.undo_id, self.undo_title = "", ""
        await self._reload()

    @rx.event
    async def hide(self, job_id: str, title: str) -> None:
        """Hide one job (its Hide button, or ``h``); it can be had back with :meth:`undo_hide`."""
        self.error = ""
        done = await self.call(lambda: client().update_job(job_id, {"hidden": True}))
        if done is not None:
            self.undo_id, self.undo_title = job_id, title
            self.selected = [i for i in self.selected if i != job_id]
        await self._reload()

    @rx.event
    async def undo_hide(self) -> None:
        if not self.undo_id:
            return
        job_id = self.undo_id
        done = await self.call(lambda: client().update_job(job_id, {"hidden": False}))
        if done is not None:
            self.undo_id, self.undo_title = "", ""
        await self._reload()

    @rx.event
    def dismiss_undo(self) -> None:
        self.undo_id, self.undo_title = "", ""

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

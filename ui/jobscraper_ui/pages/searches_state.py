"""The Saved searches page's state: the saved searches as rows, and the add/edit form.

Deleting asks first (``confirm_id``: the search the dialog asks about); the list is dimmed while
it loads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from jobscraper.store.saved_shapes import SavedSearchPublic
from jobscraper.vocabulary import DEFAULT_SITES
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import BOARDS, ago

__all__ = ["SearchRow", "SearchesState", "search_row"]


@dataclasses.dataclass
class SearchRow:
    id: int
    name: str
    summary: str
    enabled: bool
    last: str


def search_row(s: SavedSearchPublic) -> SearchRow:
    """A saved search as its row: a one-line summary and the outcome of its last run."""
    bits = [s.term]
    if s.location:
        bits.append(s.location)
    if s.is_remote:
        bits.append("remote")
    bits.append(", ".join(s.sites))
    bits.append(f"{s.results_wanted} per site")
    last = (
        f"last run {ago(s.last_run_at)}: {s.last_status}, {s.last_found or 0} found, {s.last_new or 0} new"
        if s.last_run_at
        else "not run yet"
    )
    return SearchRow(s.id, s.name, " · ".join(bits), s.enabled, last)


class SearchesState(BaseState):
    searches: list[SearchRow] = []
    loaded: bool = False
    raw: dict[str, dict[str, Any]] = {}
    # the form: editing_id 0 adds a new search
    editing_id: int = 0
    name: str = ""
    term: str = ""
    location: str = ""
    sites: list[str] = list(DEFAULT_SITES)
    results_wanted: str = "50"
    hours_old: str = ""
    country: str = "usa"
    is_remote: bool = False
    message: str = ""
    # the search the delete dialog asks about (0: no dialog)
    confirm_id: int = 0
    confirm_name: str = ""

    @rx.event
    async def load(self) -> AsyncIterator[None]:
        self.loading = True
        yield  # the list dims at once
        try:
            await self._refresh()
        finally:
            self.loading = False

    async def _refresh(self) -> None:
        self.error = ""
        await self.check_health()
        answer = await self.call(lambda: client().searches())
        self.loaded = True
        if answer is not None:
            self.searches = [search_row(s) for s in answer]
            self.raw = {str(s.id): s.model_dump(mode="json") for s in answer}

    @rx.event
    def set_field(self, name: str, value: Any) -> None:
        setattr(self, name, value)

    @rx.event
    def toggle_site(self, site: str, on: bool) -> None:
        self.sites = [s for s in BOARDS if (s == site and on) or (s != site and s in self.sites)]

    @rx.event
    def edit(self, search_id: int) -> None:
        s = self.raw.get(str(search_id))
        if s is None:
            return
        self.editing_id = search_id
        self.name, self.term, self.location = s["name"], s["term"], s.get("location") or ""
        self.sites = list(s["sites"])
        self.results_wanted = str(s["results_wanted"])
        self.hours_old = str(s.get("hours_old") or "")
        self.country = s.get("country") or "usa"
        self.is_remote = bool(s.get("is_remote"))
        self.message = ""

    @rx.event
    def new(self) -> None:
        self.editing_id = 0
        self.name = self.term = self.location = self.hours_old = ""
        self.sites = list(DEFAULT_SITES)
        self.results_wanted, self.country, self.is_remote = "50", "usa", False

    @rx.event
    async def save(self) -> None:
        self.error = self.message = ""
        for label, value in (
            ("Results per site", self.results_wanted),
            ("Posted within (hours)", self.hours_old),
        ):
            if value.strip() and not value.strip().isdigit():
                self.error = f"{label} must be a whole number."
                return
        body: dict[str, Any] = {
            "name": self.name.strip(),
            "term": self.term.strip(),
            "location": self.location.strip() or None,
            "sites": self.sites,
            "results_wanted": int(self.results_wanted.strip() or 50),
            "hours_old": int(self.hours_old) if self.hours_old.strip() else None,
            "country": self.country.strip() or "usa",
            "is_remote": self.is_remote,
        }
        editing = self.editing_id
        if editing:
            saved = await self.call(lambda: client().update_search(editing, body))
        else:
            saved = await self.call(lambda: client().create_search(body))
        if saved is None:
            return
        self.message = f"Saved {saved.name}."
        self.new()
        await self._refresh()

    @rx.event
    async def toggle(self, search_id: int, enabled: bool) -> None:
        if await self.call(lambda: client().update_search(search_id, {"enabled": enabled})) is not None:
            await self._refresh()

    @rx.event
    def ask_remove(self, search_id: int) -> None:
        """Open the dialog that asks before the search is deleted."""
        self.confirm_id = search_id
        self.confirm_name = str(self.raw.get(str(search_id), {}).get("name", ""))

    @rx.event
    def keep(self, still_open: bool = False) -> None:
        """The dialog was cancelled (or closed): nothing is deleted."""
        if not still_open:
            self.confirm_id, self.confirm_name = 0, ""

    @rx.event
    async def remove(self) -> None:
        """Delete the search the dialog asked about."""
        search_id, self.confirm_id, self.confirm_name = self.confirm_id, 0, ""
        if not search_id:
            return
        await self.call(lambda: client().delete_search(search_id))
        if self.editing_id == search_id:
            self.new()
        await self._refresh()

"""Saved searches: add and edit the job-board searches that runs scrape."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import ago
from jobscraper_ui.layout import listing, page, saved_row

__all__ = ["SearchesState", "searches_page"]

BOARDS = ["linkedin", "indeed", "glassdoor", "zip_recruiter", "google"]


@dataclasses.dataclass
class SearchRow:
    id: int
    name: str
    summary: str
    enabled: bool
    last: str


def _row(s: dict[str, Any]) -> SearchRow:
    bits = [s["term"]]
    if s.get("location"):
        bits.append(s["location"])
    if s.get("is_remote"):
        bits.append("remote")
    bits.append(", ".join(s["sites"]))
    bits.append(f"{s['results_wanted']} per site")
    last = (
        f"last run {ago(s['last_run_at'])}: {s.get('last_status')}, {s.get('last_found') or 0} found, "
        f"{s.get('last_new') or 0} new"
        if s.get("last_run_at")
        else "not run yet"
    )
    return SearchRow(s["id"], s["name"], " · ".join(bits), s["enabled"], last)


class SearchesState(BaseState):
    searches: list[SearchRow] = []
    loaded: bool = False
    raw: dict[str, dict[str, Any]] = {}
    # the form: editing_id 0 adds a new search
    editing_id: int = 0
    name: str = ""
    term: str = ""
    location: str = ""
    sites: list[str] = ["linkedin", "indeed"]
    results_wanted: str = "50"
    hours_old: str = ""
    country: str = "usa"
    is_remote: bool = False
    message: str = ""

    @rx.event
    async def load(self) -> None:
        self.error = ""
        await self.check_health()
        answer = await self.call(lambda: api().get("/api/searches"))
        self.loaded = True
        if answer is not None:
            self.searches = [_row(s) for s in answer]
            self.raw = {str(s["id"]): s for s in answer}

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
        self.sites = ["linkedin", "indeed"]
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
            saved = await self.call(lambda: api().patch(f"/api/searches/{editing}", body))
        else:
            saved = await self.call(lambda: api().post("/api/searches", body))
        if saved is None:
            return
        self.message = f"Saved {saved['name']}."
        self.new()
        await self.load()

    @rx.event
    async def toggle(self, search_id: int, enabled: bool) -> None:
        if (
            await self.call(lambda: api().patch(f"/api/searches/{search_id}", {"enabled": enabled}))
            is not None
        ):
            await self.load()

    @rx.event
    async def remove(self, search_id: int) -> None:
        await self.call(lambda: api().delete(f"/api/searches/{search_id}"))
        if self.editing_id == search_id:
            self.new()
        await self.load()


def _form() -> rx.Component:
    s = SearchesState

    def field(name: str, placeholder: str, flex: str = "1 1 10em") -> rx.Component:
        return rx.input(
            value=getattr(s, name),
            on_change=lambda v: SearchesState.set_field(name, v),
            placeholder=placeholder,
            flex=flex,
            aria_label=placeholder,
            id=f"search-{name}",
        )

    return rx.card(
        rx.heading(rx.cond(s.editing_id > 0, "Edit search", "Add a search"), size="3", as_="h2"),
        rx.flex(
            field("name", "Name"),
            field("term", "Search term, e.g. python developer", "2 1 14em"),
            field("location", "Location"),
            field("results_wanted", "Results per site"),
            field("hours_old", "Posted within (hours)"),
            field("country", "Country (Indeed/Glassdoor)"),
            spacing="2",
            wrap="wrap",
            margin_y="2",
        ),
        rx.flex(
            *[
                rx.el.label(
                    rx.flex(
                        rx.checkbox(
                            checked=s.sites.contains(b),
                            on_change=lambda v, b=b: SearchesState.toggle_site(b, v),
                        ),
                        rx.text(b, size="2"),
                        spacing="1",
                        align="center",
                    )
                )
                for b in BOARDS
            ],
            rx.el.label(
                rx.flex(
                    rx.checkbox(
                        checked=s.is_remote, on_change=lambda v: SearchesState.set_field("is_remote", v)
                    ),
                    rx.text("remote only", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.flex(
            rx.button(
                rx.cond(s.editing_id > 0, "Save changes", "Add search"),
                on_click=SearchesState.save,
                id="search-save",
            ),
            rx.cond(s.editing_id > 0, rx.button("Cancel", variant="soft", on_click=SearchesState.new)),
            rx.cond(s.message != "", rx.text(s.message, color_scheme="green", size="2")),
            spacing="2",
            align="center",
            margin_top="2",
        ),
        width="100%",
    )


def _search(r: SearchRow) -> rx.Component:
    return saved_row(
        rx.vstack(
            rx.text(r.name, weight="bold"),
            rx.text(r.summary, size="2"),
            rx.text(r.last, size="1", color_scheme="gray"),
            spacing="1",
            flex="1 1 16em",
            min_width="0",
        ),
        rx.button("Edit", variant="soft", size="1", on_click=SearchesState.edit(r.id)),
        enabled=r.enabled,
        on_toggle=lambda v: SearchesState.toggle(r.id, v),
        on_delete=SearchesState.remove(r.id),
        delete_label="delete search",
        class_name="search-row",
    )


def searches_page() -> rx.Component:
    s = SearchesState
    return page(
        _form(),
        listing(
            s.searches,
            _search,
            s.loaded,
            "No saved searches yet",
            "Add one above, then scrape it from the Scrape page.",
        ),
        title="Saved searches",
    )

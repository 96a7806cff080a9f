"""Jobs: search, filter, sort and page through jobs; favourite, status and notes on each card."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import SITES, STATUSES, job_row
from jobscraper_ui.layout import empty_state, page

__all__ = ["JobCard", "JobsState", "jobs_page", "status_select"]

PER_PAGE = 20
_SORTS = {
    "relevance": "Best match",
    "posted": "Newest posted",
    "first_seen": "Newest found",
    "salary": "Highest salary",
    "company": "Company",
    "title": "Title",
}
_WITHIN = {"any": "Any time", "1": "Last 24 hours", "3": "Last 3 days", "7": "Last week", "30": "Last month"}
_ANY = "any"


@dataclasses.dataclass
class JobCard:
    id: str
    title: str
    company: str
    location: str
    remote: str
    salary: str
    posted: str
    sites: list[str]
    skills: list[str]
    seniority: str
    favorite: bool
    status: str
    notes: str
    archived: bool
    url: str


def card_of(job: dict[str, Any]) -> JobCard:
    return JobCard(**job_row(job))


class JobsState(BaseState):
    cards: list[JobCard] = []
    total: int = 0
    total_capped: bool = False
    page: int = 1
    loaded: bool = False
    filtered: bool = False
    # the filter form (submitted as a whole)
    q: str = ""
    location: str = ""
    min_salary: str = ""
    within: str = _ANY
    source: str = _ANY
    status: str = _ANY
    remote: str = _ANY
    favorites: bool = False
    archived: str = "exclude"
    sort: str = "relevance"

    def _params(self) -> dict[str, Any]:
        since = None
        if self.within != _ANY:
            since = (datetime.now(UTC) - timedelta(days=int(self.within))).date().isoformat()
        return {
            "q": self.q.strip() or None,
            "location": self.location.strip() or None,
            "min_salary": self.min_salary.strip() or None,
            "posted_since": since,
            "source": None if self.source == _ANY else self.source,
            "status": None if self.status == _ANY else self.status,
            "remote": {"remote": "true", "onsite": "false"}.get(self.remote),
            "favorites": "true" if self.favorites else None,
            "archived": self.archived,
            "sort": self.sort,
            "descending": "false" if self.sort in ("company", "title") else "true",
            "page": self.page,
            "per_page": PER_PAGE,
        }

    @rx.event
    async def load(self) -> None:
        self.error = ""
        await self.check_health()
        answer = await self.call(lambda: api().get("/api/jobs", self._params()))
        self.loaded = True
        if answer is None:
            return
        self.cards = [card_of(job) for job in answer["items"]]
        self.total = answer["total"]
        self.total_capped = answer.get("total_capped", False)
        self.filtered = any((self.q, self.location, self.min_salary, self.favorites)) or any(
            v != _ANY for v in (self.within, self.source, self.status, self.remote)
        )

    @rx.event
    async def search(self, form: dict[str, Any]) -> None:
        self.q = str(form.get("q", ""))
        self.location = str(form.get("location", ""))
        self.min_salary = str(form.get("min_salary", "")).replace(",", "").strip()
        self.favorites = form.get("favorites") in ("on", True, "true")
        self.page = 1
        await self.load()

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        setattr(self, name, value)
        self.page = 1
        await self.load()

    @rx.event
    async def clear(self) -> None:
        self.q = self.location = self.min_salary = ""
        self.within = self.source = self.status = self.remote = _ANY
        self.favorites = False
        self.archived = "exclude"
        self.sort = "relevance"
        self.page = 1
        await self.load()

    @rx.event
    async def go(self, delta: int) -> None:
        self.page = max(1, self.page + delta)
        await self.load()

    def _replace(self, job: dict[str, Any]) -> None:
        updated = card_of(job)
        self.cards = [updated if c.id == updated.id else c for c in self.cards]

    async def _patch(self, job_id: str, change: dict[str, Any]) -> None:
        self.error = ""
        job = await self.call(lambda: api().patch(f"/api/jobs/{job_id}", change))
        if job is not None:
            self._replace(job)

    @rx.event
    async def toggle_favorite(self, job_id: str, favorite: bool) -> None:
        await self._patch(job_id, {"favorite": not favorite})

    @rx.event
    async def set_status(self, job_id: str, status: str) -> None:
        await self._patch(job_id, {"status": status})

    @rx.event
    async def save_notes(self, job_id: str, notes: str) -> None:
        current = next((c.notes for c in self.cards if c.id == job_id), None)
        if notes != current:
            await self._patch(job_id, {"notes": notes})

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @rx.var
    def summary(self) -> str:
        more = "+" if self.total_capped else ""
        return f"{self.total}{more} job{'' if self.total == 1 else 's'}"


def _select(name: str, options: dict[str, str], value: rx.Var[str], label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, min_width="9em"),
        rx.select.content(*[rx.select.item(text, value=key) for key, text in options.items()]),
        value=value,
        on_change=lambda v: JobsState.set_filter(name, v),
    )


def status_select(job_id: rx.Var[str], value: rx.Var[str], handler: Any) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="application status"),
        rx.select.content(*[rx.select.item(s.capitalize(), value=s) for s in STATUSES]),
        value=value,
        on_change=lambda v: handler(job_id, v),
        size="1",
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                name="q",
                placeholder="Search title, company, skills, description …",
                default_value=JobsState.q,
                flex="3 1 16em",
                id="search-q",
            ),
            rx.input(
                name="location", placeholder="Location", default_value=JobsState.location, flex="1 1 9em"
            ),
            rx.input(
                name="min_salary",
                placeholder="Salary at least (yearly)",
                default_value=JobsState.min_salary,
                input_mode="numeric",
                flex="1 1 9em",
            ),
            rx.button("Search", type="submit", id="search-submit"),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            _select(
                "remote",
                {_ANY: "Remote or not", "remote": "Remote", "onsite": "On-site"},
                JobsState.remote,
                "remote",
            ),
            _select("within", _WITHIN, JobsState.within, "posted within"),
            _select("source", {_ANY: "Any source", **{s: s for s in SITES}}, JobsState.source, "source"),
            _select(
                "status",
                {_ANY: "Any status", **{s: s.capitalize() for s in STATUSES}},
                JobsState.status,
                "status",
            ),
            _select(
                "archived",
                {"exclude": "Active", "include": "Active and archived", "only": "Archived"},
                JobsState.archived,
                "archived",
            ),
            _select("sort", _SORTS, JobsState.sort, "sort"),
            rx.el.label(
                rx.flex(
                    rx.checkbox(name="favorites", default_checked=JobsState.favorites, id="only-favorites"),
                    rx.text("Favourites only", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            rx.button("Clear", variant="soft", type="button", on_click=JobsState.clear),
            spacing="2",
            wrap="wrap",
            align="center",
            margin_top="2",
        ),
        on_submit=JobsState.search,
        width="100%",
    )


def job_card(card: JobCard) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon_button(
                rx.cond(card.favorite, rx.icon("star", fill="currentColor"), rx.icon("star")),
                variant="ghost",
                color_scheme=rx.cond(card.favorite, "amber", "gray"),
                on_click=JobsState.toggle_favorite(card.id, card.favorite),
                aria_label=rx.cond(card.favorite, "remove from favourites", "add to favourites"),
                aria_pressed=card.favorite,
                class_name="favorite-toggle",
            ),
            rx.vstack(
                rx.link(
                    rx.heading(card.title, size="4", as_="h2"),
                    href="/jobs/" + card.id,
                    class_name="job-title",
                ),
                rx.text(
                    card.company,
                    rx.cond(card.location != "", " · " + card.location, ""),
                    color_scheme="gray",
                    size="2",
                ),
                rx.flex(
                    rx.cond(card.salary != "", rx.badge(card.salary, color_scheme="green")),
                    rx.cond(card.remote != "", rx.badge(card.remote, color_scheme="blue")),
                    rx.cond(card.seniority != "", rx.badge(card.seniority, color_scheme="purple")),
                    rx.cond(card.archived, rx.badge("archived", color_scheme="gray")),
                    rx.foreach(card.sites, lambda s: rx.badge(s, variant="outline")),
                    rx.text(card.posted, size="1", color_scheme="gray"),
                    spacing="1",
                    wrap="wrap",
                    align="center",
                ),
                rx.flex(
                    rx.foreach(card.skills, lambda s: rx.badge(s, variant="soft", size="1")),
                    spacing="1",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1 1 18em",
                min_width="0",
            ),
            rx.vstack(
                status_select(card.id, card.status, JobsState.set_status),
                rx.text_area(
                    default_value=card.notes,
                    placeholder="Notes",
                    on_blur=lambda v: JobsState.save_notes(card.id, v),
                    rows="2",
                    width="100%",
                    aria_label="notes",
                ),
                flex="1 1 12em",
                spacing="2",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        class_name="job-card",
        data_job_id=card.id,
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.button("← Previous", variant="soft", on_click=JobsState.go(-1), disabled=JobsState.page <= 1),
        rx.text("page ", JobsState.page, " of ", JobsState.pages, size="2"),
        rx.button(
            "Next →", variant="soft", on_click=JobsState.go(1), disabled=JobsState.page >= JobsState.pages
        ),
        spacing="3",
        align="center",
        justify="center",
        width="100%",
    )


def _results() -> rx.Component:
    return rx.cond(
        JobsState.cards.length() > 0,
        rx.vstack(
            rx.text(JobsState.summary, size="2", color_scheme="gray", id="job-count"),
            rx.foreach(JobsState.cards, job_card),
            _pager(),
            width="100%",
            spacing="3",
        ),
        rx.cond(
            JobsState.loaded & (JobsState.unreachable == ""),
            rx.cond(
                JobsState.filtered,
                empty_state("No jobs match these filters", "Loosen a filter, or clear them all."),
                empty_state(
                    "No jobs yet",
                    rx.text(
                        "Start a scrape on the ",
                        rx.link("Scrape page", href="/scrape"),
                        " (try the demo search), and the jobs it finds appear here.",
                    ),
                ),
            ),
        ),
    )


def jobs_page() -> rx.Component:
    return page(_filters(), _results(), title="Jobs")

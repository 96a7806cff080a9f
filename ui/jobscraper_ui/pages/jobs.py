"""Jobs: search, filter, sort and page through jobs; favourite, status and notes on each card.

Every control on a card is bound to its job, never to its place in the list: the card is keyed by
the job id (React keeps no input of one job for another after a page turn or a new filter), the
notes box is controlled (its text is the job's draft in this state, by job id), and each event
carries the job id the card was rendered with. Notes are saved by their Save button or on leaving
the box, and the card says "unsaved" or "saved". A draft not saved yet stays with its job across
pages, so turning a page loses nothing and lands nowhere else.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import SITES, STATUSES, job_row
from jobscraper_ui.layout import empty_state, page

__all__ = ["JobCard", "JobsState", "jobs_page", "notes_box", "status_select"]

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
    href: str
    draft: str  # the text in the notes box; differs from ``notes`` while unsaved
    note_state: str  # "" | "unsaved" | "saved"


def card_of(job: dict[str, Any], drafts: dict[str, str] | None = None, note_state: str = "") -> JobCard:
    """A card for ``job``; its notes box shows the job's unsaved draft when ``drafts`` has one."""
    row = job_row(job)
    draft = (drafts or {}).get(row["id"])
    if draft is not None and draft != row["notes"]:
        return JobCard(**row, draft=draft, note_state="unsaved")
    return JobCard(**row, draft=row["notes"], note_state=note_state)


class JobsState(BaseState):
    cards: list[JobCard] = []
    drafts: dict[str, str] = {}  # job id -> notes typed but not saved yet
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
        self.cards = [card_of(job, self.drafts) for job in answer["items"]]
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

    def _replace(self, job: dict[str, Any], note_state: str = "") -> None:
        updated = card_of(job, self.drafts, note_state)
        self.cards = [updated if c.id == updated.id else c for c in self.cards]

    async def _patch(self, job_id: str, change: dict[str, Any]) -> dict[str, Any] | None:
        self.error = ""
        job: dict[str, Any] | None = await self.call(lambda: api().patch(f"/api/jobs/{job_id}", change))
        if job is not None:
            self._replace(job)
        return job

    @rx.event
    async def toggle_favorite(self, job_id: str, favorite: bool) -> None:
        await self._patch(job_id, {"favorite": not favorite})

    @rx.event
    async def set_status(self, job_id: str, status: str) -> None:
        await self._patch(job_id, {"status": status})

    @rx.event
    def edit_notes(self, job_id: str, text: str) -> None:
        """Keep what was typed into the notes box of ``job_id`` (the id the box was rendered with)."""
        saved = next((c.notes for c in self.cards if c.id == job_id), None)
        if saved is not None and text == saved:
            self.drafts.pop(job_id, None)
        else:
            self.drafts[job_id] = text
        self.cards = [
            dataclasses.replace(c, draft=text, note_state="" if text == c.notes else "unsaved")
            if c.id == job_id
            else c
            for c in self.cards
        ]

    @rx.event
    async def save_notes(self, job_id: str) -> None:
        """Save the draft of ``job_id``'s notes (its Save button, or leaving its box)."""
        text = self.drafts.get(job_id)
        if text is None:
            return
        job = await self._patch(job_id, {"notes": text})
        if job is not None:  # the box now shows what the API holds, and says it is saved
            self.drafts.pop(job_id, None)
            self._replace(job, note_state="saved")

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
                notes_box(card.id, card.draft, card.note_state, JobsState.edit_notes, JobsState.save_notes),
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
        key=card.id,
    )


def notes_box(
    job_id: rx.Var[str], draft: rx.Var[str], state: rx.Var[str], edit: Any, save: Any
) -> rx.Component:
    """The notes of one job: a controlled box keyed by the job id, a Save button, its saved state.

    ``edit(job_id, text)`` and ``save(job_id)`` get the id this box was rendered with, so a note
    can only ever reach its own job.
    """
    return rx.vstack(
        rx.text_area(
            value=draft,
            placeholder="Notes",
            on_change=lambda text: edit(job_id, text),
            on_blur=save(job_id),
            rows="2",
            width="100%",
            aria_label="notes",
            key=job_id,
            class_name="notes",
        ),
        rx.flex(
            rx.button(
                "Save",
                size="1",
                variant="soft",
                on_click=save(job_id),
                disabled=state != "unsaved",
                class_name="save-notes",
                type="button",
            ),
            rx.text(
                rx.match(state, ("unsaved", "unsaved changes"), ("saved", "saved ✓"), ""),
                size="1",
                color_scheme=rx.cond(state == "unsaved", "orange", "green"),
                class_name="notes-state",
                data_state=state,
            ),
            spacing="2",
            align="center",
        ),
        spacing="1",
        width="100%",
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

"""The Jobs page's state: the filter form, one page of job cards, and each card's favourite,
status, notes and fit.

Sorting: "Best fit" (the Api's ``sort=fit``) is the default while an active profile exists; the
Api's 409 (no active profile, or it has no résumé) turns the page to today's default order without
an error, and says why only when the person chose Best fit. Each card carries its fit badge's
fields (:func:`jobscraper_ui.pages.fit.fit_fields`); none when the Api sends no fit.

Every control on a card is bound to its job, never to its place in the list: each event carries
the job id the card was rendered with, and the notes box shows the job's draft held here by job id.
Notes are saved by their Save button or on leaving the box, and the card says "unsaved" or
"saved". A draft not saved yet stays with its job across pages, so turning a page loses nothing
and lands nowhere else.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx

from jobscraper.store.search_shapes import JobPublic
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import ApiError, ApiUnreachable, FitJob, FitPage, Query, client
from jobscraper_ui.format import STATUSES, job_row
from jobscraper_ui.pages.fit import NO_FIT, fit_fields
from jobscraper_ui.pages.jobs_query import ANY, WITHIN, Filters, parse_salary

__all__ = ["ANY", "FIT", "PER_PAGE", "PLAIN_SORT", "SORTS", "WITHIN", "JobCard", "JobsState", "card_of"]

PER_PAGE = 20
FIT = "fit"
"""The Best fit order: the default while an active profile exists."""
PLAIN_SORT = "relevance"
"""The default order without a profile."""
SORTS = {
    FIT: "Best fit",
    "relevance": "Best match",
    "posted": "Newest posted",
    "first_seen": "Newest found",
    "salary": "Highest salary",
    "company": "Company",
    "title": "Title",
}


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
    fit: str  # the score 0-100 as text; "" when there is none (no badge)
    fit_band: str  # the badge's colour
    fit_sunk: bool  # a hard preference is broken (the reason says which)
    fit_reason: str  # the top reason, shown beside the badge
    fit_tip: str  # the first reasons, the badge's tooltip
    seen_at: int = 0  # when the job was first seen (format.epoch_s): the card's "new" mark


def card_of(job: JobPublic, drafts: dict[str, str] | None = None, note_state: str = "") -> JobCard:
    """A card for ``job``; its notes box shows the job's unsaved draft when ``drafts`` has one."""
    row = job_row(job.model_dump(mode="json", exclude={"fit", "fit_reasons", "fit_sunk"}))
    fit = fit_fields(job.fit, job.fit_reasons, job.fit_sunk) if isinstance(job, FitJob) else NO_FIT
    draft = (drafts or {}).get(row["id"])
    if draft is not None and draft != row["notes"]:
        return JobCard(**row, **fit, draft=draft, note_state="unsaved")
    return JobCard(**row, **fit, draft=row["notes"], note_state=note_state)


class JobsState(BaseState):
    cards: list[JobCard] = []
    drafts: dict[str, str] = {}  # job id -> notes typed but not saved yet
    total: int = 0
    total_capped: bool = False
    page: int = 1
    loaded: bool = False
    filtered: bool = False
    # the filter form: every control applies at once; the filters live in the page's URL
    q: str = ""
    location: str = ""
    min_salary: str = ""  # as typed ("100k"); parse_salary reads it
    salary_hint: str = ""  # why the salary text is not an amount (no request is made then)
    within: str = ANY
    source: str = ANY
    status: str = ANY
    remote: str = ANY
    favorites: bool = False
    archived: str = "exclude"
    sort: str = FIT
    sort_chosen: bool = False  # the person picked the order; else the default applies
    fit_profile: str = ""  # the profile the fits are for ("": no fits)
    fit_note: str = ""  # why Best fit is not available, when the person chose it
    run: str = ""  # only the jobs this run found new (the Scrape page's "N new jobs" link: ?run=N)
    source_items: list[list[str]] = [[ANY, "Any source"]]  # [value, label] from the Api's data
    url_query: str = ""  # the URL query of the filters shown (what the address bar says)

    def _params(self) -> Query:
        since = None
        if self.within != ANY:
            since = (datetime.now(UTC) - timedelta(days=int(self.within))).date().isoformat()
        try:
            salary = parse_salary(self.min_salary)
        except ValueError:  # the box shows the hint; the other filters still apply
            salary = None
        return {
            "q": self.q.strip() or None,
            "location": self.location.strip() or None,
            "min_salary": None if salary is None else str(salary),
            "posted_since": since,
            "source": None if self.source == ANY else self.source,
            "status": None if self.status == ANY else self.status,
            "remote": {"remote": "true", "onsite": "false"}.get(self.remote),
            "favorites": "true" if self.favorites else None,
            "archived": self.archived,
            # the plain order without words is newest first (the Api's relevance would be last seen)
            "sort": "first_seen" if self.sort == PLAIN_SORT and not self.q.strip() else self.sort,
            "descending": "false" if self.sort in ("company", "title") else "true",
            "run": self.run or None,
            "page": self.page,
            "per_page": PER_PAGE,
        }

    def _filters(self) -> Filters:
        return Filters(
            q=self.q,
            location=self.location,
            min_salary=self.min_salary,
            within=self.within,
            source=self.source,
            status=self.status,
            remote=self.remote,
            favorites=self.favorites,
            archived=self.archived,
            sort=self.sort if self.sort_chosen else "",
            page=self.page,
            run=self.run,
        )

    def _apply(self, filters: Filters) -> None:
        for name in ("q", "location", "min_salary", "within", "source", "status", "remote", "favorites"):
            setattr(self, name, getattr(filters, name))
        self.archived, self.page, self.run = filters.archived, filters.page, filters.run
        self.sort_chosen = bool(filters.sort)
        self.sort = filters.sort or FIT
        self.salary_hint = ""

    def _url_params(self) -> dict[str, str]:
        """The query parameters of the address the page was opened at (none outside a browser)."""
        router = getattr(self, "router", None)
        url = getattr(router, "url", None)
        return dict(getattr(url, "query_parameters", {}) or {})

    async def _show(self) -> Any:
        """Load the page for the filters now set and put them in the address bar: a new history
        entry, so Back returns to the filters before (the page reloads nothing; see :meth:`load`)."""
        await self._load(health=False)
        query = self._filters().query()
        if query == self.url_query:
            return None
        self.url_query = query
        url = f"/?{query}" if query else "/"
        return rx.call_script(f"window.history.pushState(null, '', {json.dumps(url)})")

    async def _page(self) -> FitPage:
        """The page of jobs in the current order; Best fit without an active profile (the Api's
        409) falls back to the plain order."""
        try:
            return await client().jobs(self._params())
        except ApiError as exc:
            if exc.status != 409 or self.sort != FIT:
                raise
            if self.sort_chosen:
                self.fit_note = f"Best fit is not available: {exc}"
            self.sort = PLAIN_SORT
        return await client().jobs(self._params())

    @rx.event
    async def load(self) -> AsyncIterator[None]:
        """The page opened, or Back/Forward moved to another of its addresses: the filters are the
        URL's (none: Best fit first, unfiltered), and the Source filter's choices are the data's.
        The cards go to the page as soon as they are here; the Source filter's choices follow (the
        first card is what a person opening the page waits for)."""
        params = self._url_params()
        self._apply(Filters.from_params(params, SORTS, STATUSES))  # ?run=N too: the Scrape page's link
        self.url_query = self._filters().query()
        await self._load()
        yield
        await self._load_sources()

    async def _load_sources(self) -> None:
        try:
            facets = await client().job_sources()
        except (ApiError, ApiUnreachable):  # the jobs still list; the banner tells of an outage
            facets = []
        items = [[ANY, "Any source"]] + [[f.name, f"{f.label} ({f.jobs})"] for f in facets]
        if self.source != ANY and self.source not in {value for value, _ in items}:
            items.append([self.source, self.source])  # a linked source with no visible jobs now
        self.source_items = items

    async def _load(self, *, health: bool = True) -> None:
        """The page of jobs for the filters set; ``health``: ask the Api's health first (on opening
        the page; a filter change skips it: one request, and a failure still shows in the banner)."""
        self.error = ""
        if health:  # asked alongside the jobs, not before them: one round trip less to the first card
            answer, _ = await asyncio.gather(self.call(self._page), self.check_health())
        else:
            answer = await self.call(self._page)
        self.loaded = True
        if answer is None:
            return
        self.cards = [card_of(job, self.drafts) for job in answer.items]
        self.fit_profile = answer.fit_profile or ""
        self.total = answer.total
        self.total_capped = answer.total_capped
        self.filtered = any((self.q, self.location, self.min_salary, self.favorites, self.run)) or any(
            v != ANY for v in (self.within, self.source, self.status, self.remote)
        )

    @rx.event
    async def search(self, form: dict[str, Any]) -> Any:
        """The form submitted (Enter, or the Search button): its text as it stands now, without
        waiting for the typing pause."""
        self.q = str(form.get("q", self.q))
        self.location = str(form.get("location", self.location))
        self.favorites = form.get("favorites", self.favorites) in ("on", True, "true")
        return await self._set_text("min_salary", str(form.get("min_salary", self.min_salary)), force=True)

    @rx.event
    async def set_text(self, name: str, value: str) -> Any:
        """Typing in a text box (sent after a pause): applies at once."""
        return await self._set_text(name, value)

    async def _set_text(self, name: str, value: str, *, force: bool = False) -> Any:
        """Salary text that is not an amount shows a hint and asks nothing."""
        if name not in ("q", "location", "min_salary"):
            return None
        changed = getattr(self, name) != value
        setattr(self, name, value)
        if name == "min_salary":
            try:
                parse_salary(value)
            except ValueError as exc:
                self.salary_hint = str(exc)
                return None
            self.salary_hint = ""
        if not changed and not force:
            return None
        self.page = 1
        return await self._show()

    @rx.event
    async def set_favorites(self, checked: bool) -> Any:
        self.favorites = bool(checked)
        self.page = 1
        return await self._show()

    @rx.event
    async def set_filter(self, name: str, value: str) -> Any:
        if name not in ("within", "source", "status", "remote", "archived", "sort"):
            return None
        setattr(self, name, value)
        if name == "sort":
            self.sort_chosen, self.fit_note = True, ""
        self.page = 1
        return await self._show()

    @rx.event
    async def clear(self) -> Any:
        self._apply(Filters())
        self.fit_note = ""
        return await self._show()

    @rx.event
    async def go(self, delta: int) -> Any:
        self.page = max(1, self.page + delta)
        return await self._show()

    def _replace(self, job: JobPublic, note_state: str = "") -> None:
        """Show ``job`` as the Api answered an edit; its fit stays the one listed (an edit of
        favourite, status or notes does not change it)."""
        updated = card_of(job, self.drafts, note_state)
        self.cards = [
            dataclasses.replace(updated, **{k: getattr(c, k) for k in NO_FIT}) if c.id == updated.id else c
            for c in self.cards
        ]

    async def _patch(self, job_id: str, change: dict[str, Any]) -> JobPublic | None:
        self.error = ""
        job = await self.call(lambda: client().update_job(job_id, change))
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

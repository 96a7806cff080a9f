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

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx

from jobscraper.store.search_shapes import JobPublic
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import ApiError, FitJob, FitPage, Query, client
from jobscraper_ui.format import job_row
from jobscraper_ui.pages.fit import NO_FIT, fit_fields

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
WITHIN = {"any": "Any time", "1": "Last 24 hours", "3": "Last 3 days", "7": "Last week", "30": "Last month"}
ANY = "any"


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
    # the filter form (submitted as a whole)
    q: str = ""
    location: str = ""
    min_salary: str = ""
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

    def _params(self) -> Query:
        since = None
        if self.within != ANY:
            since = (datetime.now(UTC) - timedelta(days=int(self.within))).date().isoformat()
        return {
            "q": self.q.strip() or None,
            "location": self.location.strip() or None,
            "min_salary": self.min_salary.strip() or None,
            "posted_since": since,
            "source": None if self.source == ANY else self.source,
            "status": None if self.status == ANY else self.status,
            "remote": {"remote": "true", "onsite": "false"}.get(self.remote),
            "favorites": "true" if self.favorites else None,
            "archived": self.archived,
            # the plain order without words is newest first (the Api's relevance would be last seen)
            "sort": "first_seen" if self.sort == PLAIN_SORT and not self.q.strip() else self.sort,
            "run": self.run or None,
            "descending": "false" if self.sort in ("company", "title") else "true",
            "page": self.page,
            "per_page": PER_PAGE,
        }

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
    async def load(self) -> None:
        """The page opened: Best fit first unless the person chose another order."""
        if not self.sort_chosen:
            self.sort = FIT
        url = getattr(getattr(self, "router", None), "url", None)
        run = str(dict(getattr(url, "query_parameters", {}) or {}).get("run", ""))
        self.run = run if run.isdigit() else ""
        await self._load()

    async def _load(self) -> None:
        self.error = ""
        await self.check_health()
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
    async def search(self, form: dict[str, Any]) -> None:
        self.q = str(form.get("q", ""))
        self.location = str(form.get("location", ""))
        self.min_salary = str(form.get("min_salary", "")).replace(",", "").strip()
        self.favorites = form.get("favorites") in ("on", True, "true")
        self.page = 1
        await self._load()

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        setattr(self, name, value)
        if name == "sort":
            self.sort_chosen, self.fit_note = True, ""
        self.page = 1
        await self._load()

    @rx.event
    async def clear(self) -> None:
        self.q = self.location = self.min_salary = ""
        self.within = self.source = self.status = self.remote = ANY
        self.favorites = False
        self.archived = "exclude"
        self.sort, self.sort_chosen, self.fit_note = FIT, False, ""
        self.page, self.run = 1, ""
        await self._load()

    @rx.event
    async def go(self, delta: int) -> None:
        self.page = max(1, self.page + delta)
        await self._load()

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

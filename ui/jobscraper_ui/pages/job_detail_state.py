"""The job page's state: one job as it shows it (sanitised description, its headings renumbered so
that none skips a level; extracted details, every source link, the apply link), its fit for the
active profile with the reasons, the jobs most like it ("More like this"), and its favourite,
status and notes.

The job shows first; the similar jobs come after (one more request), and the Api's refusal (409:
the job has no vector yet) is shown in their place as the Api words it, never as the page's error.

Only http(s) URLs become links (``format.safe_href``); others show as text. The notes and the
status are bound to the job they were rendered for (each event carries that id), so a note typed
here can never land on the next job opened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import reflex as rx

from jobscraper.store.search_shapes import JobPublic
from jobscraper_ui.base import BaseState
from jobscraper_ui.card_names import source_name
from jobscraper_ui.client import ApiError, FitJob, client
from jobscraper_ui.format import ago, apply_href, safe_href, safe_markdown, salary_text
from jobscraper_ui.headings import outline_headings
from jobscraper_ui.pages.fit import SIMILAR, ReasonRow, SimilarRow, fit_fields, reason_rows, similar_row

__all__ = ["JobDetailState", "SourceLink", "job_tab_title"]

_FACTS = (
    ("seniority", "Seniority"),
    ("remote_policy", "Remote policy"),
    ("visa_sponsorship", "Visa sponsorship"),
    ("job_type", "Job type"),
    ("job_level", "Level"),
)


_UNKNOWN = {"unknown", "none", "null", "n/a"}
_TITLE_MAX = 70  # a tab shows far less; the rest only lengthens the history list


def job_tab_title(title: str, company: str) -> str:
    """The browser tab's title for a job: "<job title> · <company> · jobscraper", so a tab and a
    history entry name the job; whitespace collapsed, a very long job title cut with an ellipsis."""
    name = " ".join(title.split())
    if len(name) > _TITLE_MAX:
        name = name[: _TITLE_MAX - 1].rstrip() + "…"
    firm = " ".join(company.split())
    return " · ".join(part for part in (name or "Job", firm, "jobscraper") if part)


@dataclasses.dataclass
class SourceLink:
    site: str
    url: str
    href: str  # ``url`` when it is http(s), else "" (shown as text)
    seen: str


def _fact_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class JobDetailState(BaseState):
    job_id: str = ""
    found: bool = False
    title: str = ""
    tab_title: str = job_tab_title("", "")  # the browser tab's title (the page's ``title`` Var)
    company: str = ""
    location: str = ""
    salary: str = ""
    posted: str = ""
    apply_url: str = ""
    description: str = ""
    favorite: bool = False
    status: str = "new"
    notes: str = ""
    draft: str = ""  # the text in the notes box
    note_state: str = ""  # "" | "unsaved" | "saved"
    facts: list[list[str]] = []
    skills: list[str] = []
    sources: list[SourceLink] = []
    extraction_note: str = ""
    # the fit for the active profile ("" when none) and why
    fit: str = ""
    fit_band: str = ""
    fit_sunk: bool = False
    blocked: bool = False  # the company blocklist blocks it: every list leaves it out
    fit_reason: str = ""
    fit_tip: str = ""
    reasons: list[ReasonRow] = []
    # "More like this", or why there is none
    similar: list[SimilarRow] = []
    similar_note: str = ""

    def _show_fit(self, model: FitJob) -> None:
        for name, value in fit_fields(model.fit, model.fit_reasons, model.fit_sunk).items():
            setattr(self, name, value)
        self.reasons = reason_rows(model.fit_reasons) if model.fit is not None else []
        self.blocked = model.blocked

    async def _similar(self, job_id: str) -> None:
        """The jobs most like ``job_id``, or the Api's word for why not (409: no vector yet)."""
        try:
            found = await client().similar(job_id, SIMILAR)
        except ApiError as exc:
            self.similar, self.similar_note = [], str(exc)
            return
        if job_id == self.job_id:
            self.similar = [similar_row(j) for j in found if str(j.id) != job_id]
            self.similar_note = "" if self.similar else "No other job is alike yet."

    def _show(self, model: JobPublic) -> None:
        if isinstance(model, FitJob):  # an edit's answer carries no fit: the one shown stays
            self._show_fit(model)
        job = model.model_dump(mode="json", exclude={"fit", "fit_reasons", "fit_sunk"})
        self.found = True
        self.title = model.title
        self.company = model.company or ""
        self.tab_title = job_tab_title(self.title, self.company)
        self.location = model.location or ""
        self.salary = salary_text(job)
        self.posted = ago(job.get("date_posted")) or ""
        self.apply_url = apply_href(job)
        # its headings renumbered after it is made safe, so they are read as the page reads them
        self.description = outline_headings(safe_markdown(job.get("description")))
        self.favorite = model.favorite
        self.status = model.status or "new"
        self.notes = model.notes or ""
        self.draft, self.note_state = self.notes, ""
        self.skills = list(model.skills or [])
        facts = [[label, _fact_text(job[key])] for key, label in _FACTS if job.get(key)]
        extracted = job.get("extracted") or {}
        shown = {"skills", "tech_stack", "seniority", "remote_policy", "visa_sponsorship"}
        for key, value in extracted.items():
            if key not in shown:
                facts.append([key.replace("_", " ").capitalize(), _fact_text(value)])
        self.facts = [f for f in facts if f[1] and f[1].lower() not in _UNKNOWN]
        self.sources = [
            SourceLink(source_name(s["site"], job), url, safe_href(url), ago(s.get("first_seen")))
            for s in job.get("sources") or []
            for url in [s.get("job_url_direct") or s.get("job_url") or ""]
        ]
        if job.get("extraction_error"):
            self.extraction_note = f"Extraction failed: {job['extraction_error']}"
        elif job.get("extracted_at"):
            self.extraction_note = f"Details extracted {ago(job['extracted_at'])}"
        else:
            self.extraction_note = "Details not extracted yet"

    @rx.event
    async def load(self) -> AsyncIterator[None]:
        """The job in the URL, shown as soon as it comes; then the jobs most like it."""
        self.error = ""
        self.found = False
        self.tab_title = job_tab_title("", "")
        self.similar, self.similar_note = [], ""
        segment = urlsplit(str(self.router.url)).path.rstrip("/").rsplit("/", 1)[-1]
        self.job_id = segment
        if not segment.isdigit():
            self.error = f"{segment!r} is not a job id"
            return
        await self.check_health()
        job = await self.call(lambda: client().job(segment))
        if job is None:
            return
        self._show(job)
        yield
        await self.call(lambda: self._similar(segment))

    async def _patch(self, job_id: str, change: dict[str, Any]) -> JobPublic | None:
        """PATCH ``job_id`` (the id the control was rendered for); show it if it is still on show."""
        self.error = ""
        job = await self.call(lambda: client().update_job(job_id, change))
        if job is not None and str(job.id) == self.job_id:
            self._show(job)
        return job

    @rx.event
    async def toggle_favorite(self, job_id: str, favorite: bool) -> None:
        await self._patch(job_id, {"favorite": not favorite})

    @rx.event
    async def set_status(self, job_id: str, status: str) -> None:
        await self._patch(job_id, {"status": status})

    @rx.event
    def edit_notes(self, job_id: str, text: str) -> None:
        if job_id == self.job_id:
            self.draft = text
            self.note_state = "" if text == self.notes else "unsaved"

    @rx.event
    async def save_notes(self, job_id: str) -> None:
        if job_id != self.job_id or self.draft == self.notes:
            return
        if await self._patch(job_id, {"notes": self.draft}) is not None and job_id == self.job_id:
            self.note_state = "saved"

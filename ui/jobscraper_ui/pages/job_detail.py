"""One job: its sanitised description, the extracted details, every source link, apply link.

Only http(s) URLs become links (``format.safe_href``); others show as text. The notes box and the
status are bound to the job they were rendered for (the box is keyed by the job id, controlled,
and its events carry that id), so a note typed here can never land on the next job opened.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlsplit

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import ago, apply_href, safe_href, safe_markdown, salary_text
from jobscraper_ui.layout import page
from jobscraper_ui.pages.jobs import notes_box, status_select

__all__ = ["JobDetailState", "job_detail_page"]

_FACTS = (
    ("seniority", "Seniority"),
    ("remote_policy", "Remote policy"),
    ("visa_sponsorship", "Visa sponsorship"),
    ("job_type", "Job type"),
    ("job_level", "Level"),
)


_UNKNOWN = {"unknown", "none", "null", "n/a"}


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

    def _show(self, job: dict[str, Any]) -> None:
        self.found = True
        self.title = job["title"]
        self.company = job.get("company") or ""
        self.location = job.get("location") or ""
        self.salary = salary_text(job)
        self.posted = ago(job.get("date_posted")) or ""
        self.apply_url = apply_href(job)
        self.description = safe_markdown(job.get("description"))
        self.favorite = bool(job.get("favorite"))
        self.status = job.get("status") or "new"
        self.notes = job.get("notes") or ""
        self.draft, self.note_state = self.notes, ""
        self.skills = list(job.get("skills") or [])
        facts = [[label, _fact_text(job[key])] for key, label in _FACTS if job.get(key)]
        extracted = job.get("extracted") or {}
        shown = {"skills", "tech_stack", "seniority", "remote_policy", "visa_sponsorship"}
        for key, value in extracted.items():
            if key not in shown:
                facts.append([key.replace("_", " ").capitalize(), _fact_text(value)])
        self.facts = [f for f in facts if f[1] and f[1].lower() not in _UNKNOWN]
        self.sources = [
            SourceLink(s["site"], url, safe_href(url), ago(s.get("first_seen")))
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
    async def load(self) -> None:
        self.error = ""
        self.found = False
        segment = urlsplit(str(self.router.url)).path.rstrip("/").rsplit("/", 1)[-1]
        self.job_id = segment
        if not segment.isdigit():
            self.error = f"{segment!r} is not a job id"
            return
        await self.check_health()
        job = await self.call(lambda: api().get(f"/api/jobs/{segment}"))
        if job is not None:
            self._show(job)

    async def _patch(self, job_id: str, change: dict[str, Any]) -> dict[str, Any] | None:
        """PATCH ``job_id`` (the id the control was rendered for); show it if it is still on show."""
        self.error = ""
        job: dict[str, Any] | None = await self.call(lambda: api().patch(f"/api/jobs/{job_id}", change))
        if job is not None and str(job.get("id")) == self.job_id:
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


def _detail() -> rx.Component:
    s = JobDetailState
    return rx.vstack(
        rx.flex(
            rx.vstack(
                rx.heading(s.title, size="6", as_="h2", id="job-title"),
                rx.text(s.company, rx.cond(s.location != "", " · " + s.location, ""), color_scheme="gray"),
                rx.flex(
                    rx.cond(s.salary != "", rx.badge(s.salary, color_scheme="green", size="2")),
                    rx.cond(s.posted != "", rx.badge("posted " + s.posted, variant="outline", size="2")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
                flex="1 1 20em",
            ),
            rx.flex(
                rx.button(
                    rx.cond(s.favorite, rx.icon("star", fill="currentColor"), rx.icon("star")),
                    rx.cond(s.favorite, "Favourite", "Add to favourites"),
                    variant=rx.cond(s.favorite, "solid", "outline"),
                    color_scheme="amber",
                    on_click=JobDetailState.toggle_favorite(s.job_id, s.favorite),
                    class_name="favorite-toggle",
                    aria_pressed=s.favorite,
                ),
                status_select(s.job_id, s.status, JobDetailState.set_status),
                rx.cond(
                    s.apply_url != "",
                    rx.link(
                        rx.button("Apply", rx.icon("external-link")),
                        href=s.apply_url,
                        is_external=True,
                        id="apply-link",
                    ),
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        notes_box(s.job_id, s.draft, s.note_state, JobDetailState.edit_notes, JobDetailState.save_notes),
        rx.card(
            rx.heading("Details", size="3", as_="h2"),
            rx.text(s.extraction_note, size="1", color_scheme="gray"),
            rx.flex(
                rx.foreach(s.skills, lambda k: rx.badge(k, variant="soft")),
                spacing="1",
                wrap="wrap",
                margin_y="2",
            ),
            rx.data_list.root(
                rx.foreach(
                    s.facts,
                    lambda f: rx.data_list.item(rx.data_list.label(f[0]), rx.data_list.value(f[1])),
                ),
                orientation={"initial": "vertical", "sm": "horizontal"},
            ),
            width="100%",
        ),
        rx.card(
            rx.heading("Where it was seen", size="3", as_="h2"),
            rx.foreach(
                s.sources,
                lambda src: rx.flex(
                    rx.badge(src.site, variant="outline"),
                    rx.cond(
                        src.href != "",
                        rx.link(src.url, href=src.href, is_external=True, size="2", word_break="break-all"),
                        rx.text(src.url, size="2", word_break="break-all"),
                    ),
                    rx.text("first seen ", src.seen, size="1", color_scheme="gray"),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
            ),
            width="100%",
        ),
        rx.card(
            rx.heading("Description", size="3", as_="h2"),
            rx.box(rx.markdown(s.description), id="job-description", class_name="description"),
            width="100%",
        ),
        width="100%",
        spacing="3",
    )


def job_detail_page() -> rx.Component:
    return page(
        rx.link("← All jobs", href="/"),
        rx.cond(JobDetailState.found, _detail()),
        title="Job",
    )

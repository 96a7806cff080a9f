"""Companies: paste a career URL (its ATS is detected and shown), enable/disable, last result."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import ago, safe_href
from jobscraper_ui.layout import listing, page, saved_row

__all__ = ["CompaniesState", "companies_page"]

_ATS_LABEL = {"greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby", "html": "career page"}


@dataclasses.dataclass
class CompanyRow:
    id: int
    name: str
    url: str
    href: str  # ``url`` when it is http(s), else "" (shown as text)
    ats: str
    enabled: bool
    jobs: int
    last: str
    last_color: str
    last_error: str


def _row(c: dict[str, Any]) -> CompanyRow:
    if c.get("last_run_at"):
        counts = f"{c.get('last_found') or 0} found, {c.get('last_new') or 0} new"
        last = f"{c.get('last_status')} {ago(c['last_run_at'])}: {counts}"
    else:
        last = "not scraped yet"
    color = {"done": "green", "failed": "red", "blocked": "red"}.get(c.get("last_status") or "", "gray")
    return CompanyRow(
        c["id"],
        c["name"],
        c["url"],
        safe_href(c["url"]),
        _ATS_LABEL.get(c["detected"], c["detected"]),
        c["enabled"],
        c.get("jobs") or 0,
        last,
        color,
        c.get("last_error") or "",
    )


class CompaniesState(BaseState):
    companies: list[CompanyRow] = []
    loaded: bool = False
    url: str = ""
    name: str = ""
    detected: str = ""
    render_js: bool = False
    saved_message: str = ""

    @rx.event
    async def load(self) -> None:
        self.error = ""
        await self.check_health()
        answer = await self.call(lambda: api().get("/api/companies"))
        self.loaded = True
        if answer is not None:
            self.companies = [_row(c) for c in answer]

    @rx.event
    async def set_url(self, url: str) -> None:
        self.url = url
        self.detected = ""

    @rx.event
    def set_name(self, name: str) -> None:
        self.name = name

    @rx.event
    def set_render_js(self, value: bool) -> None:
        self.render_js = value

    @rx.event
    async def detect(self) -> None:
        url = self.url.strip()
        if not url:
            return
        self.error = ""
        found = await self.call(lambda: api().get("/api/companies/detect", {"url": url}))
        if found is None:
            return
        label = _ATS_LABEL.get(found["detected"], found["detected"])
        self.detected = f"{label} board {found['board_url']}" if found.get("board_url") else label
        if not self.name.strip():
            self.name = found.get("name") or ""

    @rx.event
    async def add(self) -> None:
        self.error = ""
        self.saved_message = ""
        body: dict[str, Any] = {"url": self.url.strip(), "render_js": self.render_js}
        if self.name.strip():
            body["name"] = self.name.strip()
        created = await self.call(lambda: api().post("/api/companies", body))
        if created is None:
            return
        self.saved_message = (
            f"Added {created['name']} ({_ATS_LABEL.get(created['detected'], created['detected'])})."
        )
        self.url = self.name = self.detected = ""
        self.render_js = False
        await self.load()

    @rx.event
    async def toggle(self, company_id: int, enabled: bool) -> None:
        if (
            await self.call(lambda: api().patch(f"/api/companies/{company_id}", {"enabled": enabled}))
            is not None
        ):
            await self.load()

    @rx.event
    async def remove(self, company_id: int) -> None:
        await self.call(lambda: api().delete(f"/api/companies/{company_id}"))
        await self.load()


def _form() -> rx.Component:
    s = CompaniesState
    return rx.card(
        rx.heading("Add a company", size="3", as_="h2"),
        rx.text(
            "Paste its career page, or its Greenhouse, Lever or Ashby board URL.",
            size="2",
            color_scheme="gray",
        ),
        rx.flex(
            rx.input(
                value=s.url,
                on_change=CompaniesState.set_url,
                on_blur=CompaniesState.detect,
                placeholder="https://boards.greenhouse.io/acme",
                flex="3 1 18em",
                id="company-url",
            ),
            rx.input(
                value=s.name,
                on_change=CompaniesState.set_name,
                placeholder="Name (suggested from the URL)",
                flex="1 1 10em",
                id="company-name",
            ),
            rx.el.label(
                rx.flex(
                    rx.checkbox(checked=s.render_js, on_change=CompaniesState.set_render_js),
                    rx.text("needs JavaScript", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            rx.button("Add", on_click=CompaniesState.add, disabled=s.url.strip() == "", id="company-add"),
            spacing="2",
            wrap="wrap",
            align="center",
            margin_top="2",
        ),
        rx.cond(
            s.detected != "",
            rx.text(
                "Detected: ",
                rx.badge(s.detected, color_scheme="blue"),
                size="2",
                margin_top="2",
                id="company-detected",
            ),
        ),
        rx.cond(
            s.saved_message != "", rx.text(s.saved_message, size="2", color_scheme="green", margin_top="2")
        ),
        width="100%",
    )


def _company(c: CompanyRow) -> rx.Component:
    return saved_row(
        rx.vstack(
            rx.flex(
                rx.text(c.name, weight="bold"),
                rx.badge(c.ats, color_scheme="blue"),
                spacing="2",
                align="center",
            ),
            rx.cond(
                c.href != "",
                rx.link(c.url, href=c.href, is_external=True, size="1", word_break="break-all"),
                rx.text(c.url, size="1", word_break="break-all"),
            ),
            rx.text(c.jobs, " active jobs · ", rx.text.span(c.last, color_scheme=c.last_color), size="1"),
            rx.cond(c.last_error != "", rx.text(c.last_error, size="1", color_scheme="red")),
            spacing="1",
            flex="1 1 16em",
            min_width="0",
        ),
        enabled=c.enabled,
        on_toggle=lambda v: CompaniesState.toggle(c.id, v),
        on_delete=CompaniesState.remove(c.id),
        delete_label="stop watching",
        class_name="company-row",
    )


def companies_page() -> rx.Component:
    s = CompaniesState
    return page(
        _form(),
        listing(
            s.companies,
            _company,
            s.loaded,
            "No companies yet",
            "Add one above; its jobs are scraped with your next run.",
        ),
        title="Companies",
    )

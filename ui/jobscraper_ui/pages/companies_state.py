"""The Companies page's state: the watched companies as rows, and the add form (paste a career
URL; its ATS is detected and shown before it is added).

Deleting asks first (``confirm_id``: the company the dialog asks about); the list is dimmed while
it loads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from jobscraper.store.saved_shapes import CompanyPublic
from jobscraper.vocabulary import KIND_LABELS
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import ago, safe_href

__all__ = ["ATS_LABEL", "CompaniesState", "CompanyRow", "company_row"]

ATS_LABEL: dict[str, str] = KIND_LABELS
"""How each kind of company URL is named on the page (its ATS's name, or "career page"): the registry's."""


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


def company_row(c: CompanyPublic) -> CompanyRow:
    """A watched company as its row: its link (http(s) only), its ATS, and its last result."""
    if c.last_run_at:
        last = f"{c.last_status} {ago(c.last_run_at)}: {c.last_found or 0} found, {c.last_new or 0} new"
    else:
        last = "not scraped yet"
    color = {"done": "green", "failed": "red", "blocked": "red"}.get(c.last_status or "", "gray")
    return CompanyRow(
        c.id,
        c.name,
        c.url,
        safe_href(c.url),
        ATS_LABEL.get(c.detected, c.detected),
        c.enabled,
        c.jobs or 0,
        last,
        color,
        c.last_error or "",
    )


class CompaniesState(BaseState):
    companies: list[CompanyRow] = []
    loaded: bool = False
    url: str = ""
    name: str = ""
    detected: str = ""
    render_js: bool = False
    saved_message: str = ""
    # the company the delete dialog asks about (0: no dialog)
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
        answer = await self.call(lambda: client().companies())
        self.loaded = True
        if answer is not None:
            self.companies = [company_row(c) for c in answer]

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
        found = await self.call(lambda: client().detect_company(url))
        if found is None:
            return
        label = ATS_LABEL.get(found.detected, found.detected)
        self.detected = f"{label} board {found.board_url}" if found.board_url else label
        if not self.name.strip():
            self.name = found.name or ""

    @rx.event
    async def add(self) -> None:
        self.error = ""
        self.saved_message = ""
        body: dict[str, Any] = {"url": self.url.strip(), "render_js": self.render_js}
        if self.name.strip():
            body["name"] = self.name.strip()
        created = await self.call(lambda: client().create_company(body))
        if created is None:
            return
        self.saved_message = f"Added {created.name} ({ATS_LABEL.get(created.detected, created.detected)})."
        self.url = self.name = self.detected = ""
        self.render_js = False
        await self._refresh()

    @rx.event
    async def toggle(self, company_id: int, enabled: bool) -> None:
        if await self.call(lambda: client().update_company(company_id, {"enabled": enabled})) is not None:
            await self._refresh()

    @rx.event
    def ask_remove(self, company_id: int) -> None:
        """Open the dialog that asks before the company is no longer watched."""
        self.confirm_id = company_id
        self.confirm_name = next((c.name for c in self.companies if c.id == company_id), "")

    @rx.event
    def keep(self, still_open: bool = False) -> None:
        """The dialog was cancelled (or closed): nothing is deleted."""
        if not still_open:
            self.confirm_id, self.confirm_name = 0, ""

    @rx.event
    async def remove(self) -> None:
        """Stop watching the company the dialog asked about."""
        company_id, self.confirm_id, self.confirm_name = self.confirm_id, 0, ""
        if not company_id:
            return
        await self.call(lambda: client().delete_company(company_id))
        await self._refresh()

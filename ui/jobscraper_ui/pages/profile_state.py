"""The Profile page's state: the profiles, the one in the form, its résumé and preferences, and
the suggestions its résumé makes — each confirmed by the person, never applied on its own.

A profile is saved whole (``PUT /api/profile`` with every preference, so a cleared field is
cleared); the form's rules are :mod:`jobscraper_ui.pages.profile_form`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from jobscraper.matching.profile import ProfilePublic
from jobscraper.matching.signals import Suggestion
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import ApiError, ApiUnreachable, client
from jobscraper_ui.pages.profile_fit import BEST_FIT, FitRow, fit_row
from jobscraper_ui.pages.profile_form import (
    NOT_SET,
    FormError,
    SuggestionRow,
    apply_suggestion,
    body_of,
    edit_resume,
    empty_form,
    form_of,
    suggestion_row,
)

__all__ = ["ProfileState"]


class ProfileState(BaseState):
    loaded: bool = False
    names: list[str] = []
    active_name: str = ""
    raw: dict[str, dict[str, Any]] = {}
    saving: bool = False
    message: str = ""
    # the suggestions of the profile in the form (as stored), and those the person chose to use
    suggestions: list[SuggestionRow] = []
    used: list[int] = []
    found: list[dict[str, Any]] = []  # the suggestions themselves, as the Api sent them
    # the active profile's best-fitting jobs, or why there are none yet
    best: list[FitRow] = []
    best_note: str = ""
    # the form (profile_form.empty_form's fields)
    name: str = ""
    resume_text: str = ""
    resume_file: str = ""
    resume_format: str = ""
    locations: str = ""
    remote_ok: str = NOT_SET
    remote_regions: str = ""
    open_to_relocation: str = NOT_SET
    min_salary: str = ""
    currency: str = ""
    salary_period: str = "yearly"
    seniority: str = NOT_SET
    job_types: list[str] = []
    needs_visa_sponsorship: str = NOT_SET
    preferred_skills: str = ""
    excluded_skills: str = ""

    def _form(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in empty_form()}

    def _fill(self, form: dict[str, Any]) -> None:
        for field, value in form.items():
            setattr(self, field, value)

    def _show(self, profile: ProfilePublic | None) -> None:
        """``profile`` in the form with its suggestions (None: an empty form for a new one)."""
        self._fill(form_of(profile) if profile is not None else empty_form())
        found = profile.suggestions if profile is not None else []
        self.suggestions = [suggestion_row(i, s) for i, s in enumerate(found)]
        self.found = [s.model_dump(mode="json") for s in found]
        self.used = []

    def _keep(self, profiles: list[ProfilePublic]) -> None:
        self.names = [p.name for p in profiles]
        self.active_name = next((p.name for p in profiles if p.active), "")
        self.raw = {p.name: p.model_dump(mode="json") for p in profiles}

    def _stored(self, name: str) -> ProfilePublic | None:
        found = self.raw.get(name)
        return None if found is None else ProfilePublic.model_validate(found)

    async def _best(self) -> None:
        """The active profile's top jobs; a route not ready (no profile, no résumé, no model) is
        said in the list's place, not as the page's error."""
        self.best, self.best_note = [], ""
        if not self.active_name:
            return
        try:
            found = await client().match(BEST_FIT)
        except ApiUnreachable as exc:
            self.unreachable = str(exc)
            return
        except ApiError as exc:
            if exc.status not in (404, 409, 503):
                raise
            self.best_note = f"Not available yet: {exc}"
            return
        self.best = [fit_row(job) for job in found]
        if not found:
            self.best_note = "No jobs to rank yet: scrape or import some."

    @rx.event
    async def load(self) -> None:
        self.error = self.message = ""
        await self.check_health()
        profiles = await self.call(lambda: client().profiles())
        self.loaded = True
        if profiles is None:
            return
        self._keep(profiles)
        self._show(self._stored(self.name) or self._stored(self.active_name))
        await self.call(self._best)

    @rx.event
    def set_field(self, field: str, value: Any) -> None:
        setattr(self, field, value)
        self.message = ""

    @rx.event
    def set_resume(self, text: str) -> None:
        self._fill(edit_resume(text))
        self.message = ""

    @rx.event
    def toggle_job_type(self, job_type: str, on: bool) -> None:
        chosen = [t for t in self.job_types if t != job_type]
        self.job_types = [*chosen, job_type] if on else chosen

    @rx.event
    def select(self, name: str) -> None:
        self.error = self.message = ""
        self._show(self._stored(name))

    @rx.event
    def new_profile(self) -> None:
        self.error = self.message = ""
        self._show(None)

    @rx.event
    def use_suggestion(self, index: int) -> None:
        """Set the preference the suggestion names in the form; Save applies it."""
        if not 0 <= index < len(self.found) or index in self.used:
            return
        self._fill(apply_suggestion(self._form(), Suggestion.model_validate(self.found[index])))
        self.used = [*self.used, index]
        self.message = "Suggestion set in the form: Save to apply it."

    @rx.event
    async def save(self) -> AsyncIterator[None]:
        self.error = self.message = ""
        try:
            body = body_of(self._form())
        except FormError as exc:
            self.error = str(exc)
            return
        self.saving = True
        yield
        saved = await self.call(lambda: client().put_profile(body))
        self.saving = False
        if saved is None:
            return
        profiles = await self.call(lambda: client().profiles())
        self._keep(profiles if profiles is not None else [saved])
        self._show(saved)
        self.message = f"Saved profile {saved.name}."
        await self.call(self._best)

    @rx.event
    async def make_active(self) -> None:
        name = self.name
        self.error = self.message = ""
        await self.call(lambda: client().activate_profile(name))
        if self.error or self.unreachable:
            return
        await self.load()
        self.message = f"{name} is the active profile: jobs are matched against it."

    @rx.event
    async def delete(self) -> None:
        name = self.name
        self.error = self.message = ""
        await self.call(lambda: client().delete_profile(name))
        if self.error or self.unreachable:
            return
        self.name = ""
        await self.load()
        self.message = f"Deleted profile {name}."

"""The Profile page (issue 15, items 1 and 6, the UI's side): the page's state over the real client,
whose requests a fake Api answers with the real profile store on a real SQLite database.

What a person would notice: with no profile the page explains what one is for; a pasted résumé and
preferences save, with a busy state and a confirmation; what the résumé says is offered apart and
becomes a preference only when the person uses it and saves; the Api's 422 is shown as its own
message and nothing is saved; several profiles, one active.
"""

from __future__ import annotations

import asyncio
import json
import re
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.profile import ProfileState, profile_page
from jobscraper_ui.pages.profile_form import NOT_SET, body_of, empty_form
from pydantic import ValidationError

from jobscraper.errors import InputError, NotFound
from jobscraper.matching.profile import ProfileInput
from jobscraper.store import profiles as store
from jobscraper.store.db import Database
from tests.unit.ui.fake_api import mock_client

_NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RESUME = """Jane Doe
Lyon, France
Senior Python developer with 8 years of Django and PostgreSQL.
Open to remote work. Not open to relocation."""


class ProfilesApi:
    """The profile routes of the Api over the real store (``jobscraper.store.profiles``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.asked.append(f"{method} {path}")
        try:
            return self._answer(request, path, method)
        except ValidationError as exc:  # FastAPI's 422: each field named
            return httpx.Response(422, json={"detail": json.loads(exc.json(include_url=False))})
        except InputError as exc:
            return httpx.Response(422, json={"detail": str(exc)})
        except NotFound as exc:
            return httpx.Response(404, json={"detail": str(exc)})

    def _answer(self, request: httpx.Request, path: str, method: str) -> httpx.Response:
        named = re.fullmatch(r"/api/profiles/([^/]+)(/activate)?", path)
        if path == "/api/health":
            return httpx.Response(200, json={"status": "ok"})
        if path == "/api/profiles" and method == "GET":
            return httpx.Response(200, json=[p.model_dump(mode="json") for p in store.list_profiles(self.db)])
        if path == "/api/profile" and method == "PUT":
            body = ProfileInput.model_validate(json.loads(request.content))
            return httpx.Response(200, json=store.put_profile(self.db, body, _NOW).model_dump(mode="json"))
        if named and method == "POST" and named.group(2):
            store.activate_profile(self.db, named.group(1), _NOW)
            return httpx.Response(204)
        if named and method == "DELETE":
            store.delete_profile(self.db, named.group(1), _NOW)
            return httpx.Response(204)
        return httpx.Response(404, json={"detail": f"no route {method} {path}"})


@pytest.fixture
def api(db: Database) -> Iterator[ProfilesApi]:
    fake = ProfilesApi(db)
    use_client(mock_client(fake))
    yield fake
    use_client(None)


def _page() -> types.SimpleNamespace:
    """The page's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in ProfileState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    page = types.SimpleNamespace(**values)
    for name in ("_form", "_fill", "_show", "_keep", "_stored"):
        setattr(page, name, types.MethodType(getattr(ProfileState, name), page))
    for name in ("call", "check_health"):
        setattr(page, name, types.MethodType(getattr(BaseState, name).fn, page))
    reload: Any = ProfileState.load
    page.load = types.MethodType(reload.fn, page)  # other handlers reload through it
    return page


def _run(page: types.SimpleNamespace, event: str, *args: Any) -> list[bool]:
    """Run the event handler; for a generator, the ``saving`` flag at each step it yields."""
    answer = getattr(ProfileState, event).fn(page, *args)
    if hasattr(answer, "__anext__"):

        async def steps() -> list[bool]:
            return [page.saving async for _ in answer]

        return asyncio.run(steps())
    if asyncio.iscoroutine(answer):
        asyncio.run(answer)
    return []


def _paste(page: types.SimpleNamespace) -> None:
    _run(page, "set_resume", RESUME)
    for field, value in {
        "min_salary": "60,000",
        "currency": "eur",
        "seniority": "senior",
        "preferred_skills": "python, Django; postgres",
    }.items():
        _run(page, "set_field", field, value)
    _run(page, "toggle_job_type", "fulltime", True)


def test_with_no_profile_the_page_explains_and_offers_an_empty_form(api: ProfilesApi) -> None:
    page = _page()
    _run(page, "load")
    assert (page.loaded, page.names, page.error, page.unreachable) == (True, [], "", "")
    assert page.suggestions == [] and page._form() == empty_form()
    assert "GET /api/profiles" in api.asked
    shown = str(profile_page().render())
    assert "No profile yet" in shown and "ranks every job by how well it fits" in shown


def test_a_pasted_resume_saves_with_a_busy_state_and_its_suggestions_are_offered_not_applied(
    api: ProfilesApi,
) -> None:
    page = _page()
    _run(page, "load")
    _paste(page)
    assert _run(page, "save") == [True]  # busy while the Api answers
    assert (page.saving, page.error, page.message) == (False, "", "Saved profile default.")
    stored = store.get_profile(api.db, "default")
    assert stored.active and stored.resume_text == RESUME and stored.resume_format == "pasted"
    assert (stored.min_salary, stored.currency, stored.salary_period) == (60000, "EUR", "yearly")
    assert stored.seniority == "senior" and stored.job_types == ["fulltime"]
    assert stored.preferred_skills == ["python", "Django", "postgres"]
    assert (stored.remote_ok, stored.open_to_relocation, stored.locations) == (None, None, [])  # not applied
    assert [(r.label, r.value, r.reason) for r in page.suggestions] == [
        ("Location", "Lyon, France", "Lyon, France"),
        ("Remote OK", "yes", "Open to remote work."),
        ("Open to relocation", "no", "Not open to relocation."),
    ]
    assert (page.names, page.active_name, page.name) == (["default"], "default", "default")


def test_a_suggestion_used_is_set_in_the_form_and_stored_only_by_save(api: ProfilesApi) -> None:
    page = _page()
    _paste(page)
    _run(page, "save")
    _run(page, "use_suggestion", 1)  # Remote OK: yes
    _run(page, "use_suggestion", 0)  # Location: Lyon, France
    assert (page.remote_ok, page.locations, page.used) == ("yes", "Lyon, France", [1, 0])
    assert page.open_to_relocation == NOT_SET  # the one not used stays unset
    assert store.get_profile(api.db, "default").remote_ok is None  # never applied silently
    _run(page, "save")
    stored = store.get_profile(api.db, "default")
    assert (stored.remote_ok, stored.locations, stored.open_to_relocation) == (True, ["Lyon, France"], None)
    assert [r.label for r in page.suggestions] == ["Open to relocation"]  # decided ones are gone
    assert page.used == []


def test_the_apis_422_is_shown_and_nothing_is_saved(api: ProfilesApi) -> None:
    page = _page()
    _paste(page)
    _run(page, "set_field", "currency", "euros")
    assert _run(page, "save") == [True]
    assert page.saving is False and page.message == ""
    assert (
        page.error
        == "currency: Value error, a currency is a three-letter ISO 4217 code such as EUR or USD, not 'euros'"
    )
    assert store.list_profiles(api.db) == []
    _run(page, "set_field", "min_salary", "lots")  # the page's own check: the Api is not asked
    asked = len(api.asked)
    assert _run(page, "save") == []
    assert page.error == "Minimum salary must be a number, not 'lots'." and len(api.asked) == asked


def test_several_profiles_one_active_selected_switched_and_deleted(api: ProfilesApi) -> None:
    page = _page()
    _paste(page)
    _run(page, "save")
    _run(page, "new_profile")
    assert page._form() == empty_form() and page.suggestions == []
    _run(page, "set_field", "name", "Data")
    _run(page, "set_resume", "Data analyst, SQL and dbt.")
    _run(page, "save")
    assert (page.names, page.active_name, page.name) == (["default", "Data"], "default", "Data")
    _run(page, "make_active")
    assert page.active_name == "Data" and store.get_active_profile(api.db).name == "Data"  # type: ignore[union-attr]
    _run(page, "select", "default")
    assert page.resume_text == RESUME and page.currency == "EUR" and page.job_types == ["fulltime"]
    _run(page, "select", "Data")
    _run(page, "delete")
    assert (page.names, page.active_name, page.name, page.error) == (["default"], "default", "default", "")
    assert "DELETE /api/profiles/Data" in api.asked


def test_a_cleared_preference_is_sent_as_cleared_and_a_typed_resume_is_no_longer_the_file() -> None:
    form = empty_form() | {"resume_text": "CV", "resume_file": "cv.pdf", "resume_format": "pdf"}
    body = body_of(form)
    assert (body["resume_file"], body["resume_format"]) == ("cv.pdf", "pdf")
    assert body["remote_ok"] is None and body["locations"] == [] and body["min_salary"] is None
    assert set(ProfileInput.model_fields) - {"activate"} <= set(body)  # every preference sent
    page = _page()
    page._fill(form)
    _run(page, "set_resume", "CV, edited")
    assert (page.resume_file, page.resume_format) == ("", "pasted")

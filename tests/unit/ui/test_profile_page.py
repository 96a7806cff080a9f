"""The Profile page (issue 15, items 1 and 6, the UI's side): the page's state over the real client,
whose requests the real Api app answers (its backend and the writer's body on a real SQLite
file, no Ray).

What a person would notice: with no profile the page explains what one is for; a pasted résumé and
preferences save, with a busy state and a confirmation; what the résumé says is offered apart and
becomes a preference only when the person uses it and saves; the Api's 422 is shown as its own
message and nothing is saved; several profiles, one active.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.profile import ProfileState, profile_page
from jobscraper_ui.pages.profile_form import NOT_SET, body_of, empty_form

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.matching.resume import MAX_RESUME_BYTES
from jobscraper.store import Database, SyncEngine
from serve.backend import ApiBackend
from serve.http import create_api
from serve.profile_match import MeaningLoader
from tests.unit.serve.test_api_match import POSTINGS, Loads
from tests.unit.serve.test_api_profile import WriterHandle
from tests.unit.ui.fake_api import mock_client

RESUME = """Jane Doe
Lyon, France
Senior Python developer with 8 years of Django and PostgreSQL.
Open to remote work. Not open to relocation."""


class RealApi:
    """The real Api app (``create_api`` over the real ``ApiBackend``, the writer's real body on a
    SQLite file, no Ray) answering the UI client's requests: the page meets the real contract."""

    def __init__(self, http: TestClient) -> None:
        self.http = http
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(f"{request.method} {request.url.raw_path.decode()}")
        headers = {k: v for k, v in request.headers.items() if k != "host"}  # the Api's own host
        path = request.url.raw_path.decode()
        answer = self.http.request(request.method, path, content=request.content, headers=headers)
        return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)

    def stored(self, name: str = "default") -> ProfilePublic:
        answer = self.http.get(f"/api/profiles/{name}")
        assert answer.status_code == 200, answer.text
        return ProfilePublic.model_validate_json(answer.content)

    def names(self) -> list[str]:
        return [p["name"] for p in self.http.get("/api/profiles").json()]


@pytest.fixture
def api(db: Database, sync: SyncEngine, make_posting: Any) -> Iterator[RealApi]:
    """The Api over a job database holding three jobs, the hashing fake embedder as the model."""
    sync.upsert([make_posting(**p) for p in POSTINGS])
    db_path = Path(str(db.location))
    loads = Loads()
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(db_path)}}),
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
        meaning=MeaningLoader(load_embedder=loads.embedder, load_index=loads.index),
    )
    app = create_api(backend, router=None, max_body_bytes=4 * MAX_RESUME_BYTES)
    with TestClient(app, base_url="http://127.0.0.1:8000") as http:
        real = RealApi(http)
        use_client(mock_client(real))
        yield real
        use_client(None)


def _page() -> types.SimpleNamespace:
    """The page's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in ProfileState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    page = types.SimpleNamespace(**values)
    for name in ("_form", "_fill", "_show", "_keep", "_stored", "_best"):
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


def test_with_no_profile_the_page_explains_and_offers_an_empty_form(api: RealApi) -> None:
    page = _page()
    _run(page, "load")
    assert (page.loaded, page.names, page.error, page.unreachable) == (True, [], "", "")
    assert page.suggestions == [] and page._form() == empty_form()
    assert "GET /api/profiles" in api.asked and "GET /api/match?limit=10" not in api.asked
    shown = str(profile_page().render())
    assert "No profile yet" in shown and "ranks every job by how well it fits" in shown


def test_a_pasted_resume_saves_with_a_busy_state_and_its_suggestions_are_offered_not_applied(
    api: RealApi,
) -> None:
    page = _page()
    _run(page, "load")
    _paste(page)
    assert _run(page, "save") == [True]  # busy while the Api answers
    assert (page.saving, page.error, page.message) == (False, "", "Saved profile default.")
    stored = api.stored()
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
    # the best fit for it, from the Api's ranking: the Python/Django jobs above the nurse's
    assert [r.title for r in page.best][-1] == "ICU Nurse" and len(page.best) == len(POSTINGS)
    assert page.best[0].title.startswith("Senior") and page.best[0].fit > page.best[-1].fit
    assert all(0 <= r.fit <= 100 and r.reasons and r.href == f"/jobs/{r.id}" for r in page.best)
    assert page.best_note == ""


def test_a_suggestion_used_is_set_in_the_form_and_stored_only_by_save(api: RealApi) -> None:
    page = _page()
    _paste(page)
    _run(page, "save")
    _run(page, "set_field", "name", "Jane")  # a name being typed: the suggestions stay usable
    _run(page, "use_suggestion", 1)  # Remote OK: yes
    _run(page, "set_field", "name", "default")
    _run(page, "use_suggestion", 0)  # Location: Lyon, France
    assert (page.remote_ok, page.locations, page.used) == ("yes", "Lyon, France", [1, 0])
    assert page.open_to_relocation == NOT_SET  # the one not used stays unset
    assert api.stored().remote_ok is None  # never applied silently
    _run(page, "save")
    stored = api.stored()
    assert (stored.remote_ok, stored.locations, stored.open_to_relocation) == (True, ["Lyon, France"], None)
    assert [r.label for r in page.suggestions] == ["Open to relocation"]  # decided ones are gone
    assert page.used == []


def test_the_apis_422_is_shown_and_nothing_is_saved(api: RealApi) -> None:
    page = _page()
    _paste(page)
    _run(page, "set_field", "currency", "euros")
    assert _run(page, "save") == [True]
    assert page.saving is False and page.message == ""
    assert (
        page.error
        == "currency: Value error, a currency is a three-letter ISO 4217 code such as EUR or USD, not 'euros'"
    )
    assert api.names() == []
    _run(page, "set_field", "min_salary", "lots")  # the page's own check: the Api is not asked
    asked = len(api.asked)
    assert _run(page, "save") == []
    assert page.error == "Minimum salary must be a number, not 'lots'." and len(api.asked) == asked


def test_several_profiles_one_active_selected_switched_and_deleted(api: RealApi) -> None:
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
    assert page.active_name == "Data" and api.stored("Data").active
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


def test_preferences_save_without_a_resume_and_keep_the_one_stored(api: RealApi) -> None:
    page = _page()
    _run(page, "set_field", "locations", "Berlin; Lyon, France")
    _run(page, "save")
    assert (page.error, page.message) == ("", "Saved profile default.")
    assert api.stored().locations == ["Berlin", "Lyon, France"]
    assert page.best == [] and page.best_note.startswith("Not available yet: ")  # no résumé: 409
    _paste(page)
    _run(page, "save")
    _run(page, "set_resume", "")  # an emptied box does not wipe the stored résumé
    _run(page, "save")
    assert page.error == "" and api.stored().resume_text == RESUME


def test_the_page_compiles_to_the_frontend_and_is_routed_and_linked() -> None:
    from jobscraper_ui.jobscraper_ui import app  # here only: importing it builds the whole app
    from jobscraper_ui.layout import _NAV
    from reflex.compiler.compiler import compile_page

    _path, code = compile_page("profile", profile_page())
    for shown in (
        "profile-resume",
        "profile-save",
        "profile-suggestions",
        "Use this",
        "Make active",
        "best-fit",
    ):
        assert shown in code
    assert "profile" in app._unevaluated_pages and ("Profile", "/profile") in _NAV

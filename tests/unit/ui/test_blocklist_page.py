"""The Settings page's blocklist section (issue 17, item 2) over the real client, whose requests the
real Api app answers (its backend and the writer's body on a real SQLite file, no Ray).

What a person would notice: an entry added with its kind guessed (or chosen) shows in the list and
its company's jobs leave the job list; a bad entry or a duplicate says why in the banner and keeps
the text; removal asks first, Cancel keeps the entry, confirming brings the jobs back."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.blocklist_state import GUESS, KIND_CHOICES, BlocklistState
from jobscraper_ui.pages.job_detail_state import JobDetailState
from jobscraper_ui.pages.settings import SettingsState

from actors.writer import _Writer
from jobscraper.blocklist import BLOCK_KINDS
from jobscraper.config import Settings
from jobscraper.matching.shapes import FitJob
from jobscraper.store import Database, SyncEngine
from serve.backend import ApiBackend
from serve.http import create_api
from tests.unit.serve.test_api_profile import WriterHandle
from tests.unit.ui.fake_api import job_json, mock_client
from tests.unit.ui.test_profile_page import RealApi


@pytest.fixture
def api(db: Database, sync: SyncEngine, make_posting: Any) -> Iterator[RealApi]:
    """The Api over three jobs of Company 1 GmbH, Company 2 GmbH and Company 3 GmbH."""
    sync.upsert([make_posting() for _ in range(3)])
    db_path = Path(str(db.location))
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(db_path)}}),
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
    )
    with TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000") as http:
        real = RealApi(http)
        use_client(mock_client(real))
        yield real
        use_client(None)


def _page() -> types.SimpleNamespace:
    """The section's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in BlocklistState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    page = types.SimpleNamespace(**values)
    page._refresh = types.MethodType(BlocklistState._refresh, page)
    for name in ("call", "check_health"):
        setattr(page, name, types.MethodType(getattr(BaseState, name).fn, page))
    return page


def _run(page: types.SimpleNamespace, event: str, *args: Any) -> Any:
    answer = getattr(BlocklistState, event).fn(page, *args)
    return asyncio.run(answer) if asyncio.iscoroutine(answer) else answer


def _companies(api: RealApi) -> set[str]:
    return {job["company"] for job in api.http.get("/api/jobs").json()["items"]}


def test_the_kinds_offered_are_the_vocabulary_s() -> None:
    assert set(KIND_CHOICES) == {GUESS, *BLOCK_KINDS}


def test_settings_loads_the_blocklist_section() -> None:
    load: Any = SettingsState.load
    chained = asyncio.run(load.fn(types.SimpleNamespace(check_health=_no_health)))
    assert chained[0] is BlocklistState.load  # the first section; the others follow it


async def _no_health() -> None:
    return None


def test_add_shows_it_and_hides_the_jobs_then_remove_asks_first(api: RealApi) -> None:
    page = _page()
    _run(page, "load")
    assert page.loaded and page.entries == []
    page.value = "  Company 2  "
    _run(page, "add")
    assert page.error == "" and page.value == "" and page.kind == GUESS
    assert [(r.kind, r.value) for r in page.entries] == [("Company name", "Company 2")]
    assert "Blocked the name “Company 2”" in page.message
    assert _companies(api) == {"Company 1 GmbH", "Company 3 GmbH"}

    _run(page, "set_kind", "domain")
    page.value = "company 3"  # not a host: the API says why, the text stays to be corrected
    _run(page, "add")
    assert "is not a domain" in page.error and page.value == "company 3"
    page.value = "COMPANY 2 GmbH"
    _run(page, "set_kind", "name")
    _run(page, "add")
    assert "already has the name 'Company 2'" in page.error and len(page.entries) == 1
    page.value = "   "
    _run(page, "add")
    assert "Write a company name" in page.error

    entry = page.entries[0].id
    _run(page, "ask_remove", entry)
    assert page.confirm_id == entry and page.confirm_value == "Company 2"
    _run(page, "keep")
    assert page.confirm_id == 0 and len(page.entries) == 1  # Cancel keeps it
    _run(page, "ask_remove", entry)
    _run(page, "remove")
    assert page.entries == [] and "Unblocked “Company 2”" in page.message
    assert _companies(api) == {"Company 1 GmbH", "Company 2 GmbH", "Company 3 GmbH"}


def test_a_blocked_job_s_own_page_says_it_is_blocked() -> None:
    fields = {
        name: field.default for name, field in JobDetailState.get_fields().items() if not name.startswith("_")
    }
    page = types.SimpleNamespace(**fields)
    JobDetailState._show_fit(page, FitJob.model_validate({**job_json(1), "blocked": True}))  # type: ignore[arg-type]
    assert page.blocked is True
    JobDetailState._show_fit(page, FitJob.model_validate(job_json(2)))  # type: ignore[arg-type]
    assert page.blocked is False

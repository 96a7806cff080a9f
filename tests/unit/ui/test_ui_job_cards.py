"""The Jobs page's cards, the state's side (issue 17, items 4-6 and 9): a bulk action is one
request for every selected job and reloads the page; a hide can be undone; the previous visit's
time and the latest run decide what is new; the boards a job was seen on are named, a career page
by its company, never by a host such as 127.0.0.1. The browser test is tests/e2e/test_ui_cards.py."""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from jobscraper_ui.client import use_client
from jobscraper_ui.format import epoch_s, job_row
from jobscraper_ui.pages.jobs_cards import CardsState
from jobscraper_ui.pages.jobs_state import JobsState

from tests.unit.ui.fake_api import JobsApi, job_json, mock_client
from tests.unit.ui.test_fit_ui import _run, _state

RUN_START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
RUN_END = datetime(2025, 3, 1, 9, 5, tzinfo=UTC)


class CardsApi(JobsApi):
    """The job routes, ``POST /api/jobs/bulk`` (its bodies kept) and ``GET /api/runs``."""

    def __init__(self) -> None:
        super().__init__({str(i): job_json(i) for i in range(1, 5)})
        self.bulk: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/jobs/bulk":
            body = json.loads(request.content)
            self.bulk.append(body)
            return httpx.Response(200, json={"updated": body["ids"], "missing": []})
        if request.url.path == "/api/runs":
            run = {"id": 3, "kind": "scrape", "status": "done", "started_at": RUN_START.isoformat()}
            return httpx.Response(200, json=[{**run, "finished_at": RUN_END.isoformat()}])
        return super().__call__(request)


@pytest.fixture
def api() -> Iterator[CardsApi]:
    fake = CardsApi()
    use_client(mock_client(fake))
    yield fake
    use_client(None)


def _cards(**extra: Any) -> tuple[types.SimpleNamespace, list[str]]:
    """The cards' state, whose ``get_state(JobsState)`` is a page that counts its reloads."""
    reloads: list[str] = []

    async def _load() -> None:
        reloads.append("load")

    jobs = types.SimpleNamespace(_load=_load, cards=[types.SimpleNamespace(id=i) for i in ("1", "2")])

    async def get_state(cls: Any) -> Any:
        assert cls is JobsState
        return jobs

    state = _state(CardsState)
    state.__dict__.update(extra, get_state=get_state)
    return state, reloads


def test_a_bulk_action_is_one_request_for_every_selected_job_then_the_page_reloads(api: CardsApi) -> None:
    state, reloads = _cards()
    _run(CardsState, state, "toggle_select", "1", True)
    _run(CardsState, state, "toggle_select", "3", True)
    _run(CardsState, state, "toggle_select", "3", True)  # ticked twice: still once
    assert state.selected == ["1", "3"]
    _run(CardsState, state, "bulk", {"favorite": True})
    assert api.bulk == [{"ids": [1, 3], "change": {"favorite": True}}]
    assert state.selected == [] and reloads == ["load"]

    _run(CardsState, state, "select_page")  # the cards on show
    assert state.selected == ["1", "2"]
    _run(CardsState, state, "bulk_status", "applied")
    assert api.bulk[-1] == {"ids": [1, 2], "change": {"status": "applied"}}
    _run(CardsState, state, "bulk", {"hidden": True})  # nothing selected: nothing sent
    assert len(api.bulk) == 2


def test_a_hidden_job_comes_back_with_undo(api: CardsApi) -> None:
    state, reloads = _cards(selected=["2"])
    _run(CardsState, state, "hide", "2", "Job 2")
    assert api.patched == [("2", {"hidden": True})]
    assert (state.undo_id, state.undo_title, state.selected) == ("2", "Job 2", [])
    _run(CardsState, state, "undo_hide")
    assert api.patched[-1] == ("2", {"hidden": False})
    assert state.undo_id == "" and reloads == ["load", "load"]


def test_new_means_since_the_previous_visit_or_in_the_latest_run(api: CardsApi) -> None:
    state, _ = _cards(last_visit="1700000000")
    _run(CardsState, state, "opened")
    assert state.since == 1_700_000_000  # the previous visit
    assert int(state.last_visit) > state.since  # this visit, for next time
    assert (state.run_from, state.run_to) == (epoch_s(RUN_START), epoch_s(RUN_END))
    state.last_visit = "1800000000"
    _run(CardsState, state, "opened")  # back on the page in the same tab: the same marks
    assert state.since == 1_700_000_000
    first, _ = _cards(last_visit="")
    _run(CardsState, first, "opened")
    assert first.since == 0  # a first visit marks only the latest run's jobs


def test_the_notes_drawer_opens_and_closes_per_job() -> None:
    state, _ = _cards()
    _run(CardsState, state, "toggle_notes", "1")
    _run(CardsState, state, "toggle_notes", "2")
    _run(CardsState, state, "toggle_notes", "1")
    assert state.notes_open == ["2"]


def test_a_card_names_every_board_and_a_career_page_by_its_company() -> None:
    seen = "2025-03-01T09:02:00+00:00"
    row = job_row(
        job_json(
            7,
            company="Hooli",
            first_seen=seen,
            sources=[
                {"site": "linkedin", "job_url": "https://linkedin.example/7"},
                {"site": "127.0.0.1", "job_url": "http://127.0.0.1:8000/careers/hooli/jobs/7"},
                {"site": "indeed", "job_url": "https://indeed.example/7"},
            ],
        )
    )
    assert row["sites"] == ["Hooli", "indeed", "linkedin"]
    assert row["seen_at"] == epoch_s(seen) and RUN_START.timestamp() < row["seen_at"] < RUN_END.timestamp()
    # a job whose employer was recorded as the career page's address: named from its URL
    local = job_json(
        8, company="127.0.0.1", site="127.0.0.1", job_url="http://127.0.0.1:8000/careers/acme-robotics/jobs/8"
    )
    assert job_row(local)["company"] == "Acme Robotics" and job_row(local)["sites"] == ["Acme Robotics"]
    assert job_row(job_json(9, company="Booking.com"))["company"] == "Booking.com"  # a dotted name stays
    assert job_row(job_json(10, company="Acme", site="careers.acme.com"))["sites"] == ["Acme"]


def test_the_job_page_names_a_career_page_source_by_its_company() -> None:
    from jobscraper_ui.card_names import source_name

    job = {"company": "Hooli", "job_url": "http://127.0.0.1:8000/careers/hooli/jobs/7"}
    assert source_name("127.0.0.1:8000", job) == "Hooli"
    assert source_name("linkedin", job) == "linkedin"
    assert source_name("careers.initech.com", {"company": "127.0.0.1"}) == "Initech"

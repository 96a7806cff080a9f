"""A note belongs to the job its box was rendered for (issue 13, item 1, the state's side).

The browser test (tests/e2e/test_ui.py) plays the whole scenario; this one pins the state's rules:
a draft is kept by job id across pages, a card on another page shows its own notes, and a save
sends only the draft of the job id it carries.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from typing import Any

import pytest
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.jobs_state import JobsState, card_of

from jobscraper.store.search_shapes import JobPublic
from tests.unit.ui.fake_api import JobsApi, job_json, mock_client


def _card(api: JobsApi, job_id: str, drafts: dict[str, str] | None = None) -> Any:
    return card_of(JobPublic.model_validate(api.jobs[job_id]), drafts)


def _page(api: JobsApi, ids: list[str]) -> types.SimpleNamespace:
    page = types.SimpleNamespace(drafts={}, error="", unreachable="")
    page.cards = [_card(api, job_id) for job_id in ids]
    for name in ("_replace", "_patch"):
        setattr(page, name, types.MethodType(getattr(JobsState, name), page))
    page.call = types.MethodType(BaseState.call.fn, page)  # a public method: Reflex wraps it
    return page


def _fn(handler: Any) -> Any:
    return handler.fn


@pytest.fixture
def api() -> Iterator[JobsApi]:
    """Jobs 1–4 behind the real client, over a fake transport."""
    jobs = JobsApi({str(i): job_json(i) for i in range(1, 5)})
    use_client(mock_client(jobs))
    yield jobs
    use_client(None)


def test_a_note_typed_on_page_one_stays_with_its_job_when_the_page_turns(api: JobsApi) -> None:
    page = _page(api, ["1", "2"])
    _fn(JobsState.edit_notes)(page, "2", "on-call rota?")
    assert [(c.id, c.draft, c.note_state) for c in page.cards] == [
        ("1", "", ""),
        ("2", "on-call rota?", "unsaved"),
    ]

    page.cards = [_card(api, job_id, page.drafts) for job_id in ("3", "4")]  # page 2
    assert [c.draft for c in page.cards] == ["", ""]  # their own notes, not the draft of job 2
    asyncio.run(_fn(JobsState.save_notes)(page, "4"))  # leaving job 4's box: nothing to save
    assert api.patched == []

    page.cards = [_card(api, job_id, page.drafts) for job_id in ("1", "2")]  # back
    assert page.cards[1].draft == "on-call rota?" and page.cards[1].note_state == "unsaved"
    asyncio.run(_fn(JobsState.save_notes)(page, "2"))
    assert api.patched == [("2", {"notes": "on-call rota?"})]
    assert (page.cards[1].notes, page.cards[1].note_state) == ("on-call rota?", "saved")
    assert page.drafts == {}

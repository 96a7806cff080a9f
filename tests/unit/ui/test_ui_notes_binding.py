"""A note belongs to the job its box was rendered for (issue 13, item 1, the state's side).

The browser test (tests/e2e/test_ui.py) plays the whole scenario; this one pins the state's rules:
a draft is kept by job id across pages, a card on another page shows its own notes, and a save
sends only the draft of the job id it carries.
"""

from __future__ import annotations

import asyncio
import types
from typing import Any

from jobscraper_ui.base import BaseState
from jobscraper_ui.pages.jobs import JobsState, card_of


def _job(job_id: int, notes: str = "") -> dict[str, Any]:
    return {"id": job_id, "title": f"Job {job_id}", "site": "company", "notes": notes}


class _Api:
    def __init__(self, jobs: dict[str, dict[str, Any]]) -> None:
        self.jobs = jobs
        self.patched: list[tuple[str, dict[str, Any]]] = []

    async def patch(self, path: str, change: dict[str, Any]) -> dict[str, Any]:
        job_id = path.rsplit("/", 1)[-1]
        self.patched.append((job_id, change))
        self.jobs[job_id] = {**self.jobs[job_id], **change}
        return self.jobs[job_id]


def _page(cards: list[dict[str, Any]]) -> types.SimpleNamespace:
    page = types.SimpleNamespace(drafts={}, error="", unreachable="")
    page.cards = [card_of(job) for job in cards]
    for name in ("_replace", "_patch"):
        setattr(page, name, types.MethodType(getattr(JobsState, name), page))
    page.call = types.MethodType(BaseState.call.fn, page)  # a public method: Reflex wraps it
    return page


def _fn(handler: Any) -> Any:
    return handler.fn


def test_a_note_typed_on_page_one_stays_with_its_job_when_the_page_turns(monkeypatch: Any) -> None:
    api = _Api({str(i): _job(i) for i in range(1, 5)})
    monkeypatch.setattr("jobscraper_ui.pages.jobs.api", lambda: api)
    page = _page([api.jobs["1"], api.jobs["2"]])
    _fn(JobsState.edit_notes)(page, "2", "on-call rota?")
    assert [(c.id, c.draft, c.note_state) for c in page.cards] == [
        ("1", "", ""),
        ("2", "on-call rota?", "unsaved"),
    ]

    page.cards = [card_of(job, page.drafts) for job in (api.jobs["3"], api.jobs["4"])]  # page 2
    assert [c.draft for c in page.cards] == ["", ""]  # their own notes, not the draft of job 2
    asyncio.run(_fn(JobsState.save_notes)(page, "4"))  # leaving job 4's box: nothing to save
    assert api.patched == []

    page.cards = [card_of(job, page.drafts) for job in (api.jobs["1"], api.jobs["2"])]  # back
    assert page.cards[1].draft == "on-call rota?" and page.cards[1].note_state == "unsaved"
    asyncio.run(_fn(JobsState.save_notes)(page, "2"))
    assert api.patched == [("2", {"notes": "on-call rota?"})]
    assert (page.cards[1].notes, page.cards[1].note_state) == ("on-call rota?", "saved")
    assert page.drafts == {}

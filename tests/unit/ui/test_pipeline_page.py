"""The Pipeline page's state (issue 17, item 1, the UI's side) over the real client, whose requests
the real Api app answers (its backend and the writer's body on a real SQLite file, no Ray).

What a person would notice: only starred jobs sit in New; a card dragged to Applied shows the
applied date; the arrow keys move a focused card to the next column and back; a follow-up date in
the past puts the job in the due list, marked overdue, and emptying the box takes it out; every
change is announced; a key that is not an arrow, or a drop with no drag, changes nothing."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.pipeline_state import PipelineState, card_of, label
from jobscraper_ui.pages.pipeline_views import board

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.store import Database, SyncEngine
from jobscraper.store.pipeline_shapes import PipelineCard
from serve.backend import ApiBackend
from serve.http import create_api
from tests.unit.serve.test_api_profile import WriterHandle
from tests.unit.ui.fake_api import mock_client
from tests.unit.ui.test_profile_page import RealApi


@pytest.fixture
def api(db: Database, sync: SyncEngine, make_posting: Any) -> Iterator[RealApi]:
    """The Api over three jobs; job 1 starred."""
    sync.upsert([make_posting() for _ in range(3)])
    db_path = Path(str(db.location))
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(db_path)}}),
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
    )
    with TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000") as http:
        assert http.patch("/api/jobs/1", json={"favorite": True}).status_code == 200
        real = RealApi(http)
        use_client(mock_client(real))
        yield real
        use_client(None)


def _page() -> types.SimpleNamespace:
    """The page's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in PipelineState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    page = types.SimpleNamespace(**values)
    for name in ("_card", "_reload", "_move"):
        setattr(page, name, types.MethodType(getattr(PipelineState, name), page))
    for name in ("call", "check_health"):
        setattr(page, name, types.MethodType(getattr(BaseState, name).fn, page))
    move: Any = PipelineState.move
    page.move = types.MethodType(move.fn, page)  # key_move goes through it
    return page


def _run(page: types.SimpleNamespace, event: str, *args: Any) -> Any:
    answer = getattr(PipelineState, event).fn(page, *args)
    return asyncio.run(answer) if asyncio.iscoroutine(answer) else answer


def _where(page: types.SimpleNamespace) -> dict[str, list[str]]:
    return {c.status: [card.id for card in c.cards] for c in page.columns if c.cards}


def test_drag_to_applied_shows_the_date_and_the_keys_move_it_back(api: RealApi) -> None:
    page = _page()
    _run(page, "load")
    assert (page.loaded, page.error, page.unreachable) == (True, "", "")
    assert [c.label for c in page.columns][:2] == ["New (starred)", "Interested"]
    assert _where(page) == {"new": ["1"]}, "only the starred job is in New"

    _run(page, "drop", "applied")  # a drop with no drag started moves nothing
    assert _where(page) == {"new": ["1"]}
    _run(page, "drag_start", "1")
    _run(page, "drop", "applied")
    assert _where(page) == {"applied": ["1"]} and page.dragging == ""
    card = page.columns[2].cards[0]
    assert card.applied == date.today().isoformat()
    assert page.announce == f"Moved “{card.title}” to Applied, applied {card.applied}."

    _run(page, "key_move", "1", "Tab")
    assert _where(page) == {"applied": ["1"]}
    focus = _run(page, "key_move", "1", "ArrowLeft")
    assert _where(page) == {"interested": ["1"]} and "pipeline-card-1" in str(focus)
    assert page.announce == f"Moved “{card.title}” to Interested."
    assert page.columns[1].cards[0].applied == card.applied, "moving back keeps the day applied"
    _run(page, "key_move", "1", "ArrowRight")
    assert _where(page) == {"applied": ["1"]}


def test_a_past_follow_up_is_due_and_overdue_and_an_empty_box_clears_it(api: RealApi) -> None:
    page = _page()
    _run(page, "load")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    _run(page, "set_follow_up", "1", yesterday)
    assert [(c.id, c.follow_up, c.overdue) for c in page.due] == [("1", yesterday, True)]
    assert page.columns[0].cards[0].follow_up == yesterday
    assert page.announce.endswith(f"set to {yesterday}.")
    asked = len(api.asked)
    _run(page, "set_follow_up", "1", yesterday)  # the box left unchanged: nothing is sent
    assert len(api.asked) == asked
    _run(page, "set_follow_up", "1", "")
    assert page.due == [] and page.announce.endswith("cleared.")


def test_the_cards_know_their_neighbouring_columns() -> None:
    first = card_of(PipelineCard(id=7, title="Dev", status="new", favorite=True, closed=False, overdue=False))
    assert (first.prev, first.next, first.next_label) == ("", "interested", "Move to Interested")
    last = card_of(
        PipelineCard(id=8, title="Dev", status="withdrawn", favorite=False, closed=False, overdue=False)
    )
    assert (last.prev, last.next, last.prev_label) == ("rejected", "", "Move to Rejected")
    assert label("new") == "New (starred)" and "Right arrow moves it to Interested" in first.how_to_move


def test_the_board_renders_drag_targets_keyboard_moves_and_date_boxes() -> None:
    assert board().event_triggers.get("on_mount") is not None, "the drag data script is set on mount"
    rendered = str(board())
    for needle in ("onDragStart", "onDrop", "onDragOver", "draggable", "onKeyDown", 'type:"date"'):
        assert needle in rendered, needle

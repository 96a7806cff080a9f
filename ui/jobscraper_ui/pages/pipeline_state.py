"""The Pipeline page's state: the board (a column per status, compact cards), the follow-ups due,
and the moves — drag and drop, the arrow keys on a focused card, the move buttons — and each
card's follow-up date.

A drag remembers the card it started on (:meth:`PipelineState.drag_start`, sent when the drag
starts) and the column it is dropped on moves it there (:meth:`PipelineState.drop`): no data rides
on the browser's drag event, so the same two handlers serve every browser. Every move and date
change is a ``PATCH /api/jobs/{id}``; the board and the due list are read again after it, so the
applied date the Api records on a move to *applied* shows at once. What changed is announced in
the page's live region (``announce``), and after a keyboard move the card keeps the focus.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import reflex as rx

from jobscraper.store.pipeline_shapes import PipelineCard
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import STATUSES

__all__ = ["LABELS", "Card", "Column", "PipelineState", "card_of", "label"]

LABELS = {"new": "New (starred)"}
"""Column titles that differ from the status's own name."""


def label(status: str) -> str:
    """A status as a column title: "Interested", and "New (starred)" for the first column."""
    return LABELS.get(status, status.capitalize())


@dataclasses.dataclass
class Card:
    id: str
    title: str
    company: str
    href: str  # the job's page
    status: str
    applied: str  # "2026-12-02" (the local day it was recorded), "" when not applied
    follow_up: str  # "2026-12-09", "" when none (the date box's value)
    overdue: bool
    closed: bool
    prev: str  # the status of the column to the left, "" in the first
    next: str  # the status of the column to the right, "" in the last
    prev_label: str  # "Move to Interested" (the button's accessible name)
    next_label: str
    how_to_move: str  # the card's accessible description: where it is and how to move it


@dataclasses.dataclass
class Column:
    status: str
    label: str
    total: int
    more: int  # jobs in this column beyond the cards shown
    cards: list[Card]


def card_of(card: PipelineCard) -> Card:
    """What a card shows, with its neighbouring columns for the keyboard and the buttons."""
    status = card.status.value
    where = STATUSES.index(status)
    prev = STATUSES[where - 1] if where > 0 else ""
    nxt = STATUSES[where + 1] if where + 1 < len(STATUSES) else ""
    moves = " and ".join(
        f"{key} arrow moves it to {label(to)}" for key, to in (("Left", prev), ("Right", nxt)) if to
    )
    return Card(
        id=str(card.id),
        title=card.title,
        company=card.company or "",
        href=f"/jobs/{card.id}",
        status=status,
        applied=card.applied_at.astimezone().date().isoformat() if card.applied_at else "",
        follow_up=card.follow_up_at.isoformat() if card.follow_up_at else "",
        overdue=card.overdue,
        closed=card.closed,
        prev=prev,
        next=nxt,
        prev_label=f"Move to {label(prev)}" if prev else "",
        next_label=f"Move to {label(nxt)}" if nxt else "",
        how_to_move=f"In {label(status)}. {moves}.",
    )


class PipelineState(BaseState):
    columns: list[Column] = []
    due: list[Card] = []
    loaded: bool = False
    dragging: str = ""  # the id of the card being dragged
    announce: str = ""  # the live region's text: what the last action did

    def _card(self, job_id: str) -> Card | None:
        for column in self.columns:
            for card in column.cards:
                if card.id == job_id:
                    return card
        return next((card for card in self.due if card.id == job_id), None)

    async def _reload(self) -> None:
        board = await self.call(lambda: client().pipeline())
        due = await self.call(lambda: client().due())
        self.loaded = True
        if board is not None:
            self.columns = [
                Column(
                    status=c.status.value,
                    label=label(c.status.value),
                    total=c.total,
                    more=c.total - len(c.cards),
                    cards=[card_of(card) for card in c.cards],
                )
                for c in board.columns
            ]
        if due is not None:
            self.due = [card_of(card) for card in due]

    @rx.event
    async def load(self) -> None:
        self.error = ""
        await self.check_health()
        await self._reload()

    async def _move(self, job_id: str, status: str) -> bool:
        """Move the job to ``status``; False (nothing sent) when it is there already or unknown."""
        card = self._card(job_id)
        if card is None or not status or card.status == status or status not in STATUSES:
            return False
        self.error = ""
        moved = await self.call(lambda: client().update_job(job_id, {"status": status}))
        if moved is None:
            self.announce = f"Could not move “{card.title}”: {self.error or self.unreachable}"
            return False
        await self._reload()
        now = self._card(job_id)
        applied = (
            f", applied {now.applied}" if now is not None and now.applied and status == "applied" else ""
        )
        self.announce = f"Moved “{card.title}” to {label(status)}{applied}."
        return True

    @rx.event
    async def move(self, job_id: str, status: str) -> Any:
        """A move button: the card goes to the column next to it, and keeps the focus."""
        if await self._move(job_id, status):
            return _focus(job_id)
        return None

    @rx.event
    async def key_move(self, job_id: str, key: str) -> Any:
        """An arrow key on a focused card: ← to the column on the left, → to the one on the right."""
        card = self._card(job_id)
        if card is None or key not in ("ArrowLeft", "ArrowRight"):
            return None
        return await self.move(job_id, card.prev if key == "ArrowLeft" else card.next)

    @rx.event
    def drag_start(self, job_id: str) -> None:
        self.dragging = job_id

    @rx.event
    async def drop(self, status: str) -> None:
        """A card dropped on a column: the one whose drag started last moves there."""
        job_id, self.dragging = self.dragging, ""
        if job_id:
            await self._move(job_id, status)

    @rx.event
    async def set_follow_up(self, job_id: str, value: str) -> None:
        """The date box left (or Enter): a new date is saved, an emptied box clears it."""
        card = self._card(job_id)
        value = value.strip()
        if card is None or value == card.follow_up:
            return
        self.error = ""
        saved = await self.call(lambda: client().update_job(job_id, {"follow_up_at": value or None}))
        if saved is None:
            self.announce = f"Could not set the follow-up of “{card.title}”: {self.error or self.unreachable}"
            return
        await self._reload()
        self.announce = (
            f"Follow-up of “{card.title}” set to {value}."
            if value
            else f"Follow-up of “{card.title}” cleared."
        )


def _focus(job_id: str) -> Any:
    """Focus the card once it is drawn in its new column (a keyboard user's place is kept)."""
    target = json.dumps(f"pipeline-card-{job_id}")
    return rx.call_script(f"setTimeout(() => document.getElementById({target})?.focus(), 60)")

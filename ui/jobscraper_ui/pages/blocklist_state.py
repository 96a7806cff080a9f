"""The Settings page's company blocklist section: the entries, the add form and the removal dialog.

A company blocked here leaves every list, search, match and the analytics at once (the API's
``/api/blocklist``); removing the entry brings its jobs back. Removing asks first (``confirm_id``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from jobscraper.blocklist import BlockedPublic
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import ago

__all__ = ["GUESS", "KIND_CHOICES", "BlockRow", "BlocklistState", "block_row"]

GUESS = "guess"
KIND_CHOICES: dict[str, str] = {
    GUESS: "Guess from the text",
    "name": "Company name",
    "domain": "Domain",
    "pattern": "Pattern (* and ?)",
}
"""The kinds offered: ``guess`` leaves it to the API, the others are ``jobscraper.blocklist.BLOCK_KINDS``."""


@dataclasses.dataclass
class BlockRow:
    id: int
    kind: str
    value: str
    added: str


def block_row(entry: BlockedPublic) -> BlockRow:
    """A blocklist entry as its row: its kind in words, the text as written, when it was added."""
    return BlockRow(
        entry.id, KIND_CHOICES[entry.kind].split(" (")[0], entry.value, f"added {ago(entry.created_at)}"
    )


class BlocklistState(BaseState):
    entries: list[BlockRow] = []
    loaded: bool = False
    value: str = ""
    kind: str = GUESS
    message: str = ""
    # the entry the removal dialog asks about (0: no dialog)
    confirm_id: int = 0
    confirm_value: str = ""

    @rx.event
    async def load(self) -> None:
        await self._refresh()

    async def _refresh(self) -> None:
        answer = await self.call(lambda: client().blocklist())
        self.loaded = True
        if answer is not None:
            self.entries = [block_row(b) for b in answer]

    @rx.event
    def set_value(self, value: str) -> None:
        self.value = value

    @rx.event
    def set_kind(self, kind: str) -> None:
        self.kind = kind if kind in KIND_CHOICES else GUESS

    @rx.event
    async def add(self, _form: dict[str, Any] | None = None) -> None:
        """Block what the box holds (its kind as chosen, or guessed by the API)."""
        self.error, self.message = "", ""
        value = self.value.strip()
        if not value:
            self.error = "Write a company name, a domain (acme.com) or a pattern (*recruit*) to block."
            return
        kind = None if self.kind == GUESS else self.kind
        stored = await self.call(lambda: client().add_block(value, kind))
        if stored is None:
            return
        self.value, self.kind = "", GUESS
        self.message = f"Blocked the {stored.kind} “{stored.value}”: its jobs no longer show anywhere."
        await self._refresh()

    @rx.event
    def ask_remove(self, block_id: int) -> None:
        """Open the dialog that asks before an entry is removed."""
        self.confirm_id = block_id
        self.confirm_value = next((r.value for r in self.entries if r.id == block_id), "")

    @rx.event
    def keep(self, still_open: bool = False) -> None:
        """The dialog was cancelled (or closed): the entry stays."""
        if not still_open:
            self.confirm_id, self.confirm_value = 0, ""

    @rx.event
    async def remove(self) -> None:
        """Remove the entry the dialog asked about; its company's jobs show again."""
        block_id, value = self.confirm_id, self.confirm_value
        self.confirm_id, self.confirm_value = 0, ""
        if not block_id:
            return
        self.error, self.message = "", ""
        if await self.call(lambda: client().remove_block(block_id)) is not None:
            self.message = f"Unblocked “{value}”: its jobs show again."
        await self._refresh()

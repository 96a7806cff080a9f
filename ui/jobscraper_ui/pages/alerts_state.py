"""The Settings page's alerts section: the channels (URLs masked), the add form, the test button and
the removal dialog.

New jobs that fit are sent to these channels after every run (the API's ``/api/alerts/channels``).
The URL typed in the form is sent once to the API and then forgotten here: the list only ever holds
the masked form the API answers with. "Send test message" shows its outcome on the channel's row;
removing asks first (``confirm_id``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from jobscraper.alerts.shapes import ChannelPublic
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import ago

__all__ = ["AlertsState", "ChannelRow", "channel_row"]


@dataclasses.dataclass
class ChannelRow:
    id: int
    name: str
    url: str
    added: str
    result: str = ""
    ok: bool = True


def channel_row(channel: ChannelPublic) -> ChannelRow:
    """A channel as its row: its name, its masked URL, when it was added."""
    return ChannelRow(channel.id, channel.name, channel.url, f"added {ago(channel.created_at)}")


class AlertsState(BaseState):
    channels: list[ChannelRow] = []
    loaded: bool = False
    url: str = ""
    name: str = ""
    message: str = ""
    testing_id: int = 0
    # the channel the removal dialog asks about (0: no dialog)
    confirm_id: int = 0
    confirm_name: str = ""

    @rx.event
    async def load(self) -> None:
        await self._refresh()

    async def _refresh(self) -> None:
        answer = await self.call(lambda: client().alert_channels())
        self.loaded = True
        if answer is not None:
            results = {r.id: (r.result, r.ok) for r in self.channels}
            rows = [channel_row(c) for c in answer]
            for row in rows:
                row.result, row.ok = results.get(row.id, ("", True))
            self.channels = rows

    @rx.event
    def set_url(self, value: str) -> None:
        self.url = value

    @rx.event
    def set_name(self, value: str) -> None:
        self.name = value

    @rx.event
    async def add(self, _form: dict[str, Any] | None = None) -> None:
        """Add the channel the form holds; the URL box is emptied (the list shows it masked)."""
        self.error, self.message = "", ""
        url, name = self.url.strip(), self.name.strip()
        if not url:
            self.error = "Paste an Apprise URL, e.g. ntfy://ntfy.sh/my-topic or json://example.com/hook."
            return
        stored = await self.call(lambda: client().add_alert_channel(url, name or None))
        if stored is None:
            return
        self.url, self.name = "", ""
        self.message = f"Added “{stored.name}”: new jobs that fit are sent there after each run."
        await self._refresh()

    @rx.event
    async def send_test(self, channel_id: int) -> Any:
        """Send a test message to the channel now; its outcome shows on the channel's row."""
        self.error, self.message = "", ""
        self.testing_id = channel_id
        yield
        answer = await self.call(lambda: client().test_alert_channel(channel_id))
        self.testing_id = 0
        if answer is None:
            return
        text = "Test message sent." if answer.status == "sent" else f"Not sent: {answer.reason}"
        self.channels = [
            dataclasses.replace(r, result=text, ok=answer.status == "sent") if r.id == channel_id else r
            for r in self.channels
        ]

    @rx.event
    def ask_remove(self, channel_id: int) -> None:
        """Open the dialog that asks before a channel is removed."""
        self.confirm_id = channel_id
        self.confirm_name = next((r.name for r in self.channels if r.id == channel_id), "")

    @rx.event
    def keep(self, still_open: bool = False) -> None:
        """The dialog was cancelled (or closed): the channel stays."""
        if not still_open:
            self.confirm_id, self.confirm_name = 0, ""

    @rx.event
    async def remove(self) -> None:
        """Remove the channel the dialog asked about."""
        channel_id, name = self.confirm_id, self.confirm_name
        self.confirm_id, self.confirm_name = 0, ""
        if not channel_id:
            return
        self.error, self.message = "", ""
        if await self.call(lambda: client().remove_alert_channel(channel_id)) is not None:
            self.message = f"Removed “{name}”: it gets no more alerts."
        await self._refresh()

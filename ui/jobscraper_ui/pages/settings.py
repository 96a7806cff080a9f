"""Settings: the company blocklist and the alert channels (issue 17).

Being built in this session; until then the page says so.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.layout import page

__all__ = ["SettingsState", "settings_page"]


class SettingsState(BaseState):
    @rx.event
    async def load(self) -> None:
        await self.check_health()


def settings_page() -> rx.Component:
    return page(rx.text("Settings are not built yet."), title="Settings")

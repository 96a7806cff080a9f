"""Settings (issue 17): one section per concern, each with its own state and views — the company
blocklist (``blocklist_state``/``blocklist_views``); more sections add one line to each of
:meth:`SettingsState.load` and :func:`settings_page`.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.layout import page
from jobscraper_ui.pages.alerts_state import AlertsState
from jobscraper_ui.pages.alerts_views import alerts_section
from jobscraper_ui.pages.blocklist_state import BlocklistState
from jobscraper_ui.pages.blocklist_views import blocklist_section

__all__ = ["SettingsState", "settings_page"]


class SettingsState(BaseState):
    @rx.event
    async def load(self) -> list[Any]:
        """Check the API, then load each section (events chained: each section's state loads itself)."""
        await self.check_health()
        return [BlocklistState.load, AlertsState.load]


def settings_page() -> rx.Component:
    return page(blocklist_section(), alerts_section(), title="Settings")

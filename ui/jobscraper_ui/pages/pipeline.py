"""Pipeline: the jobs the person acts on, in columns by status, and the follow-ups due (issue 17).

Being built in this session: the board, drag and drop and keyboard moves, applied and follow-up
dates. Until then the page says so.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.layout import page

__all__ = ["PipelineState", "pipeline_page"]


class PipelineState(BaseState):
    @rx.event
    async def load(self) -> None:
        await self.check_health()


def pipeline_page() -> rx.Component:
    return page(rx.text("The pipeline board is not built yet."), title="Pipeline")

"""Pipeline: the jobs the person acts on, in columns by status, and the follow-ups due (issue 17).

Composes the due list, the board and the live region (``pipeline_views``) over the state
(``pipeline_state``). The *new* column holds only starred jobs — every job found starts as new,
so the page says how a job gets there.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.pipeline_state import PipelineState
from jobscraper_ui.pages.pipeline_views import board, due_list, live_region, styles

__all__ = ["PipelineState", "pipeline_page"]


def pipeline_page() -> rx.Component:
    return page(
        styles(),
        rx.text(
            "Drag a card to another column, or focus it and press ← or →, or use its arrow buttons. "
            "Moving a job to Applied records the day; a follow-up date is saved when you leave its box. "
            "The New column holds only the jobs you starred "
            "(every job found starts as new): star one on the Jobs page to put it here.",
            size="2",
            color_scheme="gray",
        ),
        live_region(),
        due_list(),
        board(),
        title="Pipeline",
    )

"""The controls of one job that the Jobs list and the job's own page share: its status select and
its notes box.

Both are bound to the job id they were rendered with (the box is keyed by it and controlled, and
each event carries the id), so a note or a status can only ever reach its own job.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper.vocabulary import JOB_STATUSES

__all__ = ["notes_box", "status_select"]


def status_select(job_id: rx.Var[str], value: rx.Var[str], handler: Any) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="application status"),
        rx.select.content(*[rx.select.item(s.capitalize(), value=s) for s in JOB_STATUSES]),
        value=value,
        on_change=lambda v: handler(job_id, v),
        size="1",
    )


def notes_box(
    job_id: rx.Var[str], draft: rx.Var[str], state: rx.Var[str], edit: Any, save: Any
) -> rx.Component:
    """The notes of one job: a controlled box keyed by the job id, a Save button, its saved state.

    ``edit(job_id, text)`` and ``save(job_id)`` get the id this box was rendered with, so a note
    can only ever reach its own job.
    """
    return rx.vstack(
        rx.text_area(
            value=draft,
            placeholder="Notes",
            on_change=lambda text: edit(job_id, text),
            on_blur=save(job_id),
            rows="2",
            width="100%",
            aria_label="notes",
            key=job_id,
            class_name="notes",
        ),
        rx.flex(
            rx.button(
                "Save",
                size="1",
                variant="soft",
                on_click=save(job_id),
                disabled=state != "unsaved",
                class_name="save-notes",
                type="button",
            ),
            rx.text(
                rx.match(state, ("unsaved", "unsaved changes"), ("saved", "saved ✓"), ""),
                size="1",
                color_scheme=rx.cond(state == "unsaved", "orange", "green"),
                class_name="notes-state",
                data_state=state,
            ),
            spacing="2",
            align="center",
        ),
        spacing="1",
        width="100%",
    )

"""The dense list layout: an option for people who scan hundreds of jobs, kept in the browser.

The choice lives in the browser's localStorage (``rx.LocalStorage``), so it survives a reload and
needs no account. The Jobs page wraps its results in :func:`results_class`; the styles that make a
card dense are the frame's (``nav.STYLES``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

__all__ = ["DensityState", "density_toggle", "results_class"]


class DensityState(rx.State):
    dense: str = rx.LocalStorage("", name="jobscraper-dense")

    @rx.event
    def set_dense(self, on: bool) -> None:
        self.dense = "1" if on else ""


def density_toggle() -> rx.Component:
    toggle: rx.Component = rx.el.label(
        rx.flex(
            rx.switch(checked=DensityState.dense != "", on_change=DensityState.set_dense, id="dense-toggle"),
            rx.text("Dense list", size="2"),
            spacing="2",
            align="center",
        ),
        title="fewer details per job, more jobs on the screen",
        class_name="density-toggle",
    )
    return toggle


def results_class() -> Any:
    return rx.cond(DensityState.dense != "", "results dense", "results")

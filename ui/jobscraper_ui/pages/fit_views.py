"""A job's fit as components: the score badge (cards, Best fit rows, the job page), the reasons
list and "More like this" on the job page. Layout only; the fields come from :mod:`.fit`.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.pages.fit import ReasonRow, SimilarRow

__all__ = ["fit_badge", "reasons_list", "similar_list"]


def fit_badge(fit: Any, band: Any, sunk: Any, tip: Any, size: str = "2") -> rx.Component:
    """The score as a coloured badge ("82 fit", or "sunk · 12" when a hard preference is broken),
    the first reasons as its tooltip; nothing when ``fit`` is "" (no fit for this job)."""
    return rx.cond(
        fit != "",
        rx.badge(
            rx.cond(sunk, "sunk · " + fit, fit + " fit"),
            color_scheme=band,
            variant=rx.cond(sunk, "outline", "solid"),
            size=size,
            title=tip,
            class_name="fit-badge",
            data_fit=fit,
        ),
    )


def _names(label: str, names: Any, scheme: str) -> rx.Component:
    return rx.cond(
        names.length() > 0,
        rx.flex(
            rx.text(label, size="1", color_scheme="gray"),
            rx.foreach(names, lambda n: rx.badge(n, color_scheme=scheme, variant="soft", size="1")),
            spacing="1",
            wrap="wrap",
            align="center",
        ),
    )


def _reason(row: ReasonRow) -> rx.Component:
    return rx.flex(
        rx.badge(row.label, color_scheme=row.tone, variant="soft", min_width="10.5em"),
        rx.vstack(
            rx.text(
                rx.cond(row.hard, rx.text.strong("Sinks it: "), ""),
                row.text,
                size="2",
            ),
            _names("has", row.matched, "green"),
            _names("missing", row.missing, "red"),
            spacing="1",
            min_width="0",
        ),
        spacing="3",
        align="start",
        wrap="wrap",
        class_name="fit-reason",
    )


def reasons_list(reasons: Any) -> rx.Component:
    """Each reason on its row: the part it explains (coloured by whether it fits) and its text."""
    return rx.vstack(rx.foreach(reasons, _reason), spacing="2", width="100%", id="fit-reasons")


def _similar(row: SimilarRow) -> rx.Component:
    return rx.flex(
        rx.link(row.title, href=row.href, weight="medium", size="2"),
        rx.text(row.where, size="1", color_scheme="gray"),
        rx.badge("alike " + row.alike, variant="outline", size="1", title="cosine similarity of meaning"),
        spacing="2",
        align="center",
        wrap="wrap",
        class_name="similar-job",
    )


def similar_list(rows: Any, note: Any) -> rx.Component:
    """The jobs most alike in meaning as compact links, or why there are none (``note``)."""
    return rx.cond(
        note != "",
        rx.text(note, size="2", color_scheme="gray", id="similar-note"),
        rx.vstack(rx.foreach(rows, _similar), spacing="1", width="100%"),
    )

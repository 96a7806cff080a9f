"""The Companies page's components: the add form (with what the URL was detected as) and one
watched company's row. Layout only; the state is ``companies_state``.
"""

from __future__ import annotations

import reflex as rx

from jobscraper.vocabulary import ATS_LABELS
from jobscraper_ui.confirm import confirm_delete
from jobscraper_ui.layout import saved_row
from jobscraper_ui.pages.companies_state import CompaniesState, CompanyRow

__all__ = ["company_form", "company_item", "delete_dialog"]

ATS_NAMES = ", ".join(ATS_LABELS.values())
"""Every ATS the registry reads, for the form's hint."""


def company_form() -> rx.Component:
    s = CompaniesState
    return rx.card(
        rx.heading("Add a company", size="3", as_="h2"),
        rx.text(
            f"Paste its career page, or its board URL on {ATS_NAMES}.",
            size="2",
            color_scheme="gray",
        ),
        rx.flex(
            rx.input(
                value=s.url,
                on_change=CompaniesState.set_url,
                on_blur=CompaniesState.detect,
                placeholder="https://job-boards.greenhouse.io/acme",
                flex="3 1 18em",
                id="company-url",
            ),
            rx.input(
                value=s.name,
                on_change=CompaniesState.set_name,
                placeholder="Name (suggested from the URL)",
                flex="1 1 10em",
                id="company-name",
            ),
            rx.el.label(
                rx.flex(
                    rx.checkbox(
                        checked=s.render_js,
                        on_change=CompaniesState.set_render_js,
                        aria_label="needs JavaScript",
                    ),
                    rx.text("needs JavaScript", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            rx.button("Add", on_click=CompaniesState.add, disabled=s.url.strip() == "", id="company-add"),
            spacing="2",
            wrap="wrap",
            align="center",
            margin_top="2",
        ),
        rx.cond(
            s.detected != "",
            rx.text(
                "Detected: ",
                rx.badge(s.detected, color_scheme="blue"),
                size="2",
                margin_top="2",
                id="company-detected",
            ),
        ),
        rx.cond(
            s.saved_message != "", rx.text(s.saved_message, size="2", color_scheme="green", margin_top="2")
        ),
        width="100%",
    )


def company_item(c: CompanyRow) -> rx.Component:
    return saved_row(
        rx.vstack(
            rx.flex(
                rx.text(c.name, weight="bold"),
                rx.badge(c.ats, color_scheme="blue"),
                spacing="2",
                align="center",
            ),
            rx.cond(
                c.href != "",
                rx.link(c.url, href=c.href, is_external=True, size="1", word_break="break-all"),
                rx.text(c.url, size="1", word_break="break-all"),
            ),
            rx.text(c.jobs, " active jobs · ", rx.text.span(c.last, color_scheme=c.last_color), size="1"),
            rx.cond(c.last_error != "", rx.text(c.last_error, size="1", color_scheme="red")),
            spacing="1",
            flex="1 1 16em",
            min_width="0",
        ),
        enabled=c.enabled,
        on_toggle=lambda v: CompaniesState.toggle(c.id, v),
        on_delete=CompaniesState.ask_remove(c.id),
        delete_label="stop watching",
        class_name="company-row",
    )


def delete_dialog() -> rx.Component:
    """Asks before a company is no longer watched."""
    s = CompaniesState
    return confirm_delete(
        is_open=s.confirm_id > 0,
        title="Stop watching “" + s.confirm_name + "”?",
        description="Its career page will no longer be scraped. The jobs already found stay.",
        action="Stop watching",
        on_confirm=CompaniesState.remove,
        on_cancel=CompaniesState.keep,
        id_="confirm-delete-company",
    )

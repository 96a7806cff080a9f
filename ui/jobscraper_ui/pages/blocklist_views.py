"""The Settings page's company blocklist section: the add form (text and kind, each labelled), the
entries with a remove button each, and the dialog that asks before one is removed. Layout only;
the state is ``blocklist_state``."""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.confirm import confirm_delete
from jobscraper_ui.pages.blocklist_state import KIND_CHOICES, BlocklistState, BlockRow

__all__ = ["blocklist_section"]


def _form() -> rx.Component:
    s = BlocklistState
    return rx.form(
        rx.flex(
            rx.el.label(
                rx.text("Company, domain or pattern", size="2", weight="medium"),
                rx.input(
                    value=s.value,
                    on_change=BlocklistState.set_value,
                    placeholder="Acme Inc · acme.com · *recruit*",
                    id="block-value",
                    name="value",
                ),
                display="flex",
                flex_direction="column",
                gap="1",
                flex="2 1 16em",
            ),
            rx.el.label(
                rx.text("Kind", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(aria_label="Kind", id="block-kind", min_width="12em"),
                    rx.select.content(
                        *[rx.select.item(text, value=key) for key, text in KIND_CHOICES.items()]
                    ),
                    value=s.kind,
                    on_change=BlocklistState.set_kind,
                ),
                display="flex",
                flex_direction="column",
                gap="1",
            ),
            rx.button("Block", type="submit", id="block-add"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=BlocklistState.add,
        reset_on_submit=False,
        width="100%",
    )


def _entry(r: BlockRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.badge(r.kind, variant="soft"),
            rx.text(r.value, weight="bold", class_name="block-value", flex="1 1 12em", min_width="0"),
            rx.text(r.added, size="1", color_scheme="gray"),
            rx.button(
                "Remove",
                variant="soft",
                color_scheme="red",
                size="1",
                on_click=BlocklistState.ask_remove(r.id),
                aria_label="Remove " + r.value + " from the blocklist",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        class_name="block-row",
        width="100%",
    )


def _dialog() -> rx.Component:
    s = BlocklistState
    return confirm_delete(
        is_open=s.confirm_id > 0,
        title="Unblock “" + s.confirm_value + "”?",
        description="Its jobs show again in the lists, searches, matches and analytics.",
        action="Remove from blocklist",
        on_confirm=BlocklistState.remove,
        on_cancel=BlocklistState.keep,
        id_="confirm-unblock",
    )


def blocklist_section() -> rx.Component:
    """The section: what blocking does, the form, the entries (or a line saying there are none)."""
    s = BlocklistState
    return rx.card(
        rx.vstack(
            rx.heading("Company blocklist", size="4", as_="h2", id="blocklist"),
            rx.text(
                "Jobs from these companies never show: not in Jobs, search, matches, alerts or "
                "analytics, and a watched company blocked here is not scraped. By name (case, accents "
                "and Inc/GmbH do not matter), by domain (subdomains included) or by pattern.",
                size="2",
                color_scheme="gray",
            ),
            _form(),
            rx.cond(s.message != "", rx.text(s.message, color_scheme="green", size="2", role="status")),
            rx.cond(
                s.entries.length() > 0,
                rx.vstack(rx.foreach(s.entries, _entry), spacing="2", width="100%", id="blocklist-entries"),
                rx.cond(s.loaded, rx.text("Nothing is blocked.", size="2", id="blocklist-empty")),
            ),
            _dialog(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )

"""A confirmation before something is deleted: a Radix alert dialog the page's state opens.

The state holds which item is asked about (open while it is set); Cancel, Escape or a click
outside close the dialog and keep the item; only the red button deletes it.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

__all__ = ["confirm_delete"]


def confirm_delete(
    *, is_open: Any, title: Any, description: str, action: str, on_confirm: Any, on_cancel: Any, id_: str
) -> rx.Component:
    """The dialog: ``title`` names the item, ``description`` what deleting it means."""
    dialog: rx.Component = rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Cancel", variant="soft", color_scheme="gray", id=f"{id_}-cancel")
                ),
                rx.button(action, color_scheme="red", on_click=on_confirm, id=f"{id_}-confirm"),
                spacing="3",
                justify="end",
                margin_top="4",
            ),
            id=id_,
        ),
        open=is_open,
        on_open_change=on_cancel,
    )
    return dialog

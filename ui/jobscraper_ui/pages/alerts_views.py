"""The Settings page's alerts section: the add form (URL and name, each labelled), the channels with
"Send test message" and "Remove" each and the test's outcome, and the dialog that asks before one is
removed. Layout only; the state is ``alerts_state``."""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.confirm import confirm_delete
from jobscraper_ui.pages.alerts_state import AlertsState, ChannelRow

__all__ = ["alerts_section"]


def _field(label: str, control: rx.Component, grow: str) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        control,
        display="flex",
        flex_direction="column",
        gap="1",
        flex=grow,
    )


def _form() -> rx.Component:
    s = AlertsState
    return rx.form(
        rx.flex(
            _field(
                "Apprise URL",
                rx.input(
                    value=s.url,
                    on_change=AlertsState.set_url,
                    placeholder="ntfy://ntfy.sh/my-topic · mailtos://user:pass@gmail.com · json://host/hook",
                    id="alert-url",
                    name="url",
                    type="password",
                    auto_complete="off",
                ),
                "3 1 20em",
            ),
            _field(
                "Name (optional)",
                rx.input(value=s.name, on_change=AlertsState.set_name, id="alert-name", name="name"),
                "1 1 10em",
            ),
            rx.button("Add channel", type="submit", id="alert-add"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=AlertsState.add,
        reset_on_submit=False,
        width="100%",
    )


def _channel(r: ChannelRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text(r.name, weight="bold", class_name="alert-name"),
                rx.code(r.url, class_name="alert-url", variant="ghost", flex="1 1 14em", min_width="0"),
                rx.text(r.added, size="1", color_scheme="gray"),
                rx.button(
                    rx.cond(AlertsState.testing_id == r.id, "Sending…", "Send test message"),
                    variant="soft",
                    size="1",
                    loading=AlertsState.testing_id == r.id,
                    on_click=AlertsState.send_test(r.id),
                    class_name="alert-test",
                    aria_label="Send a test message to " + r.name,
                ),
                rx.button(
                    "Remove",
                    variant="soft",
                    color_scheme="red",
                    size="1",
                    on_click=AlertsState.ask_remove(r.id),
                    class_name="alert-remove",
                    aria_label="Remove the alert channel " + r.name,
                ),
                spacing="3",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                r.result != "",
                rx.text(
                    r.result,
                    size="2",
                    color_scheme=rx.cond(r.ok, "green", "red"),
                    role="status",
                    class_name="alert-result",
                ),
            ),
            spacing="1",
            width="100%",
        ),
        class_name="alert-row",
        width="100%",
    )


def _dialog() -> rx.Component:
    s = AlertsState
    return confirm_delete(
        is_open=s.confirm_id > 0,
        title="Remove the alert channel “" + s.confirm_name + "”?",
        description="It gets no more alerts; its URL is forgotten. You can add it again later.",
        action="Remove channel",
        on_confirm=AlertsState.remove,
        on_cancel=AlertsState.keep,
        id_="confirm-remove-channel",
    )


def alerts_section() -> rx.Component:
    """The section: what alerts do, the form, the channels (or a line saying there are none)."""
    s = AlertsState
    return rx.card(
        rx.vstack(
            rx.heading("Alerts", size="4", as_="h2", id="alerts"),
            rx.text(
                "After every run, new jobs that a saved search found or that fit your profile well are "
                "sent to these channels — each job once per channel, with a digest when a run finds "
                "many. Any Apprise URL works: ntfy, Slack, Discord, Telegram, email, Matrix or a "
                "webhook (json://). URLs hold tokens, so they are shown masked.",
                size="2",
                color_scheme="gray",
            ),
            _form(),
            rx.cond(s.message != "", rx.text(s.message, color_scheme="green", size="2", role="status")),
            rx.cond(
                s.channels.length() > 0,
                rx.vstack(rx.foreach(s.channels, _channel), spacing="2", width="100%", id="alert-channels"),
                rx.cond(s.loaded, rx.text("No alert channel yet.", size="2", id="alerts-empty")),
            ),
            _dialog(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )

"""The Pipeline page's layout: the follow-ups due, then the board — a column per status, compact
cards. Layout only; the state is ``pipeline_state``.

Reflex's ``div`` has no drag events, so :class:`DragBox` declares the HTML5 ones it needs; the
events carry no data (the state remembers which card a drag started on). The column prevents the
default of ``dragover`` on the client alone — that is what lets a drop happen there — so nothing is
sent to the server while a card is dragged over it. Each card is also a focusable group: the arrow
keys move it, and its buttons do the same for a pointer on a phone. On a narrow screen the board
scrolls sideways inside its own box; the page itself never does.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import key_event, no_args_event_spec

from jobscraper_ui.pages.pipeline_state import Card, Column, PipelineState

__all__ = ["DRAG_DATA", "DragBox", "board", "due_list", "live_region", "styles"]

S = PipelineState


# an event trigger whose handler is given no arguments (mypy cannot read Reflex's spec types)
DragEvent = rx.EventHandler[no_args_event_spec]  # type: ignore[type-arg,valid-type]
KeyEvent = rx.EventHandler[key_event]  # type: ignore[type-arg,valid-type]


class DragBox(rx.el.Div):  # type: ignore[misc]  # Reflex's element classes are Any to mypy
    """A ``div`` that takes the HTML5 drag-and-drop events and key presses (Reflex's lists neither)."""

    on_drag_start: DragEvent
    on_drag_over: DragEvent
    on_drop: DragEvent
    on_key_down: KeyEvent


STYLES = """
.pipeline-board { display: flex; gap: 12px; overflow-x: auto; width: 100%; max-width: 100%;
  padding-bottom: 8px; align-items: flex-start; }
.pipeline-column { flex: 1 0 148px; min-height: 140px; border-radius: 8px; padding: 8px;
  background: var(--gray-a3); display: flex; flex-direction: column; gap: 8px; }
.pipeline-card { background: var(--color-panel-solid); border: 1px solid var(--gray-a6);
  border-radius: 6px; padding: 8px; cursor: grab; display: flex; flex-direction: column; gap: 4px; }
.pipeline-card-body:focus-visible { outline: 2px solid var(--accent-9); outline-offset: 2px;
  border-radius: 4px; }
.pipeline-card-body { overflow-wrap: anywhere; }
.pipeline-date { white-space: nowrap; }
.pipeline-card input[type=date] { font: inherit; font-size: 12px; max-width: 100%; }
.pipeline-overdue { color: var(--red-11); font-weight: 600; }
@media (max-width: 640px) { .pipeline-column { flex: 0 0 232px; } }
"""
"""The board's CSS: columns side by side, all seven in a laptop's width; on a phone each is a
readable 232 px and the board scrolls sideways inside its box."""


def styles() -> rx.Component:
    return rx.el.style(STYLES)


def live_region() -> rx.Component:
    """Where each move and date change is announced (and shown, for everyone)."""
    return rx.text(S.announce, role="status", aria_live="polite", id="pipeline-announce", size="2")


def _follow_up_text(card: Card) -> rx.Component:
    return rx.cond(
        card.follow_up != "",
        rx.text(
            "Follow up ",
            rx.el.span(card.follow_up, class_name="pipeline-date"),
            rx.cond(card.overdue, rx.el.span(" · overdue", class_name="pipeline-overdue")),
            size="1",
            class_name="pipeline-follow-up",
        ),
    )


def _card(card: Card) -> rx.Component:
    return DragBox.create(
        DragBox.create(
            rx.link(card.title, href=card.href, weight="medium", size="2", class_name="pipeline-title"),
            rx.text(card.company, size="1", color_scheme="gray"),
            rx.cond(
                card.applied != "",
                rx.text(
                    "Applied ",
                    rx.el.span(card.applied, class_name="pipeline-date"),
                    size="1",
                    class_name="pipeline-applied",
                ),
            ),
            _follow_up_text(card),
            rx.cond(card.closed, rx.badge("closed", color_scheme="gray", size="1")),
            id="pipeline-card-" + card.id,
            class_name="pipeline-card-body",
            tab_index=0,
            role="group",
            aria_label=card.title + " at " + card.company + ". " + card.how_to_move,
            on_key_down=lambda key: S.key_move(card.id, key),
        ),
        rx.hstack(
            rx.cond(
                card.prev != "",
                rx.icon_button(
                    rx.icon("arrow-left", size=14),
                    size="1",
                    variant="soft",
                    aria_label=card.prev_label,
                    title=card.prev_label,
                    on_click=S.move(card.id, card.prev),
                    class_name="pipeline-prev",
                ),
            ),
            rx.cond(
                card.next != "",
                rx.icon_button(
                    rx.icon("arrow-right", size=14),
                    size="1",
                    variant="soft",
                    aria_label=card.next_label,
                    title=card.next_label,
                    on_click=S.move(card.id, card.next),
                    class_name="pipeline-next",
                ),
            ),
            rx.el.input(
                type="date",
                key=card.id + "-" + card.follow_up,
                default_value=card.follow_up,
                aria_label="Follow-up date for " + card.title,
                on_blur=lambda value: S.set_follow_up(card.id, value),
                class_name="pipeline-follow-up-input",
            ),
            spacing="1",
            align="center",
            wrap="wrap",
        ),
        draggable=True,
        on_drag_start=S.drag_start(card.id),
        class_name="pipeline-card",
        custom_attrs={"data-job-id": card.id},
    )


def _column(column: Column) -> rx.Component:
    heading_id = "pipeline-heading-" + column.status
    return DragBox.create(
        rx.heading(column.label, " (", column.total, ")", size="2", as_="h2", id=heading_id),
        rx.cond(
            column.status == "new",
            rx.text("Jobs you starred and have not acted on.", size="1", color_scheme="gray"),
        ),
        rx.foreach(column.cards, _card),
        rx.cond(column.more > 0, rx.text("and ", column.more, " more", size="1", color_scheme="gray")),
        on_drag_over=rx.prevent_default,
        on_drop=S.drop(column.status).prevent_default,
        role="region",
        aria_labelledby=heading_id,
        class_name="pipeline-column",
        custom_attrs={"data-status": column.status},
    )


# Firefox starts a drag only when the drag carries data: the card's job id, set once per page, on the
# client (the state does not read it; see the module).
DRAG_DATA = """if (!window.__pipelineDragData) {
  window.__pipelineDragData = true;
  document.addEventListener("dragstart", (e) => {
    const card = e.target instanceof Element ? e.target.closest(".pipeline-card") : null;
    if (card && e.dataTransfer) e.dataTransfer.setData("text/plain", card.dataset.jobId || "");
  });
}"""


def board() -> rx.Component:
    return rx.el.div(
        rx.foreach(S.columns, _column),
        class_name="pipeline-board",
        id="pipeline-board",
        on_mount=rx.call_script(DRAG_DATA),
    )


def _due_row(card: Card) -> rx.Component:
    return rx.hstack(
        rx.text(card.follow_up, size="2", class_name=rx.cond(card.overdue, "pipeline-overdue", "")),
        rx.link(card.title, href=card.href, size="2"),
        rx.text(card.company, size="2", color_scheme="gray"),
        rx.badge(card.status, size="1"),
        spacing="2",
        wrap="wrap",
        align="center",
        class_name="pipeline-due-row",
    )


def due_list() -> rx.Component:
    """The follow-ups whose date has come, oldest first — or that none has."""
    return rx.card(
        rx.heading("Follow-ups due", size="3", as_="h2"),
        rx.cond(
            S.due.length() > 0,
            rx.vstack(rx.foreach(S.due, _due_row), spacing="1", margin_top="2"),
            rx.cond(S.loaded, rx.text("No follow-ups due.", size="2", color_scheme="gray")),
        ),
        width="100%",
        id="pipeline-due",
    )

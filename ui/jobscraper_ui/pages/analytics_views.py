"""The Analytics page's components: the period picker, the totals, and the charts (jobs per day,
by source, salary distribution, top skills, the application funnel). Layout only; the state is
``analytics_state``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.layout import empty_state
from jobscraper_ui.pages.analytics_state import PERIODS, AnalyticsState

__all__ = ["charts", "period_picker"]


def _chart(title: str, chart: rx.Component, note: Any = "") -> rx.Component:
    return rx.card(
        rx.heading(title, size="3", as_="h2"),
        rx.text(note, size="1", color_scheme="gray"),
        chart,
        flex="1 1 22em",
        min_width="0",
    )


def _bars(
    data: Any,
    x: str,
    y: str,
    color: str,
    *,
    vertical: bool = False,
    height: Any = 260,
    all_labels: bool = False,
) -> rx.Component:
    if vertical:  # every category's label is shown (interval 0): recharts drops some when crowded
        return rx.recharts.bar_chart(
            rx.recharts.bar(data_key=y, fill=color, is_animation_active=False),
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(data_key=x, type_="category", width=140, interval=0),
            rx.recharts.graphing_tooltip(),
            data=data,
            layout="vertical",
            width="100%",
            height=height,
        )
    return rx.recharts.bar_chart(
        rx.recharts.bar(data_key=y, fill=color, is_animation_active=False),
        # all_labels: every bar's label, slanted so that they fit (recharts drops some when crowded)
        rx.recharts.x_axis(data_key=x, interval=0, angle=-35, text_anchor="end", height=70)
        if all_labels
        else rx.recharts.x_axis(data_key=x),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        data=data,
        width="100%",
        height=height,
    )


_NOW_FILL, _REACHED_FILL = "var(--amber-9)", "var(--amber-6)"


def _funnel() -> rx.Component:
    """Each status with the jobs that have it now and the jobs that got at least that far. The key
    is plain text beside colour swatches: Recharts' own legend writes each name in its bar's colour,
    and amber on white is far below 4.5:1."""
    chart = rx.recharts.bar_chart(
        rx.recharts.bar(data_key="now", name="now", fill=_NOW_FILL, is_animation_active=False),
        rx.recharts.bar(
            data_key="reached",
            name="got this far",
            fill=_REACHED_FILL,
            is_animation_active=False,
        ),
        rx.recharts.x_axis(type_="number", allow_decimals=False),
        rx.recharts.y_axis(data_key="stage", type_="category", width=110, interval=0),
        rx.recharts.graphing_tooltip(),
        data=AnalyticsState.funnel,
        layout="vertical",
        width="100%",
        height=300,
    )
    return rx.vstack(
        chart,
        rx.hstack(_key(_NOW_FILL, "now"), _key(_REACHED_FILL, "got this far"), spacing="4", justify="center"),
        width="100%",
        spacing="1",
    )


def _key(fill: str, name: str) -> rx.Component:
    return rx.hstack(
        rx.box(width="12px", height="12px", background=fill, border_radius="2px", aria_hidden="true"),
        rx.text(name, size="2"),
        spacing="1",
        align="center",
    )


def _currency_picker() -> rx.Component:
    """Salaries in different currencies do not compare: one chart per currency, each offered."""
    s = AnalyticsState
    return rx.cond(
        s.currencies.length() > 1,
        rx.select.root(
            rx.select.trigger(aria_label="currency", id="salary-currency"),
            rx.select.content(rx.foreach(s.currencies, lambda c: rx.select.item(c[1], value=c[0]))),
            value=s.currency,
            on_change=AnalyticsState.set_currency,
            size="1",
        ),
    )


def period_picker() -> rx.Component:
    """The period the charts cover."""
    s = AnalyticsState
    return rx.flex(
        rx.text("Period", size="2"),
        rx.select.root(
            rx.select.trigger(aria_label="period"),
            rx.select.content(*[rx.select.item(f"last {d} days", value=d) for d in PERIODS]),
            value=s.days,
            on_change=AnalyticsState.set_days,
        ),
        spacing="2",
        align="center",
    )


def charts() -> rx.Component:
    """The totals and the charts, or an empty state when there is nothing to chart."""
    s = AnalyticsState
    return rx.cond(
        s.jobs > 0,
        rx.vstack(
            rx.flex(
                rx.foreach(
                    s.totals,
                    lambda t: rx.card(
                        rx.text(t[0], size="1", color_scheme="gray"),
                        rx.heading(t[1], size="6", as_="h2"),
                        min_width="9em",
                    ),
                ),
                spacing="3",
                wrap="wrap",
            ),
            rx.flex(
                _chart("New jobs per day", _bars(s.per_day, "day", "new", "var(--accent-9)")),
                _chart("By source", _bars(s.by_source, "source", "jobs", "var(--teal-9)", vertical=True)),
                _chart(
                    "Salary distribution",
                    rx.vstack(
                        _currency_picker(),
                        _bars(s.salary, "range", "jobs", "var(--green-9)", all_labels=True),
                        width="100%",
                    ),
                    s.salary_note,
                ),
                _chart(
                    "Top skills",
                    _bars(
                        s.skills,
                        "skill",
                        "jobs",
                        "var(--purple-9)",
                        vertical=True,
                        height=s.skills.length() * 22 + 40,
                    ),
                ),
                _chart(
                    "Application funnel",
                    _funnel(),
                    "Jobs per status now, and how many got at least that far",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            width="100%",
            id="charts",
            opacity=rx.cond(s.loading, "0.5", "1"),
            aria_busy=s.loading,
        ),
        rx.cond(
            s.loaded & (s.unreachable == ""),
            empty_state("Nothing to chart yet", "Charts appear once a scrape has found jobs."),
        ),
    )

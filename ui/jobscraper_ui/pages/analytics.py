"""Analytics: jobs per day, by source, salary distribution, top skills, the application funnel."""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.api import api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import money
from jobscraper_ui.layout import empty_state, page

__all__ = ["AnalyticsState", "analytics_page"]


class AnalyticsState(BaseState):
    days: str = "30"
    loaded: bool = False
    totals: list[list[str]] = []
    per_day: list[dict[str, Any]] = []
    by_source: list[dict[str, Any]] = []
    salary: list[dict[str, Any]] = []
    salary_note: str = ""
    skills: list[dict[str, Any]] = []
    funnel: list[dict[str, Any]] = []
    jobs: int = 0

    @rx.event
    async def load(self) -> None:
        self.error = ""
        await self.check_health()
        stats = await self.call(lambda: api().get("/api/stats", {"days": self.days}))
        self.loaded = True
        if stats is None:
            return
        t = stats["totals"]
        self.jobs = t.get("jobs", 0)
        labels = {
            "jobs": "Active jobs",
            "favorites": "Favourites",
            "applied": "Applied",
            "archived": "Archived",
            "pending_extraction": "Awaiting extraction",
        }
        self.totals = [[label, str(t[key])] for key, label in labels.items() if key in t]
        self.per_day = [{"day": d["day"][5:], "new": d["new"]} for d in stats["per_day"]]
        self.by_source = [
            {"source": k, "jobs": v} for k, v in sorted(stats["by_source"].items(), key=lambda kv: -kv[1])
        ]
        sal = stats["salary"]
        cur = sal.get("currency")
        self.salary = [
            {
                "range": f"{money(b['low'], cur)}+"
                if b["high"] is None
                else f"{money(b['low'], cur)}–{money(b['high'], cur)}",
                "jobs": b["count"],
            }
            for b in sal["buckets"]
        ]
        median = f", median {money(sal['median'], cur)}" if sal.get("median") else ""
        self.salary_note = (
            f"{sal['count']} jobs with a yearly salary in {cur or '—'}{median}" if sal["count"] else ""
        )
        self.skills = [{"skill": s["skill"], "jobs": s["count"]} for s in stats["top_skills"]]
        self.funnel = [{"stage": f["stage"], "jobs": f["count"]} for f in stats["funnel"]]

    @rx.event
    async def set_days(self, days: str) -> None:
        self.days = days
        await self.load()


def _chart(title: str, chart: rx.Component, note: Any = "") -> rx.Component:
    return rx.card(
        rx.heading(title, size="3", as_="h2"),
        rx.text(note, size="1", color_scheme="gray"),
        chart,
        flex="1 1 22em",
        min_width="0",
    )


def _bars(
    data: Any, x: str, y: str, color: str, *, vertical: bool = False, height: int = 260
) -> rx.Component:
    if vertical:
        return rx.recharts.bar_chart(
            rx.recharts.bar(data_key=y, fill=color, is_animation_active=False),
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(data_key=x, type_="category", width=110),
            rx.recharts.graphing_tooltip(),
            data=data,
            layout="vertical",
            width="100%",
            height=height,
        )
    return rx.recharts.bar_chart(
        rx.recharts.bar(data_key=y, fill=color, is_animation_active=False),
        rx.recharts.x_axis(data_key=x),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        data=data,
        width="100%",
        height=height,
    )


def analytics_page() -> rx.Component:
    s = AnalyticsState
    return page(
        rx.flex(
            rx.text("Period", size="2"),
            rx.select.root(
                rx.select.trigger(aria_label="period"),
                rx.select.content(
                    *[rx.select.item(f"last {d} days", value=d) for d in ("7", "30", "90", "365")]
                ),
                value=s.days,
                on_change=AnalyticsState.set_days,
            ),
            spacing="2",
            align="center",
        ),
        rx.cond(
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
                        _bars(s.salary, "range", "jobs", "var(--green-9)"),
                        s.salary_note,
                    ),
                    _chart(
                        "Top skills",
                        _bars(s.skills, "skill", "jobs", "var(--purple-9)", vertical=True, height=360),
                    ),
                    _chart(
                        "Application funnel",
                        _bars(s.funnel, "stage", "jobs", "var(--amber-9)", vertical=True),
                    ),
                    spacing="3",
                    wrap="wrap",
                    width="100%",
                ),
                width="100%",
                id="charts",
            ),
            rx.cond(
                s.loaded & (s.unreachable == ""),
                empty_state("Nothing to chart yet", "Charts appear once a scrape has found jobs."),
            ),
        ),
        title="Analytics",
    )

"""The Analytics page's state: the period, and the job statistics as the charts plot them."""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper.store.stats import JobStats, SalaryStats
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import client
from jobscraper_ui.format import money

__all__ = ["PERIODS", "AnalyticsState"]

PERIODS = ("7", "30", "90", "365")
"""The periods offered, in days."""
_TOTALS = {
    "jobs": "Active jobs",
    "favorites": "Favourites",
    "applied": "Applied",
    "archived": "Archived",
    "pending_extraction": "Awaiting extraction",
}


def _salary_rows(sal: SalaryStats) -> list[dict[str, Any]]:
    cur = sal.currency
    return [
        {
            "range": f"{money(b.low, cur)}+"
            if b.high is None
            else f"{money(b.low, cur)}–{money(b.high, cur)}",
            "jobs": b.count,
        }
        for b in sal.buckets
    ]


def _salary_note(sal: SalaryStats) -> str:
    median = f", median {money(sal.median, sal.currency)}" if sal.median else ""
    return f"{sal.count} jobs with a yearly salary in {sal.currency or '—'}{median}" if sal.count else ""


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
        stats = await self.call(lambda: client().stats(self.days))
        self.loaded = True
        if stats is not None:
            self._show(stats)

    def _show(self, stats: JobStats) -> None:
        t = stats.totals
        self.jobs = t.get("jobs", 0)
        self.totals = [[label, str(t[key])] for key, label in _TOTALS.items() if key in t]
        self.per_day = [{"day": d.day.isoformat()[5:], "new": d.new} for d in stats.per_day]
        self.by_source = [
            {"source": k, "jobs": v} for k, v in sorted(stats.by_source.items(), key=lambda kv: -kv[1])
        ]
        self.salary = _salary_rows(stats.salary)
        self.salary_note = _salary_note(stats.salary)
        self.skills = [{"skill": s.skill, "jobs": s.count} for s in stats.top_skills]
        self.funnel = [{"stage": f.stage, "jobs": f.count} for f in stats.funnel]

    @rx.event
    async def set_days(self, days: str) -> None:
        self.days = days
        await self.load()

"""The Analytics page's state: the period, and the job statistics as the charts plot them.

Nothing is left out silently: the salary chart has one view per currency (a select lists each with
its number of jobs), the funnel's bars are named after the statuses, and the page is dimmed
(``loading``) while a new period's numbers are on their way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from jobscraper.store.stats import JobStats, SalaryStats
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import ApiError, ApiUnreachable, client
from jobscraper_ui.format import money

__all__ = ["PERIODS", "AnalyticsState", "currency_key"]

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


def _salary_note(sal: SalaryStats, total: int) -> str:
    median = f", median {money(sal.median, sal.currency)}" if sal.median else ""
    currency = f"in {sal.currency}" if sal.currency else "without a currency"
    return f"{sal.count} of {total} jobs with a yearly salary are {currency}{median}" if sal.count else ""


def currency_key(sal: SalaryStats) -> str:
    """The select's value for a currency ("none" for the salaries that name none)."""
    return sal.currency or _NO_CURRENCY


_NO_CURRENCY = "none"


class AnalyticsState(BaseState):
    days: str = "30"
    loaded: bool = False
    totals: list[list[str]] = []
    per_day: list[dict[str, Any]] = []
    by_source: list[dict[str, Any]] = []
    salary: list[dict[str, Any]] = []
    salary_note: str = ""
    # every currency: [value, label "EUR (35 jobs)"], its chart rows and its note
    currencies: list[list[str]] = []
    currency: str = ""
    salary_rows: dict[str, list[dict[str, Any]]] = {}
    salary_notes: dict[str, str] = {}
    skills: list[dict[str, Any]] = []
    funnel: list[dict[str, Any]] = []
    jobs: int = 0

    @rx.event
    async def load(self) -> AsyncIterator[None]:
        self.error = ""
        self.loading = True
        yield  # the page dims at once; the numbers follow
        try:
            await self.check_health()
            stats = await self.call(lambda: client().stats(self.days))
            self.loaded = True
            if stats is not None:
                self._show(stats)
                await self._label_sources()
        finally:
            self.loading = False

    async def _label_sources(self) -> None:
        """Sources as the Jobs page's Source filter names them: a career page by its company, not
        its host (the labels are the facets'; a source without one keeps its recorded name)."""
        try:
            facets = await client().job_sources()
        except (ApiError, ApiUnreachable):  # the chart still shows, by the recorded names
            return
        labels = {f.name: f.label for f in facets}
        self.by_source = [{**r, "source": labels.get(r["source"], r["source"])} for r in self.by_source]

    def _show(self, stats: JobStats) -> None:
        t = stats.totals
        self.jobs = t.get("jobs", 0)
        self.totals = [[label, str(t[key])] for key, label in _TOTALS.items() if key in t]
        self.per_day = [{"day": d.day.isoformat()[5:], "new": d.new} for d in stats.per_day]
        self.by_source = [
            {"source": k, "jobs": v} for k, v in sorted(stats.by_source.items(), key=lambda kv: -kv[1])
        ]
        salaries = stats.salaries or ([stats.salary] if stats.salary.count else [])
        total = sum(sal.count for sal in salaries)
        self.currencies = [
            [currency_key(sal), f"{sal.currency or 'no currency'} ({sal.count} jobs)"] for sal in salaries
        ]
        self.salary_rows = {currency_key(sal): _salary_rows(sal) for sal in salaries}
        self.salary_notes = {currency_key(sal): _salary_note(sal, total) for sal in salaries}
        if self.currency not in self.salary_rows:
            self.currency = currency_key(salaries[0]) if salaries else ""
        self._pick_currency()
        self.skills = [{"skill": s.skill, "jobs": s.count} for s in stats.top_skills]
        self.funnel = [{"stage": f.stage, "now": f.count, "reached": f.reached} for f in stats.funnel]

    def _pick_currency(self) -> None:
        self.salary = self.salary_rows.get(self.currency, [])
        self.salary_note = self.salary_notes.get(self.currency, "")

    @rx.event
    def set_currency(self, currency: str) -> None:
        self.currency = currency
        self._pick_currency()

    @rx.event
    async def set_days(self, days: str) -> Any:
        self.days = days
        return AnalyticsState.load

"""The Scrape page's slow-changing state: its targets, the recent runs, which run is on show and
whether it is live (what every Scrape button waits on).

Reflex keeps one store per state class in the page, and a component re-renders when any var of a
state it reads changes. The run on show changes several times a second while it scrapes (its counts,
its sources, its event log): those live in :class:`~jobscraper_ui.pages.scrape_state.ScrapeState`,
a sub-state of this one, so a poll answer re-renders the run's card and nothing else — the
saved searches, the companies with their buttons, the ad hoc form and the recent runs read only
this state, which a run changes when it starts and when it ends (issue 17: every progress update
re-rendered the whole page on the page's main thread, which then handled the next update late).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.pages.scrape_rows import RunRow, Target

__all__ = ["ScrapePageState"]


class ScrapePageState(BaseState):
    """The page's targets and recent runs, and the run on show's id and status (see the module)."""

    searches: list[Target] = []
    companies: list[Target] = []
    runs: list[RunRow] = []
    run_id: int = 0
    run_status: str = ""
    run_live: bool = False
    starting: bool = False
    # what a click is starting ("all", "search:<name>", "company:<name>", "adhoc"), shown at once
    pending: str = ""
    # the "a run is in progress" message on show and the run it speaks of: it goes when that run ends
    busy_error: str = ""
    busy_run: int = 0

    @rx.var
    def busy(self) -> bool:
        """A run is being started, or the run on show is live: every Scrape button waits."""
        return (
            self.pending != ""
            or self.starting
            or (self.run_id > 0 and self.run_live and self.run_status == "running")
        )

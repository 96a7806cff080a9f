"""A live run's progress re-renders only the run's card (issue 17, live-progress staleness).

Reflex re-renders every component that reads any var of a state whose vars changed. The run's
progress changes several times a second: it is a sub-state of the page's state, and the parts of the
page that do not show the run read only the page's state; the event log's lines are plain elements
keyed by their event number.
"""

from __future__ import annotations

import re

import reflex as rx
from jobscraper_ui.pages.scrape import scrape_page
from jobscraper_ui.pages.scrape_page_state import ScrapePageState
from jobscraper_ui.pages.scrape_state import ScrapeState
from jobscraper_ui.pages.scrape_views import _event, adhoc_form, run_history, target_list


def _states(component: rx.Component) -> set[str]:
    """The states whose vars ``component`` (with its children) reads."""
    found = set()
    for var in component._get_vars(include_children=True):
        data = var._get_all_var_data()
        if data is not None and data.state:
            found.add(data.state)
    return found


def test_the_parts_that_do_not_show_the_run_read_none_of_its_progress() -> None:
    progress = ScrapeState.get_full_name()
    assert progress != ScrapePageState.get_full_name(), "the run's progress is a state of its own"
    quiet = [
        target_list("Saved searches", ScrapeState.searches, ScrapeState.run_search, "-", "search"),
        target_list("Companies", ScrapeState.companies, ScrapeState.run_company, "-", "company"),
        adhoc_form(),
        run_history(),
    ]
    for part in quiet:
        assert progress not in _states(part), "a progress update would re-render it"
    assert progress in _states(scrape_page()), "the run's card follows the progress"


def test_what_a_poll_answer_changes_is_in_the_progress_state() -> None:
    own = set(ScrapeState.base_vars) - set(ScrapePageState.base_vars)
    moving = {"run_counts", "sources", "sources_done", "extraction", "extraction_pct", "events"}
    assert moving <= own


def test_an_event_line_is_a_plain_element_keyed_by_its_number() -> None:
    shown = str(rx.foreach(ScrapeState.events, _event).render())
    assert re.search(r"key:\w+\?\.\[\"n\"\]", shown), "keyed by its number, not its position"
    assert "RadixThemes" not in shown

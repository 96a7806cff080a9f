"""The web UI keeps no list of its own of boards, statuses, pay intervals or ATS kinds: it reads
them from :mod:`jobscraper.vocabulary` (the scan is the core's own, pointed at the UI)."""

from __future__ import annotations

import ast
from pathlib import Path

from jobscraper_ui.format import BOARDS, STATUSES, UNAVAILABLE_BOARDS, salary_text

from jobscraper.vocabulary import BOARD_SITES, JOB_STATUSES
from tests.unit.test_vocabulary import VOCABULARIES, _named_literals

UI = Path(__file__).resolve().parents[3] / "ui" / "jobscraper_ui"


def test_no_ui_module_re_declares_a_vocabulary() -> None:
    copies = []
    for path in sorted(UI.rglob("*.py")):
        for line, name, _is_dict, strings, targets in _named_literals(ast.parse(path.read_text())):
            for kind, words in VOCABULARIES.items():
                for found in (strings & words, targets & words):
                    if len(found) >= 3 and name != "__all__":
                        copies.append(f"{path.name}:{line}: {kind} {sorted(found)}")
    assert copies == []


def test_the_forms_offer_every_board_and_status_of_the_vocabulary() -> None:
    assert list(BOARD_SITES) == BOARDS and "remotive" in BOARDS and "google" not in BOARDS
    assert set(UNAVAILABLE_BOARDS) == {"google"} and "unavailable" in UNAVAILABLE_BOARDS["google"]
    assert list(JOB_STATUSES) == STATUSES
    assert salary_text({"min_amount": 45, "max_amount": 60, "currency": "USD", "interval": "hourly"}) == (
        "$45–60 / hour"
    )


def test_the_scrape_and_searches_pages_say_which_board_is_unavailable_and_why() -> None:
    from jobscraper_ui.pages.scrape_views import adhoc_form
    from jobscraper_ui.pages.searches_views import search_form

    for shown in (str(adhoc_form().render()), str(search_form().render())):
        assert "Google Jobs: not offered" in shown
        assert UNAVAILABLE_BOARDS["google"].replace("'", "\\'") in shown  # the repr escapes quotes


def test_the_scrape_and_searches_pages_say_what_each_working_board_searches() -> None:
    from jobscraper_ui.pages.scrape_views import adhoc_form
    from jobscraper_ui.pages.searches_views import search_form

    from jobscraper.vocabulary import SITES

    for shown in (str(adhoc_form().render()), str(search_form().render())):
        assert "What each board searches" in shown
        for name in BOARD_SITES:
            assert f"{SITES[name].label}: {SITES[name].needs}".replace("'", "\\'") in shown, name
        assert (
            "Google Jobs: google_search_term" not in shown
        )  # an unavailable board is not described as working

"""The frame every page shares (issue 17, items 11, 13, 15; the browser side is
tests/e2e/test_ui_shell.py): a job's tab names the job, every routed page is in the navigation,
the frame compiles with its landmarks, skip link and current-page mark, unknown addresses get the
404 page, and the dense list choice is a plain on/off.
"""

from __future__ import annotations

import pytest
from jobscraper_ui.density import DensityState
from jobscraper_ui.pages.job_detail_state import job_tab_title


@pytest.mark.parametrize(
    ("title", "company", "expected"),
    [
        ("Senior Python Developer", "Hooli", "Senior Python Developer · Hooli · jobscraper"),
        ("  Data   Engineer\n", "", "Data Engineer · jobscraper"),
        ("", "Hooli", "Job · Hooli · jobscraper"),
        ("", "", "Job · jobscraper"),
    ],
)
def test_a_job_tab_names_the_job_and_its_company(title: str, company: str, expected: str) -> None:
    assert job_tab_title(title, company) == expected


def test_a_very_long_job_title_is_cut_in_the_tab() -> None:
    shown = job_tab_title("Engineer " * 30, "Hooli")
    name = shown.split(" · ")[0]
    assert name.endswith("…") and len(name) <= 70 and shown.endswith(" · Hooli · jobscraper")


def test_the_frame_compiles_with_landmarks_skip_link_current_page_and_a_phone_menu() -> None:
    from jobscraper_ui.jobscraper_ui import app  # here only: importing it builds the whole app
    from jobscraper_ui.nav import NAV
    from jobscraper_ui.pages.job_detail import job_detail_page
    from reflex.compiler.compiler import compile_page

    routed = {route for route in app._unevaluated_pages if route not in ("404", "jobs/[job_id]")}
    assert {("/" + r if r != "index" else "/") for r in routed} == {href for _label, href in NAV}
    assert "404" in app._unevaluated_pages

    _path, code = compile_page("jobs/[job_id]", job_detail_page())
    for shown in (
        '"Skip to content"',
        'to:"#main"',
        'id:"main"',
        "aria-current",
        'id:"nav-menu"',
        "job-title",
    ):
        assert shown in code, shown
    assert code.count('"aria-label":"Main"') == 2  # the wide navigation and the phone menu's


def test_the_dense_list_is_an_on_off_choice() -> None:
    holder = type("Holder", (), {"dense": ""})()
    DensityState.set_dense.fn(holder, True)
    assert holder.dense == "1"
    DensityState.set_dense.fn(holder, False)
    assert holder.dense == ""


def test_a_descriptions_headings_sit_two_levels_under_the_description_card() -> None:
    from jobscraper_ui.pages.job_detail_views import DESCRIPTION_HEADINGS

    levels = {tag: str(make("x").render()) for tag, make in DESCRIPTION_HEADINGS.items()}
    assert '"h3"' in levels["h1"] and '"h4"' in levels["h2"] and '"h6"' in levels["h6"]

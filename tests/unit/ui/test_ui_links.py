"""Only http(s) URLs become links anywhere in the UI (issue 13, item 8)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from jobscraper_ui.format import job_row, safe_href, safe_markdown
from jobscraper_ui.pages.companies_state import company_row
from jobscraper_ui.pages.job_detail_state import JobDetailState

from tests.unit.ui.fake_api import company_public, job_public

HOSTILE = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/path",
    "mailto:someone@example.com",
    "http:///no-host",
    "",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_but_an_http_url_is_no_link(url: str) -> None:
    assert safe_href(url) == ""


@pytest.mark.parametrize(
    "url", ["http://example.com/jobs/1", "https://boards.example/a?b=c#d", "HTTPS://X.io"]
)
def test_http_urls_are_links(url: str) -> None:
    assert safe_href(url) == url


def _job(**urls: Any) -> dict[str, Any]:
    return {"id": 7, "title": "Engineer", "site": "company", **urls}


def test_a_job_cards_link_skips_a_hostile_direct_url_for_the_boards_own() -> None:
    row = job_row(_job(job_url_direct="javascript:alert(1)", job_url="https://board.example/7"))
    assert row["href"] == "https://board.example/7"
    assert job_row(_job(job_url_direct="data:text/html,x", job_url="javascript:x"))["href"] == ""


def _detail(job: dict[str, Any]) -> SimpleNamespace:
    shown = SimpleNamespace()
    JobDetailState._show(shown, job_public(**job))  # type: ignore[arg-type]
    return shown


def test_the_apply_button_and_source_links_of_a_job_only_lead_to_http_urls() -> None:
    job = _job(
        job_url_direct="javascript:alert(document.cookie)",
        job_url="data:text/html,<script>alert(1)</script>",
        sources=[
            {"site": "lever", "job_url": "https://jobs.lever.co/x/1", "job_url_direct": "javascript:x()"},
            {"site": "company", "job_url": "https://careers.example/1"},
        ],
    )
    shown = _detail(job)
    assert shown.apply_url == ""  # no Apply link at all
    assert [(s.url, s.href) for s in shown.sources] == [
        ("javascript:x()", ""),  # shown as text
        ("https://careers.example/1", "https://careers.example/1"),
    ]
    assert (
        _detail(_job(job_url_direct="https://ats.example/apply/7")).apply_url == "https://ats.example/apply/7"
    )


def test_a_company_url_is_a_link_only_when_it_is_http() -> None:
    assert company_row(company_public(url="javascript:alert(1)")).href == ""
    assert (
        company_row(company_public(url="https://acme.example/careers")).href == "https://acme.example/careers"
    )


def test_links_in_a_description_keep_only_http_targets() -> None:
    shown = safe_markdown(
        "[Apply](javascript:alert(1)) or [here](data:text/html,x) or [site](https://ok.example/a)\n\n"
        "[ref]: javascript:alert(2)\n"
    )
    assert "javascript:" not in shown and "data:" not in shown
    assert "Apply" in shown and "here" in shown
    assert "[site](https://ok.example/a)" in shown

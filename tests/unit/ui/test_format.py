"""What the pages show, from the API's JSON: salaries, ages, cards, and descriptions made safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from jobscraper_ui.format import ago, job_row, safe_markdown, salary_text

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://evil.example'></iframe>",
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_raw_html_in_a_description_can_only_render_as_text(html: str) -> None:
    shown = safe_markdown(f"Intro\n\n{html}\n\n**bold** stays markdown")
    assert "<" not in shown and ">" not in shown
    assert "&lt;" in shown and "**bold**" in shown


def test_a_backslash_escaped_bracket_from_html_to_markdown_shows_as_the_bracket() -> None:
    # markdownify writes the text "<script>" of a page as "\\<script>"
    assert safe_markdown("code like \\<script>x\\</script>") == "code like &lt;script&gt;x&lt;/script&gt;"


def test_an_escaped_entity_is_not_unescaped_into_markup() -> None:
    assert safe_markdown("&lt;script&gt;") == "&amp;lt;script&amp;gt;"


def test_images_become_their_alt_text_so_nothing_loads_from_a_third_party() -> None:
    assert safe_markdown("Team ![our office](https://tracker.example/p.gif) photo") == "Team our office photo"
    assert safe_markdown("![](https://tracker.example/p.gif)") == "(image)"


def test_an_empty_description_is_empty() -> None:
    assert safe_markdown(None) == "" and safe_markdown("") == ""


@pytest.mark.parametrize(
    ("job", "text"),
    [
        (
            {"min_amount": 60000, "max_amount": 80000, "currency": "EUR", "interval": "yearly"},
            "€60k–80k / year",
        ),
        ({"min_amount": 45, "max_amount": 45, "currency": "USD", "interval": "hourly"}, "$45 / hour"),
        (
            {"min_amount": None, "max_amount": 5000, "currency": "CHF", "interval": "monthly"},
            "5,000 CHF / month",
        ),
        ({"salary_annual_min": 90000, "salary_annual_max": None, "currency": "GBP"}, "£90k / year"),
        (
            {"min_amount": 86000, "max_amount": 125000, "currency": "CHF", "interval": "yearly"},
            "86k–125k CHF / year",
        ),
        ({"currency": "USD"}, ""),
    ],
)
def test_salary_text(job: dict[str, object], text: str) -> None:
    assert salary_text(job) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2026-11-21", "today"),
        ("2026-11-20", "yesterday"),
        ("2026-11-11", "10 days ago"),
        ("2026-11-21T11:58:00+00:00", "2 minutes ago"),
        ("2026-11-21T09:00:00", "3 hours ago"),
        ("2026-11-21T12:00:00+00:00", "just now"),
        ("not a date", ""),
        (None, ""),
    ],
)
def test_ago(value: str | None, text: str) -> None:
    assert ago(value, NOW) == text


def test_a_card_lists_each_source_once_and_prefers_the_direct_link() -> None:
    job = {
        "id": 7,
        "title": "Data Engineer",
        "company": "Initech",
        "location": "Berlin",
        "is_remote": True,
        "remote_policy": None,
        "date_posted": "2026-11-19",
        "site": "linkedin",
        "job_url": "https://linkedin.example/7",
        "job_url_direct": "https://initech.example/jobs/7",
        "sources": [{"site": "linkedin"}, {"site": "indeed"}, {"site": "linkedin"}],
        "skills": ["python", "sql"],
        "favorite": True,
        "status": "applied",
        "notes": "n",
        "archived_at": None,
    }
    card = job_row(job, NOW)
    assert card["id"] == "7" and card["sites"] == ["indeed", "linkedin"]
    assert card["url"] == "https://initech.example/jobs/7"
    assert (card["remote"], card["posted"], card["favorite"], card["archived"]) == (
        "remote",
        "2 days ago",
        True,
        False,
    )


def test_a_card_of_a_job_without_a_posting_date_says_when_it_was_found() -> None:
    card = job_row(
        {"id": 1, "title": "X", "first_seen": "2026-11-21T10:00:00+00:00", "remote_policy": "onsite"}, NOW
    )
    assert card["posted"] == "seen 2 hours ago" and card["remote"] == ""


def test_a_seniority_the_posting_did_not_state_gets_no_badge() -> None:
    assert job_row({"id": 1, "title": "X", "seniority": "unknown"}, NOW)["seniority"] == ""
    assert job_row({"id": 2, "title": "Y", "seniority": "senior"}, NOW)["seniority"] == "senior"

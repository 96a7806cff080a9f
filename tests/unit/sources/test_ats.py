"""ATS boards: a pasted career URL finds its board, and each API's JSON becomes clean postings."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jobscraper.errors import ParseError
from jobscraper.posting import Posting
from jobscraper.sources.ats import (
    AtsBoard,
    ParsedBoard,
    detect_ats,
    parse_ashby,
    parse_board,
    parse_greenhouse,
    parse_lever,
    resolve_board,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
GH_API = "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true&pay_transparency=true"
LV_API = "https://api.lever.co/v0/postings/{}?mode=json"
AB_API = "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true"


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


def _detected(url: str) -> AtsBoard:
    board = detect_ats(url)
    assert board is not None, url
    return board


GREENHOUSE = _detected("https://boards.greenhouse.io/acmerobotics")
LEVER = _detected("https://jobs.lever.co/acme")
ASHBY = _detected("https://jobs.ashbyhq.com/northwind")


# --- detection -------------------------------------------------------------------------------

DETECTED = [
    ("https://boards.greenhouse.io/acme", "greenhouse", "acme", GH_API.format("acme")),
    ("https://boards.greenhouse.io/acme/", "greenhouse", "acme", GH_API.format("acme")),
    ("https://boards.greenhouse.io/acme/jobs/4012345001?gh_src=abc", "greenhouse", "acme", None),
    ("https://job-boards.greenhouse.io/acme", "greenhouse", "acme", None),
    ("HTTPS://Job-Boards.Greenhouse.IO/acme/jobs/123#app", "greenhouse", "acme", None),
    (
        "https://boards.greenhouse.io/embed/job_board?for=acme&b=https%3A%2F%2Facme.com",
        "greenhouse",
        "acme",
        None,
    ),
    ("https://boards.greenhouse.io/embed/job_app?token=123&for=acme", "greenhouse", "acme", None),
    ("https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true", "greenhouse", "acme", None),
    ("boards.greenhouse.io/acme", "greenhouse", "acme", None),
    ("https://jobs.lever.co/acme", "lever", "acme", LV_API.format("acme")),
    ("https://jobs.lever.co/acme/5f1c2a8e-3b4d-4e6f-9a0b-1c2d3e4f5a01/apply", "lever", "acme", None),
    ("https://jobs.lever.co/acme/?team=Engineering", "lever", "acme", None),
    ("https://api.lever.co/v0/postings/acme?mode=json", "lever", "acme", LV_API.format("acme")),
    (
        "https://jobs.eu.lever.co/acme-eu",
        "lever",
        "acme-eu",
        "https://api.eu.lever.co/v0/postings/acme-eu?mode=json",
    ),
    ("https://api.eu.lever.co/v0/postings/acme-eu", "lever", "acme-eu", None),
    ("https://jobs.ashbyhq.com/northwind", "ashby", "northwind", AB_API.format("northwind")),
    (
        "https://jobs.ashbyhq.com/Northwind/1f0e9d8c-7b6a-4c5d-9e8f-0a1b2c3d4e01/application",
        "ashby",
        "Northwind",
        None,
    ),
    (
        "https://api.ashbyhq.com/posting-api/job-board/northwind?includeCompensation=true",
        "ashby",
        "northwind",
        None,
    ),
    ("https://jobs.ashbyhq.com/north%20wind", "ashby", "north wind", AB_API.format("north%20wind")),
]


@pytest.mark.parametrize(("url", "kind", "token", "api_url"), DETECTED)
def test_a_pasted_board_url_is_detected(url: str, kind: str, token: str, api_url: str | None) -> None:
    board = detect_ats(url)
    assert board is not None
    assert (board.kind, board.token) == (kind, token)
    if api_url is not None:
        assert board.api_url == api_url


def test_detected_boards_link_to_their_public_pages() -> None:
    assert GREENHOUSE.board_url == "https://job-boards.greenhouse.io/acmerobotics"
    assert LEVER.board_url == "https://jobs.lever.co/acme"
    assert ASHBY.board_url == "https://jobs.ashbyhq.com/northwind"
    assert _detected("https://jobs.eu.lever.co/acme-eu/123").board_url == "https://jobs.eu.lever.co/acme-eu"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/jobs/view/123456",
        "https://www.greenhouse.io/",
        "https://www.greenhouse.io/careers",
        "https://boards.greenhouse.io/",
        "https://boards.greenhouse.io/embed/job_board",
        "https://boards-api.greenhouse.io/v1/",
        "https://www.lever.co/",
        "https://jobs.lever.co",
        "https://api.lever.co/v0/postings/",
        "https://www.ashbyhq.com/customers",
        "https://jobs.ashbyhq.com/",
        "https://api.ashbyhq.com/posting-api/",
        "https://acme.com/careers",
        "https://evil.example/boards.greenhouse.io/acme",
        "",
        "not a url",
        "http://[::1",
    ],
)
def test_urls_that_are_not_ats_boards_are_not_detected(url: str) -> None:
    assert detect_ats(url) is None


# --- resolving a configured company ----------------------------------------------------------


def test_auto_detects_and_html_never_resolves() -> None:
    assert resolve_board("https://jobs.lever.co/acme") == LEVER
    assert resolve_board("https://acme.com/careers", "auto") is None
    assert resolve_board("https://jobs.lever.co/acme", "html") is None


def test_an_explicit_kind_takes_a_detectable_board_of_that_kind() -> None:
    assert resolve_board("https://boards.greenhouse.io/acmerobotics", "greenhouse") == GREENHOUSE
    with pytest.raises(ValueError, match="is a lever board, but ats is set to greenhouse"):
        resolve_board("https://jobs.lever.co/acme", "greenhouse")


@pytest.mark.parametrize(
    ("url", "kind", "token"),
    [
        ("http://127.0.0.1:8765/v1/boards/acme/jobs?content=true", "greenhouse", "acme"),
        ("http://127.0.0.1:8765/v0/postings/acme?mode=json", "lever", "acme"),
        ("http://127.0.0.1:8765/posting-api/job-board/northwind", "ashby", "northwind"),
        ("https://mirror.internal/ats/acme/", "lever", "acme"),
        ("http://localhost:9000/", "ashby", "localhost"),
    ],
)
def test_an_explicit_kind_treats_other_urls_as_the_api_endpoint(url: str, kind: str, token: str) -> None:
    board = resolve_board(url, kind)
    assert board == AtsBoard(kind, token, url, url)


@pytest.mark.parametrize(
    ("url", "kind", "message"),
    [
        ("https://www.greenhouse.io/careers", "greenhouse", "not a greenhouse job board"),
        ("https://www.linkedin.com/jobs/view/1", "lever", "not a lever job board"),
        ("https://jobs.ashbyhq.com/", "ashby", "not a ashby job board"),
        ("ftp://example.com/jobs", "lever", "not an http"),
        ("jobs.example.com/acme", "ashby", "not an http"),
        ("https://acme.com/careers", "taleo", "unknown ats 'taleo'"),  # no such kind in the registry
    ],
)
def test_urls_that_cannot_be_a_board_of_that_kind_are_refused(url: str, kind: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_board(url, kind)


# --- Greenhouse ------------------------------------------------------------------------------


def test_greenhouse_maps_every_field() -> None:
    parsed = parse_board(GREENHOUSE, _load("greenhouse_board.json"))
    jobs = _by_id(parsed)
    assert list(jobs) == ["gh-4012345001", "gh-4012345002", "gh-4012345003", "gh-4012345005"]
    backend = jobs["gh-4012345001"]
    assert backend.model_dump(exclude={"description"}, exclude_none=True) == {
        "id": "gh-4012345001",
        "site": "greenhouse",
        "job_url": "https://job-boards.greenhouse.io/acmerobotics/jobs/4012345001",
        "title": "Senior Backend Engineer",
        "company": "Acme Robotics",
        "location": "San Francisco, CA",
        "date_posted": date(2025, 2, 20),  # first_published, not updated_at
        "job_type": "fulltime",
        "job_level": "Senior",
        "job_function": "Engineering",
        "is_remote": False,
        "min_amount": 160000.0,  # pay ranges come in cents
        "max_amount": 210000.0,
        "currency": "USD",
        "interval": "yearly",
        "salary_source": "direct_data",
    }
    assert backend.job_url_direct is None and backend.emails is None
    assert backend.description == (
        "At Acme Robotics we build **fleet software** for warehouse robots. R&D is at our core.\n\n"
        "## What you'll do\n\n- Design APIs in Python & Go\n- Own services from design to on-call\n\n"
        "Use `snake_case` names."
    )


def test_greenhouse_remote_offices_hourly_pay_and_no_pay() -> None:
    jobs = _by_id(parse_greenhouse(GREENHOUSE, _load("greenhouse_board.json")))
    advocate = jobs["gh-4012345002"]
    assert (advocate.location, advocate.is_remote, advocate.job_type) == ("Remote - US", True, "contract")
    assert advocate.date_posted == date(2025, 3, 1)  # no first_published: updated_at
    assert advocate.job_function == "Developer Relations, Marketing"
    assert advocate.min_amount is None and advocate.salary_source is None and advocate.interval is None
    designer = jobs["gh-4012345003"]
    assert designer.location == "New York, NY; London, UK"  # empty location name: the offices
    assert designer.job_url == "https://www.acmerobotics.example/careers/job?gh_jid=4012345003"
    assert (designer.min_amount, designer.max_amount, designer.currency) == (65.0, 85.0, "USD")
    assert designer.interval == "hourly" and designer.is_remote is False and designer.job_type is None
    intern = jobs["gh-4012345005"]
    assert (intern.job_type, intern.description, intern.date_posted) == (
        "internship",
        None,
        date(2025, 1, 27),
    )


def test_greenhouse_company_argument_wins_and_token_is_the_last_resort() -> None:
    payload = _load("greenhouse_board.json")
    named = parse_greenhouse(GREENHOUSE, payload, company="ACME Inc")
    assert {p.company for p in named.postings} == {"ACME Inc"}
    for job in payload["jobs"]:
        job.pop("company_name")
    board = resolve_board("http://127.0.0.1:8765/v1/boards/acme-robotics/jobs", "greenhouse")
    assert board is not None
    assert {p.company for p in parse_board(board, payload).postings} == {"Acme Robotics"}


# --- Lever -----------------------------------------------------------------------------------


def test_lever_maps_every_field() -> None:
    parsed = parse_board(LEVER, _load("lever_postings.json"), company="Acme Corp")
    jobs = _by_id(parsed)
    assert len(jobs) == 4
    staff = jobs["lv-5f1c2a8e-3b4d-4e6f-9a0b-1c2d3e4f5a01"]
    assert staff.model_dump(exclude={"description"}, exclude_none=True) == {
        "id": "lv-5f1c2a8e-3b4d-4e6f-9a0b-1c2d3e4f5a01",
        "site": "lever",
        "job_url": "https://jobs.lever.co/acme/5f1c2a8e-3b4d-4e6f-9a0b-1c2d3e4f5a01",
        "job_url_direct": "https://jobs.lever.co/acme/5f1c2a8e-3b4d-4e6f-9a0b-1c2d3e4f5a01/apply",
        "title": "Staff Data Engineer",
        "company": "Acme Corp",
        "location": "Remote - US; Remote - Canada",
        "date_posted": date(2025, 2, 17),  # createdAt 1739788800000 ms
        "job_type": "fulltime",
        "job_function": "Engineering",
        "is_remote": True,
        "work_from_home_type": "remote",
        "min_amount": 180000.0,
        "max_amount": 220000.0,
        "currency": "USD",
        "interval": "yearly",
        "salary_source": "direct_data",
    }
    assert staff.description == (
        "We are looking for a **Staff Data Engineer** to own our lakehouse & streaming stack.\n\n"
        "### What you'll do\n\n- Run Spark & Flink pipelines\n- Mentor engineers\n\n"
        "### Requirements & skills\n\n- 8+ years of data engineering\n\n"
        "**Acme** is an equal opportunity employer."
    )


def test_lever_hybrid_onsite_hourly_and_unspecified() -> None:
    jobs = _by_id(parse_lever(LEVER, _load("lever_postings.json")))
    ae = jobs["lv-7a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c02"]
    assert (ae.location, ae.is_remote, ae.work_from_home_type) == ("London; Dublin", False, "hybrid")
    assert (ae.min_amount, ae.max_amount, ae.currency, ae.interval) == (5000.0, 6500.0, "GBP", "monthly")
    assert (ae.job_level, ae.job_function, ae.company) == ("Mid-level", "Sales", "Acme")
    warehouse = jobs["lv-8b3c4d5e-6f7a-4b1c-9d2e-3f4a5b6c7d03"]
    assert (warehouse.is_remote, warehouse.work_from_home_type, warehouse.job_type) == (
        False,
        "onsite",
        "parttime",
    )
    assert (warehouse.min_amount, warehouse.max_amount, warehouse.interval) == (18.0, 22.5, "hourly")
    assert warehouse.description == "Pick, pack and ship.\n\n### Schedule\n\n- Weekends, 20 hours"
    intern = jobs["lv-ad5e6f7a-8b9c-4d3e-9f4a-5b6c7d8e9f05"]
    assert (intern.is_remote, intern.work_from_home_type, intern.job_type) == (None, None, "internship")
    assert intern.job_function == "Research"  # empty department: the team
    assert intern.min_amount is None and intern.salary_source is None
    assert intern.description == "A summer research internship.\nNo HTML version exists."  # descriptionPlain


def test_lever_grouped_answers_are_flattened() -> None:
    postings = _load("lever_postings.json")
    grouped = [
        {"title": "Engineering", "postings": postings[:2]},
        {"title": "Ops", "postings": postings[2:3]},
    ]
    assert len(parse_lever(LEVER, grouped).postings) == 3


# --- Ashby -----------------------------------------------------------------------------------


def test_ashby_maps_every_field() -> None:
    parsed = parse_board(ASHBY, _load("ashby_board.json"))
    jobs = _by_id(parsed)
    assert len(jobs) == 4
    frontend = jobs["ab-1f0e9d8c-7b6a-4c5d-9e8f-0a1b2c3d4e01"]
    assert frontend.model_dump(exclude={"description"}, exclude_none=True) == {
        "id": "ab-1f0e9d8c-7b6a-4c5d-9e8f-0a1b2c3d4e01",
        "site": "ashby",
        "job_url": "https://jobs.ashbyhq.com/northwind/1f0e9d8c-7b6a-4c5d-9e8f-0a1b2c3d4e01",
        "job_url_direct": "https://jobs.ashbyhq.com/northwind/1f0e9d8c-7b6a-4c5d-9e8f-0a1b2c3d4e01/application",
        "title": "Senior Frontend Engineer",
        "company": "Northwind",
        "location": "San Francisco; New York",
        "date_posted": date(2025, 1, 15),
        "job_type": "fulltime",
        "job_function": "Engineering",
        "is_remote": False,
        "work_from_home_type": "hybrid",
        "min_amount": 170000.0,  # the Salary component, not the equity one listed first
        "max_amount": 210000.0,
        "currency": "USD",
        "interval": "yearly",
        "salary_source": "direct_data",
    }
    assert frontend.description == (
        "## About Northwind\n\nWe make invoicing painless for 10,000+ teams & their accountants. Join us."
        "\n\n## You will\n\n- Ship React & TypeScript features\n- Improve our design system"
    )


def test_ashby_remote_hourly_intern_and_temporary() -> None:
    jobs = _by_id(parse_ashby(ASHBY, _load("ashby_board.json")))
    support = jobs["ab-2a1b0c9d-8e7f-4a6b-8c5d-1e2f3a4b5c02"]
    assert (support.is_remote, support.work_from_home_type, support.job_type) == (True, "remote", "contract")
    assert (support.min_amount, support.max_amount, support.currency, support.interval) == (
        30.0,
        40.0,
        "EUR",
        "hourly",
    )
    intern = jobs["ab-3b2c1d0e-9f8a-4b7c-9d6e-2f3a4b5c6d03"]
    assert (intern.job_type, intern.is_remote, intern.job_function) == (
        "internship",
        False,
        "Applied Research",
    )
    assert intern.date_posted == date(2024, 12, 20)  # the date in the posting's own offset
    assert intern.description == "Work with our research team for 4 months."
    assert intern.min_amount is None and intern.salary_source is None
    seasonal = jobs["ab-5d4e3f2a-1b0c-4d9e-9f8a-4b5c6d7e8f05"]
    assert (seasonal.job_type, seasonal.is_remote, seasonal.work_from_home_type) == ("temporary", None, None)


def test_ashby_salary_from_tiers_when_there_is_no_summary() -> None:
    payload = _load("ashby_board.json")
    comp = payload["jobs"][0]["compensation"]
    comp["summaryComponents"] = []
    comp["compensationTiers"][0]["components"][0].update(interval="1 MONTH", minValue=9000, maxValue=11000)
    frontend = parse_ashby(ASHBY, payload).postings[0]
    assert (frontend.min_amount, frontend.max_amount, frontend.interval) == (9000.0, 11000.0, "monthly")


# --- bad entries and bad payloads ------------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "fixture", "skipped"),
    [
        (GREENHOUSE, "greenhouse_board.json", ["gh-4012345004: missing title"]),
        (LEVER, "lever_postings.json", ["lv-9c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e04: missing title (text)"]),
        (
            ASHBY,
            "ashby_board.json",
            [
                "ab-4c3d2e1f-0a9b-4c8d-8e7f-3a4b5c6d7e04: missing title",
                "ab-6e5f4a3b-2c1d-4e0f-8a9b-5c6d7e8f9a06: unlisted",
            ],
        ),
    ],
)
def test_a_broken_entry_is_skipped_with_a_reason(board: AtsBoard, fixture: str, skipped: list[str]) -> None:
    parsed = parse_board(board, _load(fixture))
    assert parsed.skipped == skipped
    assert all(p.title for p in parsed.postings)


def test_entries_that_are_not_objects_or_not_valid_postings_are_skipped() -> None:
    good = _load("lever_postings.json")[0]
    bad_url = copy.deepcopy(good) | {"id": "x1", "hostedUrl": "javascript:alert(1)"}
    no_url = {k: v for k, v in good.items() if k != "hostedUrl"} | {"id": "x2"}
    parsed = parse_lever(LEVER, [42, bad_url, no_url, good])
    assert len(parsed.postings) == 1
    assert parsed.skipped[0] == "entry 0: not a JSON object (int)"
    assert parsed.skipped[1].startswith("lv-x1: invalid job_url")
    assert parsed.skipped[2] == "lv-x2: missing hostedUrl"
    no_id = {k: v for k, v in good.items() if k != "id"}
    assert parse_lever(LEVER, [no_id]).postings[0].id is None  # no made-up source id


@pytest.mark.parametrize(
    ("board", "payload", "reason"),
    [
        (GREENHOUSE, [], 'expected an object with a "jobs" list, got list'),
        (
            GREENHOUSE,
            {"status": 404, "error": "Job board not found"},
            "answered with an error: Job board not found",
        ),
        (GREENHOUSE, {"jobs": {"id": 1}}, 'expected an object with a "jobs" list'),
        (GREENHOUSE, "<html><body>Maintenance</body></html>", "got str"),
        (LEVER, {"ok": False, "error": "Document not found"}, "answered with an error: Document not found"),
        (
            LEVER,
            {"id": "abc", "text": "One posting"},
            "expected a JSON list of postings, got an object with keys",
        ),
        (LEVER, None, "expected a JSON list of postings, got NoneType"),
        (ASHBY, [{"title": "x"}], 'expected an object with a "jobs" list, got list'),
        (ASHBY, {"success": False, "errors": ["board not found"]}, "answered with an error"),
        (ASHBY, {"apiVersion": "1"}, "got an object with keys ['apiVersion']"),
    ],
)
def test_a_payload_of_the_wrong_shape_is_a_parse_error_naming_the_url(
    board: AtsBoard, payload: object, reason: str
) -> None:
    with pytest.raises(ParseError) as info:
        parse_board(board, payload)
    assert info.value.source == board.api_url
    assert board.api_url in str(info.value)
    assert reason in info.value.reason


def test_an_empty_board_is_no_error() -> None:
    assert parse_board(GREENHOUSE, {"jobs": [], "meta": {"total": 0}}) == ParsedBoard()
    assert parse_board(LEVER, []) == ParsedBoard()


# --- descriptions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "fixture"),
    [(GREENHOUSE, "greenhouse_board.json"), (LEVER, "lever_postings.json"), (ASHBY, "ashby_board.json")],
)
def test_descriptions_are_markdown_without_scripts_tags_or_entities(board: AtsBoard, fixture: str) -> None:
    descriptions = [p.description for p in parse_board(board, _load(fixture)).postings if p.description]
    assert descriptions
    for text in descriptions:
        assert re.search(r"(?<!\\)<[A-Za-z/!]", text) is None, text  # no live HTML tag
        assert "<script" not in text.replace("\\<script", "") and "trackView" not in text
        assert "dataLayer" not in text and "ashby.track" not in text and "enable JavaScript" not in text
        assert re.search(r"&(lt|gt|amp|quot|nbsp|#\d+);", text) is None, text
        assert "\xa0" not in text


def test_text_that_only_looks_like_a_tag_stays_inert() -> None:
    jobs = _by_id(parse_greenhouse(GREENHOUSE, _load("greenhouse_board.json")))
    # The posting writes about "<script> tags": kept as text, escaped so no renderer runs it.
    assert jobs["gh-4012345002"].description == (
        "Help developers succeed with the Acme SDK.\n\nWrite about \\<script> tags safely."
    )

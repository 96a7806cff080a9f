"""Career pages: JSON-LD / microdata ``JobPosting`` → ``Posting``, and job links on listing pages.

Every fixture lives in ``tests/fixtures/career/``; nothing here touches the network.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from jobscraper.posting import Posting
from jobscraper.sources.structured import extract_postings, find_links

FIXTURES = Path(__file__).parents[2] / "fixtures" / "career"
PAGE = "https://www.acme.example/careers/"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def one(name: str, **kwargs: str) -> Posting:
    result = extract_postings(page(name), PAGE, **kwargs)
    assert result.method == "json-ld", result.warnings
    assert len(result.postings) == 1
    return result.postings[0]


def ld(payload: str) -> str:
    return f'<html><head><script type="application/ld+json">{payload}</script></head></html>'


# --- JSON-LD mapping ---------------------------------------------------------------------------


def test_single_posting_maps_every_field() -> None:
    result = extract_postings(page("single.html"), PAGE)
    assert result.warnings == []
    [job] = result.postings
    assert job.title == "Senior Backend Engineer"
    assert job.company == "Acme GmbH"
    assert job.location == "Berlin, BE, DE"
    assert job.is_remote is False
    assert job.job_type == "fulltime, contract"  # VOLUNTEER has no JobSpy type and is dropped
    assert job.date_posted == date(2025, 3, 14)
    assert (job.min_amount, job.max_amount, job.currency, job.interval) == (70000, 90000, "EUR", "yearly")
    assert job.salary_source == "direct_data"
    assert job.salary_annual_max == 90000
    assert job.id == "ld-BE-1234"
    assert job.job_url == "https://www.acme.example/careers/senior-backend-engineer"
    assert job.job_url_direct == job.job_url  # directApply: true
    assert job.site == "acme.example"
    assert job.company_url == "https://acme.example"
    assert job.company_logo == "https://acme.example/logo.png"
    assert job.description == "Build **APIs** for our platform.\n\n- Python\n- SQL"


def test_array_with_type_lists_prefixes_and_string_organisations() -> None:
    result = extract_postings(page("array.html"), PAGE, company="Globex (fallback)")
    assert result.method == "json-ld"
    jobs = {p.title: p for p in result.postings}
    assert set(jobs) == {"Data Analyst", "QA Intern", "Seasonal Helper"}  # Organization ignored
    analyst = jobs["Data Analyst"]
    assert (analyst.company, analyst.location, analyst.job_type) == ("Globex Corp", "Austin, TX", "parttime")
    assert analyst.date_posted == date(2025, 1, 5)
    assert analyst.job_url == "https://www.globex.example/jobs/data-analyst"
    assert jobs["QA Intern"].company == "Globex Labs"
    assert jobs["QA Intern"].job_type == "internship"
    assert jobs["QA Intern"].date_posted == date(2025, 1, 6)
    helper = jobs["Seasonal Helper"]
    assert helper.company == "Globex (fallback)"
    assert helper.job_type == "temporary"
    assert helper.date_posted is None  # "not a date"
    assert helper.location is None and helper.is_remote is None
    assert all(p.min_amount is None and p.salary_source is None for p in result.postings)


def test_graph_resolves_organisation_references_and_nested_graphs() -> None:
    result = extract_postings(page("graph.html"), PAGE)
    assert [p.title for p in result.postings] == ["Platform Engineer", "Support Specialist"]
    platform, support = result.postings
    assert platform.company == support.company == "Initech"
    assert platform.company_url == "https://initech.example/"
    assert (platform.location, platform.job_type) == ("London, GB", "fulltime")
    assert (support.location, support.job_type) == ("Leeds, GB", "parttime")
    assert support.date_posted == date(2025, 2, 3)  # "20250203"
    # No URLs in the markup: each posting still gets its own URL on this page.
    assert platform.job_url == f"{PAGE}#job-1"
    assert support.job_url == f"{PAGE}#job-2"


def test_nested_location_lists_are_flattened_and_deduplicated() -> None:
    job = one("locations.html")
    assert job.location == "Munich, Bavaria, Germany; Vienna, AT; Zurich, Switzerland"
    assert job.is_remote is False


def test_telecommute_with_applicant_locations_and_hourly_range() -> None:
    result = extract_postings(page("remote.html"), PAGE)
    frontend, writer = result.postings
    assert frontend.is_remote is True
    assert frontend.location == "Remote (Germany, Austria)"
    assert (frontend.min_amount, frontend.max_amount) == (45.5, 60)
    assert (frontend.currency, frontend.interval) == ("USD", "hourly")
    assert frontend.salary_annual_min == 45.5 * 2080
    assert writer.is_remote is True
    assert writer.location == "Remote"
    # A single monthly value written as a European-formatted string.
    assert (writer.min_amount, writer.max_amount, writer.currency) == (3500, 3500, "EUR")
    assert writer.interval == "monthly"
    assert writer.salary_source == "direct_data"


def test_escaped_description_loses_active_content() -> None:
    job = one("escaped_description.html")
    text = job.description or ""
    assert text.startswith("## About the role")
    assert "Keep us **safe**." in text
    assert "[here](https://evilcorp.example/apply)" in text
    assert "Apply here" in text
    for bad in ("<script", "alert(", "display:none", "<iframe", "frame text", "javascript:", "onerror", "<"):
        assert bad not in text, bad


def test_malformed_block_is_reported_and_the_others_still_used() -> None:
    result = extract_postings(page("malformed.html"), PAGE)
    assert result.method == "json-ld"
    [job] = result.postings  # block 2: comment-wrapped, trailing commas
    assert (job.title, job.company, job.location) == ("DevOps Engineer", "Stark Industries", "Paris, FR")
    assert job.job_url == "https://stark.example/jobs/devops"
    assert any("block 1" in w and "not valid JSON" in w for w in result.warnings)
    assert any("JobPosting" in w and "title" in w for w in result.warnings)  # block 3 has no title
    assert not any("block 2" in w or "block 3" in w for w in result.warnings)


def test_microdata_is_used_when_there_is_no_json_ld_posting() -> None:
    result = extract_postings(page("microdata.html"), PAGE)
    assert result.method == "microdata"
    [job] = result.postings
    assert job.title == "Warehouse Associate"
    assert job.company == "Wayne Enterprises"
    assert job.location == "Gotham, NJ, US"
    assert (job.min_amount, job.max_amount, job.currency, job.interval) == (18, 22, "USD", "hourly")
    assert job.job_type == "fulltime"
    assert job.date_posted == date(2025, 5, 20)
    assert job.description == "Move *boxes* safely."
    assert job.job_url == "https://www.acme.example/jobs/warehouse-associate"


def test_page_without_postings_yields_nothing() -> None:
    result = extract_postings(page("no_structured_data.html"), PAGE)
    assert (result.postings, result.method, result.warnings) == ([], "none", [])


def test_json_ld_wins_over_microdata() -> None:
    html = page("single.html").replace("<body>", "<body>" + page("microdata.html"))
    result = extract_postings(html, PAGE)
    assert result.method == "json-ld"
    assert [p.title for p in result.postings] == ["Senior Backend Engineer"]


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        ('{"@type": "MonetaryAmount", "currency": "GBP", "value": {"value": 52000, "unitText": "YEAR"}}',
         (52000, 52000, "GBP", "yearly")),
        ('{"@type": "MonetaryAmount", "currency": "EUR", "value": 300, "unitText": "DAY"}',
         (300, 300, "EUR", "daily")),
        ("65000", (65000, 65000, None, None)),
        ('"50,000 - 70,000"', (50000, 70000, None, None)),
        ('{"currency": "USD", "value": {"minValue": 1200, "maxValue": 900, "unitText": "WEEK"}}',
         (900, 1200, "USD", "weekly")),
    ],
)  # fmt: skip
def test_salary_shapes(salary: str, expected: tuple[object, ...]) -> None:
    result = extract_postings(ld(f'{{"@type": "JobPosting", "title": "T", "baseSalary": {salary}}}'), PAGE)
    [job] = result.postings
    assert (job.min_amount, job.max_amount, job.currency, job.interval) == expected
    assert job.salary_source == "direct_data"


def test_estimated_salary_is_the_fallback() -> None:
    payload = (
        '{"@type": "JobPosting", "title": "T", "estimatedSalary": [{"@type": "MonetaryAmountDistribution",'
        ' "currency": "USD", "median": 99000, "unitText": "YEAR"}]}'
    )
    [job] = extract_postings(ld(payload), PAGE).postings
    assert (job.min_amount, job.max_amount, job.currency, job.interval) == (99000, 99000, "USD", "yearly")


def test_identifier_strings_apply_action_and_escaped_titles() -> None:
    payload = (
        '{"@type": "JobPosting", "name": "R&amp;D <b>Lead</b>", "identifier": 42,'
        ' "url": "/careers/rd-lead#top", "datePosted": "2025-7-4T00:00",'
        ' "employmentType": "FULL_TIME, PART_TIME",'
        ' "potentialAction": {"@type": "ApplyAction", "target": {"@type": "EntryPoint",'
        ' "urlTemplate": "https://ats.example/apply/42"}}}'
    )
    [job] = extract_postings(ld(payload), PAGE).postings
    assert job.title == "R&D Lead"
    assert job.id == "ld-42"
    assert job.job_url == "https://www.acme.example/careers/rd-lead"
    assert job.job_url_direct == "https://ats.example/apply/42"
    assert job.date_posted == date(2025, 7, 4)
    assert job.job_type == "fulltime, parttime"


def test_plain_text_description_keeps_its_paragraphs() -> None:
    payload = '{"@type": "JobPosting", "title": "T", "description": "Line one.\\n\\nLine two &amp; more."}'
    [job] = extract_postings(ld(payload), PAGE).postings
    assert job.description == "Line one.\n\nLine two & more."


def test_same_posting_in_two_blocks_counts_once() -> None:
    block = '{"@type": "JobPosting", "@id": "https://acme.example/j/1", "title": "Once", "url": "/j/1"}'
    html = ld(block) + ld(block)
    assert [p.title for p in extract_postings(html, PAGE).postings] == ["Once"]


def test_page_url_that_is_not_http_is_a_warning_not_a_crash() -> None:
    result = extract_postings(ld('{"@type": "JobPosting", "title": "T"}'), "file:///tmp/page.html")
    assert result.postings == []
    assert any("job_url" in w for w in result.warnings)


# --- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "\x00\x01\x02",
        os.urandom(4096).decode("latin-1"),
        "<" * 50_000,
        "<div>" * 50_000,
        "\ud800 lone surrogate",
        '<?xml version="1.0" encoding="iso-8859-1"?><html></html>',
        '<script type="application/ld+json">' + "[" * 100_000 + "</script>",
        '<script type="application/ld+json">{"@type": "JobPosting", "title": {"name": ' * 400 + "</script>",
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "T", "url": "http://[x",'
        ' "baseSalary": "' + "9" * 500 + '", "jobLocation": 7, "hiringOrganization": true}</script>',
    ],
)
def test_bad_input_never_raises(html: str) -> None:
    result = extract_postings(html, PAGE)
    assert result.method in ("json-ld", "none")
    for job in result.postings:
        assert job.min_amount is None  # an absurd amount is not a salary
        assert job.job_url == PAGE
    links = find_links(html, PAGE)
    assert links.detail_urls == [] and links.next_page is None


def test_large_page_is_fast() -> None:
    cards = "".join(
        f'<div class="job-card position-relative"><a href="/jobs/role-{i}">Role {i}</a>'
        f"<p>{'lorem ipsum dolor ' * 12}</p></div>"
        for i in range(20_000)
    )
    html = page("single.html").replace("<body>", "<body>" + cards)
    assert len(html) > 5_000_000
    start = time.perf_counter()
    result = extract_postings(html, PAGE)
    links = find_links(html, PAGE)
    elapsed = time.perf_counter() - start
    assert [p.title for p in result.postings] == ["Senior Backend Engineer"]
    assert len(links.detail_urls) == 20_000
    assert elapsed < 10, elapsed


# --- links -------------------------------------------------------------------------------------


def test_listing_links_and_rel_next() -> None:
    links = find_links(page("listing_rel_next.html"), "https://acme.example/careers")
    assert links.detail_urls == [
        "https://acme.example/careers/backend-engineer-123",
        "https://www.acme.example/careers/product-designer-456",
        "https://acme.example/jobs/data-scientist-789",
    ]
    assert links.next_page == "https://acme.example/careers?page=2"


def test_next_text_link_and_job_containers() -> None:
    links = find_links(page("listing_next_text.html"), "https://shop.example/jobs")
    assert links.detail_urls == ["https://shop.example/apply?id=17", "https://shop.example/apply?id=18"]
    assert links.next_page == "https://shop.example/jobs?page=2"  # not the other host's "Next"


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ('<a href="?page=3">›</a>', "https://acme.example/jobs?page=3"),
        ('<a href="/jobs/2">»</a>', "https://acme.example/jobs/2"),
        ('<a href="/jobs?seite=2">Weiter</a>', "https://acme.example/jobs?seite=2"),
        ('<a href="/jobs?p=2" aria-label="Go to next page"><svg></svg></a>', "https://acme.example/jobs?p=2"),
        ('<a rel="nofollow next" href="/jobs?after=abc">more</a>', "https://acme.example/jobs?after=abc"),
        ('<a href="https://elsewhere.example/jobs?page=2">Next</a>', None),
        ('<a href="javascript:more()">Next</a>', None),
        ('<a href="#">Next</a>', None),
        ('<a href="/jobs">Next</a>', None),
    ],
)
def test_next_page_variants(anchor: str, expected: str | None) -> None:
    assert (
        find_links(f"<html><body>{anchor}</body></html>", "https://acme.example/jobs").next_page == expected
    )


def test_base_href_is_honoured() -> None:
    html = '<head><base href="https://acme.example/en/"></head><body><a href="jobs/x-1">X</a></body>'
    assert find_links(html, "https://acme.example/careers").detail_urls == [
        "https://acme.example/en/jobs/x-1"
    ]


def test_listing_paths_and_pagination_are_not_details() -> None:
    html = (
        '<main><a href="/careers/jobs">All jobs</a><a href="/jobs/page/2">2</a>'
        '<a href="/jobs/search">Search</a><a href="/positions/senior-dev">Senior dev</a></main>'
    )
    assert find_links(html, "https://acme.example/careers").detail_urls == [
        "https://acme.example/positions/senior-dev"
    ]

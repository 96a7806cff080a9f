"""Career pages and ATS API bodies shaped the way real sites publish them, not the way our demo board
does: scraped over real HTTP from a stdlib server on 127.0.0.1 (``self_served``, tests/conftest.py),
plus the many small JSON-LD / microdata / link variations fed to the parsers directly.

The expected values (tests/fixtures/selfserved/expected.json and the literals below) were read off
the fixtures by hand, not off the parsers' output.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from selfserved import FIELDS, SelfServed, expected, site_path

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.errors import ScrapeError
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetched, Fetcher
from jobscraper.sources.ats import detect_ats, resolve_board, sniff_kind
from jobscraper.sources.company import CompanyResult, scrape_company
from jobscraper.sources.structured import extract_postings, find_links

FAST = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=4, max_concurrency=8, max_retries=0)
Row = tuple[object, ...]


class Rerouted(Fetcher):
    """A Fetcher that sends requests for one host prefix to the local server (no internet here)."""

    def __init__(self, settings: ScrapingSettings, routes: dict[str, str]) -> None:
        super().__init__(settings)
        self._routes = routes

    async def get(self, url: str) -> Fetched:
        for prefix, target in self._routes.items():
            if url.startswith(prefix):
                url = target + url.removeprefix(prefix)
        return await super().get(url)


def scrape(company: CompanyConfig, routes: dict[str, str] | None = None) -> CompanyResult:
    async def main() -> CompanyResult:
        fetcher = Rerouted(FAST, routes or {})
        try:
            return await scrape_company(company, fetcher, FAST)
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def rows(postings: list[Posting]) -> dict[tuple[str, str], Row]:
    """(company, title) → the values of FIELDS, as ``expected`` gives them."""
    return {(p.company or "", p.title): tuple(getattr(p, f) for f in FIELDS) for p in postings}


def as_cli(url: str, ats: str = "auto") -> CompanyConfig:
    """A company as ``jobscraper scrape --company URL`` makes it: named after the URL's host."""
    return CompanyConfig(name="127.0.0.1", url=url, ats=ats)  # type: ignore[arg-type]


# --- whole sites over HTTP ---------------------------------------------------------------------

GREENHOUSE_API, LEVER_API, ASHBY_API = site_path("hooli"), site_path("globex"), site_path("massive-dynamic")


def test_json_ld_site_with_pagination_and_a_table_of_links(self_served: SelfServed) -> None:
    result = scrape(as_cli(self_served.url(site_path("initech"))))
    assert (result.method, result.errors, result.needs_extraction) == ("html", [], [])
    assert rows(result.postings) == expected("initech")
    assert result.pages == 6  # listing pages 1 and 2 ("Next ›"), four job pages; no nav/footer pages
    backend = next(p for p in result.postings if p.title.startswith("Backend"))
    assert backend.job_url == self_served.url("/initech/careers/jobs/backend-engineer/")
    assert backend.description == (
        "Initech builds **TPS report** automation for 2,000 customers & counting.\n\n"
        "### What you’ll do\n\n- Design REST & gRPC APIs\n  - Python 3.12, FastAPI\n  - PostgreSQL\n"
        "- Own services end to end"
    )
    analyst = next(p for p in result.postings if p.title.startswith("Data"))
    assert analyst.description == "Turn our sales data into decisions.\n\n1. SQL & dbt\n2. Looker"


def test_microdata_only_site_in_german_with_numbered_pages(self_served: SelfServed) -> None:
    result = scrape(as_cli(self_served.url(site_path("umbrella")), "html"))
    assert (result.errors, result.needs_extraction, result.pages) == ([], [], 5)
    assert rows(result.postings) == expected("umbrella")
    python = next(p for p in result.postings if p.title.startswith("Python"))
    assert python.description == (
        "## Deine Aufgaben\n\n- Backend-Services in Python\n  - Django & Celery\n  - PostgreSQL\n"
        "- Code-Reviews"
    )
    assert python.company_url == "https://umbrella.example"


@pytest.mark.parametrize(
    ("site", "ats"),
    [
        ("hooli", "greenhouse"),
        ("globex", "lever"),
        ("massive-dynamic", "ashby"),
        ("hooli", "auto"),  # no `ats:` given: the JSON's shape names the vendor
        ("globex", "auto"),
        ("massive-dynamic", "html"),
    ],
)
def test_self_hosted_ats_api(self_served: SelfServed, site: str, ats: str) -> None:
    result = scrape(as_cli(self_served.url(site_path(site)), ats))
    assert result.method in ("greenhouse", "lever", "ashby") and result.errors == []
    assert rows(result.postings) == expected(site)  # the employer is the board's, never "127.0.0.1"
    assert result.needs_extraction == []


def test_a_configured_company_name_still_wins(self_served: SelfServed) -> None:
    company = CompanyConfig(name="Globex Corporation", url=self_served.url(LEVER_API), ats="lever")
    assert {p.company for p in scrape(company).postings} == {"Globex Corporation"}


def test_unlisted_ashby_job_is_skipped_with_a_reason(self_served: SelfServed) -> None:
    result = scrape(as_cli(self_served.url(ASHBY_API), "ashby"))
    assert result.warnings == ["ab-6d1f2a3b-aaaa-4bbb-8ccc-000000000004: unlisted"]


def test_career_page_whose_jobs_live_on_greenhouse_reads_the_board_api(self_served: SelfServed) -> None:
    routes = {"https://boards-api.greenhouse.io/": self_served.url("/api/greenhouse/")}
    result = scrape(as_cli(self_served.url("/hooli/careers.html")), routes)
    assert result.method == "greenhouse" and result.errors == [] and result.needs_extraction == []
    assert rows(result.postings) == expected("hooli")
    assert result.pages == 2  # the career page, then the board's API
    assert "https://job-boards.greenhouse.io/hooli" in result.warnings[0]


def test_an_unreachable_ats_board_is_an_error_and_the_page_still_needs_extraction(
    self_served: SelfServed,
) -> None:
    routes = {"https://boards-api.greenhouse.io/": self_served.url("/gone/")}
    result = scrape(as_cli(self_served.url("/hooli/careers.html")), routes)
    assert result.method == "html" and result.postings == []
    [error] = result.errors
    assert isinstance(error, ScrapeError) and "HTTP 404" in str(error)
    assert result.needs_extraction == [self_served.url("/hooli/careers.html")]


# --- JSON-LD shapes, parsed directly -----------------------------------------------------------

PAGE = "https://careers.initech.example/jobs/1"


def ld(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body></body></html>"


def posting(fields: str, context: str = '"https://schema.org"') -> Posting:
    block = f'{{"@context": {context}, "@type": "JobPosting", "title": "T", {fields}}}'
    result = extract_postings(ld(block), PAGE)
    assert result.warnings == []
    [job] = result.postings
    return job


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ('"unitText": "YEAR", "minValue": "60000", "maxValue": "75000"', (60000, 75000, "yearly")),
        ('"unitText": "year", "minValue": "60000.00", "maxValue": "75000.00"', (60000, 75000, "yearly")),
        ('"unitText": "YEAR", "minValue": "55.000", "maxValue": "65.000"', (55000, 65000, "yearly")),
        ('"unitText": "PER_YEAR", "minValue": 50000, "maxValue": 60000', (50000, 60000, "yearly")),
        ('"unitText": "per month", "value": 4200', (4200, 4200, "monthly")),
        ('"unitCode": "HUR", "value": "27,50"', (27.5, 27.5, "hourly")),
        ('"unitText": "Yearly", "value": "80k"', (80000, 80000, "yearly")),
    ],
)  # fmt: skip
def test_salary_quantitative_value_shapes(fields: str, expected: tuple[object, ...]) -> None:
    job = posting(f'"baseSalary": {{"@type": "MonetaryAmount", "currency": "EUR", "value": '
                  f'{{"@type": "QuantitativeValue", {fields}}}}}')  # fmt: skip
    assert (job.min_amount, job.max_amount, job.interval) == expected
    assert (job.currency, job.salary_source) == ("EUR", "direct_data")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('["FULL_TIME", "CONTRACTOR"]', "fulltime, contract"),
        ('"Full-time"', "fulltime"),
        ('"Full Time"', "fulltime"),
        ('"full_time"', "fulltime"),
        ('"FULL_TIME, PART_TIME"', "fulltime, parttime"),
        ('["INTERN", "TEMPORARY"]', "internship, temporary"),
        ('"Permanent"', "fulltime"),
        ('"Freelance"', "contract"),
        ('["Vollzeit"]', "fulltime"),
        ('"Teilzeit"', "parttime"),
        ('"Praktikum"', "internship"),
        ('["VOLUNTEER", "PER_DIEM", "OTHER"]', None),
    ],
)
def test_employment_type_shapes(value: str, expected: str | None) -> None:
    assert posting(f'"employmentType": {value}').job_type == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"2025-03-01T09:00:00+01:00"', date(2025, 3, 1)),
        ('"2025-03-03T23:30:00-05:00"', date(2025, 3, 3)),  # the calendar date the site wrote
        ('"2025-03-07T00:00:00.000Z"', date(2025, 3, 7)),
        ('"2025-3-7"', date(2025, 3, 7)),
        ('"20250307"', date(2025, 3, 7)),
        ('"2025-02-30"', None),
        ('"07.03.2025"', None),  # not ISO 8601, which Google requires
    ],
)
def test_date_posted_shapes(value: str, expected: date | None) -> None:
    assert posting(f'"datePosted": {value}, "validThrough": "2025-04-30T23:59"').date_posted == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('{"@type": "Place", "address": "Hamburg, Germany"}', "Hamburg, Germany"),
        ('[{"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Berlin", '
         '"addressCountry": {"@type": "Country", "name": "DE"}}}, {"@type": "Place", "address": "Wien"}]',
         "Berlin, DE; Wien"),
        ('{"@type": "Place", "address": {"@type": "PostalAddress", "streetAddress": "Hauptstr. 1", '
         '"postalCode": "80331", "addressLocality": "München", "addressRegion": "BY", '
         '"addressCountry": "DE"}}',
         "München, BY, DE"),
        ('{"@type": "Place", "address": [{"@type": "PostalAddress", "addressLocality": "Paris", '
         '"addressCountry": "FR"}]}', "Paris, FR"),
        ('{"@type": "Place", "name": "Head office", "address": {"@type": "PostalAddress"}}', "Head office"),
    ],
)  # fmt: skip
def test_job_location_shapes(value: str, expected: str) -> None:
    job = posting(f'"jobLocation": {value}')
    assert (job.location, job.is_remote) == (expected, False)


def test_telecommute_with_and_without_a_location() -> None:
    usa = '{"@type": "Country", "name": "USA"}'
    remote = posting(f'"jobLocationType": "TELECOMMUTE", "applicantLocationRequirements": {usa}')
    assert (remote.location, remote.is_remote) == ("Remote (USA)", True)
    austin = '{"@type": "PostalAddress", "addressLocality": "Austin", "addressRegion": "TX"}'
    hybrid = posting(
        f'"jobLocationType": ["TELECOMMUTE"], "jobLocation": {{"@type": "Place", "address": {austin}}}'
    )
    assert (hybrid.location, hybrid.is_remote) == ("Austin, TX", True)


@pytest.mark.parametrize("context", ['"https://schema.org/"', '"http://schema.org"', '"https://schema.org"'])
@pytest.mark.parametrize("kind", ['"JobPosting"', '["JobPosting"]', '"https://schema.org/JobPosting"'])
def test_context_and_type_spellings(context: str, kind: str) -> None:
    html = ld(f'{{"@context": {context}, "@type": {kind}, "title": "T", "hiringOrganization": "Initech"}}')
    [job] = extract_postings(html, PAGE).postings
    assert (job.title, job.company) == ("T", "Initech")


def test_several_blocks_comment_wrapper_and_trailing_commas() -> None:
    html = ld(
        '{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": '
        '[{"@type": "ListItem", "position": 1, "name": "Jobs", "item": "https://careers.initech.example/"}]}',
        '{"@context": "https://schema.org", "@type": "Organization", "name": "Initech GmbH"}',
        '<!--\n{"@context": "http://schema.org", "@type": "JobPosting", "title": "QA Lead",\n'
        ' "hiringOrganization": {"@type": "Organization", "name": "Initech GmbH",},\n'
        ' "employmentType": ["FULL_TIME",],}\n-->',
    )
    result = extract_postings(html, PAGE)
    assert result.warnings == [] and result.method == "json-ld"
    [job] = result.postings
    assert (job.title, job.company, job.job_type) == ("QA Lead", "Initech GmbH", "fulltime")


def test_description_entities_and_nested_lists() -> None:
    escaped = posting('"description": "&lt;p&gt;We&amp;#39;re hiring &amp;amp; growing.&lt;/p&gt;"')
    assert escaped.description == "We're hiring & growing."
    html = posting(
        '"description": "<p>Benefits &mdash; &#8222;gut&#8220;:</p><ul><li>Remote<ul><li>DE</li><li>AT</li>'
        '</ul></li><li>30&nbsp;days</li></ul><script>alert(1)<\\/script>"'
    )
    assert html.description == "Benefits — „gut“:\n\n- Remote\n  - DE\n  - AT\n- 30 days"


# --- links -------------------------------------------------------------------------------------

LISTING = "https://www.umbrella.example/karriere/"


def test_job_links_under_german_and_singular_paths() -> None:
    html = (
        "<main><table><tr><td><a href='stellen/python-4711.html'>Python</a></td></tr>"
        "<tr><td><a href='/karriere/stellenangebote/qa-4712'>QA</a></td></tr></table>"
        "<a href='/vacancy/123'>Ops</a> <a href='/position/55-sales'>Sales</a> <a href='/career/design'>X</a>"
        "<a href='/karriere/team'>Team</a> <a href='/impressum'>Impressum</a></main>"
    )
    assert find_links(html, LISTING).detail_urls == [
        "https://www.umbrella.example/karriere/stellen/python-4711.html",
        "https://www.umbrella.example/karriere/stellenangebote/qa-4712",
        "https://www.umbrella.example/vacancy/123",
        "https://www.umbrella.example/position/55-sales",
        "https://www.umbrella.example/career/design",
    ]


@pytest.mark.parametrize(
    ("page_url", "pager", "expected"),
    [
        (LISTING, '<a href="?seite=1">1</a> <a href="?seite=2">2</a>', f"{LISTING}?seite=2"),
        (f"{LISTING}?page=2", '<a href="?page=1">1</a><b>2</b><a href="?page=3">3</a>', f"{LISTING}?page=3"),
        ("https://x.example/jobs/page/2/", '<a href="/jobs/page/3/">3</a>', "https://x.example/jobs/page/3/"),
        (f"{LISTING}?page=3", '<a href="?page=1">1</a><a href="?page=2">2</a>', None),  # the last page
        (LISTING, '<a href="/karriere/faq-2">2</a>', None),  # a "2" that is no page link
    ],
)  # fmt: skip
def test_numbered_pagination_without_a_next_link(page_url: str, pager: str, expected: str | None) -> None:
    assert find_links(f"<div class='pager'>{pager}</div>", page_url).next_page == expected


def test_links_to_an_ats_board_are_reported_not_crawled() -> None:
    html = (
        '<ul><li><a href="https://boards.greenhouse.io/hooli/jobs/4001?gh_src=x">SRE</a></li>'
        '<li><a href="https://jobs.lever.co/globex/0c8f/apply">Apply</a></li></ul>'
        '<script src="https://boards.greenhouse.io/embed/job_board/js?for=hooli"></script>'
        '<iframe src="https://jobs.ashbyhq.com/massive-dynamic?embed=js"></iframe>'
        '<footer><a href="https://www.greenhouse.com/">Powered by Greenhouse</a></footer>'
    )
    links = find_links(html, "https://hooli.example/careers")
    assert links.detail_urls == []
    assert [detect_ats(u).token for u in links.ats_urls] == ["hooli", "globex", "hooli", "massive-dynamic"]  # type: ignore[union-attr]


# --- ATS odds and ends -------------------------------------------------------------------------


def test_greenhouse_embed_script_is_a_board_url() -> None:
    board = detect_ats("https://boards.greenhouse.io/embed/job_board/js?for=hooli")
    assert board is not None and (board.kind, board.token) == ("greenhouse", "hooli")


def test_sniffing_an_ats_payload() -> None:
    assert sniff_kind({"jobs": [{"absolute_url": "u", "title": "t"}], "meta": {"total": 1}}) == "greenhouse"
    assert sniff_kind({"apiVersion": "1", "jobs": [{"jobUrl": "u", "title": "t"}]}) == "ashby"
    assert sniff_kind([{"text": "t", "hostedUrl": "u"}]) == "lever"
    assert sniff_kind([{"title": "Team", "postings": [{"text": "t", "hostedUrl": "u"}]}]) == "lever"
    for other in ({"jobs": []}, [], {"@type": "JobPosting"}, [1, 2], "jobs", None):
        assert sniff_kind(other) is None


def test_a_mirror_serving_a_file_names_the_board_by_its_path() -> None:
    board = resolve_board("http://127.0.0.1:8000/hooli/jobs.json", "greenhouse")
    assert board is not None and board.token == "hooli"

"""page_posting: a career site's job page without structured data, read as a posting.

What a user would notice: the job gets the page's title (without the site's name tacked on), the
location where the page marks one, and the page's main text as its description — without the
site's navigation, and without anything active from a stranger's HTML. A page that shows no job
is not a posting, and no page, however broken, makes the scrape fail.
"""

from __future__ import annotations

import re

import pytest

from jobscraper.posting import Posting
from jobscraper.sources.page_posting import MIN_DESCRIPTION_CHARS, page_posting

URL = "https://careers.acme.example/jobs/backend-engineer"
BODY = (
    "We build reliable data pipelines for logistics companies across Europe, "
    "and you will own them end to end, from ingestion to the dashboards."
)
assert len(BODY) >= MIN_DESCRIPTION_CHARS


def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _posting(html: str, company: str | None = "Acme") -> Posting:
    posting = page_posting(html, URL, company=company)
    assert posting is not None
    return posting


# --------------------------------------------------------------------------- the posting


def test_a_plain_job_page_becomes_a_posting() -> None:
    html = _page(
        f'<main><h1>Backend Engineer</h1><span class="job-location">Berlin</span><p>{BODY}</p></main>',
        head="<title>Backend Engineer | Acme</title>",
    )

    posting = _posting(html)

    assert posting.job_url == URL
    assert posting.title == "Backend Engineer"
    assert posting.company == "Acme"
    assert posting.location == "Berlin"
    assert posting.description is not None
    assert BODY in posting.description
    assert posting.site == "careers.acme.example"
    # what extraction fills in is left empty, not guessed
    assert (posting.min_amount, posting.skills, posting.is_remote) == (None, None, None)


# --------------------------------------------------------------------------- title


@pytest.mark.parametrize(
    ("og_title", "company", "expected"),
    [
        ("Backend Engineer | Acme", "Acme", "Backend Engineer"),
        ("Backend Engineer — Acme", "Acme", "Backend Engineer"),
        ("Backend Engineer – Acme Careers", "Acme", "Backend Engineer"),
        ("Backend Engineer - ACME GmbH", "acme", "Backend Engineer"),
        ("Backend Engineer · Acme", "Acme", "Backend Engineer"),
        ("Backend Engineer | Berlin", "Acme", "Backend Engineer | Berlin"),  # not the company: kept
        ("Backend Engineer | Acme", None, "Backend Engineer | Acme"),  # no company to trim
        ("Senior Front-End Engineer", "Acme", "Senior Front-End Engineer"),  # a hyphen is no separator
    ],
)
def test_the_og_title_is_the_title_without_the_company_name(
    og_title: str, company: str | None, expected: str
) -> None:
    html = _page(
        f"<main><h1>Something else</h1><p>{BODY}</p></main>",
        head=f'<meta property="og:title" content="{og_title}"><title>Page title</title>',
    )
    assert _posting(html, company=company).title == expected


def test_without_an_og_title_the_first_h1_is_the_title() -> None:
    html = _page(
        f"<main><h1>Data Engineer (m/f/d)</h1><p>{BODY}</p><h1>Why Acme</h1></main>",
        head="<title>Careers | Acme</title>",
    )
    assert _posting(html).title == "Data Engineer (m/f/d)"


def test_an_empty_og_title_falls_back_to_the_h1() -> None:
    html = _page(
        f"<main><h1>Data Engineer</h1><p>{BODY}</p></main>", head='<meta property="og:title" content=" ">'
    )
    assert _posting(html).title == "Data Engineer"


def test_without_a_heading_the_page_title_is_the_title_without_the_company_name() -> None:
    html = _page(f"<main><p>{BODY}</p></main>", head="<title>Site Reliability Engineer — Acme</title>")
    assert _posting(html).title == "Site Reliability Engineer"


def test_a_title_keeps_its_words_when_entities_and_tags_are_in_it() -> None:
    html = _page(f"<main><h1>R&amp;D <em>Engineer</em></h1><p>{BODY}</p></main>")
    assert _posting(html).title == "R&D Engineer"


def test_an_h1_in_the_site_header_is_not_the_jobs_title() -> None:
    html = _page(
        f"<header><h1>Acme Careers</h1></header><main><h1>Backend Engineer</h1><p>{BODY}</p></main>",
    )
    assert _posting(html).title == "Backend Engineer"


# --------------------------------------------------------------------------- location


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ('<span class="job-location">Berlin</span>', "Berlin"),
        ('<span class="meta job_location">Munich</span>', "Munich"),
        ('<div itemprop="jobLocation"><span>Köln,</span> <span>Germany</span></div>', "Köln, Germany"),
        ('<p id="location">Wien, Österreich</p>', "Wien, Österreich"),
        ('<div class="joblocation">Zürich</div>', "Zürich"),
        ('<li data-qa="job-location">Hamburg</li>', "Hamburg"),
        ('<li data-field="Location">Remote (EU)</li>', "Remote (EU)"),
    ],
)
def test_a_location_the_page_marks_is_read(element: str, expected: str) -> None:
    html = _page(f"<main><h1>Backend Engineer</h1>{element}<p>{BODY}</p></main>")
    assert _posting(html).location == expected


@pytest.mark.parametrize(
    "element",
    [
        '<p class="relocation-package">Relocation support to Lisbon</p>',
        '<p class="allocation">Budget allocation: 20%</p>',
        '<ul class="locations"><li>Berlin</li><li>Paris</li></ul>',
        '<p class="jobLocationText">Madrid</p>',
        '<p title="location">Oslo</p>',  # only class, id, itemprop and data-* mark it
        "<p>Location: Berlin</p>",  # text alone is not a mark
    ],
)
def test_elements_that_do_not_mark_a_location_give_none(element: str) -> None:
    html = _page(f"<main><h1>Backend Engineer</h1>{element}<p>{BODY}</p></main>")
    assert _posting(html).location is None


def test_a_marked_element_that_is_empty_or_too_long_is_passed_over() -> None:
    long = "Berlin " * 30
    html = _page(
        '<main><h1>Backend Engineer</h1><span class="location"></span>'
        f'<div class="location">{long}</div><span class="job-location">Paris</span><p>{BODY}</p></main>'
    )
    assert _posting(html).location == "Paris"


def test_a_location_in_a_script_is_not_read() -> None:
    html = _page(
        '<main><h1>Backend Engineer</h1><script class="location">var city = "Berlin";</script>'
        f"<p>{BODY}</p></main>"
    )
    assert _posting(html).location is None


# --------------------------------------------------------------------------- description


def test_site_navigation_is_not_in_the_description() -> None:
    html = _page(
        "<header>Acme logo and menu</header><nav><a href='/'>All jobs</a> Our offices</nav>"
        f"<div><h1>Backend Engineer</h1><p>{BODY}</p><aside>Related jobs: Frontend Engineer</aside></div>"
        "<footer>Imprint and privacy policy</footer>"
    )

    description = _posting(html).description
    assert description is not None
    assert BODY in description
    for chrome in ("Acme logo", "All jobs", "Our offices", "Related jobs", "Imprint"):
        assert chrome not in description


def test_the_main_element_is_the_description() -> None:
    html = _page(
        "<div>Cookie banner: we use cookies for everything you can imagine and more.</div>"
        f"<main><h1>Backend Engineer</h1><p>{BODY}</p></main>"
        "<div>Newsletter: sign up for a weekly digest of open positions at Acme.</div>"
    )

    description = _posting(html).description
    assert description is not None
    assert BODY in description
    assert "Cookie banner" not in description
    assert "Newsletter" not in description


def test_an_article_is_the_description_when_there_is_no_main() -> None:
    html = _page(
        "<div>Cookie banner: we use cookies for everything you can imagine and more.</div>"
        f"<article><header><h1>Backend Engineer</h1><p>Posted 3 days ago</p></header><p>{BODY}</p></article>"
    )

    posting = _posting(html)
    assert posting.title == "Backend Engineer"
    assert posting.description is not None
    assert BODY in posting.description
    assert "Cookie banner" not in posting.description
    assert "Posted 3 days ago" not in posting.description


def test_the_description_keeps_the_pages_structure_as_markdown() -> None:
    html = _page(
        f"<main><h1>Backend Engineer</h1><p>{BODY}</p><h2>What you bring</h2>"
        "<ul><li>Python</li><li>PostgreSQL</li></ul>"
        '<p><a href="https://careers.acme.example/apply">Apply now</a></p></main>'
    )

    description = _posting(html).description
    assert description is not None
    assert "## What you bring" in description
    assert "- Python" in description
    assert "[Apply now](https://careers.acme.example/apply)" in description


# --------------------------------------------------------------------------- hostile input

HOSTILE = _page(
    "<main><h1>Backend Engineer</h1>"
    f"<p>{BODY}</p>"
    "<script>alert(1)</script>"
    '<img src=x onerror="alert(2)">'
    '<img src="https://cdn.acme.example/team.png" onerror="alert(3)">'
    '<p onclick="alert(4)">Meet the team</p>'
    '<a href="javascript:alert(5)">Apply here</a> '
    '<a href=" JaVaScRiPt:alert(6)">or here</a> '
    '<a href="java&#x09;script:alert(7)">or there</a>'
    '<iframe src="https://evil.example/frame"></iframe>'
    "<svg onload=alert(8)><circle r=1></circle></svg>"
    '<form action="https://evil.example"><input name="cv"><button>Send</button></form>'
    "<style>body{display:none}</style>"
    "</main>",
    head='<script src="https://evil.example/x.js"></script>',
)


def test_active_content_never_reaches_the_description() -> None:
    description = _posting(HOSTILE).description
    assert description is not None

    lowered = description.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "onload" not in lowered
    assert "alert(" not in lowered
    assert "evil.example" not in lowered
    assert "display:none" not in lowered
    # the words around it survive
    assert BODY in description
    assert "Meet the team" in description
    assert "Apply here" in description
    assert "![](https://cdn.acme.example/team.png)" in description


def test_markup_written_as_text_is_escaped_not_run() -> None:
    html = _page(
        f"<main><h1>Backend Engineer</h1><p>{BODY}</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></main>"
    )

    description = _posting(html).description
    assert description is not None
    assert re.search(r"(?<!\\)<", description) is None, "every literal '<' is escaped"
    assert "\\<script>" in description


# --------------------------------------------------------------------------- not a posting


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        _page(""),
        _page(f"<main><p>{BODY}</p></main>"),  # no title anywhere
        _page("<main><h1>Backend Engineer</h1><p>Apply now.</p></main>"),  # too little text
        _page(f"<main><h1>Backend Engineer</h1></main><footer>{BODY}</footer>"),  # the text is all chrome
        _page(
            f"<main><h1>Backend Engineer</h1><script>var text = '{BODY}';</script></main>"
        ),  # only a script
    ],
    ids=["empty", "blank", "empty-page", "no-title", "too-little-text", "only-chrome", "only-script"],
)
def test_a_page_that_shows_no_job_is_not_a_posting(html: str) -> None:
    assert page_posting(html, URL, company="Acme") is None


def test_a_description_just_long_enough_is_a_posting() -> None:
    text = "x" * MIN_DESCRIPTION_CHARS
    assert page_posting(_page(f"<body><p>{text}</p></body>", head="<title>Job</title>"), URL) is not None
    assert page_posting(_page(f"<body><p>{text[:-1]}</p></body>", head="<title>Job</title>"), URL) is None


# --------------------------------------------------------------------------- broken input


@pytest.mark.parametrize(
    "html",
    [
        "\x00\x01\x02\xff\ufffd<<<>>><div<p>>" + BODY,
        "<h1>Backend\ud800 Engineer</h1><p>" + BODY + "</p>",  # a lone surrogate
        "<html><body><main><h1>Backend Engineer<p>" + BODY + "<ul><li>one<li>two",  # nothing closed
        "</main></body></html><h1>Backend Engineer</h1>" + BODY,  # closed before opened
        "<main>" + "<div>" * 5000 + "<h1>Deep</h1><p>" + BODY,  # absurdly nested
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><h1>&a;</h1><p>" + BODY + "</p>",
        "<h1>" + "Backend Engineer " * 50 + "</h1><p>" + BODY * 200 + "</p>",
        "<<<<<<<>>>>>>>",
    ],
    ids=["garbage", "surrogate", "unclosed", "misordered", "deep", "doctype-entity", "huge", "brackets"],
)
def test_broken_markup_never_raises(html: str) -> None:
    posting = page_posting(html, URL, company="Acme")
    assert posting is None or (posting.title and posting.description)


def test_unclosed_tags_still_give_the_posting() -> None:
    posting = _posting("<html><body><main><h1>Data Engineer<p>" + BODY + "<ul><li>Python<li>SQL")
    assert posting.title == "Data Engineer"
    assert posting.description is not None
    assert BODY in posting.description
    assert "- SQL" in posting.description


def test_a_label_marked_as_location_is_not_the_location() -> None:
    html = _page(
        f'<main><h1>Backend Engineer</h1><span class="job-location-label">Location:</span>'
        f'<span class="job-location">Lyon</span><p>{BODY}</p></main>'
    )
    assert _posting(html).location == "Lyon"

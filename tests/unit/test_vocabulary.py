"""The vocabulary is declared once: no other module spells out a list of its names again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint

from jobscraper import vocabulary
from jobscraper.extraction.schema import PayPeriod
from jobscraper.vocabulary import (
    ANNUAL_FACTOR,
    ATS_CHOICES,
    ATS_KINDS,
    BOARD_SITES,
    COUNTRY_ALIASES,
    GLASSDOOR_COUNTRIES,
    INDEED_COUNTRIES,
    INTERVAL_UNIT,
    JOB_STATUSES,
    JOBSPY_SITES,
    PAY_INTERVALS,
    REMOTE_SITES,
    SITE_DOMAINS,
    SITES,
    board_domain,
    country_problem,
    normal_interval,
    site_problem,
)

ROOT = Path(__file__).resolve().parents[2]
VOCABULARIES: dict[str, set[str]] = {
    "sites": set(SITES),
    "statuses": set(JOB_STATUSES),
    "intervals": set(PAY_INTERVALS),
    "ats kinds": set(ATS_KINDS),
}
# the packages whose code must read these names from jobscraper.vocabulary
SCANNED = ("jobscraper", "actors", "serve", "ui/jobscraper_ui")


# Collections that look like a copy but are not, each with the reason:
ALLOWED = {
    # the funnel's stages: "saved" stands for new, and a rejection is off the funnel
    ("jobscraper/store/stats.py", "FUNNEL_STAGES"),
    # job_facet.sites' stored bit order, frozen by migration 0015 (a site the vocabulary adds later
    # gets no bit and is checked in job_source); test_search_facet holds the two lists equal
    ("jobscraper/store/migrations/versions/0015_job_facet.py", "SITE_NAMES"),
    ("jobscraper/store/search_facet_table.py", "_SITE_NAMES"),
    # job.sites' stored bit order on PostgreSQL, frozen by migration 0019 (0015's, so one bit
    # means one site on both databases); test_search_pg_sites holds the database's bits equal
    ("jobscraper/store/migrations/versions/0019_pg_job_sites.py", "SITE_NAMES"),
}


def _named_literals(tree: ast.AST) -> list[tuple[int, str, bool, set[str], set[str]]]:
    """Every tuple, list, set or dict literal: its line, the name it is assigned to (or ""), whether
    it is a dict, its string elements (a dict's keys) and, for a dict, its string values."""
    names: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            assigned = node.targets if isinstance(node, ast.Assign) else [node.target]
            names[id(node.value)] = " ".join(t.id for t in assigned if isinstance(t, ast.Name))
    found: list[tuple[int, str, bool, set[str], set[str]]] = []
    for node in ast.walk(tree):
        values: list[ast.expr | None] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elements: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            elements, values = list(node.keys), list(node.values)
        else:
            continue
        strings = {e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        targets = {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
        found.append((node.lineno, names.get(id(node), ""), isinstance(node, ast.Dict), strings, targets))
    return found


def test_no_module_re_declares_a_vocabulary() -> None:
    """Three or more names of one vocabulary in one literal is a copy of its list. A dict keyed by
    ATS kind is not: per-kind tables (parsers, URL shapes) belong with the adapter code."""
    copies = []
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            if path == Path(vocabulary.__file__).resolve():
                continue
            for line, name, is_dict, strings, targets in _named_literals(ast.parse(path.read_text(), where)):
                if name == "__all__" or (where, name) in ALLOWED:  # __all__ names functions
                    continue
                for kind, words in VOCABULARIES.items():
                    keys = set() if is_dict and kind == "ats kinds" else strings & words
                    for found in (keys, targets & words):
                        if len(found) >= 3:
                            copies.append(f"{where}:{line}: {kind} {sorted(found)}")
    assert copies == [], "\n".join(copies)


def test_every_interval_has_a_factor_and_a_unit_the_extraction_schema_shares() -> None:
    assert set(ANNUAL_FACTOR) == set(INTERVAL_UNIT) == set(PAY_INTERVALS)
    # the extraction schema's pay periods are the unit words, and each maps back to its interval
    assert {p.value for p in PayPeriod} == set(INTERVAL_UNIT.values())
    assert {normal_interval(p.value) for p in PayPeriod} == set(PAY_INTERVALS)


@pytest.mark.parametrize(
    ("word", "interval"),
    [
        ("Hourly", "hourly"),
        ("hour", "hourly"),
        (" ANNUAL ", "yearly"),
        ("month", "monthly"),
        ("biweekly", "biweekly"),
    ],
)
def test_normal_interval(word: str, interval: str) -> None:
    assert normal_interval(word) == interval


def test_ats_choices_add_auto_and_html_to_the_kinds() -> None:
    assert ("auto", *ATS_KINDS, "html") == ATS_CHOICES


def test_board_domains() -> None:
    assert set(SITE_DOMAINS) == set(SITES) == {*JOBSPY_SITES, *REMOTE_SITES}
    assert board_domain("remotive") == "remotive.com" and board_domain("himalayas") == "himalayas.app"
    assert board_domain("zip_recruiter") == "ziprecruiter.com"
    assert board_domain("example.org") == "example.org"  # a site we have no domain for is its own


def test_jobspy_offers_exactly_our_sites() -> None:
    from jobspy.model import Site

    assert {s.value for s in Site} == set(JOBSPY_SITES)


def test_the_countries_are_jobspys_and_a_search_is_held_to_them() -> None:
    from jobspy.glassdoor.constant import domains
    from jobspy.model import Country, country_aliases

    from jobscraper.config import SavedSearch

    assert tuple(c.value for c in Country) == INDEED_COUNTRIES
    assert tuple(c.value for c in domains) == GLASSDOOR_COUNTRIES
    assert country_aliases == COUNTRY_ALIASES
    assert country_problem(["indeed", "glassdoor"], " United Kingdom ") is None
    assert country_problem(["linkedin"], "narnia") is None  # LinkedIn reads the location only
    assert "Glassdoor does not search country 'nigeria'" in (country_problem(["glassdoor"], "nigeria") or "")
    assert country_problem(["indeed"], "nigeria") is None
    with pytest.raises(ValueError, match="not one Indeed searches"):
        SavedSearch(name="n", term="nurse", sites=["indeed"], country="narnia")


def test_google_is_listed_but_unavailable_with_jobspys_reason() -> None:
    """python-jobspy leaves Google out of its default sites and its README says it is unavailable."""
    from jobspy.model import ScraperInput, Site

    default = ScraperInput.model_fields["site_name"].get_default(call_default_factory=True)
    unavailable = {name for name, site in SITES.items() if site.unavailable}
    assert unavailable == {"google"} and {s.value for s in Site} - {s.value for s in default} == unavailable
    assert "google" not in BOARD_SITES and set(BOARD_SITES) == set(SITES) - unavailable
    assert site_problem("indeed") is None and site_problem("remotive") is None
    assert (site_problem("google") or "").startswith("site 'google' is unavailable: python-jobspy's README")
    assert "known: linkedin, indeed" in (site_problem("monster") or "")


def test_the_status_constraint_lists_every_status() -> None:
    from jobscraper.store.tables import JOB

    (check,) = [c for c in JOB.constraints if isinstance(c, CheckConstraint) and c.name == "ck_job_status"]
    assert str(check.sqltext) == "status IN (" + ", ".join(f"'{s}'" for s in JOB_STATUSES) + ")"


def test_a_jobs_extracted_seniority_uses_the_profiles_words_in_the_same_order() -> None:
    """The extraction schema keeps an enum (its JSON schema is what the LLM is constrained to), so
    its members are held to the vocabulary here: a profile's level and a job's must compare."""
    from jobscraper.extraction.schema import Seniority as Extracted
    from jobscraper.vocabulary import SENIORITIES

    assert [s.value for s in Extracted if s is not Extracted.UNKNOWN] == list(SENIORITIES)

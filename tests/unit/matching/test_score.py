"""The fit score: each part with its reasons, hard preferences sink a job (and say why), unknown is
neutral, the résumé's suggestions only nudge."""

from __future__ import annotations

from typing import Any

import pytest

from jobscraper.matching.fit_parts import Person, level_of_job, level_of_resume
from jobscraper.matching.places import ANYWHERE, countries, remote_scope
from jobscraper.matching.profile import PreferenceFields
from jobscraper.matching.score import (
    COSINE_HIGH,
    COSINE_LOW,
    SINK_CAP,
    fit,
    meaning_value,
    person_from_resume,
)
from jobscraper.matching.terms import SOFT_BELOW_FLOOR

RESUME = """# Pieter de Vries — Senior Backend Engineer (Python)

Amsterdam, Netherlands

Backend engineer with nine years of experience in Python, Django and PostgreSQL.
I am based in Amsterdam and open to remote roles. I am not relocating.
"""


def job(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 1,
        "job_url": "https://jobs.example/1",
        "title": "Senior Backend Engineer",
        "company": "Acme",
        "location": "Amsterdam, North Holland, Netherlands",
        "skills": ["Python", "Django", "PostgreSQL", "Kafka"],
        "extracted": None,
        "description": "",
    }
    return {**base, **fields}


def person(**prefs: Any) -> Person:
    resume = prefs.pop("resume", RESUME)
    return Person(PreferenceFields(**prefs), resume, person_from_resume(resume).suggestions)


def kinds(result: Any, *, hard: bool | None = None) -> list[str]:
    return [r.kind for r in result.reasons if hard is None or r.hard == hard]


def test_meaning_maps_the_cosine_onto_0_to_1_and_a_missing_vector_is_left_out() -> None:
    assert meaning_value(-0.2) == 0.0 and meaning_value(0.99) == 1.0
    assert 0.0 < meaning_value((COSINE_LOW + COSINE_HIGH) / 2) < 1.0
    close, far = fit(job(), person(), COSINE_HIGH), fit(job(), person(), COSINE_LOW)
    assert close.score > far.score and close.parts["meaning"] == 1.0 and far.parts["meaning"] == 0.0
    unknown = fit(job(), person(), None)
    assert "meaning" not in unknown.parts
    assert any(r.kind == "meaning" and "reindex" in r.text for r in unknown.reasons)


def test_skills_list_the_matched_and_missing_ones_with_preferred_skills_counting() -> None:
    result = fit(job(), person(), 0.4)
    (reason,) = [r for r in result.reasons if r.kind == "skills"]
    assert reason.matched == ["Python", "Django", "PostgreSQL"] and reason.missing == ["Kafka"]
    assert result.parts["skills"] == pytest.approx(0.75)
    preferred = fit(job(), person(preferred_skills=["kafka"]), 0.4)
    assert preferred.parts["skills"] == 1.0
    # the extracted skills and tech stack count too, once each
    extracted = job(skills=None, extracted={"skills": ["Go"], "tech_stack": ["python", "Go"]})
    (reason,) = [r for r in fit(extracted, person(), 0.4).reasons if r.kind == "skills"]
    assert reason.matched == ["python"] and reason.missing == ["Go"]


def test_a_skill_word_inside_another_word_is_not_a_match() -> None:
    result = fit(job(skills=["Go", "C"]), person(resume="Cargo logistics, Chicago, 3 years."), 0.3)
    (reason,) = [r for r in result.reasons if r.kind == "skills"]
    assert reason.matched == [] and result.parts["skills"] == 0.0


def test_an_excluded_skill_sinks_the_job_and_says_so() -> None:
    result = fit(job(), person(excluded_skills=["kafka"]), 0.6)
    assert result.sunk and result.score <= SINK_CAP
    assert result.reasons[0].hard and "kafka" in result.reasons[0].text.casefold()


def test_seniority_from_the_resume_and_the_job_title_or_board_level() -> None:
    assert level_of_resume(RESUME) == 3  # senior
    assert level_of_resume("Jane\nData analyst\nThree years of experience in SQL.") == 2
    assert level_of_job(job(title="Principal Engineer")) == 5
    assert level_of_job(job(title="Engineer", job_level="internship")) == 0
    # the years a job asks for: five a senior, eight a lead, ten a principal
    assert level_of_job(job(title="Engineer", description="Five or more years of experience.")) == 3
    assert level_of_job(job(title="Engineer", description="Eight or more years of experience.")) == 4
    assert level_of_job(job(title="Engineer", description="Ten or more years of experience.")) == 5
    # while a résumé's years alone make no one a lead
    assert level_of_resume("Jane\nNurse\nTwelve years of experience in intensive care.") == 3
    # years written out, in French and Spanish too
    assert level_of_resume("Tom\nIT Support\nTwo and a half years of help-desk work.") == 2
    assert level_of_resume("Camille\nIngénieure data\nCinq ans d'expérience.") == 3
    assert level_of_resume("Lucía\nDiseñadora\nUn año de prácticas.") == 1
    assert level_of_job(job(title="Engineer", extracted={"seniority": "junior"})) == 1
    assert level_of_job(job(title="Engineer")) is None
    same, off_one = fit(job(), person(), 0.4), fit(job(title="Backend Engineer, Mid-level"), person(), 0.4)
    assert same.parts["seniority"] == 1.0 and off_one.parts["seniority"] == 0.5
    assert not off_one.sunk  # a level the résumé shows is a nudge


def test_a_set_seniority_sinks_a_job_two_levels_off() -> None:
    result = fit(job(title="Backend Engineering Intern"), person(seniority="senior"), 0.6)
    assert result.sunk and result.score <= SINK_CAP
    assert result.reasons[0].kind == "seniority" and result.reasons[0].hard
    assert not fit(job(title="Staff Backend Engineer"), person(seniority="senior"), 0.6).sunk


def test_places_are_reduced_to_countries_and_unknown_places_to_none() -> None:
    assert countries("Austin, TX") == {"us"}
    assert countries("Toronto, ON, Canada (Hybrid)") == {"ca"}
    assert countries("Manchester, England, UK") == {"gb"}
    assert "gb" not in (remote_scope("Remote (EU residents only)", []) or set())
    assert remote_scope("Remote (worldwide)", []) is ANYWHERE
    assert remote_scope("Remote", ["Germany", "Austria"]) == {"de", "at"}
    assert countries("Springfield") is None


def test_remote_scope_against_where_the_resume_says_the_person_lives_is_a_soft_nudge() -> None:
    eu = fit(job(location="Remote (EU residents only)", is_remote=True), person(), 0.4)
    us = fit(job(location="Remote (US only)", is_remote=True), person(), 0.4)
    assert eu.parts["place"] == 1.0 and us.parts["place"] < 0.5
    assert not us.sunk and us.score > SINK_CAP


def test_a_set_location_sinks_an_onsite_job_elsewhere_and_a_remote_job_out_of_scope() -> None:
    mine = person(locations=["Amsterdam"], open_to_relocation=False)
    assert fit(job(), mine, 0.5).parts["place"] == 1.0
    elsewhere = fit(job(location="Berlin, Germany (Hybrid)"), mine, 0.6)
    assert elsewhere.sunk and elsewhere.score <= SINK_CAP and elsewhere.reasons[0].kind == "place"
    assert "Berlin" in elsewhere.reasons[0].text
    abroad = fit(job(location="Remote (US only)", is_remote=True), person(remote_regions=["EU"]), 0.6)
    assert abroad.sunk and "US only" in abroad.reasons[0].text
    onsite_only = fit(job(location="Remote (worldwide)", is_remote=True), person(remote_ok=False), 0.6)
    assert onsite_only.sunk


def test_the_resume_saying_based_elsewhere_nudges_but_never_sinks() -> None:
    # RESUME says "I am not relocating": a job elsewhere gets the lowest place value, not sunk
    result = fit(job(location="Berlin, Germany"), person(), 0.6)
    assert not result.sunk and result.parts["place"] == 0.0
    assert result.score > SINK_CAP
    assert any(r.kind == "place" and "not relocating" in r.text for r in result.reasons)
    # a résumé that names its city but says nothing of moving: a little above that
    silent = person(resume="# Jo — Backend Engineer\n\nAmsterdam, Netherlands\n\nPython for six years.")
    maybe = fit(job(location="Berlin, Germany"), silent, 0.6)
    assert maybe.parts["place"] == pytest.approx(0.1) and not maybe.sunk


def test_salary_against_the_annualised_floor_in_the_same_currency_only() -> None:
    floor = person(min_salary=7000, currency="EUR", salary_period="monthly")  # 84,000 a year
    high = fit(job(salary_annual_max=90000, currency="EUR"), floor, 0.5)
    assert high.parts["salary"] == 1.0 and not high.sunk
    low = fit(job(salary_annual_max=80000, currency="EUR"), floor, 0.5)
    assert low.sunk and low.reasons[0].kind == "salary" and "84,000" in low.reasons[0].text
    dollars = fit(job(salary_annual_max=50000, currency="USD"), floor, 0.5)
    assert not dollars.sunk and "salary" not in dollars.parts
    assert any(r.kind == "salary" and r.ok is None and "USD" in r.text for r in dollars.reasons)


def test_the_pay_the_resume_asks_for_is_a_soft_floor() -> None:
    asks = person(resume=RESUME + "Salary expectation from EUR 85,000 per year.\n")
    low = fit(job(salary_annual_max=70000, currency="EUR"), asks, 0.5)
    assert not low.sunk and low.parts["salary"] == SOFT_BELOW_FLOOR
    assert any(r.kind == "salary" and r.ok is False and "your résumé asks for" in r.text for r in low.reasons)
    high = fit(job(salary_annual_max=90000, currency="EUR"), asks, 0.5)
    assert high.parts["salary"] == 1.0 and high.score > low.score
    assert "salary" not in fit(job(salary_annual_max=70000, currency="USD"), asks, 0.5).parts
    # a floor the person set wins over the résumé's, and sinks
    set_floor = person(resume=asks.resume_text, min_salary=60000, currency="EUR")
    assert fit(job(salary_annual_max=70000, currency="EUR"), set_floor, 0.5).parts["salary"] == 1.0
    assert fit(job(salary_annual_max=50000, currency="EUR"), set_floor, 0.5).sunk


def test_visa_needed_sinks_a_job_that_does_not_sponsor() -> None:
    needs = person(needs_visa_sponsorship=True)
    assert fit(job(visa_sponsorship="no"), needs, 0.6).sunk
    assert fit(job(visa_sponsorship="yes"), needs, 0.6).parts["visa"] == 1.0
    assert "visa" not in fit(job(visa_sponsorship="no"), person(), 0.6).parts  # not needed: no part


def test_unknown_data_is_neutral_the_score_is_as_if_the_preference_were_not_set() -> None:
    bare = job(location=None, skills=None, title="Engineer")
    with_prefs = person(min_salary=80000, currency="EUR", needs_visa_sponsorship=True, seniority="senior")
    without = person()
    assert fit(bare, with_prefs, 0.45).score == fit(bare, without, 0.45).score
    assert not fit(bare, with_prefs, 0.45).sunk
    # nothing comparable at all: the middle, not zero
    assert fit(bare, Person(PreferenceFields(), "x"), None).score == 50


def test_a_sunk_job_stays_listed_with_its_hard_reason_first() -> None:
    result = fit(
        job(salary_annual_max=10000, currency="EUR"), person(min_salary=50000, currency="EUR"), COSINE_HIGH
    )
    assert result.sunk and result.score <= SINK_CAP
    assert kinds(result, hard=True) == ["salary"] and result.reasons[0].hard
    assert "meaning" in result.parts and result.parts["meaning"] == 1.0  # the other parts still shown

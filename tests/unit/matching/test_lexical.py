"""The title part: the job title's words the résumé names tell the work from recruiting or selling
to it, level and employment words left to the other parts, every word shown in the reason."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jobscraper.matching.fit_parts import Person
from jobscraper.matching.lexical import title_match, title_part, title_words
from jobscraper.matching.profile import PreferenceFields
from jobscraper.matching.roles import ELSEWHERE, Roles, headline, history_lines
from jobscraper.matching.score import fit, person_from_resume

NURSE = """# Dana Okafor, RN — ICU Staff Nurse

Chicago, Illinois

Registered nurse with six years in adult intensive care; charge nurse two shifts a week.
Ventilators, vasoactive drips, sepsis bundles. Not interested in sales or recruiting.
"""


def person(resume: str = NURSE) -> Person:
    return Person(PreferenceFields(), resume, person_from_resume(resume).suggestions)


def job(title: str, **fields: Any) -> dict[str, Any]:
    return {"id": 1, "job_url": "https://jobs.example/1", "title": title, "location": "Chicago, IL", **fields}


def test_title_words_leave_out_levels_function_words_and_employment_terms() -> None:
    assert title_words("Senior Staff Nurse – Surgical ICU (Full-Time, Days)") == ["nurse", "surgical", "icu"]
    assert title_words("Backend-Entwickler Java/Kotlin (m/w/d)") == [
        "backend",
        "entwickler",
        "java",
        "kotlin",
    ]
    assert title_words("Head of Design") == ["design"]
    assert title_words("Senior") == []


def test_the_share_counts_generic_words_half_and_plurals_as_their_singular() -> None:
    names = {"python", "system"}.__contains__
    match = title_match("Senior Python Engineer", names)
    assert match.found == ["python"] and match.absent == ["engineer"]
    assert match.value == pytest.approx(1 / 1.5)  # python 1, engineer (generic) 0.5
    assert title_match("Systems Administrator", names).found == ["systems"]
    assert title_match("Lead", names).value is None


def test_a_nurse_resume_tells_an_icu_job_from_recruiting_and_selling_to_nurses() -> None:
    nurse = person()
    icu = title_part(job("Staff Nurse – ICU"), nurse)
    recruiter = title_part(job("Nurse Recruiter"), nurse)
    sales = title_part(job("Medical Device Sales Representative (ICU)"), nurse)
    assert icu.value == 1.0
    assert recruiter.value is not None and recruiter.value == pytest.approx(0.5)  # nurse, not recruiter
    assert sales.value is not None and sales.value < 0.5
    # at the same meaning the job of the person's own work scores higher
    cosine = 0.6
    assert (
        fit(job("Staff Nurse – ICU"), nurse, cosine).score > fit(job("Nurse Recruiter"), nurse, cosine).score
    )


def test_the_reason_lists_the_words_found_and_not_found() -> None:
    (reason,) = title_part(job("Charge Nurse – ICU"), person()).reasons
    assert reason.kind == "title" and reason.ok is True
    assert "in your roles: nurse, icu" in reason.text and "elsewhere in your résumé: charge" in reason.text
    (reason,) = title_part(job("Charge Nurse – Emergency Department"), person()).reasons
    assert reason.ok is False  # nurse (roles) 1 + charge (prose only) of 4
    assert "not in it: emergency, department" in reason.text
    (none,) = title_part(job("Reptile Keeper – Pythons and Boas"), person()).reasons
    assert none.ok is False and "none of the title's words" in none.text


def test_a_title_of_generic_words_only_or_none_is_unknown() -> None:
    assert title_part(job("Engineer"), person()).value is None
    assert title_part(job(""), person()).value is None
    assert "title" not in fit(job("Software Engineer"), person(), 0.5).parts


SELLER = """# Marc Bell — Account Executive, Developer Tools

New York, NY · marc.bell@example.com

Software seller with five years in B2B SaaS, the last three selling infrastructure and
observability tools to engineering leaders. I run technical evaluations with pre-sales
colleagues, but I am a seller, not an engineer.

I want a mid-market or enterprise Account Executive role in New York.
Not looking for SDR, team-lead or VP of Sales roles.

**Account Executive — Gridpoint Observability, New York** (2022 – present)
- Sold a monitoring platform to CTOs; proofs of concept for Kubernetes customers.
"""


def test_title_words_count_whole_only_where_the_resume_names_the_persons_roles() -> None:
    seller = person(SELLER)
    # every word of this title is somewhere in the seller's résumé, none in his roles
    infra = title_part(job("Lead Infrastructure Engineer"), seller)
    own = title_part(job("Account Executive – Observability"), seller)
    assert infra.value is not None and own.value is not None
    assert infra.value == pytest.approx(ELSEWHERE / 1.5)  # infrastructure: prose only; engineer: denied
    assert own.value == 1.0  # account, executive (headline, history), observability (history)
    (reason,) = infra.reasons
    assert reason.ok is False and "elsewhere in your résumé: infrastructure" in reason.text
    assert "not in it: engineer" in reason.text
    # a word the résumé names only in a refusal does not count: "team-lead … roles" is refused
    assert "not in it: team" in title_part(job("Sales Team Lead"), seller).reasons[0].text


def test_a_generic_word_counts_whole_wherever_the_resume_names_it() -> None:
    developer = person(
        "# Arjun Mehta — Junior Backend Developer (Java)\n\nI build Java services with two senior engineers."
    )
    match = title_part(job("Backend Engineer (Java)"), developer)
    assert match.value == 1.0  # backend, java (headline); engineer (generic, named in the prose)


def test_roles_are_the_headline_the_work_history_and_the_wanted_roles() -> None:
    assert (
        headline("\n# Ana Lima — Data Engineer\nLisbon\n\nSummary text")
        == "# Ana Lima — Data Engineer\nLisbon"
    )
    lines = history_lines(
        "**Data Engineer — Veldkamp, Amsterdam** (2022 – aujourd'hui)\nSeit 2021 Entwicklerin bei X\n"
        "I moved to Amsterdam in 2022.\n"
    )
    assert lines == [
        "**Data Engineer — Veldkamp, Amsterdam** (2022 – aujourd'hui)",
        "Seit 2021 Entwicklerin bei X",
    ]
    roles = Roles(SELLER)
    assert roles.credit("executive") == 1.0  # headline and history
    assert roles.credit("kubernetes") == ELSEWHERE  # a bullet's word, not a role
    assert roles.credit("engineer") == 0.0  # "not an engineer"
    assert roles.credit("plumber") == 0.0


CPP = """# Jörg Weiß — C++/C# Entwickler (Embedded)

München · Straße 5

Seit 2019 Softwareentwickler bei Müller GmbH: C++17, C#, Qt, Node.js-Werkzeuge, ÖPNV-Projekte.
Ich suche eine Stelle als C++ Entwickler, keine Teamleitung.
"""


def _searched(roles: Roles, word: str) -> float:
    """The credit as first written: the word searched for, standing alone, in each text."""

    def mentions(text: str) -> bool:
        return re.search(rf"(?<![\w+#]){re.escape(word)}(?![\w+#])", text) is not None

    return 1.0 if mentions(roles.own) else ELSEWHERE if mentions(roles.rest) else 0.0


@pytest.mark.parametrize("resume", [NURSE, SELLER, CPP], ids=["nurse", "seller", "cpp"])
def test_the_credit_looked_up_once_per_resume_is_the_credit_searched_for(resume: str) -> None:
    roles = Roles(resume)
    titles = [
        "Staff Nurse – ICU (Nights)",
        "Nurse Recruiter",
        "Lead Infrastructure Engineer",
        "Account Executive – Observability",
        "Sales Team Lead (SDR)",
        "C++ Entwickler (m/w/d) – Embedded/Qt",
        "Senior C# Developer, .NET",
        "Softwareentwickler ÖPNV München",
        "Node.js Engineer",
    ]
    words = {w for title in titles for w in title_words(title)}
    words |= {w + "s" for w in words} | {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    words |= {"c+", "node.js", "qt 5", "weiß", "strasse", "#", "ventilators"}  # not all title words
    assert {w: roles.credit(w) for w in words} == {w: _searched(roles, w) for w in words}
    # and so the title part's words and value, for jobs of these titles
    for title in titles:
        looked_up, searched = (
            title_match(title, roles.credit),
            title_match(title, lambda w: _searched(roles, w)),
        )
        assert (looked_up.found, looked_up.elsewhere, looked_up.absent, looked_up.value) == (
            searched.found,
            searched.elsewhere,
            searched.absent,
            searched.value,
        )

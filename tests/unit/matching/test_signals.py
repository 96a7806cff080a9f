"""Preferences a résumé's prose states (English and German), and sentences that state none."""

from __future__ import annotations

import pytest

from jobscraper.matching.profile import PreferenceFields
from jobscraper.matching.signals import SUGGESTED_FIELDS, find_suggestions, sentences, stated_pay_floor


def _found(text: str) -> set[tuple[str, str | bool]]:
    return {(s.field, s.value) for s in find_suggestions(text)}


def test_every_suggested_field_is_a_preference() -> None:
    assert set(SUGGESTED_FIELDS) <= set(PreferenceFields.model_fields)


def test_a_realistic_english_resume() -> None:
    cv = """Jane Doe
Senior Backend Engineer | Berlin, Germany | jane@example.com | +49 170 0000000

SUMMARY
Backend engineer with 8 years of Python. Based in Lyon, open to remote. Not relocating.
I do not require visa sponsorship.
"""
    suggestions = find_suggestions(cv)
    assert {(s.field, s.value) for s in suggestions} == {
        ("locations", "Berlin, Germany"),
        ("locations", "Lyon"),
        ("remote_ok", True),
        ("open_to_relocation", False),
        ("needs_visa_sponsorship", False),
    }
    reasons = {(s.field, s.value): s.reason for s in suggestions}
    assert reasons[("remote_ok", True)] == "Based in Lyon, open to remote."
    assert reasons[("locations", "Berlin, Germany")].startswith("Senior Backend Engineer | Berlin, Germany")
    assert reasons[("needs_visa_sponsorship", False)] == "I do not require visa sponsorship."


def test_a_realistic_german_lebenslauf() -> None:
    cv = """Max Mustermann
München, Deutschland · max@example.de

Profil
Wohnhaft in Köln. Offen für Remote-Arbeit, aber nicht umzugsbereit.
EU-Bürger, ich benötige kein Visum.
"""
    assert _found(cv) == {
        ("locations", "München, Deutschland"),
        ("locations", "Köln"),
        ("remote_ok", True),
        ("open_to_relocation", False),
        ("needs_visa_sponsorship", False),
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # remote
        ("Looking for fully remote roles in Europe.", {("remote_ok", True)}),
        ("Remote-only; async-first teams preferred.", {("remote_ok", True)}),
        ("Happy to work remotely or hybrid.", {("remote_ok", True)}),
        ("Not interested in remote positions.", {("remote_ok", False)}),
        ("On-site only, please.", {("remote_ok", False)}),
        ("Suche eine Stelle mit 100% Homeoffice.", {("remote_ok", True)}),
        ("Kein Homeoffice gewünscht.", {("remote_ok", False)}),
        # relocation
        ("Open to relocation within the EU.", {("open_to_relocation", True)}),
        ("Willing to relocate for the right role.", {("open_to_relocation", True)}),
        ("I am not willing to relocate.", {("open_to_relocation", False)}),
        ("Umzugsbereit.", {("open_to_relocation", True)}),
        ("Ein Umzug ist möglich.", {("open_to_relocation", True)}),
        ("Kein Umzug möglich.", {("open_to_relocation", False)}),
        # visa
        ("I will need visa sponsorship.", {("needs_visa_sponsorship", True)}),
        ("Requires visa sponsorship (H-1B transfer).", {("needs_visa_sponsorship", True)}),
        ("Work authorization: requires sponsorship", {("needs_visa_sponsorship", True)}),
        ("EU citizen, no sponsorship needed.", {("needs_visa_sponsorship", False)}),
        ("Authorized to work in the US for any employer.", {("needs_visa_sponsorship", False)}),
        ("Ich benötige ein Visum für Deutschland.", {("needs_visa_sponsorship", True)}),
        ("Unbefristete Arbeitserlaubnis vorhanden.", {("needs_visa_sponsorship", False)}),
        # locations
        ("I am based in New York City and open to hybrid work.", {("locations", "New York City")}),
        ("Location: Austin, TX", {("locations", "Austin, TX")}),
    ],
)
def test_one_line_each(line: str, expected: set[tuple[str, str | bool]]) -> None:
    assert _found(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "I built a remote monitoring tool for wind farms.",
        "Maintained remote access for 2,000 field devices.",
        "Interested in remote sensing and GIS.",
        "Relocated the data centre from Frankfurt to Dublin.",
        "Managed the relocation of 300 employees to the new campus.",
        "Recruited engineers who require visa sponsorship.",
        "Advised EU citizens on residence permits.",
        "Our team is based in Paris.",
        "Worked in London for three years.",
        "Entwicklung einer Fernwartungslösung für Windparks.",
        "Hired people for remote teams across 5 time zones.",
        "I have no remote experience yet.",
    ],
)
def test_sentences_that_state_no_preference(line: str) -> None:
    assert _found(line) == set()


def test_the_first_sentence_is_the_reason_and_each_suggestion_comes_once() -> None:
    text = "Open to remote work. Remote-only would be ideal. Based in Lyon. Based in Lyon."
    suggestions = find_suggestions(text)
    assert [(s.field, s.value, s.reason) for s in suggestions] == [
        ("remote_ok", True, "Open to remote work."),
        ("locations", "Lyon", "Based in Lyon."),
    ]


def test_a_long_sentence_is_shortened_as_a_reason() -> None:
    sentence = "Open to remote work " + "and many other things " * 30
    (suggestion,) = find_suggestions(sentence)
    assert len(suggestion.reason) == 200 and suggestion.reason.endswith("…")


def test_hard_wrapped_prose_is_one_sentence_and_its_remote_wish_is_the_reason() -> None:
    # the bench's r02: the wish for remote work is wrapped over two lines, and a later sentence
    # refuses only a *scope* of remote ("US-only"), which states no wish either way
    cv = """# Pieter de Vries — Senior Backend Engineer (Python)

Amsterdam, Netherlands · pieter@example.net

I am based in Amsterdam and want to stay here: hybrid in Amsterdam or fully remote for a company
that hires in the EU. I am not relocating, and I am not interested in US-only remote roles.
- Built a remote monitoring tool for the payment terminals.
"""
    found = {s.field: s for s in find_suggestions(cv)}
    assert found["remote_ok"].value is True
    assert found["remote_ok"].reason.startswith("I am based in Amsterdam and want to stay here")
    assert found["remote_ok"].reason.endswith("that hires in the EU.")
    assert found["open_to_relocation"].value is False
    assert _found("I am not interested in US-only remote roles.") == set()


def test_wrapping_does_not_join_headings_bullets_or_short_header_lines() -> None:
    cv = "# Jo Doe\nLocation: Berlin\n- open to remote\n- not relocating"
    assert list(sentences(cv)) == ["Jo Doe", "Location: Berlin", "open to remote", "not relocating"]
    assert list(sentences("Ich suche remote innerhalb Deutschlands bzw. der EU. Danke.")) == [
        "Ich suche remote innerhalb Deutschlands bzw. der EU.",
        "Danke.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I am looking for senior or staff roles; compensation expectation from\nEUR 85,000 per year.",
            (85_000.0, "EUR"),
        ),
        ("Base salary expectation USD 170k+.", (170_000.0, "USD")),
        ("Gehaltsvorstellung ab 70.000 EUR brutto im Jahr.", (70_000.0, "EUR")),
        ("Salary expectations around £55,000–£65,000 base.", (55_000.0, "GBP")),
        ("Pay expectation: USD 45 per hour.", None),  # not a yearly figure
        ("Managed a budget of EUR 2,000,000 across three teams.", None),  # not about their pay
        ("Salary: negotiable.", None),
    ],
)
def test_the_pay_a_resume_asks_for(text: str, expected: tuple[float, str] | None) -> None:
    assert stated_pay_floor(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "J'habite à Lyon et je ne souhaite pas déménager.",
            {("locations", "Lyon"), ("open_to_relocation", False)},
        ),
        (
            "Je cherche un poste de data engineer confirmée, en hybride à Lyon ou en télétravail complet.",
            {("remote_ok", True)},
        ),
        ("Vivo en Madrid y no quiero mudarme.", {("locations", "Madrid"), ("open_to_relocation", False)}),
        (
            "Busco un puesto júnior: híbrido en Madrid o en remoto para empresas de la UE.",
            {("remote_ok", True)},
        ),
    ],
)
def test_the_commonest_french_and_spanish_phrasings(line: str, expected: set[tuple[str, str | bool]]) -> None:
    assert _found(line) == expected


def test_a_french_header_names_its_country() -> None:
    assert ("locations", "Amsterdam, Pays-Bas") in _found(
        "# Camille Moreau\n\nAmsterdam, Pays-Bas · c@example.fr\n"
    )

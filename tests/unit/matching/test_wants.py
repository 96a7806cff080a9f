"""What a résumé's prose says it wants (levels) and works in (languages), and a posting's language:
the seniority part reads the wanted levels, the language part compares the two languages."""

from __future__ import annotations

from collections import Counter

from jobscraper.matching.fit_parts import Person, seniority_part
from jobscraper.matching.profile import PreferenceFields
from jobscraper.matching.score import fit
from jobscraper.matching.terms import language_part
from jobscraper.matching.wants import (
    _TOKEN,
    _WORDS,
    job_language,
    resume_languages,
    target_levels,
    text_language,
    wanted_roles,
    without_negated,
)

JUNIOR = (
    "Arjun Mehta — Backend Developer (Java)\n\nBackend developer with one and a half years of experience. "
    "I am looking for a junior or mid-level Java backend position, not a senior or lead role yet. "
    "I like learning from more senior engineers.\n\n## Languages\nEnglish (fluent), German (A2, learning)."
)
GERMAN_JOB = {
    "title": "Backend-Entwickler Java (m/w/d)",
    "description": "Wir suchen dich für unser Team in Berlin. Du entwickelst mit uns Dienste in Java und "
    "bist für die Qualität der Schnittstellen verantwortlich. Wir bieten dir eine Stelle mit "
    "flexiblen Arbeitszeiten und die Arbeit in einem Team, das sich auf dich freut.",
}
ENGLISH_JOB = {
    "title": "Backend Engineer (Java)",
    "description": "We are looking for a backend engineer to join our team in Berlin. You will build "
    "services in Java with the rest of the team and you will own the quality of our APIs. We offer a "
    "friendly team and the time to learn.",
}


def test_wanted_levels_come_from_intentions_and_refusals_are_left_out() -> None:
    assert target_levels(JUNIOR) == {1, 2}
    assert target_levels("I am looking for senior or staff-level individual contributor roles.") == {3, 4}
    # a staff nurse is no level; a level named outside a stated intention does not count
    assert target_levels("I am looking for a staff or charge nurse position in Chicago.") == frozenset()
    assert target_levels("Senior engineer for eight years. I led a team of four.") == frozenset()
    assert target_levels("Ich suche eine Stelle als Senior-Entwicklerin, keine Lead-Rolle.") == {3}


def test_a_mid_market_or_mid_sized_company_is_no_level() -> None:
    assert (
        target_levels("I want a mid-market or enterprise Account Executive role in New York.") == frozenset()
    )
    assert target_levels("I want a senior role at a mid-sized company or a Mid Market team.") == {3}
    assert target_levels("I am looking for an HR role at mid or senior level.") == {2, 3}
    assert target_levels("I am looking for a mid-level or mid role at a mid-size firm.") == {2}


def test_a_refusal_reaches_over_the_commas_of_its_list_and_no_further() -> None:
    # "Not looking for SDR, team-lead or VP of Sales roles": lead and VP are refused, not wanted
    assert target_levels("Not looking for SDR, team-lead or VP of Sales roles.") == frozenset()
    assert target_levels(
        "I want a senior Account Executive role. Not looking for SDR, team-lead or VP of Sales roles."
    ) == {3}
    assert target_levels("I am looking for a senior role, not a lead or principal role.") == {3}
    # a clause that states a wish of its own starts over
    assert target_levels("I am not looking for a senior role yet, a mid-level one would suit me.") == {2}
    # a break ends the refusal
    assert target_levels("I want no lead role; a senior or mid-level role is what I am after.") == {2, 3}
    assert wanted_roles("I am a seller, not an engineer. I want an Account Executive role, not SDR.") == (
        "I want an Account Executive role"
    )
    assert without_negated("I am a seller, not an engineer, nor a developer.") == "I am a seller"


def test_a_job_at_a_wanted_level_is_a_full_seniority_fit() -> None:
    person = Person(PreferenceFields(), JUNIOR)
    mid = seniority_part({"title": "Backend Engineer", "job_level": "associate"}, person)
    senior = seniority_part({"title": "Senior Backend Engineer"}, person)
    assert mid.value == 1.0 and "junior or mid" in mid.reasons[0].text
    assert senior.value == 0.5 and not senior.sinks


def test_languages_of_the_resume_and_of_a_posting() -> None:
    assert resume_languages(JUNIOR) == {"en"}  # A2 German is no working German
    assert resume_languages(
        "Jonas — Entwickler\n\nIch arbeite gern im Team. Deutsch (Muttersprache), "
        "Englisch (verhandlungssicher). Ich bin für die Qualität und die Tests "
        "zuständig, mit dem Team."
    ) == {"de", "en"}
    assert job_language(GERMAN_JOB) == "de" and job_language(ENGLISH_JOB) == "en"
    assert job_language({"title": "Engineer", "description": "Python"}) is None


def test_a_posting_in_a_language_the_person_lacks_scores_lower_and_is_not_sunk() -> None:
    person = Person(PreferenceFields(), JUNIOR)
    german, english = language_part(GERMAN_JOB, person), language_part(ENGLISH_JOB, person)
    assert german.value == 0.0 and not german.sinks and "German" in german.reasons[0].text
    assert english.value == 1.0
    assert fit(GERMAN_JOB, person, 0.6).score < fit(ENGLISH_JOB, person, 0.6).score
    assert not fit(GERMAN_JOB, person, 0.6).sunk


def _told_per_language(text: str) -> str | None:
    """text_language as first written: each token looked up in each language's set of words."""
    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(text.casefold()):
        for lang, words in _WORDS.items():
            if token in words:
                counts[lang] += 1
    if sum(counts.values()) < 8:
        return None
    (first, n), *rest = counts.most_common(2) or [("", 0)]
    return None if rest and rest[0][1] * 1.5 > n else first


def test_a_text_is_told_by_its_function_words_looked_up_once_each() -> None:
    texts = [
        JUNIOR,
        f"{GERMAN_JOB['title']}\n{GERMAN_JOB['description']}",
        f"{ENGLISH_JOB['title']}\n{ENGLISH_JOB['description']}",
        "Nous cherchons une développeuse pour la ville et le pays, avec des équipes du monde entier.",
        "Buscamos una persona para el equipo de datos en Madrid, con experiencia en la nube y los datos.",
        "Procuramos uma pessoa para a equipa de dados em Lisboa e no Porto, com experiência em nuvem.",
        "a o e y en de la das die la a o e y en de la das die",  # words of several languages each
        "Der Die Das und mit wir — the and with you we our for",  # a tie
        "",
    ]
    told = [text_language(text) for text in texts]
    assert told == [_told_per_language(text) for text in texts]
    assert {"en", "de", "fr", "es", "pt", None} <= set(told)

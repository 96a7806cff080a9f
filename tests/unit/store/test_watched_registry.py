"""A watched company's ``ats`` and the Api's ``companies/detect`` read the ATS registry."""

from __future__ import annotations

import pytest

from jobscraper.config import CompanyConfig
from jobscraper.errors import InputError
from jobscraper.sources.ats import adapter
from jobscraper.store.watched import detect_company, validate_company
from jobscraper.vocabulary import ATS_CHOICES, ATS_KINDS


@pytest.mark.parametrize("kind", ATS_KINDS)
def test_a_pasted_careers_url_of_every_kind_is_detected(kind: str) -> None:
    found = detect_company(adapter(kind).example_url)
    assert found.detected == kind and found.board_url


def test_a_career_page_is_html() -> None:
    assert detect_company("https://acme.example/careers").detected == "html"


@pytest.mark.parametrize("choice", ATS_CHOICES)
def test_every_choice_is_a_valid_setting_in_any_case(choice: str) -> None:
    assert CompanyConfig(name="Acme", url="https://acme.example/jobs", ats=choice.upper()).ats == choice


def test_an_unknown_ats_is_one_line_naming_the_known_ones() -> None:
    with pytest.raises(InputError) as raised:
        validate_company({"name": "Acme", "url": "https://acme.example/jobs", "ats": "taleo"})
    assert str(raised.value) == f"ats: unknown ats 'taleo'; known: {', '.join(ATS_CHOICES)}"


def test_the_api_schema_lists_the_kinds() -> None:
    schema = CompanyConfig.model_json_schema()["properties"]["ats"]
    assert schema["enum"] == list(ATS_CHOICES)
    assert all(kind in schema["description"] for kind in ATS_KINDS)

"""The ATS registry: every kind listed once has its module, and every adapter module is listed."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import jobscraper.sources.ats as ats_package
from jobscraper.sources.ats import adapter, adapters, detect_ats, resolve_board
from jobscraper.sources.ats.base import AtsAdapter, AtsBoard
from jobscraper.sources.ats.registry import module_name
from jobscraper.vocabulary import ATS_KINDS, ATS_LABELS


@pytest.mark.parametrize("kind", ATS_KINDS)
def test_every_listed_kind_has_a_module_whose_adapter_satisfies_the_protocol(kind: str) -> None:
    module = importlib.import_module(module_name(kind))  # a listed kind without its module fails here
    found = getattr(module, "ADAPTER", None)
    assert isinstance(found, AtsAdapter), f"{module.__name__}.ADAPTER is not an AtsAdapter"
    assert found.kind == kind
    assert found.label == ATS_LABELS[kind]
    assert inspect.iscoroutinefunction(found.scrape)
    assert found.vendor_domains and found.id_prefix and found.example_url.startswith("https://")
    assert adapter(kind) is found


def test_every_adapter_module_is_listed() -> None:
    unlisted = []
    for info in pkgutil.iter_modules(ats_package.__path__):
        module = importlib.import_module(f"{ats_package.__name__}.{info.name}")
        if hasattr(module, "ADAPTER") and info.name not in ATS_LABELS:
            unlisted.append(info.name)
    assert unlisted == [], f"add these kinds to jobscraper.vocabulary.ATS_LABELS: {unlisted}"


def test_id_prefixes_are_distinct() -> None:
    prefixes = [a.id_prefix for a in adapters()]
    assert len(prefixes) == len(set(prefixes)) == len(ATS_KINDS)


@pytest.mark.parametrize("kind", ATS_KINDS)
def test_every_example_url_is_detected_as_its_kind(kind: str) -> None:
    example = adapter(kind).example_url
    board = detect_ats(example)
    assert board is not None and board.kind == kind, example
    assert resolve_board(example, kind) == board


def test_a_listed_kind_without_its_module_is_left_out_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobscraper.sources.ats import registry

    monkeypatch.setattr(registry, "ATS_KINDS", (*ATS_KINDS, "nosuchats"))
    registry.adapters.cache_clear()
    try:
        assert [a.kind for a in registry.adapters()] == list(ATS_KINDS)  # the others still work
        with pytest.raises(ValueError, match=r"'nosuchats' is listed but its module .* cannot be imported"):
            registry.adapter("nosuchats")
    finally:
        registry.adapters.cache_clear()


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown ats 'nope'; known: auto, greenhouse, lever, ashby"):
        adapter("nope")
    assert isinstance(resolve_board("https://boards.greenhouse.io/acme", "greenhouse"), AtsBoard)

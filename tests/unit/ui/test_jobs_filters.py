"""The Jobs page's filter form (issue 17, item 8), the state's side: every control applies at once,
a salary is read as people type it ("100k"), Clear clears everything, and the filters live in the
URL — each change pushes an address, opening one (or going Back to one) shows its filters.

The real ``JobsState`` handlers over a plain object (Reflex needs a running app), the real client
over a fake transport that records what the page asked. The browser's side:
tests/e2e/test_ui_filters.py.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.format import STATUSES
from jobscraper_ui.pages.jobs_query import ANY, SALARY_HINT, Filters, parse_salary
from jobscraper_ui.pages.jobs_state import FIT, SORTS, JobsState

from tests.unit.ui.fake_api import job_json, mock_client

FACETS = [
    {"name": "linkedin", "kind": "board", "label": "LinkedIn", "jobs": 3},
    {"name": "company", "kind": "company", "label": "Company pages (all)", "jobs": 2},
    {"name": "greenhouse", "kind": "ats", "label": "Greenhouse", "jobs": 2},
]


class Api:
    """``/api/jobs`` answers one job and records each query; ``/api/jobs/sources`` the facets."""

    def __init__(self) -> None:
        self.asked: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/health":
            return httpx.Response(200, json={"status": "ok"})
        if path == "/api/jobs/sources":
            return httpx.Response(200, json=FACETS)
        assert path == "/api/jobs", path
        self.asked.append(dict(request.url.params))
        page = {"total": 1, "page": 1, "per_page": 20, "items": [job_json(1)], "fit_profile": None}
        return httpx.Response(200, json=page)


@pytest.fixture
def api() -> Iterator[Api]:
    fake = Api()
    use_client(mock_client(fake))
    yield fake
    use_client(None)


def _state(params: dict[str, str] | None = None) -> types.SimpleNamespace:
    """The page's state as a plain object, opened at an address with ``params``."""
    values: dict[str, Any] = {}
    for name, field in JobsState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    router = types.SimpleNamespace(url=types.SimpleNamespace(query_parameters=params or {}))
    state = types.SimpleNamespace(**values, router=router)
    for name, member in vars(JobsState).items():
        if name.startswith("_") and callable(member) and not name.startswith("__"):
            setattr(state, name, types.MethodType(member, state))
    for name in ("call", "check_health"):
        setattr(state, name, types.MethodType(getattr(BaseState, name).fn, state))
    return state


def _run(state: types.SimpleNamespace, event: str, *args: Any) -> str | None:
    """Run the handler; the address it pushed (None: it pushed none)."""
    answer = getattr(JobsState, event).fn(state, *args)
    if hasattr(answer, "__anext__"):  # a handler that yields (load): what it yields is no address

        async def drain() -> None:
            async for _ in answer:
                pass

        answer = asyncio.run(drain())
    else:
        answer = asyncio.run(answer)
    if answer is None:
        return None
    script = str(answer.args[0][1]._var_value)
    assert script.startswith("window.history.pushState(null, '', ")
    return str(script.split("'', ")[1].rstrip(")").strip('"'))


def test_a_salary_is_read_as_people_write_it() -> None:
    for text, amount in [
        ("100k", 100_000),
        ("100 k", 100_000),
        ("100K", 100_000),
        ("€100,000", 100_000),
        ("100.000", 100_000),
        ("1.5m", 1_500_000),
        ("1,5m", 1_500_000),
        ("60k EUR", 60_000),
        ("$120,500", 120_500),
        ("75000", 75_000),
    ]:
        assert parse_salary(text) == amount, text
    assert parse_salary("") is None and parse_salary("  ") is None
    for bad in ("lots", "10k-20k", "1e9", "k", "5000000000"):
        with pytest.raises(ValueError, match="60k"):
            parse_salary(bad)


def test_every_filter_survives_the_url_round_trip() -> None:
    full = Filters(
        q="python & go/rust",
        location="São Paulo",
        min_salary="100000",
        within="7",
        source="careers.acme.com",
        status=STATUSES[2],
        remote="onsite",
        favorites=True,
        archived="include",
        sort="salary",
        page=3,
        run="12",
    )
    assert Filters.from_params(dict(parse_qsl(full.query())), SORTS, STATUSES) == full
    assert Filters().query() == "" and Filters().url() == "/"
    assert Filters.from_params({}, SORTS, STATUSES) == Filters()
    assert Filters(min_salary="100k").query() == "salary=100000"  # the amount, as the page reads it
    odd = {"within": "9", "remote": "maybe", "sort": "x", "status": "nope", "page": "-2", "salary": "lots"}
    assert Filters.from_params(odd, SORTS, STATUSES) == Filters()  # an odd link never breaks the page


def test_typing_applies_after_the_pause_and_each_change_pushes_the_address(api: Api) -> None:
    state = _state()
    assert _run(state, "load") is None  # opening the page pushes nothing
    assert state.source_items[:2] == [[ANY, "Any source"], ["linkedin", "LinkedIn (3)"]]
    assert _run(state, "set_text", "q", "python") == "/?q=python"
    assert api.asked[-1]["q"] == "python" and len(api.asked) == 2
    assert _run(state, "set_text", "q", "python") is None and len(api.asked) == 2  # no change: no request
    assert _run(state, "set_favorites", True) == "/?q=python&favorites=1"  # the box applies at once
    assert api.asked[-1]["favorites"] == "true"
    assert _run(state, "set_filter", "source", "company") == "/?q=python&source=company&favorites=1"
    assert api.asked[-1]["source"] == "company"
    assert _run(state, "go", 1) == "/?q=python&source=company&favorites=1&page=2"
    assert api.asked[-1]["page"] == "2"
    # Enter: the form's text as it stands, at once (the typing pause's event then changes nothing)
    assert _run(state, "search", {"q": "python django", "favorites": "on"}) == (
        "/?q=python+django&source=company&favorites=1"
    )
    assert state.page == 1 and api.asked[-1]["q"] == "python django"


def test_a_salary_that_is_not_an_amount_shows_a_hint_and_asks_nothing(api: Api) -> None:
    state = _state()
    _run(state, "load")
    asked = len(api.asked)
    assert _run(state, "set_text", "min_salary", "lots") is None
    assert state.salary_hint == SALARY_HINT and len(api.asked) == asked
    assert _run(state, "set_filter", "remote", "remote") == "/?remote=remote"  # the rest still applies
    assert "min_salary" not in api.asked[-1]
    assert _run(state, "set_text", "min_salary", "100k") == "/?salary=100000&remote=remote"
    assert state.salary_hint == "" and float(api.asked[-1]["min_salary"]) == 100_000
    assert state.min_salary == "100k"  # the box keeps what was typed


def test_clear_clears_every_control(api: Api) -> None:
    state = _state()
    _run(state, "load")
    for name, value in (("q", "rust"), ("location", "Berlin"), ("min_salary", "90k")):
        _run(state, "set_text", name, value)
    for name, value in (("within", "7"), ("source", "greenhouse"), ("status", STATUSES[1])):
        _run(state, "set_filter", name, value)
    _run(state, "set_filter", "remote", "onsite")
    _run(state, "set_filter", "archived", "only")
    _run(state, "set_filter", "sort", "salary")
    _run(state, "set_favorites", True)
    assert _run(state, "clear") == "/"
    assert (state.q, state.location, state.min_salary, state.favorites) == ("", "", "", False)
    assert (state.within, state.source, state.status, state.remote) == (ANY, ANY, ANY, ANY)
    assert (state.archived, state.sort, state.sort_chosen, state.page) == ("exclude", FIT, False, 1)
    last = api.asked[-1]
    assert not {"q", "location", "min_salary", "source", "status", "remote", "favorites"} & set(last)
    assert last["sort"] == FIT and last["archived"] == "exclude"


def test_an_address_opened_or_gone_back_to_shows_its_filters(api: Api) -> None:
    params = {"q": "data", "location": "Lisbon", "salary": "80000", "remote": "remote", "favorites": "1"}
    params |= {"source": "greenhouse", "sort": "posted", "page": "2", "within": "30"}
    state = _state(params)  # a link opened in a new tab
    assert _run(state, "load") is None
    assert (state.q, state.location, state.min_salary, state.remote) == ("data", "Lisbon", "80000", "remote")
    assert (state.source, state.sort, state.sort_chosen, state.page, state.within) == (
        "greenhouse",
        "posted",
        True,
        2,
        "30",
    )
    asked = api.asked[-1]
    assert (asked["q"], asked["location"], asked["remote"], asked["favorites"]) == (
        "data",
        "Lisbon",
        "true",
        "true",
    )
    assert (asked["source"], asked["sort"], asked["page"], float(asked["min_salary"])) == (
        "greenhouse",
        "posted",
        "2",
        80000,
    )
    assert "posted_since" in asked
    state.router.url.query_parameters = {"q": "data"}  # Back, to the address before
    assert _run(state, "load") is None
    assert (state.q, state.location, state.favorites, state.sort_chosen, state.page) == (
        "data",
        "",
        False,
        False,
        1,
    )
    assert api.asked[-1]["q"] == "data" and "favorites" not in api.asked[-1]
    assert _run(state, "set_text", "q", "data") is None  # the address already says so

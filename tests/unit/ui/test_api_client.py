"""The UI's API client: one typed method per route, answers validated into the API's own shapes,
'unreachable' and the API's own error messages told apart — over a replaced transport."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import pytest
from jobscraper_ui.client import ApiClient, ApiError, ApiUnreachable, MatchedJob, UiConfig

from jobscraper.matching.profile import ProfilePublic
from jobscraper.run_shapes import RunDetail
from jobscraper.store.search_shapes import SearchPage
from tests.unit.ui.fake_api import JobsApi, job_json, mock_client

_WHEN = "2025-03-01T09:30:00Z"


def _answer(status: int, body: object) -> ApiClient:
    return mock_client(lambda request: httpx.Response(status, json=body))


def test_nothing_listening_is_unreachable_naming_the_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: refused
        client = ApiClient(UiConfig(f"http://127.0.0.1:{port}", "tok", 0.5))
        with pytest.raises(ApiUnreachable, match=f"127.0.0.1:{port}"):
            asyncio.run(client.searches())


def test_a_validation_error_names_each_field() -> None:
    client = _answer(
        422,
        {
            "detail": [
                {"loc": ["body", "sites", 0], "msg": "unknown site(s) ['myspace']"},
                {"loc": ["query", "per_page"], "msg": "Input should be less than or equal to 500"},
            ]
        },
    )
    with pytest.raises(ApiError) as caught:
        asyncio.run(client.create_search({"sites": ["myspace"]}))
    assert caught.value.status == 422
    assert (
        str(caught.value)
        == "sites.0: unknown site(s) ['myspace']; per_page: Input should be less than or equal to 500"
    )


def test_a_sentence_from_the_api_is_passed_on_with_its_body() -> None:
    client = _answer(409, {"detail": "run 12 is already scraping search:demo", "run_id": 12})
    with pytest.raises(ApiError, match="already scraping") as caught:
        asyncio.run(client.start_run({"searches": ["demo"]}))
    assert caught.value.status == 409 and caught.value.body["run_id"] == 12


def test_an_answer_of_another_shape_is_an_error_naming_the_field() -> None:
    client = _answer(200, {"total": 1, "page": 1, "per_page": 20, "items": [{**job_json(7), "id": "seven"}]})
    with pytest.raises(ApiError, match=r"GET /api/jobs is not what this UI expects \(items\.0\.id"):
        asyncio.run(client.jobs({}))


def test_answers_are_the_apis_own_models() -> None:
    page = {"total": 1, "page": 2, "per_page": 20, "items": [job_json(7, date_posted="2025-02-27")]}
    run = {
        "id": 3,
        "kind": "manual",
        "status": "running",
        "started_at": _WHEN,
        "live": True,
        "sources": [{"key": "linkedin:demo", "label": "linkedin · demo", "kind": "board"}],
        "events": [{"n": 1, "at": _WHEN, "source": None, "type": "run_started", "message": "go"}],
    }
    client = mock_client(
        lambda request: httpx.Response(200, json=page if request.url.path == "/api/jobs" else run)
    )
    jobs = asyncio.run(client.jobs({"page": 2}))
    assert isinstance(jobs, SearchPage) and jobs.items[0].id == 7
    assert jobs.items[0].date_posted is not None and jobs.items[0].date_posted.day == 27
    detail = asyncio.run(client.run(3, 0, wait_s=0.5))
    assert isinstance(detail, RunDetail)
    assert detail.sources[0].status == "queued" and detail.events[0].type == "run_started"


def test_each_method_asks_its_route_with_the_token() -> None:
    seen: list[str] = []
    tokens: set[str | None] = set()
    api = JobsApi({"5": job_json(5)})

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        tokens.add(request.headers.get("authorization"))
        if request.method == "DELETE":
            return httpx.Response(204)
        return api(request)

    client = mock_client(handler)
    job = asyncio.run(client.update_job(5, {"favorite": True}))
    assert job.favorite is True and api.patched == [("5", {"favorite": True})]
    asyncio.run(client.job(5))
    assert asyncio.run(client.delete_search(3)) is None
    assert asyncio.run(client.delete_company(4)) is None
    assert seen == [
        "PATCH /api/jobs/5?",
        "GET /api/jobs/5?",
        "DELETE /api/searches/3?",
        "DELETE /api/companies/4?",
    ]
    assert tokens == {"Bearer tok"}


def test_empty_query_values_are_not_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"total": 0, "page": 2, "per_page": 20, "items": []})

    asyncio.run(mock_client(handler).jobs({"q": "", "location": None, "page": 2}))
    assert str(seen[0].url) == "http://api/api/jobs?page=2"
    assert json.loads(seen[0].content or b"null") is None  # a GET carries no body


def _profile_json(name: str = "default", **fields: object) -> dict[str, object]:
    base = ProfilePublic.model_validate({"id": 1, "name": name, "created_at": _WHEN, "updated_at": _WHEN})
    return {**base.model_dump(mode="json"), **fields}


def test_the_profile_routes_each_ask_their_own_path_with_the_name_as_one_segment() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.raw_path.decode()} {request.content.decode()}")
        if request.url.path == "/api/profiles" and request.method == "GET":
            return httpx.Response(200, json=[_profile_json(), _profile_json("Data / ML", active=True)])
        if request.method in ("GET", "PUT"):
            return httpx.Response(200, json=_profile_json("Data / ML", active=True, remote_ok=True))
        return httpx.Response(204)

    client = mock_client(handler)
    assert [p.name for p in asyncio.run(client.profiles())] == ["default", "Data / ML"]
    active = asyncio.run(client.profile())
    assert active.name == "Data / ML" and active.active is True
    saved = asyncio.run(client.put_profile({"name": "Data / ML", "remote_ok": True}))
    assert saved.remote_ok is True and saved.suggestions == []
    assert asyncio.run(client.activate_profile("Data / ML")) is None
    assert asyncio.run(client.delete_profile("Lyon?")) is None
    assert seen == [
        "GET /api/profiles ",
        "GET /api/profile ",
        'PUT /api/profile {"name":"Data / ML","remote_ok":true}',
        "POST /api/profiles/Data%20%2F%20ML/activate ",
        "DELETE /api/profiles/Lyon%3F ",
    ]


def test_no_profile_is_a_404_and_a_bad_profile_a_422_with_the_apis_message() -> None:
    with pytest.raises(ApiError, match="no profile yet") as caught:
        asyncio.run(_answer(404, {"detail": "no profile yet"}).profile())
    assert caught.value.status == 404
    bad = _answer(
        422, {"detail": [{"loc": ["body", "currency"], "msg": "a currency is a three-letter code"}]}
    )
    with pytest.raises(ApiError, match=r"^currency: a currency is a three-letter code$"):
        asyncio.run(bad.put_profile({"currency": "euros"}))


def test_the_uis_matched_job_is_the_apis_own_model() -> None:
    from serve.profile_match import MatchedJob as ApiMatchedJob  # the test may; the UI may not

    assert MatchedJob is ApiMatchedJob  # one declaration in the core, not a copy held by a test


def test_match_asks_for_the_limit_and_reads_fit_and_reasons() -> None:
    seen: list[str] = []
    reason = {"kind": "skills", "ok": True, "text": "has Python, Django", "matched": ["Python"]}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[{**job_json(3), "fit": 87, "fit_reasons": [reason]}])

    [job] = asyncio.run(mock_client(handler).match(10))
    assert seen == ["http://api/api/match?limit=10"]
    assert (job.id, job.fit, job.fit_sunk, job.fit_reasons[0].matched) == (3, 87, False, ["Python"])

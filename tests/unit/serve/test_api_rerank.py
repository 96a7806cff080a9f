"""GET /api/match?rerank=true without Ray: the real ApiBackend over a real SQLite file (the writer's
real body in-process, the fake embedder of tests/unit/matching/fakes.py), and the LLM reached the
way production reaches it — the ExtractionRouter's and the ThroughputPool's own code, in-process
behind Ray-shaped handles — with a fake engine in the pool that answers deterministic JSON, one
malformed answer and one timeout.

What a user would notice: the LLM's view moves the best matches and says why, the fit stays
visible, a bad answer keeps a job's fit, and a re-rank that cannot happen is refused with a reason
(409 while it is off, 503 without an LLM service) before anything is ranked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from actors.writer import _Writer
from jobscraper.config import ExtractionSettings, Settings
from jobscraper.errors import ExtractionError
from jobscraper.extraction import ExtractionInput, ExtractionResult
from jobscraper.extraction.base import estimate_tokens
from jobscraper.extraction.rules import RulesEngine
from jobscraper.store import Database, SyncEngine
from serve.backend import ApiBackend
from serve.http import create_api
from serve.pools import ExtractionPool
from serve.profile_match import MeaningLoader, RerankUnavailable
from serve.profile_routes import add_profile_routes
from serve.router import ExtractionRouter
from tests.unit.matching.fakes import FakeIndex, HashingEmbedder
from tests.unit.matching.test_rerank import ANSWERS, POSTINGS, RESUME, FakeLLM, verdict
from tests.unit.serve.test_api_profile import WriterHandle

ENABLED = {
    "matching": {"rerank": {"enabled": True, "top_k": 20, "weight": 0.5}},
    "extraction": {"engine": "outlines"},
}


class JsonEngine:
    """A pool's engine that writes JSON to a schema (a JsonGenerator), answering through FakeLLM."""

    name = "fake-llm"

    def __init__(self, llm: FakeLLM) -> None:
        self.llm = llm

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        raise AssertionError("the re-rank must not extract")

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], *, max_tokens: int
    ) -> Sequence[str | ExtractionError]:
        return await self.llm(prompts, schema, max_tokens)


class Handle:
    """An in-process object behind Ray's handle shape: ``handle.method.remote(...)``."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._body, name)

        class _Call:
            remote = staticmethod(method)

        return _Call


def router_over(engine: Any) -> Handle:
    """The real ExtractionRouter over two real ExtractionPools holding ``engine``."""
    settings = ExtractionSettings(engine="outlines")
    pool_class: Any = ExtractionPool.func_or_class  # type: ignore[attr-defined]
    pools = [
        Handle(pool_class(settings, name, lambda s, p: engine)) for name in ("throughput", "long_context")
    ]
    router_class: Any = ExtractionRouter.func_or_class  # type: ignore[attr-defined]
    return Handle(router_class(settings, *pools))


def backend_for(db: Database, overrides: dict[str, Any]) -> ApiBackend:
    db_path = Path(str(db.location))
    settings = Settings.model_validate({"database": {"path": str(db_path)}, **overrides})
    embedder = HashingEmbedder()

    def index(db: Database, embedder: Any) -> FakeIndex:
        return FakeIndex(db, embedder)

    return ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
        meaning=MeaningLoader(load_embedder=lambda s: embedder, load_index=index),
    )


@pytest.fixture
def jobs(db: Database, sync: SyncEngine, make_posting: Any) -> Database:
    sync.upsert([make_posting(**p) for p in POSTINGS])
    return db


def client_with_llm(db: Database, engine: Any, overrides: dict[str, Any] = ENABLED) -> TestClient:
    """The profile routes on their own, with the router handle passed in (create_api adds them
    without one: there it is looked up in the Serve application, which these tests do not run)."""
    app = FastAPI()
    add_profile_routes(app, backend_for(db, overrides), router=router_over(engine))
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture
def llm() -> FakeLLM:
    return FakeLLM(ANSWERS)


@pytest.fixture
def client(jobs: Database, llm: FakeLLM) -> Iterator[TestClient]:
    with client_with_llm(jobs, JsonEngine(llm)) as test_client:
        test_client.put("/api/profile", json={"resume_text": RESUME})
        yield test_client


def test_the_llm_rescores_the_best_matches_and_the_fit_stays_visible(
    client: TestClient, llm: FakeLLM
) -> None:
    plain = {j["title"]: j for j in client.get("/api/match").json()}
    answer = client.get("/api/match", params={"rerank": "true"})

    assert answer.status_code == 200, answer.text
    jobs = {j["title"]: j for j in answer.json()}
    remote = jobs["Senior Python Engineer"]
    assert remote["fit_before_rerank"] == plain["Senior Python Engineer"]["fit"]
    assert remote["llm_score"] == 95 and remote["llm_reason"] == "Python and PostgreSQL services, remote."
    assert remote["fit"] == round(0.5 * remote["fit_before_rerank"] + 0.5 * 95)
    assert remote["fit_reasons"] == plain["Senior Python Engineer"]["fit_reasons"]
    fits = [j["fit"] for j in answer.json()]
    assert fits == sorted(fits, reverse=True)
    assert (answer.headers["X-Rerank-Asked"], answer.headers["X-Rerank-Answered"]) == ("4", "2")
    assert answer.headers["X-Rerank-Failed"] == "2"
    (prompts, _, _), *_ = llm.calls  # the ThroughputPool was asked once, for the whole top K
    assert len(llm.calls) == 1 and len(prompts) == 4 and RESUME[:40] in prompts[0]
    assert all(j["llm_score"] is None and j["fit_before_rerank"] is None for j in plain.values())


def test_a_malformed_or_timed_out_answer_keeps_that_jobs_fit(client: TestClient) -> None:
    jobs = {j["title"]: j for j in client.get("/api/match", params={"rerank": "true"}).json()}
    for title in ("ICU Nurse", "Staff Data Engineer"):
        job = jobs[title]
        assert job["fit"] == job["fit_before_rerank"] and job["llm_score"] is None
    assert "not a verdict" in jobs["ICU Nurse"]["rerank_error"]
    assert jobs["Staff Data Engineer"]["rerank_error"] == "the request timed out after 30 s"


def test_limit_bounds_what_the_llm_reads(client: TestClient, llm: FakeLLM) -> None:
    answer = client.get("/api/match", params={"rerank": "true", "limit": 2})
    assert len(answer.json()) == 2 and answer.headers["X-Rerank-Asked"] == "2"
    assert len(llm.calls[0][0]) == 2


def test_an_engine_without_a_model_is_a_503_from_the_pool(jobs: Database) -> None:
    with client_with_llm(jobs, RulesEngine()) as client:  # e.g. engine openai: no JSON-schema output here
        client.put("/api/profile", json={"resume_text": RESUME})
        answer = client.get("/api/match", params={"rerank": "true"})
    assert answer.status_code == 503
    assert "cannot answer to a JSON schema" in answer.json()["detail"]


def full_api(db: Database, overrides: dict[str, Any]) -> TestClient:
    return TestClient(create_api(backend_for(db, overrides), router=None), base_url="http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("overrides", "status", "says"),
    [
        ({}, 409, "matching.rerank.enabled: true"),
        ({"matching": {"rerank": {"enabled": True}}}, 503, "extraction.engine is 'rules'"),
        (ENABLED, 503, "no LLM service is deployed"),  # no Serve application to find a router in
    ],
)
def test_a_rerank_that_cannot_happen_is_refused_before_ranking(
    jobs: Database, overrides: dict[str, Any], status: int, says: str
) -> None:
    with full_api(jobs, overrides) as client:
        client.put("/api/profile", json={"resume_text": RESUME})
        answer = client.get("/api/match", params={"rerank": "true"})
        assert answer.status_code == status and says in answer.json()["detail"], answer.text
        assert client.get("/api/match").status_code == 200  # without rerank: the fit, as before


def test_the_router_handle_is_looked_up_once_and_only_when_asked() -> None:
    from serve.profile_match import RerankLLM

    found: list[int] = []

    def find() -> Any:
        found.append(1)
        return router_over(JsonEngine(FakeLLM({"x": verdict(50, "ok")})))

    llm = RerankLLM(find_router=find)
    settings = Settings.model_validate(ENABLED)
    assert found == []
    llm.generate_for(settings)
    llm.generate_for(settings)
    assert found == [1]

    def no_serve() -> Any:
        raise RerankUnavailable("no LLM service is deployed: no Serve application")

    with pytest.raises(RerankUnavailable, match="no Serve application"):
        RerankLLM(find_router=no_serve).generate_for(settings)

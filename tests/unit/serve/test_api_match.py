"""GET /api/match end to end without Ray: the real ApiBackend and app over a real SQLite file with
jobs in it, the writer's real body in-process, and the hashing fake embedder and exact index of
tests/unit/matching/fakes.py in place of the model (the model's own tests are with its module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.errors import ConfigError
from jobscraper.store import Database, SyncEngine
from serve.backend import ApiBackend
from serve.http import create_api
from serve.profile_match import INDEX_TTL_S, MeaningLoader
from tests.unit.matching.fakes import THREE_POSTINGS, FakeIndex, HashingEmbedder
from tests.unit.serve.test_api_profile import WriterHandle

RESUME = """Senior Backend Engineer. Eight years building Python services with Django and PostgreSQL.
Based in Lisbon."""

POSTINGS = THREE_POSTINGS


class Loads:
    """Counts what the Api loads, with a clock the test moves."""

    def __init__(self, fail: bool = False) -> None:
        self.embedders = 0
        self.indexes = 0
        self.now = 0.0
        self.fail = fail

    def embedder(self, settings: Settings) -> HashingEmbedder:
        self.embedders += 1
        if self.fail:
            raise ConfigError("the model's weights do not match their checksum")
        return HashingEmbedder()

    def index(self, db: Database, embedder: Any) -> FakeIndex:
        self.indexes += 1
        return FakeIndex(db, embedder)


def _client(db: Database, loads: Loads) -> TestClient:
    db_path = Path(str(db.location))
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
        meaning=MeaningLoader(load_embedder=loads.embedder, load_index=loads.index, clock=lambda: loads.now),
    )
    return TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000")


@pytest.fixture
def loads() -> Loads:
    return Loads()


@pytest.fixture
def client(db: Database, sync: SyncEngine, make_posting: Any, loads: Loads) -> Iterator[TestClient]:
    sync.upsert([make_posting(**p) for p in POSTINGS])
    with _client(db, loads) as test_client:
        yield test_client


def test_without_a_profile_it_is_a_404_naming_how_to_make_one(client: TestClient, loads: Loads) -> None:
    answer = client.get("/api/match")
    assert answer.status_code == 404 and "PUT /api/profile" in answer.json()["detail"]
    assert loads.embedders == 0  # nothing loaded for a request that cannot rank


def test_a_profile_without_a_resume_is_a_409(client: TestClient) -> None:
    client.put("/api/profile", json={"locations": ["Lisbon"]})
    answer = client.get("/api/match")
    assert answer.status_code == 409 and "resume_text" in answer.json()["detail"]


def test_the_best_fit_first_each_with_its_fit_and_reasons(client: TestClient, loads: Loads) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    answer = client.get("/api/match")
    assert answer.status_code == 200, answer.text
    jobs = answer.json()
    assert jobs[0]["title"] == "Senior Backend Engineer (Python, Django)"
    assert jobs[-1]["title"] == "ICU Nurse"
    fits = [j["fit"] for j in jobs]
    assert fits == sorted(fits, reverse=True) and all(0 <= f <= 100 for f in fits)
    assert fits[0] > fits[-1]
    best = jobs[0]
    assert best["fit_reasons"] and {"kind", "ok", "text", "hard"} <= set(best["fit_reasons"][0])
    assert best["location"] == "Lisbon, Portugal" and best["job_url"].startswith("http")  # the job shape

    assert len(client.get("/api/match", params={"limit": 1}).json()) == 1
    only = client.get("/api/match", params={"location": "Chicago"}).json()
    assert [j["title"] for j in only] == ["ICU Nurse"]
    assert loads.embedders == 1 and loads.indexes == 1  # loaded once for the replica

    loads.now += INDEX_TTL_S + 1
    client.get("/api/match")
    assert loads.embedders == 1 and loads.indexes == 2  # the vectors are read again, the model is not


def test_a_broken_hard_preference_sinks_the_job_and_says_why(client: TestClient) -> None:
    client.put("/api/profile", json={"resume_text": RESUME, "locations": ["Lisbon"], "remote_ok": False})
    jobs = {j["title"]: j for j in client.get("/api/match").json()}
    remote = jobs["Senior Python Engineer"]  # remote, while the person wants on-site only
    assert remote["fit_sunk"] is True
    assert remote["fit"] < jobs["Senior Backend Engineer (Python, Django)"]["fit"]
    assert remote["fit_reasons"][0]["hard"] is True


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 501}, {"min_salary": -1}, {"status": "nope"}, {"bogus": 1}]
)
def test_bad_query_is_a_422(client: TestClient, params: dict[str, Any]) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    assert client.get("/api/match", params=params).status_code == 422


def test_a_model_that_cannot_load_is_a_503_saying_why(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(**POSTINGS[0])])
    with _client(db, Loads(fail=True)) as client:
        client.put("/api/profile", json={"resume_text": RESUME})
        answer = client.get("/api/match")
    assert answer.status_code == 503 and "checksum" in answer.json()["detail"]

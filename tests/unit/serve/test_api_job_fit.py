"""The fit on the job routes end to end without Ray: GET /api/jobs (each job's fit, sort=fit),
GET /api/jobs/{id} and GET /api/jobs/{id}/similar — the real ApiBackend and app over a real SQLite
file, the writer's real body in-process, real int8 vectors in the job database scanned by the real
VectorIndex; only the model is the hashing fake of tests/unit/matching/fakes.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.errors import ConfigError
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from serve.backend import ApiBackend
from serve.http import create_api
from serve.profile_match import INDEX_TTL_S, MeaningLoader
from tests.unit.matching.fakes import THREE_POSTINGS, HashingEmbedder
from tests.unit.serve.test_api_profile import WriterHandle

RESUME = """Senior Backend Engineer. Eight years building Python services with Django and PostgreSQL.
Based in Lisbon."""

POSTINGS: list[dict[str, Any]] = [
    *THREE_POSTINGS,
    {
        "title": "Python Django Developer",
        "location": "Porto, Portugal",
        "description": "Django and PostgreSQL services in Python.",
        "skills": ["Python", "Django"],
    },
    {
        "title": "Pediatric Nurse",
        "location": "Boston, MA",
        "description": "Nursing care for children on a busy ward.",
        "skills": ["Pediatrics"],
    },
]


class Loads:
    """The model and the vectors the Api loads (the real index over the database's vectors), counted;
    a clock the test moves; ``fail``: the model cannot load."""

    def __init__(self, fail: bool = False) -> None:
        self.embedder = HashingEmbedder()
        self.embedders = 0
        self.indexes = 0
        self.now = 0.0
        self.fail = fail

    def load_embedder(self, settings: Settings) -> HashingEmbedder:
        self.embedders += 1
        if self.fail:
            raise ConfigError("the model's weights do not match their checksum")
        return self.embedder

    def load_index(self, db: Database, embedder: Any) -> VectorIndex:
        self.indexes += 1
        return VectorIndex.load(db, embedder.model_id)


@pytest.fixture
def ids(db: Database, sync: SyncEngine, make_posting: Any) -> dict[str, int]:
    """The jobs by title, each with its vector of the fake model stored through the writer."""
    sync.upsert([make_posting(**p) for p in POSTINGS])
    writer = WriterClient(InProcessTransport(Writer(db)))
    assert embed_missing(db, writer, HashingEmbedder()) == len(POSTINGS)  # type: ignore[arg-type]
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(JOB.select())}


def _client(db: Database, loads: Loads) -> TestClient:
    db_path = Path(str(db.location))
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    meaning = MeaningLoader(
        load_embedder=loads.load_embedder, load_index=loads.load_index, clock=lambda: loads.now
    )
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
        meaning=meaning,
    )
    return TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000")


@pytest.fixture
def loads() -> Loads:
    return Loads()


@pytest.fixture
def client(db: Database, ids: dict[str, int], loads: Loads) -> Iterator[TestClient]:
    with _client(db, loads) as test_client:
        yield test_client


def test_without_a_profile_jobs_are_listed_unscored_and_nothing_is_loaded(
    client: TestClient, loads: Loads, ids: dict[str, int]
) -> None:
    page = client.get("/api/jobs").json()
    assert page["total"] == len(POSTINGS) and page["fit_profile"] is None
    assert all(j["fit"] is None and j["fit_reasons"] == [] and j["fit_sunk"] is False for j in page["items"])
    job = client.get(f"/api/jobs/{ids['ICU Nurse']}").json()
    assert job["fit"] is None and job["sources"]  # the detail keeps its sources
    assert loads.embedders == 0


def test_with_a_profile_every_listed_job_has_the_fit_match_gives_it(client: TestClient) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    page = client.get("/api/jobs", params={"sort": "title", "descending": False}).json()
    assert page["fit_profile"] == "default"
    titles = [j["title"] for j in page["items"]]
    assert titles == sorted(titles)  # the asked order is kept: only the page is scored
    matched = {j["id"]: j for j in client.get("/api/match").json()}
    for job in page["items"]:
        assert 0 <= job["fit"] <= 100 and job["fit_reasons"]
        assert job["fit"] == matched[job["id"]]["fit"]  # the same score as the ranking gives
        assert job["fit_reasons"] == matched[job["id"]]["fit_reasons"]


def test_sort_fit_is_best_first_with_exact_totals_filters_and_pages(client: TestClient) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    page = client.get("/api/jobs", params={"sort": "fit"}).json()
    fits = [j["fit"] for j in page["items"]]
    assert fits == sorted(fits, reverse=True) and page["total"] == len(POSTINGS)
    assert page["items"][0]["title"] == "Senior Backend Engineer (Python, Django)"
    assert page["items"][-1]["title"] in {"ICU Nurse", "Pediatric Nurse"}
    order = [j["id"] for j in page["items"]]
    # descending is not read: the same order either way
    assert [
        j["id"] for j in client.get("/api/jobs", params={"sort": "fit", "descending": False}).json()["items"]
    ] == order
    second = client.get("/api/jobs", params={"sort": "fit", "per_page": 2, "page": 2}).json()
    assert [j["id"] for j in second["items"]] == order[2:4] and second["total"] == len(POSTINGS)
    beyond = client.get("/api/jobs", params={"sort": "fit", "per_page": 2, "page": 9}).json()
    assert beyond["items"] == [] and beyond["total"] == len(POSTINGS)
    nurses = client.get("/api/jobs", params={"sort": "fit", "q": "nurse"}).json()
    assert {j["title"] for j in nurses["items"]} == {"ICU Nurse", "Pediatric Nurse"} and nurses["total"] == 2
    lisbon = client.get("/api/jobs", params={"sort": "fit", "location": "Portugal"}).json()
    assert lisbon["total"] == 2 and lisbon["items"][0]["title"] == "Senior Backend Engineer (Python, Django)"


def test_sort_fit_without_an_active_profile_or_resume_is_a_409_saying_what_to_do(client: TestClient) -> None:
    answer = client.get("/api/jobs", params={"sort": "fit"})
    assert answer.status_code == 409 and "PUT /api/profile" in answer.json()["detail"]
    client.put("/api/profile", json={"locations": ["Lisbon"]})
    answer = client.get("/api/jobs", params={"sort": "fit"})
    assert answer.status_code == 409 and "résumé" in answer.json()["detail"]
    assert client.get("/api/jobs").json()["fit_profile"] is None  # a profile without a résumé scores nothing


def test_a_sunk_job_says_why_in_the_list_and_the_detail(client: TestClient, ids: dict[str, int]) -> None:
    client.put("/api/profile", json={"resume_text": RESUME, "locations": ["Lisbon"], "remote_ok": False})
    remote = ids["Senior Python Engineer"]
    listed = {j["id"]: j for j in client.get("/api/jobs").json()["items"]}[remote]
    detail = client.get(f"/api/jobs/{remote}").json()
    assert listed["fit_sunk"] is True and listed["fit_reasons"][0]["hard"] is True
    assert (detail["fit"], detail["fit_sunk"], detail["fit_reasons"]) == (
        listed["fit"],
        True,
        listed["fit_reasons"],
    )
    edited = client.patch(f"/api/jobs/{remote}", json={"favorite": True}).json()
    assert edited["favorite"] is True and edited["fit"] == listed["fit"]


def test_the_resume_is_embedded_once_per_profile_version_and_rescanned_when_the_vectors_are_reread(
    client: TestClient, loads: Loads
) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    for _ in range(3):
        client.get("/api/jobs")
        client.get("/api/jobs", params={"sort": "fit"})
    assert loads.embedder.calls == 1 and loads.embedders == 1 and loads.indexes == 1
    loads.now += INDEX_TTL_S + 1
    client.get("/api/jobs")
    assert loads.indexes == 2 and loads.embedder.calls == 1  # the vectors again, the résumé not
    before = {j["id"]: j["fit"] for j in client.get("/api/jobs").json()["items"]}
    client.put(
        "/api/profile", json={"resume_text": "Pediatric nurse, ten years of nursing care on a busy ward."}
    )
    after = {j["id"]: j["fit"] for j in client.get("/api/jobs").json()["items"]}
    assert loads.embedder.calls == 2 and after != before  # a new résumé: embedded, scored again


def test_similar_jobs_are_the_closest_visible_ones_best_first(
    client: TestClient, db: Database, ids: dict[str, int]
) -> None:
    nurse = ids["ICU Nurse"]
    answer = client.get(f"/api/jobs/{nurse}/similar", params={"limit": 2})
    assert answer.status_code == 200, answer.text
    jobs = answer.json()
    assert jobs[0]["title"] == "Pediatric Nurse" and len(jobs) == 2
    assert all(j["id"] != nurse for j in jobs)
    sims = [j["similarity"] for j in jobs]
    assert sims == sorted(sims, reverse=True) and all(-1 <= s <= 1 and round(s, 4) == s for s in sims)
    assert jobs[0]["job_url"].startswith("http")  # the public job shape

    writer = WriterClient(InProcessTransport(Writer(db)))
    writer.update_user_fields(ids["Pediatric Nurse"], UserUpdate(hidden=True)).result()
    shown = [j["title"] for j in client.get(f"/api/jobs/{nurse}/similar", params={"limit": 50}).json()]
    assert "Pediatric Nurse" not in shown and len(shown) == len(POSTINGS) - 2


@pytest.mark.parametrize("limit", [0, 51, "x"])
def test_similar_refuses_a_bad_limit(client: TestClient, ids: dict[str, int], limit: Any) -> None:
    assert client.get(f"/api/jobs/{ids['ICU Nurse']}/similar", params={"limit": limit}).status_code == 422


def test_similar_to_an_unknown_job_is_404_and_to_one_without_a_vector_409(
    client: TestClient, sync: SyncEngine, make_posting: Any, db: Database
) -> None:
    assert client.get("/api/jobs/999999/similar").status_code == 404
    sync.upsert([make_posting(title="Fresh Job", description="Just scraped, not embedded yet.")])
    with db.reader() as conn:
        fresh = conn.execute(JOB.select().where(JOB.c.title == "Fresh Job")).one().id
    answer = client.get(f"/api/jobs/{fresh}/similar")
    assert answer.status_code == 409 and "jobscraper reindex" in answer.json()["detail"]


def test_a_model_that_cannot_load_leaves_the_list_unscored_and_sort_fit_a_503(
    db: Database, ids: dict[str, int]
) -> None:
    with _client(db, Loads(fail=True)) as client:
        client.put("/api/profile", json={"resume_text": RESUME})
        page = client.get("/api/jobs")
        assert page.status_code == 200 and page.json()["fit_profile"] is None
        assert all(j["fit"] is None for j in page.json()["items"])
        answer = client.get("/api/jobs", params={"sort": "fit"})
        assert answer.status_code == 503 and "checksum" in answer.json()["detail"]
        assert client.get(f"/api/jobs/{ids['ICU Nurse']}/similar").status_code == 503


def test_a_text_query_finds_jobs_by_meaning_too_unless_meaning_is_false(
    client: TestClient, loads: Loads
) -> None:
    words_only = client.get("/api/jobs", params={"q": "postgresql django backend", "meaning": False}).json()
    assert [j["title"] for j in words_only["items"]] == ["Senior Backend Engineer (Python, Django)"]
    assert loads.embedders == 0  # no profile and words only: nothing loaded
    both = client.get("/api/jobs", params={"q": "postgresql django backend"}).json()
    titles = [j["title"] for j in both["items"]]
    # "Python Django Developer" lacks the word "backend" but means the same work
    assert titles[0] == "Senior Backend Engineer (Python, Django)" and "Python Django Developer" in titles
    assert "ICU Nurse" not in titles and both["total"] == len(titles)
    assert loads.embedders == 1 and both["fit_profile"] is None  # meaning without a profile: no fit
    assert client.get("/api/jobs", params={"q": "nurse", "meaning": "maybe"}).status_code == 422


def test_a_model_that_cannot_load_leaves_the_search_to_its_words(db: Database, ids: dict[str, int]) -> None:
    with _client(db, Loads(fail=True)) as client:
        page = client.get("/api/jobs", params={"q": "postgresql django backend"})
    assert page.status_code == 200
    assert [j["title"] for j in page.json()["items"]] == ["Senior Backend Engineer (Python, Django)"]


def _fits(db: Database) -> set[str]:
    from sqlalchemy import select

    from jobscraper.store.tables import FIT

    with db.reader() as conn:
        return {str(v) for v in conn.execute(select(FIT.c.version)).scalars()}


def _settled(db: Database, count: int, other_than: frozenset[str] = frozenset()) -> set[str]:
    """The fits' versions once ``count`` fits of one version, not one of ``other_than``, are stored
    (the pass runs in the background; polled, bounded). Right after an edit the old version's rows
    are all still there, so without ``other_than`` the old version would count as settled."""
    import time

    from sqlalchemy import func, select

    from jobscraper.store.tables import FIT

    for _ in range(500):
        with db.reader() as conn:
            rows = conn.execute(select(FIT.c.version, func.count()).group_by(FIT.c.version)).all()
        if len(rows) == 1 and rows[0][1] == count and str(rows[0][0]) not in other_than:
            return {str(rows[0][0])}
        time.sleep(0.02)
    raise AssertionError(f"the fits did not settle: {rows}")


def test_a_profile_put_stores_its_fits_in_the_background_and_sort_fit_reads_them(
    client: TestClient, db: Database, loads: Loads
) -> None:
    live = client.get("/api/match", params={"limit": 10})  # no profile yet: 404, nothing stored
    assert live.status_code == 404 and _fits(db) == set()
    client.put("/api/profile", json={"resume_text": RESUME})
    first = _settled(db, len(POSTINGS))
    ranked = client.get("/api/jobs", params={"sort": "fit"}).json()["items"]
    matched = client.get("/api/match", params={"limit": 10}).json()
    assert [(j["id"], j["fit"]) for j in ranked] == [(j["id"], j["fit"]) for j in matched]
    assert loads.embedder.calls == 1  # the list, the fits and match: the résumé embedded once
    client.put("/api/profile", json={"resume_text": "Pediatric nurse, ten years of nursing care."})
    second = _settled(db, len(POSTINGS), other_than=frozenset(first))  # the edit made them stale
    assert second != first  # … and they were stored again under the new version
    assert client.get("/api/jobs", params={"sort": "fit"}).json()["items"][0]["title"] == "Pediatric Nurse"


def test_jobs_scored_on_the_fly_have_their_fits_stored_in_the_background(
    client: TestClient, db: Database
) -> None:
    from datetime import UTC, datetime

    from jobscraper.matching.profile import ProfileInput
    from jobscraper.store.profiles import put_profile

    # a profile the Api did not make (the CLI's, before this replica started): no fits stored yet
    put_profile(db, ProfileInput(resume_text=RESUME), datetime.now(UTC))
    assert _fits(db) == set()
    page = client.get("/api/jobs", params={"sort": "fit"})
    assert page.status_code == 200 and page.json()["items"][0]["fit"] is not None
    stored = _settled(db, len(POSTINGS))  # written through the writer after the answer
    assert client.get("/api/jobs").status_code == 200
    assert _fits(db) == stored  # all fresh now: nothing written again


def test_deleting_the_active_profile_stores_the_next_ones_fits(client: TestClient, db: Database) -> None:
    client.put("/api/profile", json={"name": "work", "resume_text": RESUME})
    first = _settled(db, len(POSTINGS))
    client.put("/api/profile", json={"name": "side", "resume_text": "Pediatric nurse, ten years of care."})
    assert client.delete("/api/profiles/work").status_code == 204
    assert client.get("/api/profile").json()["name"] == "side"
    # the deleted profile's fits went with it; the new active one's were stored
    second = _settled(db, len(POSTINGS), other_than=frozenset(first))
    assert second != first
    assert client.delete("/api/profiles/side").status_code == 204
    assert _fits(db) == set()

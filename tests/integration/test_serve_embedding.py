"""``matching.embed_in: serve`` on a real local Ray Serve: the ``jobscraper`` app with its
EmbeddingService deployment (half a CPU, one replica, the bundled model), a client found by name
from the driver giving the in-process model's vectors, and a scrape run started over HTTP whose
embedding pass goes through the deployment and stores a vector for every job; the Api's match
then embeds the résumé there too. One module, one Serve start (each costs ~10 s of CI)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy
import pytest

from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import open_database
from tests.http_json import call_json
from tests.serve_demo import demo_settings, serve_app

TEXTS = [
    "Senior Python developer, Django and PostgreSQL, Berlin",
    "Krankenpfleger (m/w/d) auf der Intensivstation",
    "Data engineer: Spark, Airflow, dbt — remote within the EU",
] * 4


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, local_ray: None) -> Iterator[tuple[str, Settings, Path]]:
    db_path = tmp_path_factory.mktemp("embedding") / "jobs.db"
    board = DemoBoard(DemoKnobs(companies=1, jobs_per_company=6, latency_s=0.01))
    board.start()
    settings = demo_settings(
        board,
        db_path,
        companies=[c.model_dump() for c in board.company_configs()[:1]],
        matching={"embed_in": "serve", "batch_size": 4, "serve": {"num_cpus": 0.5}},
    )
    with serve_app(settings, board) as base:
        yield base, settings, db_path


def _call(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    return call_json(base, method, path, body, timeout=120)


def test_the_deployment_embeds_like_the_process_and_a_runs_pass_stores_through_it(
    app: tuple[str, Settings, Path],
) -> None:
    from actors.embedding_service import service_embedder
    from jobscraper.matching.embed import load_embedder
    from jobscraper.store.vectors import count_pending_vectors, count_vectors
    from serve.app import APP_NAME

    base, settings, db_path = app
    client = service_embedder(settings.matching, APP_NAME)
    here = load_embedder(settings.matching)
    assert (client.model_id, client.dim) == (here.model_id, here.dim)
    numpy.testing.assert_allclose(client.embed(TEXTS), here.embed(TEXTS), atol=1e-6)

    name = settings.companies[0].name
    status, run = _call(base, "POST", "/api/runs", {"companies": [name]})
    assert status == 201, run
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        _, run = _call(base, "GET", f"/api/runs/{run['id']}")
        if run["status"] != "running" and (run.get("embedding") or {}).get("status") != "running":
            break
        time.sleep(0.3)
    assert run["status"] == "done", run
    embedding = run["embedding"]
    assert embedding["status"] == "done", embedding
    assert "EmbeddingService deployment" in embedding["via"] and embedding["embedded"] == 6

    db = open_database(db_path)
    try:
        assert count_vectors(db) == {here.model_id: 6}
        assert count_pending_vectors(db, here.model_id) == 0
    finally:
        db.dispose()

    # the Api's résumé goes to the deployment too: /api/match is a 503 when the Api cannot embed
    status, _ = _call(base, "PUT", "/api/profile", {"resume_text": "Senior Python developer. Django, SQL."})
    assert status == 200
    status, matches = _call(base, "GET", "/api/match")
    assert status == 200, matches
    assert len(matches) == 6 and all(0 <= job["fit"] <= 100 for job in matches)

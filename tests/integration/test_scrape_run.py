"""A scrape run on a real local Ray: coordinator + ScraperActor pool + WriterActor against the demo
board — every source style, exact limits, events, extraction of new and changed jobs (and all of
them after a schema version bump), a second run that updates and archives with user edits intact,
a killed scraper mid-run, cancellation."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from sqlalchemy import text

from actors.coordinator import ScrapeCoordinator
from actors.runs import RunSpec
from actors.writer import start_writer
from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.extraction import SCHEMA_VERSION
from jobscraper.store import JobQuery, SyncEngine, UserUpdate, open_database, search_jobs


@pytest.fixture
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=7, jobs_per_company=8, latency_s=0.01)) as running:
        yield running


def _spec(board: DemoBoard, searches: bool = True) -> RunSpec:
    return RunSpec(searches=[board.search()] if searches else [], companies=board.company_configs())


def _start(tmp_path: Path, board: DemoBoard, **settings: Any) -> tuple[Any, Path]:
    db_path = tmp_path / "jobs.db"
    start_writer(db_path)
    config = Settings.model_validate(
        {
            "scraping": {
                "per_domain_min_delay_s": 0,
                "max_concurrency": 4,
                "per_domain_concurrency": 4,
                "jobspy_base_url": board.base_url,
                **settings,
            }
        }
    )
    coordinator = ScrapeCoordinator.remote(config, pool_size=2)  # type: ignore[attr-defined]
    return coordinator, db_path


@pytest.fixture(autouse=True)
def _cleanup(local_ray: None) -> Iterator[None]:
    yield
    for name in ("writer",):
        with contextlib.suppress(ValueError):
            ray.kill(ray.get_actor(name, namespace="jobscraper"), no_restart=True)
    time.sleep(0.5)


def test_a_run_scrapes_every_source_within_limits_and_a_second_run_updates_and_archives(
    tmp_path: Path, board: DemoBoard
) -> None:
    coordinator, db_path = _start(tmp_path, board)
    run_id = ray.get(coordinator.start_run.remote(_spec(board)))
    state = ray.get(coordinator.wait.remote(run_id, 240))
    assert state.status == "done", state
    by_key = state.sources
    for key, source in by_key.items():
        assert source.status == "done", (key, source.errors)
    plain = next(
        s
        for s in by_key.values()
        if s.label.startswith("Wayne") or (s.kind == "company" and s.needs_extraction)
    )
    assert plain.needs_extraction > 0  # pages without structured data are counted, not dropped
    limits = ray.get(coordinator.limits.remote())
    assert limits["peak_in_flight"] <= 4 and limits["in_flight"] == 0
    assert board.stats.peak_in_flight <= 4 + 2  # + JobSpy's own board requests (one search per board)
    events = ray.get(coordinator.events.remote(run_id, 0))
    assert events[0].type == "run_started" and events[-1].type == "run_done"
    assert ray.get(coordinator.events.remote(run_id, events[-2].n)) == [events[-1]]
    totals = state.totals()
    assert totals["inserted"] > 0 and totals["duplicates"] > 0  # boards and career pages merged

    db = open_database(db_path)
    try:
        structured_titles = {
            (j.company.name, j.title) for j in board.jobs() if j.company.style not in ("plain", "js")
        }
        page = search_jobs(db, JobQuery(per_page=500, archived="include"))
        stored = {(j.company, j.title) for j in page.items}
        assert structured_titles <= stored
        plain_titles = {(j.company.name, j.title) for j in board.jobs() if j.company.style == "plain"}
        assert plain_titles <= stored  # job pages without structured data: title and text kept
        # every job went through extraction (the rules engine in the coordinator: no service runs)
        assert state.extraction.status == "done" and "'rules' engine" in state.extraction.via
        assert state.extraction.extracted == page.total and state.extraction.failed == 0
        assert SyncEngine(db).count_pending() == 0
        with db.reader() as conn:
            versions = conn.execute(text("SELECT DISTINCT extraction_version FROM job")).scalars().all()
            plain_row = conn.execute(
                text("SELECT remote_policy, seniority, extracted FROM job WHERE company = :c LIMIT 1"),
                {"c": next(iter(plain_titles))[0]},
            ).one()
        assert versions == [SCHEMA_VERSION] and plain_row.remote_policy and plain_row.extracted
        assert any(e.type == "extraction_done" for e in ray.get(coordinator.events.remote(run_id, 0)))
        favourite = page.items[0].id
        SyncEngine(db).update_user_fields(favourite, UserUpdate(favorite=True, notes="call them"))
    finally:
        db.dispose()

    board.knobs.version = 2
    second = ray.get(coordinator.start_run.remote(_spec(board)))
    state2 = ray.get(coordinator.wait.remote(second, 240))
    assert state2.status == "done"
    totals2 = state2.totals()
    assert totals2["updated"] > 0 and totals2["unchanged"] > 0 and totals2["inserted"] > 0
    assert state2.archived > 0
    # only new and changed jobs are extracted again
    assert 0 < state2.extraction.extracted < state.extraction.extracted
    db = open_database(db_path)
    try:
        kept = search_jobs(db, JobQuery(favorites=True, archived="include")).items
        assert [j.id for j in kept] == [favourite] and kept[0].notes == "call them"
        assert SyncEngine(db).count_pending() == 0
        with db.writer() as conn:  # what a new schema version looks like to stored jobs
            conn.execute(text("UPDATE job SET extraction_version = 0"))
        live = search_jobs(db, JobQuery(per_page=1)).total
    finally:
        db.dispose()

    third = ray.get(coordinator.start_run.remote(_spec(board)))
    state3 = ray.get(coordinator.wait.remote(third, 240))
    assert state3.status == "done" and state3.archived == 0
    assert state3.extraction.extracted == live  # all of them again
    db = open_database(db_path)
    try:
        assert SyncEngine(db).count_pending() == 0
        kept = search_jobs(db, JobQuery(favorites=True, archived="include")).items
        assert [j.id for j in kept] == [favourite] and kept[0].notes == "call them"
    finally:
        db.dispose()


def test_a_scraper_killed_mid_run_is_retried_and_nothing_is_written_twice(
    tmp_path: Path, board: DemoBoard
) -> None:
    board.knobs.latency_s = 0.05
    coordinator, db_path = _start(tmp_path, board)
    run_id = ray.get(coordinator.start_run.remote(_spec(board, searches=False)))
    pool: list = []
    deadline = time.monotonic() + 120
    while not pool and time.monotonic() < deadline:  # the pool starts its workers on first use
        time.sleep(0.2)
        pool = ray.get(coordinator.__ray_call__.remote(lambda self: self._pool.handles))
    assert pool, "no worker started"
    ray.kill(pool[0], no_restart=False)
    state = ray.get(coordinator.wait.remote(run_id, 240))
    assert state.status == "done"
    assert all(s.status == "done" for s in state.sources.values()), state.sources
    db = open_database(db_path)
    try:
        total = search_jobs(db, JobQuery(per_page=1, archived="include")).total
    finally:
        db.dispose()
    assert total == len({(j.company.name, j.title) for j in board.jobs()}) - sum(
        1 for j in board.jobs() if j.company.style == "js"
    )


def test_a_run_can_be_cancelled(tmp_path: Path, board: DemoBoard) -> None:
    board.knobs.latency_s = 0.3
    coordinator, _ = _start(tmp_path, board)
    run_id = ray.get(coordinator.start_run.remote(_spec(board, searches=False)))
    time.sleep(0.5)
    state = ray.get(coordinator.cancel.remote(run_id))
    assert state.status == "cancelled"
    assert any(s.status == "cancelled" for s in state.sources.values())


def test_after_a_run_every_active_job_has_a_vector_of_the_real_model(
    tmp_path: Path, board: DemoBoard
) -> None:
    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store.vectors import count_pending_vectors, count_vectors

    model_id = load_embedder(MatchingSettings()).model_id
    coordinator, db_path = _start(tmp_path, board)
    run_id = ray.get(coordinator.start_run.remote(_spec(board)))
    state = ray.get(coordinator.wait.remote(run_id, 240))
    assert state.status == "done" and state.embedding.status == "done", state.embedding
    assert model_id in state.embedding.via
    db = open_database(db_path)
    try:
        active = search_jobs(db, JobQuery(per_page=1)).total
        assert active > 0 and count_pending_vectors(db, model_id) == 0
        assert count_vectors(db) == {model_id: active}
        assert state.totals()["embedded"] == active  # each job embedded once (extraction's skills included)
        assert len(VectorIndex.load(db, model_id)) == active
    finally:
        db.dispose()
    events = ray.get(coordinator.events.remote(run_id, 0))
    done = [e for e in events if e.type == "embedding_done"]
    assert len(done) == 1 and done[0].data["embedded"] == active

    board.knobs.version = 2  # some postings change, some are new, some are gone
    second = ray.get(coordinator.start_run.remote(_spec(board)))
    state2 = ray.get(coordinator.wait.remote(second, 240))
    assert state2.status == "done" and state2.embedding.status == "done"
    assert 0 < state2.embedding.embedded < active  # only new and changed jobs again
    db = open_database(db_path)
    try:
        assert count_pending_vectors(db, model_id) == 0
    finally:
        db.dispose()

"""The liveness pass of scrape runs on a real local Ray: coordinator, ScraperActors (their Fetcher under
the coordinator's permits, board URLs routed to the demo board) and the WriterActor. Board jobs the
demo drops in week 2 only vanish from the search — the runs after it check their pages: the first
fails them once, the next closes them, and the run's counts say how many."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray

from actors.coordinator import ScrapeCoordinator
from actors.runs import RunSpec
from actors.writer import start_writer
from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import JobQuery, open_database, search_jobs


@pytest.fixture(autouse=True)
def _cleanup(local_ray: None) -> Iterator[None]:
    yield
    with contextlib.suppress(ValueError):
        ray.kill(ray.get_actor("writer", namespace="jobscraper"), no_restart=True)
    time.sleep(0.5)


def test_runs_after_week_two_close_the_board_jobs_whose_pages_are_gone(tmp_path: Path) -> None:
    with DemoBoard(DemoKnobs(companies=7, jobs_per_company=8)) as board:
        db_path = tmp_path / "jobs.db"
        start_writer(db_path)
        settings = Settings.model_validate(
            {
                "scraping": {"per_domain_min_delay_s": 0, "jobspy_base_url": board.base_url},
                "extraction": {"enabled": False},
                "matching": {"embed_during_runs": False},
                "liveness": {"min_days_between_checks": 0, "concurrency": 4},
            }
        )
        coordinator = ScrapeCoordinator.remote(settings, pool_size=2)  # type: ignore[attr-defined]
        spec = RunSpec(searches=[board.search()])

        def run() -> dict[str, int]:
            run_id = ray.get(coordinator.start_run.remote(spec))
            state = ray.get(coordinator.wait.remote(run_id, 240))
            assert state.status == "done", state
            return state.totals()

        week1 = run()
        assert week1["checked"] == week1["inserted"] > 0 and week1["closed"] == 0  # all open
        listed = {j.key for j in board.board_jobs("linkedin") + board.board_jobs("indeed")}
        board.knobs.version = 2
        dropped = listed - {j.key for j in board.jobs()}
        first = run()
        assert first["closed"] == 0
        second = run()
        assert second["closed"] == len(dropped) > 0, (first, second)

    db = open_database(db_path)
    try:
        closed = search_jobs(db, JobQuery(closed="only", per_page=500)).items
        assert len(closed) == second["closed"]
        reasons = {"HTTP 404", "page says: no longer accepting applications"}
        assert {j.closed_reason for j in closed} <= reasons
        assert all("linkedin.com" in j.job_url or "indeed.com" in j.job_url for j in closed)
    finally:
        db.dispose()

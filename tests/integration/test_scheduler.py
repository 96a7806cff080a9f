"""The scheduler on a real Ray with the real coordinator and writer, scraping the demo board: a
search with a short interval fires on time, never twice, never over its own running run, and a
restarted scheduler keeps the schedule it finds in the database. The scheduler runs in the cluster's
coordinator: ``start_scheduler`` returns the coordinator, ``schedule`` starts (or stops) it."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs

INTERVAL_S = 4
TICK_S = 0.2
SLACK_S = 3.0  # a loaded 2-core machine: Ray calls and the scrape itself take their time


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, local_ray: None) -> Iterator[Settings]:
    board = DemoBoard(DemoKnobs(companies=1, jobs_per_company=3, latency_s=0.01))
    board.start()
    search = board.search().model_dump() | {"interval_s": INTERVAL_S, "sites": ["indeed"]}
    settings = Settings.model_validate(
        {
            "database": {"path": str(tmp_path_factory.mktemp("sched") / "jobs.db")},
            "scraping": {"per_domain_min_delay_s": 0, "jobspy_base_url": board.base_url},
            "searches": [search],
            "scheduler": {"tick_s": TICK_S, "min_interval_s": 1},
            "extraction": {"enabled": False},
        }
    )
    try:
        yield settings
    finally:
        board.stop()


def _scheduled_runs(coordinator: Any) -> list[Any]:
    import ray

    runs = ray.get(coordinator.runs.remote())
    return sorted((r for r in runs if r.entries), key=lambda r: r.started_at)


def test_fires_on_time_not_twice_and_never_over_a_running_run(setup: Settings) -> None:
    import ray

    from actors.scheduler import start_scheduler

    settings = setup
    coordinator = start_scheduler(settings)
    deadline = time.monotonic() + 120  # the first run also waits for the scraper workers to start
    while not any(r.status == "done" for r in _scheduled_runs(coordinator)):
        assert time.monotonic() < deadline, "the first scheduled run never finished"
        time.sleep(0.2)
    time.sleep(3 * INTERVAL_S + SLACK_S)  # then three more intervals
    runs = _scheduled_runs(coordinator)
    fired = ray.get(coordinator.schedule.remote())
    assert [f["run_id"] for f in fired] == [r.run_id for r in runs]  # every run here is the scheduler's
    assert all(f["entries"] == [f"search:{settings.searches[0].name}"] for f in fired)
    assert len(runs) >= 4, [(r.run_id, r.started_at) for r in runs]  # the first + one per interval
    for earlier, later in itertools.pairwise(runs):
        gap = later.started_at - earlier.started_at
        assert gap >= timedelta(seconds=INTERVAL_S), "fired before its interval was up"
        assert earlier.finished_at is not None and earlier.finished_at <= later.started_at  # no overlap
        due_at = max(earlier.started_at + timedelta(seconds=INTERVAL_S), earlier.finished_at)
        assert later.started_at <= due_at + timedelta(seconds=SLACK_S), "fired late"
    assert all(r.status == "done" and r.sources[next(iter(r.sources))].found > 0 for r in runs[:-1])
    ray.get(coordinator.schedule.remote(False))  # the next test restarts it


def test_a_restarted_scheduler_keeps_the_schedule(setup: Settings) -> None:
    """Scheduler and coordinator both gone: the next run is due from the start time in the database."""
    import ray

    from actors.coordinator import COORDINATOR_NAME
    from actors.scheduler import start_scheduler
    from jobscraper.store import open_reader
    from jobscraper.store.schedule import scheduled_entries

    settings = setup
    coordinator = ray.get_actor(COORDINATOR_NAME, namespace="jobscraper")
    deadline = time.monotonic() + 60
    while any(r.status == "running" for r in ray.get(coordinator.runs.remote())):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(1)  # the last run's result reaches the database
    ray.kill(coordinator)  # its memory of the runs, and its scheduler, go with it
    db = open_reader(settings.database.path)
    [entry] = scheduled_entries(db)
    assert entry.last_started_at is not None and entry.next_at is not None
    coordinator = start_scheduler(settings)
    # on a loaded machine the restart itself (new processes for the coordinator and its workers)
    # can outlast the interval: the schedule counts from when it is back up
    ray.get(coordinator.ready.remote())
    back_up = datetime.now(UTC)
    deadline = time.monotonic() + 2 * INTERVAL_S + SLACK_S
    fired: list[Any] = []
    while not fired and time.monotonic() < deadline:
        time.sleep(0.2)
        fired = ray.get(coordinator.schedule.remote())
    assert fired, "the restarted scheduler never fired"
    run = ray.get(coordinator.state.remote(fired[0]["run_id"]))
    assert run.started_at >= entry.next_at  # not at once on restart: when the database said
    assert run.started_at <= max(entry.next_at, back_up) + timedelta(seconds=SLACK_S + INTERVAL_S)
    db.dispose()
    ray.get(coordinator.schedule.remote(False))

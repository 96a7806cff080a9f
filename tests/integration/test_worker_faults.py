"""A ScraperActor SIGKILLed mid-run on a real local Ray (issue 13, item 11): the run does not hang.

Before, the dead worker's permits stayed taken until their 600 s lease, and with a tight global
limit every other worker waited on them: a demo of 12 companies stopped part way and stayed
"running". Now the dead worker is replaced at once, its permits freed and its sources retried on a
live worker, and the run ends with exactly the counts of an undisturbed run of the same board.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray

from actors.coordinator import ScrapeCoordinator
from actors.runs import RunSpec, RunState
from actors.writer import WriterActor
from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.priority import BACKGROUND_NICE

COUNTS = ("found", "inserted", "updated", "unchanged", "duplicates", "needs_extraction")


@pytest.fixture
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=12, jobs_per_company=6, latency_s=0.05)) as running:
        yield running


@pytest.fixture
def actors_started(local_ray: None) -> Iterator[list[Any]]:
    started: list[Any] = []
    yield started
    for handle in started:
        with contextlib.suppress(Exception):
            ray.kill(handle, no_restart=True)


def _coordinator(tmp_path: Path, board: DemoBoard, name: str, started: list[Any]) -> Any:
    writer = WriterActor.options(name=name, namespace="jobscraper").remote(str(tmp_path / f"{name}.db"))  # type: ignore[attr-defined]
    ray.get(writer.ping.remote())
    started.append(writer)
    settings = Settings.model_validate(
        {
            # one global slot per worker: the dead worker's permits are the whole capacity
            "scraping": {
                "per_domain_min_delay_s": 0,
                "max_concurrency": 2,
                "per_domain_concurrency": 2,
                "jobspy_base_url": board.base_url,
            },
            "extraction": {"enabled": False},
        }
    )
    coordinator = ScrapeCoordinator.remote(  # type: ignore[attr-defined]
        settings, pool_size=2, writer_name=name
    )
    started.append(coordinator)
    assert ray.get(coordinator.ready.remote(), timeout=120) == 2
    return coordinator


def _counts(state: RunState) -> dict[str, int]:
    return {k: v for k, v in state.totals().items() if k in COUNTS}


def test_a_scraper_sigkilled_mid_run_does_not_hang_the_run_and_nothing_is_lost(
    tmp_path: Path, board: DemoBoard, actors_started: list[Any]
) -> None:
    spec = RunSpec(companies=board.company_configs())
    clean = _coordinator(tmp_path, board, "writer-clean", actors_started)
    expected = ray.get(clean.wait.remote(ray.get(clean.start_run.remote(spec)), 240))
    assert expected.status == "done" and _counts(expected)["found"] > 0

    coordinator = _coordinator(tmp_path, board, "writer-killed", actors_started)
    pids = ray.get(coordinator.worker_pids.remote())
    # scraping is background work: the workers yield the CPU to progress polls, the API and the UI
    assert {os.getpriority(os.PRIO_PROCESS, pid) for pid in pids} == {max(BACKGROUND_NICE, os.nice(0))}
    run_id = ray.get(coordinator.start_run.remote(spec))
    # worker 0 scrapes the sources at even positions: wait for its first progress, then kill it
    first_keys = [task.key for n, task in enumerate(spec.tasks()) if n % 2 == 0]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        events = ray.get(coordinator.events.remote(run_id, 0))
        if any(e.type == "written" and e.source in first_keys for e in events):
            break
        time.sleep(0.05)
    else:
        pytest.fail("worker 0 never wrote anything")
    os.kill(pids[0], signal.SIGKILL)
    during = ray.get(coordinator.state.remote(run_id))
    assert during.status == "running"  # the kill landed mid-run
    assert any(s.status in ("queued", "running") for k, s in during.sources.items() if k in first_keys)

    state = ray.get(coordinator.wait.remote(run_id, 120), timeout=150)
    assert state.status == "done", state
    assert all(s.status == "done" for s in state.sources.values()), state.sources
    assert _counts(state) == _counts(expected)
    events = ray.get(coordinator.events.remote(run_id, 0))
    assert any(e.type == "worker_crashed" for e in events)
    limits = ray.get(coordinator.limits.remote())
    assert limits["workers_replaced"] == 1 and limits["in_flight"] == 0 and limits["permits"] == 0

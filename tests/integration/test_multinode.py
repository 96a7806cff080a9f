"""A scrape run on a Ray cluster of three nodes on one machine (issue 18, item 2).

``ray.cluster_utils.Cluster`` starts a head (2 CPUs, and the ``head`` resource that ``cluster.yaml``
gives the node holding the SQLite file) and, after a baseline run on the head alone, two worker
nodes of 2 CPUs each. On it:

- the SQLite WriterActor lands on the head even when the code that starts it runs on another node;
  the ScraperActor pool sizes itself from the cluster (``scraping.workers: auto``) and puts a
  worker on each node (:mod:`actors.spread`);
- a worker node is removed mid-run (its scrapers die with it): the run still ends ``done``, with
  the single-node run's counts, the same rows in the job and source tables, and nothing written
  twice.

One cluster for the module (a node costs a few seconds to start); it is torn down by the fixture.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import ray
from ray.cluster_utils import Cluster
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
from sqlalchemy import text

from actors.coordinator import ScrapeCoordinator
from actors.pool_size import scraper_pool_size
from actors.runs import RunSpec, RunState
from actors.writer import start_writer
from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import open_database

COUNTS = ("found", "inserted", "updated", "unchanged", "duplicates", "needs_extraction")
NODE_CPUS = 2


def node_of(handle: Any) -> str:
    """The id of the node an actor runs on."""
    return str(ray.get(handle.__ray_call__.remote(lambda self: ray.get_runtime_context().get_node_id())))


def pool_nodes(coordinator: Any) -> list[str]:
    handles = ray.get(coordinator.__ray_call__.remote(lambda self: self._pool.handles))
    return [node_of(h) for h in handles]


@dataclass
class Tables:
    """What a run left in its database: the job and source tables' identities, the recorded runs."""

    jobs: list[tuple[str, str]]  # (dedup_key, content_hash), sorted
    sources: list[tuple[str, str]]  # (url, site), sorted
    run_counts: list[dict[str, int]]


def tables(db_path: Path) -> Tables:
    db = open_database(db_path)
    try:
        with db.reader() as conn:
            jobs = conn.execute(text("SELECT dedup_key, content_hash FROM job ORDER BY 1, 2")).all()
            sources = conn.execute(text("SELECT url, site FROM job_source ORDER BY 1, 2")).all()
            counts = conn.execute(text("SELECT counts FROM scrape_run ORDER BY id")).scalars().all()
    finally:
        db.dispose()
    return Tables(
        [tuple(r) for r in jobs],
        [tuple(r) for r in sources],
        [c if isinstance(c, dict) else json.loads(c) for c in counts],
    )


def counts(state: RunState) -> dict[str, int]:
    return {k: v for k, v in state.totals().items() if k in COUNTS}


def settings_for(board: DemoBoard, namespace: str) -> Settings:
    return Settings.model_validate(
        {
            "scraping": {
                "per_domain_min_delay_s": 0,
                "max_concurrency": 4,
                "per_domain_concurrency": 2,  # the board is one domain: two requests in flight
                "jobspy_base_url": board.base_url,
            },
            "ray": {"namespace": namespace},  # each run's own writer (the writer is a named actor)
            "extraction": {"enabled": False},
            "matching": {"embed_during_runs": False},
            "liveness": {"enabled": False},
            "alerts": {"enabled": False},
        }
    )


def start_run(board: DemoBoard, db_path: Path, namespace: str) -> tuple[Any, int]:
    """A writer of ``db_path`` (or the one already running) and a coordinator (pool size from the
    cluster), started from this driver as ``jobscraper scrape`` does; the run is started once every
    worker is up."""
    settings = settings_for(board, namespace)
    start_writer(db_path, namespace=namespace)
    coordinator = ScrapeCoordinator.remote(settings)  # type: ignore[attr-defined]
    ray.get(coordinator.ready.remote(), timeout=120)
    spec = RunSpec(searches=[board.search()], companies=board.company_configs())
    return coordinator, ray.get(coordinator.start_run.remote(spec))


@dataclass
class MultiNode:
    cluster: Cluster
    head: str
    workers: list[Any]  # the worker nodes (ray._private.node.Node)
    baseline: RunState  # the same run on the head alone
    baseline_tables: Tables
    baseline_pool: list[str]
    db_path: Path  # the multi-node run's database
    writer_started: tuple[str, str]  # its writer: the node that started it, the node it runs on


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    # slow enough (every response 0.15 s, two in flight) that a node can be removed mid-run
    with DemoBoard(DemoKnobs(companies=8, jobs_per_company=5, latency_s=0.15)) as running:
        yield running


@pytest.fixture(scope="module")
def multinode(board: DemoBoard, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MultiNode]:
    folder = tmp_path_factory.mktemp("multinode")
    # Cluster() starts its nodes without the token setup that ray.init and `ray start` do (they
    # create ~/.ray/auth_token when it is missing): on a machine with no token yet, its GCS waited
    # for one and the head never started
    ray_cli = Path(sys.executable).with_name("ray")
    subprocess.run([str(ray_cli), "get-auth-token", "--generate"], check=True, capture_output=True)
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": NODE_CPUS, "resources": {"head": 1}, "include_dashboard": False},
    )
    try:
        ray.init(address=cluster.address, namespace="jobscraper", log_to_driver=False)
        head = ray.get_runtime_context().get_node_id()
        coordinator, run_id = start_run(board, folder / "single.db", "mn-single")
        baseline_pool = pool_nodes(coordinator)
        baseline = ray.get(coordinator.wait.remote(run_id, 240), timeout=260)
        ray.kill(coordinator)
        workers = [cluster.add_node(num_cpus=NODE_CPUS) for _ in range(2)]
        cluster.wait_for_nodes()
        db_path = folder / "multi.db"

        @ray.remote(num_cpus=0)  # defined here: Ray ships it by value (workers cannot import this module)
        def start_writer_here(db_path: str, namespace: str) -> tuple[str, str]:
            """Start the writer from where this task runs (a CLI on another machine of the cluster)."""
            handle = start_writer(db_path, namespace=namespace)
            writer_node = handle.__ray_call__.remote(lambda self: ray.get_runtime_context().get_node_id())
            return ray.get_runtime_context().get_node_id(), ray.get(writer_node)

        affinity = NodeAffinitySchedulingStrategy(node_id=workers[0].node_id, soft=False)
        started = start_writer_here.options(scheduling_strategy=affinity).remote(str(db_path), "mn-removed")
        writer_started = ray.get(started, timeout=120)
        yield MultiNode(
            cluster,
            head,
            workers,
            baseline,
            tables(folder / "single.db"),
            baseline_pool,
            db_path,
            writer_started,
        )
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_the_baseline_ran_on_one_node(multinode: MultiNode) -> None:
    assert set(multinode.baseline_pool) == {multinode.head}
    assert len(multinode.baseline_pool) == 2  # auto on 2 CPUs: the lower bound
    assert multinode.baseline.status == "done"
    assert all(s.status == "done" for s in multinode.baseline.sources.values()), multinode.baseline.sources
    assert counts(multinode.baseline)["inserted"] > 0 and counts(multinode.baseline)["duplicates"] > 0


def test_the_sqlite_writer_lands_on_the_head_even_when_started_from_another_node(
    multinode: MultiNode,
) -> None:
    started_on, writer_on = multinode.writer_started
    assert started_on == multinode.workers[0].node_id
    assert writer_on == multinode.head  # where the SQLite file lives


def test_scrapers_spread_and_a_node_removed_mid_run_leaves_the_single_node_counts_nothing_twice(
    multinode: MultiNode, board: DemoBoard
) -> None:
    db_path = multinode.db_path
    coordinator, run_id = start_run(board, db_path, "mn-removed")
    nodes = pool_nodes(coordinator)
    # auto: 6 CPUs over 3 nodes make 3 workers, one on each node (actors.spread); the coordinator
    # on the head
    resources = ray.cluster_resources()  # type: ignore[no-untyped-call]
    assert len(nodes) == scraper_pool_size("auto", resources, max_concurrency=4) == 3
    assert set(nodes) == {multinode.head} | {n.node_id for n in multinode.workers}, nodes
    assert node_of(coordinator) == multinode.head
    victim = next(n for n in multinode.workers if n.node_id in nodes)
    victim_slots = {i for i, node in enumerate(nodes) if node == victim.node_id}
    keys = [
        task.key for task in RunSpec(searches=[board.search()], companies=board.company_configs()).tasks()
    ]
    victim_keys = {key for n, key in enumerate(keys) if n % len(nodes) in victim_slots}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # something written, and the victim still has work
        state: RunState = ray.get(coordinator.state.remote(run_id))
        written = any(s.status == "done" for s in state.sources.values())
        pending = any(state.sources[k].status in ("queued", "running") for k in victim_keys)
        if written and pending:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"no moment with work written and work left on the victim: {state.sources}")
    multinode.cluster.remove_node(victim)
    assert ray.get(coordinator.state.remote(run_id)).status == "running"  # removed mid-run

    state = ray.get(coordinator.wait.remote(run_id, 240), timeout=260)
    assert state.status == "done", state
    assert all(s.status == "done" for s in state.sources.values()), state.sources
    assert counts(state) == counts(multinode.baseline)
    events = ray.get(coordinator.events.remote(run_id, 0))
    assert any(e.type == "worker_crashed" for e in events)
    limits = ray.get(coordinator.limits.remote())
    assert limits["workers_replaced"] >= 1 and limits["in_flight"] == 0 and limits["permits"] == 0
    alive = {multinode.head} | {n.node_id for n in multinode.workers if n is not victim}
    assert set(pool_nodes(coordinator)) <= alive  # the replacements run on the nodes left

    stored = tables(db_path)
    # the same jobs, each once (dedup_key is unique). Not the jobs' content hashes: a job keeps the
    # hash of the source that inserted it (a merged duplicate adds a source row, never moves it), so
    # when the victim's source is retried later, another board's copy of a shared job can be the
    # first in and the job's hash differs from the baseline's — the source rows (compared next,
    # hashes included) are the same either way
    assert [key for key, _ in stored.jobs] == [key for key, _ in multinode.baseline_tables.jobs]
    assert stored.sources == multinode.baseline_tables.sources
    assert len(stored.jobs) == counts(state)["inserted"]
    assert len(stored.sources) == counts(state)["inserted"] + counts(state)["duplicates"]
    recorded = {k: v for k, v in stored.run_counts[-1].items() if k in COUNTS}
    assert (
        recorded
        == counts(state)
        == {k: v for k, v in multinode.baseline_tables.run_counts[-1].items() if k in COUNTS}
    )
    ray.kill(coordinator)

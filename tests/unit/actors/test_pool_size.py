"""``scraping.workers``: a number as given, ``auto`` sized from the cluster's resources (actors/pool_size.py),
and one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from actors.coordinator import _Coordinator
from actors.pool_size import AUTO_CAP, cluster_nodes, cluster_pool_size, scraper_pool_size
from jobscraper.config import Settings, load_settings
from jobscraper.errors import ConfigError
from jobscraper.store import open_database
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient


def resources(cpus: float, *nodes: tuple[str, float]) -> dict[str, float]:
    """What ``ray.cluster_resources()`` answers: CPUs, memory, one ``node:<ip>`` entry per address."""
    found = {"CPU": cpus, "memory": 8e9, "object_store_memory": 1e9, "node:__internal_head__": 1.0}
    found.update(dict(nodes))
    return found


def test_nodes_are_counted_also_when_they_share_one_address() -> None:
    assert cluster_nodes(resources(8, ("node:10.0.0.1", 1))) == 1
    assert cluster_nodes(resources(6, ("node:127.0.0.1", 3))) == 3  # three nodes on one machine
    assert cluster_nodes(resources(64, ("node:10.0.0.1", 1), ("node:10.0.0.2", 1))) == 2
    assert cluster_nodes({}) == 0


@pytest.mark.parametrize(
    ("cpus", "nodes", "expected"),
    [
        (2, 1, 2),  # the CI machine, a small laptop: the pool it always had
        (4, 1, 2),
        (8, 1, 4),  # one worker per two CPUs
        (6, 3, 3),  # the multi-node test: a head and two workers of 2 CPUs each
        (4, 4, 4),  # at least one per node, whatever the CPUs
        (2, 5, 5),
        (13, 1, 7),  # rounded up
    ],
)
def test_auto_takes_one_worker_per_two_cpus_at_least_two_and_one_per_node(
    cpus: float, nodes: int, expected: int
) -> None:
    found = resources(cpus, ("node:10.0.0.1", nodes))
    assert scraper_pool_size("auto", found, max_concurrency=100) == expected


def test_auto_never_passes_the_global_limit_nor_the_cap_nor_goes_below_two() -> None:
    big = resources(256, ("node:10.0.0.1", 8))
    assert scraper_pool_size("auto", big, max_concurrency=8) == 8  # a worker more would wait for a permit
    assert scraper_pool_size("auto", big, max_concurrency=10_000) == AUTO_CAP
    # never below two: a source whose worker is lost is retried on the other one at once
    assert scraper_pool_size("auto", resources(16, ("node:10.0.0.1", 1)), max_concurrency=1) == 2


def test_a_number_is_taken_as_given_and_no_cluster_gives_the_lower_bound() -> None:
    assert scraper_pool_size(5, resources(64, ("node:10.0.0.1", 1)), max_concurrency=2) == 5
    assert scraper_pool_size("auto", {}, max_concurrency=8) == 2
    # without Ray (a unit test, a coordinator built in-process) auto reads no cluster
    assert cluster_pool_size(Settings().scraping) == 2
    assert cluster_pool_size(Settings.model_validate({"scraping": {"workers": 3}}).scraping) == 3


def test_the_coordinator_builds_its_pool_from_the_setting(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    settings = Settings.model_validate({"scraping": {"workers": 3}, "extraction": {"enabled": False}})
    try:
        coordinator = _Coordinator(
            settings,
            writer=WriterClient(InProcessTransport(Writer(db))),
            worker_factory=lambda owner: owner,
            kill_worker=lambda handle: None,
        )
        assert len(coordinator._pool) == 3
    finally:
        db.dispose()


def test_workers_is_auto_by_default_and_reads_numbers_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().scraping.workers == "auto"
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__WORKERS", "4")
    assert Settings().scraping.workers == 4
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__WORKERS", "AUTO")
    assert Settings().scraping.workers == "auto"


@pytest.mark.parametrize("bad", ["0", "257", "many", "2.5", "true", "-1"])
def test_a_bad_workers_value_is_one_clear_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "jobscraper.yaml"
    path.write_text(f"scraping:\n  workers: {bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert "\n" not in message
    assert (
        "scraping.workers" in message and "must be auto or a whole number of workers from 1 to 256" in message
    )

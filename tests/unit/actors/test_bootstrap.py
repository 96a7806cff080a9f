"""The one start-up routine, with fake actor starters (no Ray): the order of the parts, the seeding of
the config's entries, and a cluster whose writer owns another database refused with one clear line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fakes_coordinator import Method

from actors.bootstrap import bootstrap, connect, local_options
from jobscraper.config import Settings
from jobscraper.errors import StoreError


class Writer:
    def __init__(self, owns: Path | str, started: list[str]) -> None:
        self.started = started
        self.seeded: list[tuple[list[str], list[str]]] = []

        async def db_path() -> str:
            return str(owns)

        async def seed_saved(searches: list[Any], companies: list[Any]) -> None:
            started.append("seed")
            self.seeded.append(([s.name for s in searches], [c.name for c in companies]))

        self.db_path = Method(db_path)
        self.seed_saved = Method(seed_saved)


def _settings(path: Path) -> Settings:
    return Settings.model_validate(
        {
            "database": {"path": str(path)},
            "searches": [{"name": "py", "term": "python"}],
            "companies": [{"name": "Acme", "url": "https://acme.example/careers"}],
        }
    )


def _bring_up(settings: Settings, owns: Path | str, **options: Any) -> tuple[Any, list[str], Writer]:
    started: list[str] = []
    writer = Writer(owns, started)

    def start_writer(path: Path, *, namespace: str) -> Writer:
        started.append(f"writer {path}")
        return writer

    def start_coordinator(given: Settings) -> str:
        started.append("coordinator")
        assert given.database.path.is_absolute()  # actors do not share the driver's working folder
        return "the coordinator"

    result = asyncio.run(
        bootstrap(settings, start_writer=start_writer, start_coordinator=start_coordinator, **options)
    )
    return result, started, writer


def test_the_writer_comes_first_then_the_seeding_then_the_coordinator(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    started, order, writer = _bring_up(_settings(path), path)
    assert order == [f"writer {path}", "seed", "coordinator"]
    assert writer.seeded == [(["py"], ["Acme"])]
    assert started.location.path == path and started.coordinator == "the coordinator"
    assert started.settings.database.path == path


def test_a_cli_run_names_its_own_database_and_may_skip_seeding_and_the_coordinator(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    started, order, _ = _bring_up(
        _settings(tmp_path / "jobs.db"), other, location=other, seed=False, coordinator="none"
    )
    assert order == [f"writer {other}"] and started.coordinator is None


def test_a_writer_that_owns_another_database_is_refused_with_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    elsewhere = tmp_path / "elsewhere.db"
    with pytest.raises(StoreError) as caught:
        _bring_up(_settings(path), elsewhere, hint="use --db {owned} or another cluster")
    assert str(caught.value) == (
        f"this cluster's writer owns {elsewhere}, not {path}; use --db {elsewhere} or another cluster"
    )


def test_a_postgresql_writer_is_ours_whatever_the_password_and_its_refusal_shows_none(tmp_path: Path) -> None:
    url = "postgresql+psycopg://jobs:s3cret@db.internal:5432/jobs"
    settings = _settings(tmp_path / "jobs.db").model_copy(deep=True)
    settings.database.url = url
    answer = "postgresql+psycopg://jobs:***@db.internal:5432/jobs"  # what a writer says of itself
    started, order, _ = _bring_up(settings, answer)
    assert order == [f"writer {url}", "seed", "coordinator"]  # the writer opens the URL, password and all
    assert started.location.target == url and started.settings.database.url == url
    with pytest.raises(StoreError) as caught:
        _bring_up(settings, "postgresql+psycopg://jobs:***@db.internal:5432/other", hint="not {owned}")
    assert "s3cret" not in str(caught.value)
    assert str(caught.value) == (
        f"this cluster's writer owns postgresql+psycopg://jobs:***@db.internal:5432/other, not {answer}; "
        "not postgresql+psycopg://jobs:***@db.internal:5432/other"
    )


def test_ray_init_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    import ray

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(ray, "init", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    settings = Settings.model_validate({"ray": {"num_cpus": 3, "dashboard_port": 18265}})
    connect("ns", "ray://head:10001")
    connect("ns", None)
    connect("ns", None, local=local_options(settings, dashboard=True), log_to_driver=True)
    monkeypatch.setenv("RAY_ADDRESS", "http://127.0.0.1:8265")  # a `ray job submit` job's driver
    connect("ns", None, local=local_options(settings, dashboard=False))
    joined, auto, local, submitted = calls
    assert joined["address"] == "ray://head:10001" and joined["log_to_driver"] is False
    assert auto["address"] == "auto" and auto["namespace"] == "ns"
    # a new Ray of its own, not the one `ray start --head` left in /tmp/ray/ray_current_cluster
    assert local["address"] == "local" and "log_to_driver" not in local
    assert "address" not in submitted  # Ray reads $RAY_ADDRESS and joins the job's cluster
    assert local["include_dashboard"] is True and local["dashboard_port"] == 18265 and local["num_cpus"] == 3

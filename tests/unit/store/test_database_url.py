"""``database.url``: what the config accepts, and how a URL opens a database (no server needed here;
PostgreSQL itself is tested in tests/integration/test_postgres.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobscraper.cli.context import Context
from jobscraper.config import load_settings
from jobscraper.errors import ConfigError, StoreError
from jobscraper.store import open_database, open_reader


@pytest.fixture(autouse=True)
def no_env_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("JOBSCRAPER_DATABASE__URL", "JOBSCRAPER_DATABASE__PATH", "JOBSCRAPER_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _load(tmp_path: Path, url: str) -> str | None:
    config = tmp_path / "jobscraper.yaml"
    config.write_text(f"database:\n  url: '{url}'\n", encoding="utf-8")
    return load_settings(config).database.url


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://jobs:secret@db.internal:5432/jobs", "postgresql://jobs@localhost/jobs"]
)
def test_a_postgresql_url_is_accepted(tmp_path: Path, url: str) -> None:
    assert _load(tmp_path, url) == url


def test_the_url_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", "postgresql+psycopg://jobs@db/jobs")
    assert load_settings().database.url == "postgresql+psycopg://jobs@db/jobs"
    assert load_settings().database.path == Path("data/jobs.db"), "path keeps its default, unused"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mysql://jobs@db/jobs",
            r"database\.url: unsupported database 'mysql': only sqlite .* and postgresql",
        ),
        ("postgres://jobs@db/jobs", r"unsupported database 'postgres'"),
        (
            "postgresql+asyncpg://jobs@db/jobs",
            r"unsupported driver 'asyncpg' for postgresql: use postgresql\+psycopg",
        ),
        ("data/jobs.db", r"database\.url: must be a URL such as postgresql\+psycopg://"),
    ],
)
def test_an_unsupported_url_is_a_config_error_naming_the_field(
    tmp_path: Path, url: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, url)


def test_a_sqlite_url_opens_that_file_as_the_path_would(tmp_path: Path) -> None:
    path = tmp_path / "data" / "jobs.db"
    db = open_database(f"sqlite:///{path}")
    try:
        assert (db.path, db.dialect, db.location) == (path, "sqlite", str(path))
        assert path.is_file()
    finally:
        db.dispose()
    reader = open_reader(f"sqlite:///{path}")
    reader.dispose()


def test_an_unsupported_or_memory_url_is_refused_without_showing_the_password() -> None:
    with pytest.raises(StoreError, match=r"unsupported database 'mysql'") as info:
        open_database("mysql://jobs:secret@db/jobs")
    assert "secret" not in str(info.value)
    with pytest.raises(StoreError, match="must name a file"):
        open_database("sqlite://")


def test_cli_commands_use_the_url_unless_db_names_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", f"sqlite:///{tmp_path / 'by-url.db'}")
    ctx = Context.load(None, None)
    assert ctx.db_url == f"sqlite:///{tmp_path / 'by-url.db'}"
    ctx.database().dispose()
    assert (tmp_path / "by-url.db").is_file() and not (tmp_path / "data").exists()
    assert Context.load(None, tmp_path / "named.db").db_url is None, "--db wins"

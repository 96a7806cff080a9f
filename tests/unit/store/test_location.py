"""One notion of where the job database is (an SQLite file or a PostgreSQL URL), as the Ray side, the
CLI and ``status`` use it: what is opened, what is shown (never a password), when two name the same
database, and where its actors may run."""

from __future__ import annotations

from pathlib import Path

import pytest

from actors.bootstrap import with_resolved_db
from actors.placement import db_node_options, db_node_resources
from jobscraper.cli.context import Context
from jobscraper.config import Settings
from jobscraper.errors import StoreError
from jobscraper.store.location import DatabaseLocation, location_of

URL = "postgresql+psycopg://jobs:s3cret@db.internal:5432/jobs"


def test_a_file_is_opened_and_shown_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = DatabaseLocation.of("data/jobs.db")
    assert here.path == tmp_path / "data" / "jobs.db"
    assert here.target == here.shown == str(tmp_path / "data" / "jobs.db")
    assert not here.is_server and here.dialect == "sqlite"
    assert DatabaseLocation.of(f"sqlite:///{tmp_path}/data/jobs.db") == here, "an sqlite URL names the file"
    assert DatabaseLocation.of(here) is here


def test_a_url_keeps_its_password_to_open_and_hides_it_everywhere_else() -> None:
    server = DatabaseLocation.of(URL)
    assert server.target == URL and server.is_server and server.dialect == "postgresql"
    assert server.shown == "postgresql+psycopg://jobs:***@db.internal:5432/jobs"
    for text in (str(server), repr(server), f"{server}", f"{server!r}"):
        assert "s3cret" not in text


def test_a_bare_postgresql_url_gets_psycopg_3() -> None:
    assert DatabaseLocation.of("postgresql://u:p@h/db").target == "postgresql+psycopg://u:p@h/db"


def test_the_same_database_whatever_the_password_or_the_spelling(tmp_path: Path) -> None:
    server = DatabaseLocation.of(URL)
    assert server.same("postgresql+psycopg://jobs:***@db.internal:5432/jobs"), "the writer's own answer"
    assert server.same("postgresql://jobs:rotated@db.internal:5432/jobs")
    assert not server.same("postgresql+psycopg://jobs:s3cret@db.internal:5432/other")
    assert not server.same(tmp_path / "jobs.db")
    file = DatabaseLocation.of(tmp_path / "jobs.db")
    assert file.same(str(tmp_path / "." / "jobs.db")) and not file.same(tmp_path / "other.db")
    assert not file.same("mysql://x/y"), "an answer that is no database of ours names another one"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "must name a file"),
        ("::://", "not a database URL"),
    ],
)
def test_what_is_no_job_database_is_one_store_error(value: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem):
        DatabaseLocation.of(value)


def test_the_configured_database_is_the_url_when_set(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    assert location_of(Settings.model_validate({"database": {"path": str(path)}}).database).path == path
    settings = Settings.model_validate({"database": {"path": str(path), "url": URL}})
    assert location_of(settings.database).target == URL


def test_the_actors_are_given_an_absolute_file_or_the_url_and_never_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with_url = Settings.model_validate({"database": {"path": "rel.db", "url": URL}})
    assert with_resolved_db(with_url).database.url == URL
    to_file = with_resolved_db(with_url, tmp_path / "named.db").database  # --db names a file: it wins
    assert to_file.url is None and to_file.path == tmp_path / "named.db"
    plain = with_resolved_db(Settings.model_validate({"database": {"path": "rel.db"}})).database
    assert plain.path == tmp_path / "rel.db" and plain.url is None
    assert with_resolved_db(Settings(), URL).database.url == URL


def test_a_postgresql_writer_may_run_on_any_node() -> None:
    server = DatabaseLocation.of(URL)
    assert db_node_options(server) == {} and db_node_resources(server) == {}


def test_the_cli_chooses_db_then_the_url_then_the_demo_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    demo = Path("data/demo.db")
    assert Context.load(None, None, default_file=demo).location.path == tmp_path / "data" / "demo.db"
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", URL)
    assert Context.load(None, None, default_file=demo).location.target == URL
    assert Context.load(None, tmp_path / "mine.db", default_file=demo).location.path == tmp_path / "mine.db"

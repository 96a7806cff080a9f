"""Nothing the CLI writes can destroy the database or a special file (issue 13, items 2 and 3).

``export --out <the database>`` truncated the database to a CSV header; ``db backup PATH --force``
replaced a FIFO or a device node with a regular file. Now every output is checked first (not the
database nor its -wal/-shm/-journal, not a folder, only a regular file may be replaced) and written
through a temporary file in the same folder and a rename.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobscraper.errors import InputError
from jobscraper.files import atomic_write, check_output
from jobscraper.store import open_database
from jobscraper.store.backup import backup_database
from tests.cli_inprocess import Cli, assert_one_line_error, job_database


@pytest.fixture
def jobs_db(tmp_path: Path) -> Path:
    return job_database(tmp_path / "data" / "jobs.db", jobs=5)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _job_count(path: Path) -> int:
    database = open_database(path)
    try:
        with database.reader() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM job").scalar_one())
    finally:
        database.dispose()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_refuses_the_database_and_its_files(cli: Cli, jobs_db: Path, suffix: str, fmt: str) -> None:
    target = Path(f"{jobs_db}{suffix}")
    before = _digest(jobs_db)

    result = cli("export", "--format", fmt, "--out", target, "--db", jobs_db)

    assert_one_line_error(result, "is the database itself")
    assert _digest(jobs_db) == before
    assert _job_count(jobs_db) == 5


def test_export_refuses_the_database_through_a_symlink_or_a_hard_link(
    cli: Cli, jobs_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "link.csv").symlink_to(jobs_db)
    os.link(jobs_db, tmp_path / "hard.csv")
    for name in ("link.csv", "hard.csv"):
        assert_one_line_error(cli("export", "--out", tmp_path / name, "--db", jobs_db), "database itself")
    assert _job_count(jobs_db) == 5


def test_export_refuses_a_folder(cli: Cli, jobs_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert_one_line_error(cli("export", "--out", folder, "--db", jobs_db), "is a folder")
    assert list(folder.iterdir()) == []


def _fifo(tmp_path: Path) -> Path:
    """A FIFO with its read end held open (non-blocking), so code that wrongly opens it for writing
    fails the test instead of hanging it."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    _OPEN_FDS.append(reader)
    return path


_OPEN_FDS: list[int] = []


@pytest.fixture(autouse=True)
def _close_fifo_readers() -> Iterator[None]:
    yield
    while _OPEN_FDS:
        os.close(_OPEN_FDS.pop())


def _device(tmp_path: Path) -> Path:
    """A character device node (a copy of /dev/null's numbers) in the test's folder; only root may."""
    path = tmp_path / "null-device"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.stat("/dev/null").st_rdev)
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return path


@pytest.mark.parametrize("make", [_fifo, _device], ids=["fifo", "device"])
def test_backup_force_never_replaces_a_special_file(
    cli: Cli, jobs_db: Path, tmp_path: Path, make: object
) -> None:
    special = make(tmp_path)  # type: ignore[operator]
    kind = stat.S_IFMT(special.lstat().st_mode)

    result = cli("db", "backup", special, "--force", "--db", jobs_db)

    assert_one_line_error(result, "not a regular file")
    assert stat.S_IFMT(special.lstat().st_mode) == kind  # still the FIFO / device node


@pytest.mark.parametrize("make", [_fifo, _device], ids=["fifo", "device"])
def test_export_never_replaces_a_special_file(cli: Cli, jobs_db: Path, tmp_path: Path, make: object) -> None:
    special = make(tmp_path)  # type: ignore[operator]
    kind = stat.S_IFMT(special.lstat().st_mode)

    result = cli("export", "--out", special, "--db", jobs_db)

    assert_one_line_error(result, "not a regular file")
    assert stat.S_IFMT(special.lstat().st_mode) == kind


def test_backup_function_refuses_a_fifo_even_when_forced(jobs_db: Path, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    with pytest.raises(InputError, match="not a regular file"):
        backup_database(jobs_db, fifo, force=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_replaces_an_old_export_in_one_step(cli: Cli, jobs_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "jobs.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)

    result = cli("export", "--out", out, "--db", jobs_db)

    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").startswith("id,site,job_url,")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the replaced file keeps its permissions
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_init_writes_its_config_atomically_and_refuses_a_fifo(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "conf" / "jobscraper.yaml"
    assert cli("init", "--config", config).code == 0
    assert "searches" in config.read_text(encoding="utf-8")

    fifo = _fifo(tmp_path)
    assert_one_line_error(cli("init", "--config", fifo, "--force"), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), atomic_write(target) as handle:
        handle.write("half of the new")
        raise Boom

    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_check_output_allows_a_new_file_and_a_forced_regular_one(tmp_path: Path) -> None:
    existing = tmp_path / "a.csv"
    existing.write_text("x", encoding="utf-8")
    assert check_output(tmp_path / "new.csv") == (tmp_path / "new.csv").resolve()
    assert check_output(existing, force=True) == existing.resolve()
    with pytest.raises(InputError, match="already exists"):
        check_output(existing, force=False)

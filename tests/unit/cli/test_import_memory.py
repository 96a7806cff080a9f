"""``import`` streams its file instead of holding it in memory (issue 13, item 20).

A 200 MB CSV peaked at 1.3 GB RSS: the file was read whole, decoded whole and copied into a
``StringIO`` (4 bytes a character once one is not Latin-1), so memory grew with the file several
times over. Each measurement runs in a fresh child process (``bench/import_memory.py --child``)
and reads its own peak RSS (``ru_maxrss``); the child importing a tiny file is the floor
(interpreter, libraries, an empty database), so the figures compared are what the file added.
No timing is measured. The 200 MB figure is ``bench/import_memory.py``. Marked ``slow``: a 30 MB
import in a fresh process takes tens of seconds on two cores, and a smaller file would hide the
growth in the interpreter's own noise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
import import_memory  # noqa: E402  (bench/ is not a package)

pytestmark = pytest.mark.slow

# The sync engine's own SQLite page cache may fill up to this (``PRAGMA cache_size = -65536``
# in jobscraper.store.db): memory the database uses whatever the file's size.
SQLITE_CACHE_MB = 64


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("import-memory")
    small, big = folder / "small.csv", folder / "big.csv"
    import_memory.make_csv(small, 0.05)
    import_memory.make_csv(big, 30)
    return {"small": small, "big": big, "folder": folder}


def _reader_peak_mb(path: Path) -> tuple[float, int]:
    """Peak RSS (MB) of a child that only reads every row of ``path``; and how many rows it read."""
    code = (
        "import resource, sys\n"
        "from jobscraper.imports import RowError, open_postings\n"
        "rows = sum(1 for _l, item in open_postings(sys.argv[1]) if not isinstance(item, RowError))\n"
        "print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    rows, peak = done.stdout.split()
    return float(peak), int(rows)


def _mb(path: Path) -> float:
    return path.stat().st_size / 1_000_000


def test_reading_a_big_file_takes_no_memory_that_grows_with_it(files: dict[str, Path]) -> None:
    floor, _ = _reader_peak_mb(files["small"])
    peak, rows = _reader_peak_mb(files["big"])

    assert rows > 20_000
    # whole-file reading added ~6x the file here (bytes + str + a UCS-4 StringIO)
    assert peak - floor < 0.2 * _mb(files["big"]), (floor, peak)


def test_importing_a_big_file_stays_well_under_three_times_its_size(files: dict[str, Path]) -> None:
    folder = files["folder"]
    floor: dict[str, Any] = import_memory.measure("streamed", files["small"], folder / "small.db")
    ours: dict[str, Any] = import_memory.measure("streamed", files["big"], folder / "big.db")

    added = ours["peak_mb"] - floor["peak_mb"]
    size = _mb(files["big"])
    assert added < size + SQLITE_CACHE_MB, (floor, ours, size)  # the old reader alone added ~6x size
    assert ours["peak_mb"] < 3 * size + floor["peak_mb"]
    assert ours["counts"]["rows"] == ours["counts"]["inserted"] > 20_000
    assert ours["counts"]["rejected"] == 0


def test_the_baseline_reader_reads_the_same_rows(files: dict[str, Path]) -> None:
    """The bench's baseline (the reader before streaming) and ours agree row for row."""
    ours = [(line, item) for line, item in import_memory._whole_file_postings(files["small"])]
    from jobscraper.imports import open_postings

    assert ours == list(open_postings(files["small"]))

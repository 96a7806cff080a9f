"""Peak memory of ``jobscraper import`` on a big CSV: the whole-file baseline against the streamed
import. Target (issue 13, item 20): a 200 MB CSV in ≤ 300 MB peak RSS, the same counts.

A JobSpy-shaped CSV of ``--mb`` megabytes is generated (``--rows-per-mb`` rows per MB; each row a
distinct job with a ~1 KB description), then imported twice into two fresh databases, each in its
own child process whose peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is reported:

(a) baseline: the import as it was before streaming — the file read whole (``read_bytes``),
    decoded whole, wrapped in a ``StringIO`` and parsed from there (the old ``open_postings``),
    written through the same sync engine in the same batches;
(b) ours: ``jobscraper import`` as shipped (the file read line by line).

Both children run the real CLI (``jobscraper.cli.main``); only (a) swaps the file reader. The two
runs must report the same counts (rows, inserted, updated, …); the script exits 1 if they differ.
Printed: each peak, the file size, and last the ratio ours / baseline.

    uv run --frozen python bench/import_memory.py            # 200 MB
    uv run --frozen python bench/import_memory.py --mb 20    # quicker
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_COLUMNS = (
    "id", "site", "job_url", "title", "company", "location", "date_posted", "job_type",
    "interval", "min_amount", "max_amount", "currency", "is_remote", "description", "skills",
)  # fmt: skip
_PARAGRAPH = (
    "We build reliable data platforms. You will design pipelines, review code, mentor engineers and "
    "own services end to end in Python, Go and SQL on Kubernetes. "
)


def make_csv(path: Path, megabytes: float) -> int:
    """A JobSpy CSV of about ``megabytes`` MB (every row a different job); the number of rows."""
    target = int(megabytes * 1_000_000)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_COLUMNS)
        while handle.tell() < target:
            n = rows + 1
            description = f"Role {n}. " + _PARAGRAPH * 7 + f"Team {n % 97}, München — €{50 + n % 50}k."
            writer.writerow([
                f"in-{n}", "indeed", f"https://www.indeed.com/viewjob?jk={n:012x}", f"Engineer {n}",
                f"Company {n % 5000}", f"City {n % 300}, DE", "2026-11-01", "fulltime", "yearly",
                50000 + n % 1000, 70000 + n % 1000, "EUR", "False", description, "Python, SQL, Go",
            ])  # fmt: skip
            rows += 1
    return rows


def _whole_file_postings(path: Path | str) -> Any:
    """The reader before streaming: the whole file in memory, three times over (bytes, str, StringIO)."""
    from jobscraper import imports

    file = Path(path)
    raw = file.read_bytes()
    decoded = raw.decode("utf-8-sig").replace("\x00", "")
    rows = imports.FileRows(file, "csv", len(raw))
    text = io.StringIO(decoded, newline="")
    del raw
    return _WholeFile(rows, text)


class _WholeFile:
    def __init__(self, rows: Any, text: io.StringIO) -> None:
        self.rows, self.text, self.warnings, self.format = rows, text, [], "csv"

    def __iter__(self) -> Any:
        return self.rows._csv(iter(self.text))


def child(mode: str, csv_path: str, db_path: str) -> None:
    """Run ``jobscraper import`` here; print its counts and this process's peak RSS (MB) as JSON."""
    os.environ["JOBSCRAPER_RAY__USE_CLUSTER_WRITER"] = "false"
    from jobscraper.cli import data_cmds, main

    if mode == "baseline":
        data_cmds.open_postings = _whole_file_postings  # type: ignore[assignment]
    captured: dict[str, Any] = {}
    original = data_cmds._print_counts

    def keep_counts(counts: Any, read: int, errors: list[Any], how: str, db: Path) -> None:
        captured.update(counts.model_dump() | {"rows": read, "rejected": len(errors)})

    data_cmds._print_counts = keep_counts  # type: ignore[assignment]
    code = 0
    try:
        main(["import", csv_path, "--db", db_path, "--no-embed"])  # the import's own memory, not the model's
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        data_cmds._print_counts = original  # type: ignore[assignment]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"code": code, "peak_mb": round(peak_mb, 1), "counts": captured}))


def measure(mode: str, csv_path: Path, db_path: Path) -> dict[str, Any]:
    """Peak RSS and counts of one import in a fresh child process."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(csv_path), str(db_path)],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{mode} import failed: {result.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if report["code"] != 0:
        raise RuntimeError(f"{mode} import exited {report['code']}: {result.stderr[-2000:]}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=200.0, help="size of the generated CSV (default 200)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="jobscraper-import-memory-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "big.csv"
        rows = make_csv(csv_path, args.mb)
        size_mb = csv_path.stat().st_size / 1_000_000
        print(f"file: {size_mb:.0f} MB, {rows} rows")
        base = measure("baseline", csv_path, folder / "baseline.db")
        print(f"(a) baseline, whole file in memory: peak RSS {base['peak_mb']:.0f} MB  {base['counts']}")
        ours = measure("streamed", csv_path, folder / "ours.db")
        print(f"(b) ours, streamed:                 peak RSS {ours['peak_mb']:.0f} MB  {ours['counts']}")
        if base["counts"] != ours["counts"]:
            print("counts differ", file=sys.stderr)
            return 1
        print(f"ratio ours/baseline: {ours['peak_mb'] / base['peak_mb']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stored fits at 100k jobs: ``match`` top 50 and ``sort=fit`` page 1, live (the baseline: every
query scores the jobs, :func:`~jobscraper.matching.rank.rank_jobs` with ``stored=False``) against
stored (the best N read from ``job_fit``), and the bulk fill's rate; and the bytes on disk the fits
take per job per profile, and the vectors per job.

The database is a copy of ``bench/search.py``'s cached one (built on first use) in a temporary
folder, with one int8 vector per job stored in ``job_vector`` — the labelled set's real postings
embedded with the bundled model, jittered (as ``bench/job_fit.py`` does) — and the résumés of
``bench/match_data`` stored as profiles. Each profile's fits are filled through an in-process
writer (:func:`~jobscraper.matching.fit_store.fill_fits`, timed: fits/s); then, per profile:

- **match top 50**: ``rank_jobs(db, profile, limit=50)`` with the résumé already embedded (the
  live path embeds it first, reported apart; the stored path does not need it when every fit is
  fresh);
- **sort=fit page 1**: :func:`~jobscraper.matching.job_fit.ranked_page` of 25 with a warm
  :class:`~jobscraper.matching.job_fit.ProfileMeaning` (what an Api replica holds);
- **sort=fit, q=engineer**: the same with a text query.

The live path is slow (seconds a query), so it runs ``--live-rounds`` times; the stored path runs
``--rounds`` times after a warm-up round. Every stored answer of the first round is checked against
the live one (the same ids, scores and order). Run when the machine is quiet:
``flock /tmp/js-heavy.lock uv run --frozen python bench/fit_store.py``. Ratio last.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

__all__ = ["main"]

DATA = Path(__file__).resolve().parent / "match_data"


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _timed(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    """Wall milliseconds and the answer; the CPU milliseconds go to ``_CPU[-1]`` (this process's
    CPU time: on a shared 2-core machine the wall time mostly measures the neighbours)."""
    started, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    _CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - started) * 1000, out


_CPU: list[float] = []


def _current_schema(db: Any) -> None:
    """A cache migrated by migration 0006 before it stored the reasons and watched archiving (the
    same day) gets the table's ``detail`` column and the job trigger of 0006 as it is now."""
    import importlib.util

    from sqlalchemy import inspect

    with db.writer() as conn:
        if "detail" in {c["name"] for c in inspect(conn).get_columns("job_fit")}:
            return
        path = Path(__file__).resolve().parents[1] / "jobscraper/store/migrations/versions/0006_job_fit.py"
        spec = importlib.util.spec_from_file_location("m0006", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        conn.exec_driver_sql("ALTER TABLE job_fit ADD COLUMN detail BLOB NOT NULL DEFAULT x''")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS job_fit_job_au")
        conn.exec_driver_sql(module.SQLITE_UP[0])


def _store_vectors(db: Any, embedder: Any) -> int:
    """One jittered real vector per job, written straight into job_vector (one transaction)."""
    from sqlalchemy import insert

    from jobscraper.matching.vectors import job_text
    from jobscraper.store.vectors import VECTOR, quantize

    with db.reader() as conn:
        jobs = conn.exec_driver_sql("SELECT id, content_hash FROM job ORDER BY id").all()
    postings = [json.loads(line) for line in (DATA / "jobs.jsonl").read_text("utf-8").splitlines() if line]
    real = embedder.embed([job_text(job) for job in postings])
    rng = numpy.random.default_rng(0)
    with db.writer() as conn:
        for start in range(0, len(jobs), 10_000):
            chunk = jobs[start : start + 10_000]
            rows = real[numpy.arange(start, start + len(chunk)) % len(real)]
            rows = rows + rng.normal(0, 0.02, rows.shape)
            rows /= numpy.linalg.norm(rows, axis=1, keepdims=True)
            datas, scales = quantize(rows.astype(numpy.float32))
            conn.execute(
                insert(VECTOR),
                [
                    {"job_id": j.id, "model_id": embedder.model_id, "content_hash": j.content_hash,
                     "dim": embedder.dim, "data": d, "scale": s}
                    for j, d, s in zip(chunk, datas, scales, strict=True)
                ],
            )  # fmt: skip
    return len(jobs)


def _storage(db: Any) -> dict[str, int]:
    """Bytes on disk of ``job_fit`` and ``job_vector``, each with its indexes (SQLite's ``dbstat``:
    the pages they take, free space inside them included, as a user's file grows)."""
    with db.reader() as conn:
        owners = dict(
            conn.exec_driver_sql(
                "SELECT name, tbl_name FROM sqlite_master WHERE tbl_name IN ('job_fit', 'job_vector')"
            ).all()
        )
        sizes = conn.exec_driver_sql("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").all()
    out = {"job_fit": 0, "job_vector": 0}
    for name, size in sizes:
        if name in owners:
            out[owners[name]] += int(size)
    return out


def _key(answer: list[Any]) -> list[tuple[int, int]]:
    """Ids and scores in order (a ranked job's ``score``, a listed job's ``fit``)."""
    return [(r.id, r.score if hasattr(r, "score") else r.fit) for r in answer]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, default=4, help="how many of the résumés")
    parser.add_argument("--rounds", type=int, default=5, help="stored-path passes over the profiles")
    parser.add_argument("--live-rounds", type=int, default=1, help="live-path passes (seconds each)")
    args = parser.parse_args(argv)

    from search import _db_path, build

    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder
    from jobscraper.matching.fit_store import fill_fits, resume_vector
    from jobscraper.matching.job_fit import ProfileMeaning, ranked_page
    from jobscraper.matching.profile import ProfileInput
    from jobscraper.matching.rank import rank_jobs
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store import JobQuery, open_database, search_jobs
    from jobscraper.store.profiles import get_profile
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient

    cached = _db_path(args.jobs, 0)
    if not cached.exists():
        build(cached, args.jobs, 0)
    folder = Path(tempfile.mkdtemp(prefix="fit-store-"))
    try:
        path = folder / "jobs.db"
        shutil.copyfile(cached, path)
        db = open_database(path)
        _current_schema(db)
        embedder = load_embedder(MatchingSettings())
        stored_vectors = _store_vectors(db, embedder)
        writer = WriterClient(InProcessTransport(Writer(db)))
        names = []
        for resume in sorted((DATA / "resumes").glob("r*.md"))[: args.profiles]:
            writer.put_profile(ProfileInput(name=resume.stem, resume_text=resume.read_text("utf-8"))).result()
            names.append(resume.stem)
        profiles = [get_profile(db, name) for name in names]

        filled = 0
        wall = cpu = 0.0
        for profile in profiles:
            started, started_cpu = time.perf_counter(), time.process_time()
            filled += fill_fits(db, writer, profile, embedder)
            wall += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
        embed_ms = [_timed(resume_vector, p, embedder)[0] for p in profiles * 3]
        with db.reader() as conn:
            fit_rows = int(conn.exec_driver_sql("SELECT count(*) FROM job_fit").scalar_one())
            detail = int(conn.exec_driver_sql("SELECT sum(length(detail)) FROM job_fit").scalar_one() or 0)
        storage = _storage(db)

        index = VectorIndex.load(db, embedder.model_id)
        meanings = [ProfileMeaning.build(p, embedder, index) for p in profiles]
        known = [m.embedder for m in meanings]
        queries = {"match top 50": None, "sort=fit page 1": JobQuery(sort="fit"),
                   "sort=fit q=engineer": JobQuery(sort="fit", q="engineer")}  # fmt: skip

        def ask(name: str, i: int, stored: bool) -> Any:
            if queries[name] is None:
                return rank_jobs(db, profiles[i], limit=50, embedder=known[i], index=index, stored=stored)
            return ranked_page(db, queries[name], meanings[i], stored=stored).items

        live: dict[str, list[float]] = {name: [] for name in queries}
        ours: dict[str, list[float]] = {name: [] for name in queries}
        ours_cpu: dict[str, list[float]] = {name: [] for name in queries}
        identical = True
        answers: dict[tuple[str, int], Any] = {}
        for _ in range(args.live_rounds):
            for name in queries:
                for i in range(len(profiles)):
                    took, answers[(name, i)] = _timed(ask, name, i, False)
                    live[name].append(took)
        for round_ in range(args.rounds + 1):  # the first round warms up and is not counted
            for name in queries:
                for i in range(len(profiles)):
                    took, answer = _timed(ask, name, i, True)
                    if round_ == 0:
                        identical &= _key(answer) == _key(answers[(name, i)])
                    else:
                        ours[name].append(took)
                        ours_cpu[name].append(_CPU[-1])
        # for reference: the plain job list's page, whose total count a sort=fit page pays too
        listing: dict[str, list[float]] = {"list, newest first": [], "list, q=engineer": []}
        listing_cpu: dict[str, list[float]] = {name: [] for name in listing}
        for round_ in range(args.rounds + 1):
            for name, plain in zip(listing, (JobQuery(sort="posted"), JobQuery(q="engineer")), strict=True):
                took, _ = _timed(search_jobs, db, plain)
                if round_:
                    listing[name].append(took)
                    listing_cpu[name].append(_CPU[-1])
        db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    load = os.getloadavg()
    print(
        f"{stored_vectors} jobs with vectors, {len(profiles)} profiles ({embedder.model_id});"
        f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(
        f"bulk fill: {filled} fits in {wall:.1f} s = {filled / wall:.0f} fits/s"
        f" ({filled / cpu:.0f} fits per CPU-second)"
    )
    per_fit = storage["job_fit"] / max(fit_rows, 1)
    per_vector = storage["job_vector"] / max(stored_vectors, 1)
    print(
        f"storage: job_fit {storage['job_fit'] / 1e6:.1f} MB for {fit_rows} fits = {per_fit:.0f} B"
        f" per job per profile (its reasons, compressed: {detail / max(fit_rows, 1):.0f} B);"
        f" {per_fit * args.jobs / 1e6:.1f} MB per profile at {args.jobs} jobs;"
        f" job_vector {storage['job_vector'] / 1e6:.1f} MB = {per_vector:.0f} B per job (shared by all)"
    )
    e50, e95 = _p50_p95(embed_ms)
    print(f"embedding the résumé (live path only; not timed above): p50 {e50:.1f} ms  p95 {e95:.1f} ms")
    print(f"stored answers identical to live: {'yes' if identical else 'NO'}")
    for name, samples in listing.items():
        p50, p95 = _p50_p95(samples)
        c50, c95 = _p50_p95(listing_cpu[name])
        print(
            f"reference: {name:20} (search_jobs page of 25, no fit) p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            f" | CPU p50 {c50:6.1f} ms  p95 {c95:6.1f} ms"
        )
    worst = 0.0
    for name in queries:
        l50, l95 = _p50_p95(live[name])
        o50, o95 = _p50_p95(ours[name])
        worst = max(worst, o95)
        print(
            f"{name:20} live p50 {l50:8.1f} ms  p95 {l95:8.1f} ms (n={len(live[name])})"
            f" | stored p50 {o50:6.1f} ms  p95 {o95:6.1f} ms (n={len(ours[name])}) | x{l50 / o50:.0f} at p50"
        )
        c50, c95 = _p50_p95(ours_cpu[name])
        print(f"{'':20} stored, CPU time: p50 {c50:6.1f} ms  p95 {c95:6.1f} ms")
    all_live = [t for v in live.values() for t in v]
    all_ours = [t for v in ours.values() for t in v]
    print(f"ratio live/stored p95, all queries: {_p50_p95(all_live)[1] / _p50_p95(all_ours)[1]:.0f}"
          f" (stored worst p95 {worst:.1f} ms; target <= 50 ms)")  # fmt: skip
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())

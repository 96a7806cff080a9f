"""The fit on the job list (``GET /api/jobs``, ``jobs list``): what scoring a page and ranking by fit
add to a search, over ``--jobs`` (default 100,000) postings.

The database is ``bench/search.py``'s cached one (built on first use); the vector index holds one
int8 vector per job made from the labelled set's real postings, jittered (as ``bench/hybrid.py``
does: the latency does not depend on which job holds which vector). The person is each résumé of
``bench/match_data`` in turn, embedded with the bundled model.

- **baseline**: ``search_jobs`` page 1 of 25 (newest first, and a one-word text query by relevance);
- **ours, page**: the same search plus :func:`~jobscraper.matching.job_fit.fit_page` with the
  profile's :class:`~jobscraper.matching.job_fit.ProfileMeaning` already built — what a warm Api
  replica does for every job list;
- **once per profile** (and again each time a replica re-reads the vectors, at most every minute):
  ``ProfileMeaning.build`` — the résumé's embedding and one scan of the index;
- **ours, sort=fit**: :func:`~jobscraper.matching.job_fit.ranked_page` page 1 and page 4 of 25.

Run when the machine is quiet: ``flock /tmp/js-heavy.lock uv run --frozen python bench/job_fit.py``.
The baseline, ours and the ratio are printed last.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

__all__ = ["main"]

DATA = Path(__file__).resolve().parent / "match_data"


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - started) * 1000, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the résumés")
    args = parser.parse_args(argv)

    import json

    from search import _db_path, build

    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder
    from jobscraper.matching.job_fit import ProfileMeaning, fit_page, ranked_page
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.vectors import VectorIndex, job_text
    from jobscraper.store import JobQuery, open_database, search_jobs
    from jobscraper.store.vectors import quantize

    path = _db_path(args.jobs, 0)
    if not path.exists():
        build(path, args.jobs, 0)
    db = open_database(path)
    embedder = load_embedder(MatchingSettings())
    with db.reader() as conn:
        ids = numpy.asarray([r[0] for r in conn.exec_driver_sql("SELECT id FROM job ORDER BY id")])
    postings = [
        json.loads(line) for line in (DATA / "jobs.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    real = embedder.embed([job_text(job) for job in postings])
    rng = numpy.random.default_rng(0)
    datas: list[bytes] = []
    scales: list[float] = []
    for start in range(0, len(ids), 10_000):
        rows = real[numpy.arange(start, min(start + 10_000, len(ids))) % len(real)]
        rows = rows + rng.normal(0, 0.02, rows.shape)
        rows /= numpy.linalg.norm(rows, axis=1, keepdims=True)
        d, s = quantize(rows.astype(numpy.float32))
        datas.extend(d)
        scales.extend(s)
    matrix = numpy.frombuffer(b"".join(datas), dtype=numpy.int8).reshape(len(ids), embedder.dim)
    del datas
    index = VectorIndex(ids, matrix, numpy.asarray(scales, dtype=numpy.float32))
    now = datetime.now(UTC)
    profiles = [
        ProfileFields(name=p.stem, resume_text=p.read_text(encoding="utf-8"), created_at=now, updated_at=now)
        for p in sorted((DATA / "resumes").glob("r*.md"))
    ]
    queries = [JobQuery(sort="posted"), JobQuery(q="engineer")]

    builds: list[float] = []
    base: list[float] = []
    ours: list[float] = []
    by_fit: list[float] = []
    deep: list[float] = []
    for round_ in range(args.rounds + 1):  # the first round warms up and is not counted
        for profile in profiles:
            took, meaning = _timed(ProfileMeaning.build, profile, embedder, index)
            for query in queries:
                searched, page = _timed(search_jobs, db, query)
                scored, _ = _timed(fit_page, db, page, meaning)
                if round_:
                    base.append(searched)
                    ours.append(searched + scored)
            ranked, _ = _timed(ranked_page, db, JobQuery(sort="fit"), meaning)
            ranked4, _ = _timed(ranked_page, db, JobQuery(sort="fit", page=4), meaning)
            if round_:
                builds.append(took)
                by_fit.append(ranked)
                deep.append(ranked4)
    db.dispose()
    b50, b95 = _p50_p95(base)
    o50, o95 = _p50_p95(ours)
    m50, m95 = _p50_p95(builds)
    f50, f95 = _p50_p95(by_fit)
    d50, d95 = _p50_p95(deep)
    print(
        f"{len(ids)} jobs, {len(profiles)} résumés x {args.rounds} rounds, pages of 25 ({embedder.model_id})"
    )
    print(
        "once per profile and vector re-read (embed the résumé + scan the index):"
        f" p50 {m50:.1f} ms  p95 {m95:.1f} ms"
    )
    print(
        f"ours, sort=fit page 1 (rank_jobs): p50 {f50:.1f} ms  p95 {f95:.1f} ms;"
        f" page 4: p50 {d50:.1f} ms  p95 {d95:.1f} ms"
    )
    print(f"baseline (search_jobs page, newest first and 'engineer'): p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    print(f"ours (the same page with each job's fit, profile warm): p50 {o50:.1f} ms  p95 {o95:.1f} ms")
    print(f"ratio ours/baseline p95: {o95 / b95:.2f} (the fit adds {o95 - b95:.1f} ms at p95)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Finding the jobs a profile has no fresh fit for, right after a scrape: the baseline (every active
job read, as before migration 0025) against ours (the candidates of ``job_fit_gap`` and the stale
fits), from the same run on the same database. Both must find the same jobs.

What is timed (:mod:`jobscraper.store.fits`), each the median of ``--rounds`` warm runs:

- **live list**: ``missing_fit_ids(filters=JobQuery(), limit=2001)``, what the fit-sorted list asks
  on every request until the fill has scored the new jobs (``matching.fit_query``);
- **fill page**: ``missing_fit_ids(after_id=0, limit=64)``, each page of the writer's fill;
- **count**: ``count_missing_fits``, the fill's progress total.

``--db`` is a scratch database (a path or a PostgreSQL URL) with jobs, e.g. a copy of
``bench/scale.py``'s 1M cache: it is migrated, and on first use given a profile named
``bench-fit-missing`` with a fit of version ``v1`` for every active job but the ``--waiting``
newest (one ``INSERT … SELECT``; minutes at 1M jobs). The baseline is the same function with the
candidates turned off (``_few_candidates`` answering False: the old statement exactly). Run when
the machine is quiet: ``flock /tmp/js-heavy.lock uv run --frozen python bench/fit_missing.py --db …``.
Ratio last.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROFILE = "bench-fit-missing"
VERSION = "v1"


def _prepare(db: Any, waiting: int) -> int:
    """The bench profile's id, made with its fits on first use."""
    from sqlalchemy import func, select, text

    from jobscraper.matching.profile import ProfileInput
    from jobscraper.store.profiles import PROFILE as PROFILES
    from jobscraper.store.profiles import put_profile
    from jobscraper.store.tables import FIT

    with db.reader() as conn:
        found = conn.execute(select(PROFILES.c.id).where(PROFILES.c.name == PROFILE)).scalar()
    if found is not None:
        return int(found)
    started = time.perf_counter()
    body = ProfileInput(name=PROFILE, resume_text="Python engineer")
    profile_id = put_profile(db, body, datetime.now(UTC)).id
    with db.engine.begin() as conn:
        top = conn.execute(text("SELECT max(id) FROM job WHERE archived_at IS NULL")).scalar_one()
        newest = conn.execute(
            text("SELECT id FROM job WHERE archived_at IS NULL ORDER BY id DESC LIMIT 1 OFFSET :n"),
            {"n": waiting - 1},
        ).scalar()
        conn.execute(
            text(
                "INSERT INTO job_fit (profile_id, job_id, version, score, cosine, sunk, detail) "
                "SELECT :p, id, :v, id % 100, 0.5, :f, :d FROM job WHERE archived_at IS NULL AND id < :newest"
            ),
            {"p": profile_id, "v": VERSION, "f": False, "d": b"", "newest": newest or (top or 0) + 1},
        )
        counted = select(func.count()).select_from(FIT).where(FIT.c.profile_id == profile_id)
        fits = conn.execute(counted).scalar()
    if db.engine.dialect.name == "postgresql":  # as autovacuum would soon: the gaps' statistics
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE job_fit_gap"))
            conn.execute(text("ANALYZE job_fit"))
    took = time.perf_counter() - started
    print(f"prepared profile {profile_id}: {fits:,} fits in {took:.0f} s", flush=True)
    return int(profile_id)


def _median_ms(call: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    call()  # warm
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a scratch database: a path or a PostgreSQL URL")
    parser.add_argument("--waiting", type=int, default=99, help="active jobs left without a fit")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from jobscraper.store import JobQuery, fits, open_database

    db = open_database(args.db)
    profile_id = _prepare(db, args.waiting)
    calls: dict[str, Callable[[Any], Any]] = {
        "live list (limit 2001)": lambda conn: fits.missing_fit_ids(
            conn, profile_id, VERSION, filters=JobQuery(), limit=2001
        ),
        "fill page (limit 64)": lambda conn: fits.missing_fit_ids(
            conn, profile_id, VERSION, after_id=0, limit=64
        ),
        "count": lambda conn: fits.count_missing_fits(conn, profile_id, VERSION),
    }
    real = fits._few_candidates
    print(f"{db.engine.dialect.name}, profile {profile_id}; median of {args.rounds} warm runs")
    print(f"{'what':<24} {'baseline ms':>12} {'ours ms':>10} {'same':>6} {'ratio':>8}")
    differ = False
    for name, call in calls.items():
        with db.reader() as conn:
            run = functools.partial(call, conn)
            fits._few_candidates = lambda *a: False  # type: ignore[assignment]  # the old statement
            try:
                before, expected = _median_ms(run, args.rounds)
            finally:
                fits._few_candidates = real  # type: ignore[assignment]
            after, got = _median_ms(run, args.rounds)
        same = "yes" if got == expected else "NO"
        differ |= got != expected
        print(f"{name:<24} {before:>12.1f} {after:>10.2f} {same:>6} {before / after:>7.0f}x")
    db.dispose()
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Writer throughput: the Ray WriterActor path against a plain-sqlite3 floor. Target: b/a >= 0.6.

The same ``--n`` postings (default 20,000; ~10 % of them the same job on a second board, so
they merge into one job with two sources) are upserted into two fresh databases, each created by
``jobscraper.store.open_database`` (same schema, FTS5 triggers, WAL, synchronous=NORMAL):

(a) baseline, the floor: one process, stdlib ``sqlite3``, per batch of ``--batch`` postings one
    ``BEGIN IMMEDIATE`` … ``COMMIT`` with three ``executemany`` statements:
    ``INSERT INTO company … ON CONFLICT(normalized_name) DO NOTHING``,
    ``INSERT INTO job … ON CONFLICT(dedup_key) DO UPDATE SET <scraped field> =
    coalesce(job.<field>, excluded.<field>) …, last_seen, archived_at = NULL`` (a duplicate from
    another board fills empty fields, as the sync engine does) and
    ``INSERT INTO job_source … ON CONFLICT(url) DO UPDATE …``; job and company ids come from
    sub-selects on dedup_key / normalized_name. It writes the same rows and columns as the
    sync engine, datetimes as SQLAlchemy stores them ('2026-06-01 08:00:00.000000'), dates
    ISO, booleans 0/1, the JSON columns (emails, skills) as ``json.dumps`` text (SQL NULL for None).
(b) ours: a local Ray (``address="local"``, ``num_cpus=4``, no dashboard), one WriterActor
    (``actors.writer.start_writer``) and 4 producer actors, each sending its quarter of the
    postings in batches of ``--batch`` through ``WriterClient.upsert`` (one call in flight per
    producer; a call returns after its commit).

Inside the timed region, on both sides: turning each posting into rows — canonical URL, dedup
key and content hash (``jobscraper.store.identity``), annualised salary, value conversion — and
all database work, commits included. For (b) also Ray's serialisation and transport of the
batches and the acknowledgements. The timed region of (b) runs from the first send of any
producer to the last acknowledged batch (``time.monotonic`` in the producers, one clock on one
machine); the driver's own wall time is printed next to it.

Outside it: generating the data and validating the dicts into ``Posting`` objects (both sides
start from the same ``Posting`` objects — what the CLI import sends; ``--payload dicts`` makes
both sides validate dicts inside the timed region instead), creating the databases, Ray start-up
and actor creation (each producer pings the writer once before the clock starts).

Both databases must end with the same number of jobs, sources and companies and the same
content (a digest over every column but ids, per-run timestamps and the first source's
site/URL, which depend on arrival order); the script exits 1 if they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _data import make_postings

from jobscraper.models import SCRAPED_FIELDS
from jobscraper.posting import Posting
from jobscraper.store import open_database
from jobscraper.store.identity import canonical_url, content_hash, dedup_key, normalize_company

PRODUCERS = 4
_TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DATETIME storage format on SQLite

# ---------------------------------------------------------------------------------- baseline
_JOB_COLUMNS = (
    *SCRAPED_FIELDS,
    "dedup_key",
    "content_hash",
    "first_seen",
    "last_seen",
    "updated_at",
    "archived_at",
    "site",
    "job_url",
    "favorite",
    "notes",
    "status",
    "hidden",
)
_JOB_SQL = (
    f"INSERT INTO job ({', '.join(_JOB_COLUMNS)}, company_id) "
    f"VALUES ({', '.join('?' for _ in _JOB_COLUMNS)}, (SELECT id FROM company WHERE normalized_name = ?)) "
    "ON CONFLICT(dedup_key) DO UPDATE SET "
    + ", ".join(f"{f} = coalesce(job.{f}, excluded.{f})" for f in SCRAPED_FIELDS)
    + ", last_seen = excluded.last_seen, archived_at = NULL"
)
_COMPANY_SQL = (
    "INSERT INTO company (name, normalized_name, enabled, created_at) VALUES (?, ?, 1, ?) "
    "ON CONFLICT(normalized_name) DO NOTHING"
)
_SOURCE_SQL = (
    "INSERT INTO job_source (job_id, url, job_url, job_url_direct, site, external_id, content_hash, "
    "first_seen, last_seen) VALUES ((SELECT id FROM job WHERE dedup_key = ?), ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(url) DO UPDATE SET content_hash = excluded.content_hash, last_seen = excluded.last_seen, "
    "job_url_direct = coalesce(excluded.job_url_direct, job_source.job_url_direct), "
    "external_id = coalesce(excluded.external_id, job_source.external_id)"
)


_JSON_COLUMNS = {"emails", "skills"}  # JSON(none_as_null=True): None is SQL NULL


def _sql_value(value: Any) -> Any:
    if value is None or isinstance(value, str | float | int):  # bool is an int: stored 0/1
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime(_TS_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no SQLite form for {value!r}")


def _baseline_batch(conn: sqlite3.Connection, batch: list[Any]) -> int:
    items: dict[str, tuple[Posting, str, str]] = {}
    for raw in batch:
        p = raw if isinstance(raw, Posting) else Posting.model_validate(raw)
        items[canonical_url(p.job_url)] = (p, dedup_key(p), content_hash(p))
    now = datetime.now(UTC).strftime(_TS_FORMAT)
    companies, jobs, sources = [], [], []
    for url, (p, key, digest) in items.items():
        norm = normalize_company(p.company)
        if norm and p.company:
            companies.append((p.company, norm, now))
        values = {f: getattr(p, f, None) for f in SCRAPED_FIELDS}
        values["salary_annual_min"] = p.salary_annual_min
        values["salary_annual_max"] = p.salary_annual_max
        values.update(
            dedup_key=key,
            content_hash=digest,
            first_seen=now,
            last_seen=now,
            updated_at=now,
            archived_at=None,
            site=p.site,
            job_url=p.job_url,
            favorite=False,
            notes="",
            status="new",
            hidden=False,
        )
        jobs.append(
            (
                *(
                    (None if values[c] is None else json.dumps(values[c]))
                    if c in _JSON_COLUMNS
                    else _sql_value(values[c])
                    for c in _JOB_COLUMNS
                ),
                norm,
            )
        )
        sources.append((key, url, p.job_url, p.job_url_direct, p.site or "unknown", p.id, digest, now, now))
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(_COMPANY_SQL, companies)
        conn.executemany(_JOB_SQL, jobs)
        conn.executemany(_SOURCE_SQL, sources)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return len(items)


def run_baseline(db_path: Path, batches: list[list[Any]]) -> tuple[float, int]:
    open_database(db_path).dispose()  # same schema, triggers and WAL as ours
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("busy_timeout = 10000", "foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    rows = sum(_baseline_batch(conn, b) for b in batches)
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed, rows


# --------------------------------------------------------------------------------------- ours
def run_ours(
    db_path: Path, postings: list[dict[str, Any]], batch: int, payload: str
) -> tuple[float, float, int]:
    """Returns (first send → last ack, driver wall time, rows acknowledged)."""
    os.environ.setdefault("RAY_AUTH_MODE", "token")
    import ray

    from actors.writer import start_writer, writer_client

    @ray.remote(num_cpus=0)
    class Producer:
        def __init__(
            self, writer: Any, rows: list[dict[str, Any]], batch: int, payload: str, tag: str
        ) -> None:
            items: list[Any] = rows if payload == "dicts" else [Posting.model_validate(r) for r in rows]
            self._batches = [items[i : i + batch] for i in range(0, len(items), batch)]
            self._client = writer_client(writer)
            self._tag = tag

        def ready(self) -> str:
            return self._client.db_path().result()  # one round trip to the writer before the clock starts

        def run(self) -> tuple[float, float, int]:
            first = time.monotonic()
            rows = 0
            for n, b in enumerate(self._batches):
                rows += self._client.upsert(b, f"{self._tag}-{n}").result().total
            return first, time.monotonic(), rows

    t0 = time.perf_counter()
    ray.init(
        address="local",
        num_cpus=4,
        include_dashboard=False,
        namespace="jobscraper-bench",
        log_to_driver=False,
        logging_level="ERROR",
    )
    try:
        writer = start_writer(db_path, namespace="jobscraper-bench")
        ray.get(writer.ping.remote())
        quarter = -(-len(postings) // PRODUCERS)
        producers = [
            Producer.remote(writer, postings[i * quarter : (i + 1) * quarter], batch, payload, f"p{i}")
            for i in range(PRODUCERS)
        ]
        ray.get([p.ready.remote() for p in producers])
        print(f"    (Ray start-up and actors: {time.perf_counter() - t0:.1f} s, not timed)", flush=True)
        wall = time.perf_counter()
        spans = ray.get([p.run.remote() for p in producers])
        wall = time.perf_counter() - wall
        ray.kill(writer, no_restart=True)
    finally:
        ray.shutdown()
    elapsed = max(s[1] for s in spans) - min(s[0] for s in spans)
    return elapsed, wall, sum(s[2] for s in spans)


# ------------------------------------------------------------------------------ verification
_VOLATILE = {"id", "first_seen", "last_seen", "updated_at", "site", "job_url", "company_id", "created_at"}


def _snapshot(db_path: Path) -> dict[str, Any]:
    """Row counts, FTS matches for 'python', and each table's content as comparable rows."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        snap: dict[str, Any] = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("job", "job_source", "company")
        }
        snap["fts"] = conn.execute("SELECT count(*) FROM job_fts WHERE job_fts MATCH 'python'").fetchone()[0]
        job_cols = [r[1] for r in conn.execute("PRAGMA table_info(job)") if r[1] not in _VOLATILE]
        queries = {
            "job rows": f"SELECT {', '.join('j.' + c for c in job_cols)}, c.normalized_name, "
            "typeof(j.first_seen), length(j.first_seen), j.first_seen = j.last_seen, "
            "length(j.updated_at) FROM job j LEFT JOIN company c ON c.id = j.company_id ORDER BY j.dedup_key",
            "source rows": "SELECT s.url, j.dedup_key, s.job_url, s.job_url_direct, s.site, s.external_id, "
            "s.content_hash, typeof(s.first_seen), length(s.last_seen) FROM job_source s "
            "JOIN job j ON j.id = s.job_id ORDER BY s.url",
            "company rows": "SELECT name, normalized_name, enabled, length(created_at) FROM company "
            "ORDER BY normalized_name",
        }
        for name, q in queries.items():
            cur = conn.execute(q)
            cols = [d[0] for d in cur.description]
            snap[name] = [dict(zip(cols, row, strict=True)) for row in cur]
        return snap
    finally:
        conn.close()


def _first_difference(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    for key, va in a.items():
        vb = b[key]
        if va == vb:
            continue
        if not isinstance(va, list):
            return f"{key}: {va} / {vb}"
        for row_a, row_b in zip(va, vb, strict=False):
            if row_a != row_b:
                cols = {c: (row_a[c], row_b[c]) for c in row_a if row_a[c] != row_b[c]}
                return f"{key}: first differing row differs in {cols}"
        return f"{key}: {len(va)} / {len(vb)} rows"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="postings to upsert (default 20000)")
    parser.add_argument("--batch", type=int, default=500, help="postings per upsert call (default 500)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dup-rate", type=float, default=0.1, help="share of cross-board re-posts")
    parser.add_argument(
        "--payload",
        choices=("postings", "dicts"),
        default="postings",
        help="what producers send: validated Posting objects (default) or raw dicts",
    )
    args = parser.parse_args()

    t = time.perf_counter()
    postings = make_postings(args.n, args.seed, args.dup_rate)
    items: list[Any] = postings if args.payload == "dicts" else [Posting.model_validate(p) for p in postings]
    batches = [items[i : i + args.batch] for i in range(0, len(items), args.batch)]
    print(
        f"data: {len(postings)} postings, batches of {args.batch}, payload {args.payload}, "
        f"seed {args.seed} ({time.perf_counter() - t:.1f} s to generate)",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="jobscraper-bench-writer-") as tmp:
        base_db, ours_db = Path(tmp, "baseline.db"), Path(tmp, "ours.db")
        a_s, a_rows = run_baseline(base_db, batches)
        a_rate = a_rows / a_s
        print(
            f"(a) baseline sqlite3 executemany, 1 process: {a_rows} rows in {a_s:.2f} s = {a_rate:.0f} rows/s"
        )
        b_s, b_wall, b_rows = run_ours(ours_db, postings, args.batch, args.payload)
        b_rate = b_rows / b_s
        print(
            f"(b) ours: WriterActor + {PRODUCERS} producers on Ray: {b_rows} rows in {b_s:.2f} s = "
            f"{b_rate:.0f} rows/s (driver wall {b_wall:.2f} s)"
        )
        a, b = _snapshot(base_db), _snapshot(ours_db)

    difference = _first_difference(a, b)
    same = difference is None and a_rows == b_rows == args.n
    print(
        f"check (baseline / ours): jobs {a['job']} / {b['job']}, sources {a['job_source']} / "
        f"{b['job_source']}, companies {a['company']} / {b['company']}, "
        f"FTS 'python' {a['fts']} / {b['fts']}; "
        f"content {'the same' if difference is None else 'DIFFERENT: ' + difference}"
    )
    print(
        f"writer: baseline {a_rate:.0f} rows/s, ours {b_rate:.0f} rows/s, ratio b/a = {b_rate / a_rate:.2f}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

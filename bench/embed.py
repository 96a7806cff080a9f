"""Embedding speed, memory and vector-query latency of matching (issue 15's speed targets).

- **load**: seconds to load the bundled model (checksums included) and the RSS it adds.
- **throughput**: postings/s embedding ``bench/match_data/jobs.jsonl`` (414 postings, what is
  embedded is ``job_text``: title, skills, description cut to ``matching.max_tokens`` words)
  ``--repeat`` times on ``--threads`` threads (target >= 150/s on 2 cores).
- **query latency** over ``--jobs`` synthetic int8 vectors (the real postings' vectors, jittered,
  quantised as the store keeps them): ``VectorIndex.search(query, k=50)`` p50/p95 for a résumé
  vector (target p95 <= 50 ms); the RSS the index adds. Baseline in the same run: an FTS5 (BM25)
  top-50 query of the résumé's words over the same number of documents in SQLite.

Run under the shared lock and not while CI runs: ``flock /tmp/js-heavy.lock uv run --frozen
python bench/embed.py``. The baseline, ours and the ratio are printed last.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy
import psutil

__all__ = ["main"]

DATA = Path(__file__).resolve().parent / "match_data"


def _rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / 2**20


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _fts_database(folder: Path, texts: list[str], n: int) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "fts.db")
    conn.execute("CREATE VIRTUAL TABLE doc USING fts5(body)")
    conn.executemany(
        "INSERT INTO doc(rowid, body) VALUES (?, ?)", ((i, texts[i % len(texts)]) for i in range(n))
    )
    conn.commit()
    return conn


def _fts_query(resume: str) -> str:
    words = dict.fromkeys(w for w in re.findall(r"[\w+#]+", resume.lower()) if len(w) > 3 and not w.isdigit())
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in list(words)[:32])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="embed the 414 postings this many times")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=100_000, help="vectors in the query-latency index")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)

    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder
    from jobscraper.matching.vectors import VectorIndex, job_text
    from jobscraper.store.vectors import quantize

    jobs = [
        json.loads(line) for line in (DATA / "jobs.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    resumes = [p.read_text(encoding="utf-8") for p in sorted((DATA / "resumes").glob("*.md"))]
    texts = [job_text(job) for job in jobs]

    before = _rss_mb()
    started = time.perf_counter()
    embedder = load_embedder(MatchingSettings(threads=args.threads))
    embedder.embed(["warm-up"])  # the weights load on first use
    load_s = time.perf_counter() - started
    model_mb = _rss_mb() - before

    started = time.perf_counter()
    for _ in range(args.repeat):
        vectors = embedder.embed(texts)
    embed_s = time.perf_counter() - started
    rate = len(texts) * args.repeat / embed_s
    peak_mb = _rss_mb() - before

    rng = numpy.random.default_rng(0)
    synthetic = vectors[numpy.arange(args.jobs) % len(vectors)] + rng.normal(
        0, 0.02, (args.jobs, embedder.dim)
    )
    synthetic /= numpy.linalg.norm(synthetic, axis=1, keepdims=True)
    datas, scales = quantize(synthetic.astype(numpy.float32))
    del synthetic
    before_index = _rss_mb()
    matrix = numpy.frombuffer(b"".join(datas), dtype=numpy.int8).reshape(args.jobs, embedder.dim)
    del datas
    index = VectorIndex(numpy.arange(1, args.jobs + 1), matrix, numpy.asarray(scales, dtype=numpy.float32))
    index_mb = _rss_mb() - before_index
    queries = embedder.embed([resumes[i % len(resumes)] for i in range(args.queries)])
    ours: list[float] = []
    for query in queries:
        started = time.perf_counter()
        index.search(query, k=50)
        ours.append((time.perf_counter() - started) * 1000)

    with tempfile.TemporaryDirectory() as folder:
        conn = _fts_database(Path(folder), texts, args.jobs)
        base: list[float] = []
        for i in range(args.queries):
            match = _fts_query(resumes[i % len(resumes)])
            started = time.perf_counter()
            conn.execute(
                "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT 50", (match,)
            ).fetchall()
            base.append((time.perf_counter() - started) * 1000)
        conn.close()

    ours_p50, ours_p95 = _percentiles(ours)
    base_p50, base_p95 = _percentiles(base)
    result: dict[str, Any] = {
        "model_id": embedder.model_id,
        "threads": args.threads,
        "load_s": round(load_s, 2),
        "model_rss_mb": round(model_mb, 1),
        "peak_rss_embedding_mb": round(peak_mb, 1),
        "postings_per_s": round(rate, 1),
        "index_jobs": args.jobs,
        "index_rss_mb": round(index_mb, 1),
        "fts_p50_ms": round(base_p50, 2),
        "fts_p95_ms": round(base_p95, 2),
        "vector_p50_ms": round(ours_p50, 2),
        "vector_p95_ms": round(ours_p95, 2),
        "p95_ratio": round(ours_p95 / base_p95, 2) if base_p95 else None,
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"model {embedder.model_id}: load {load_s:.2f} s, +{model_mb:.0f} MB RSS"
        f" (peak while embedding +{peak_mb:.0f} MB)"
    )
    print(
        f"throughput: {rate:.0f} postings/s on {args.threads} thread(s) "
        f"({len(texts)} postings x {args.repeat}; target >= 150/s)"
    )
    print(f"index: {args.jobs} int8 vectors, +{index_mb:.0f} MB RSS (model + index target <= 400 MB)")
    print(f"baseline (FTS5 BM25 top 50 over {args.jobs} docs): p50 {base_p50:.2f} ms  p95 {base_p95:.2f} ms")
    print(
        f"ours (VectorIndex.search top 50 over {args.jobs} vectors):"
        f" p50 {ours_p50:.2f} ms  p95 {ours_p95:.2f} ms"
    )
    print(f"ratio ours/baseline p95: {result['p95_ratio']} (target: ours p95 <= 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

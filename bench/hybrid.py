"""Hybrid search (BM25 + meaning, ``jobscraper.matching.hybrid``): quality, latency and memory.

Three parts, each printing the baseline, ours and the ratio or difference last:

- **quality** on ``bench/match_data`` (414 postings, 10 résumés with graded qrels): one short
  search-box query per résumé (:data:`QUERIES`, written from the résumé's title and core skill,
  the way a person types them; the query's qrels are its résumé's). Baseline: the search box as it
  is, ``search_jobs`` (FTS5 bm25, every word must occur); ours: ``hybrid_search`` with the bundled
  model. nDCG@10 each, and the cosines of query–posting pairs by grade (what
  ``MEANING_THRESHOLD`` is read from: the share of graded-0 postings above each candidate
  threshold, and of graded ≥ 1 ones). The qrels also judge place and level, which no short query
  states; both sides pay that alike.
- **latency** over ``--jobs`` (default 100,000) postings: ``bench/search.py``'s cached database
  (built on first use) and an int8 index of one vector per job (the real postings' vectors,
  jittered, as ``bench/embed.py`` does: the latency does not depend on which job holds which
  vector). ``--queries`` one- and two-word queries from ``bench/_data.SEARCH_TERMS``, page 1 of
  25 by relevance: ``search_jobs`` p50/p95 against ``hybrid_search`` p50/p95 (the query's
  embedding included), the two interleaved query by query; the RSS the index adds.
- **scale**: ``VectorIndex.search(query, k=50)`` p50/p95 and RSS over ``--scale`` (default
  1,000,000) random int8 vectors of 512 dimensions (``--scale 0`` skips it).

Run when the machine is quiet: ``flock /tmp/js-heavy.lock uv run --frozen python bench/hybrid.py``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import match as match_bench  # a sibling script

__all__ = ["QUERIES", "main"]

QUERIES = {
    "r01_junior_frontend": "junior frontend developer react",
    "r02_senior_python_backend": "senior python backend engineer",
    "r03_data_scientist": "data scientist machine learning",
    "r04_devops_sre": "site reliability engineer kubernetes",
    "r05_icu_nurse": "icu nurse critical care",
    "r06_tech_recruiter": "technical recruiter",
    "r07_sales_engineer": "sales engineer developer tools",
    "r08_backend_berlin_de": "Backend-Entwickler Java Kotlin",
    "r09_product_designer": "product designer figma",
    "r10_embedded_c": "embedded c firmware engineer",
}
"""A short search-box query per résumé of the labelled set."""

THRESHOLDS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55)


def _rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / 2**20


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def quality(embedder: Any) -> None:
    from jobscraper.matching.hybrid import MEANING_THRESHOLD, hybrid_search
    from jobscraper.matching.reindex import embed_missing
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store import JobQuery, search_jobs
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient

    ev = match_bench.load(match_bench.DATA)
    with tempfile.TemporaryDirectory(prefix="jobscraper-hybrid-") as tmp:
        db, urls = match_bench.build_database(ev, Path(tmp))
        try:
            embed_missing(db, WriterClient(InProcessTransport(Writer(db))), embedder)
            index = VectorIndex.load(db, embedder.model_id)
            base: list[float] = []
            ours: list[float] = []
            by_grade: dict[int, list[float]] = {0: [], 1: [], 2: []}
            print(f"quality: {len(QUERIES)} queries over {len(ev.jobs)} postings, nDCG@10 (total matches)")
            for rid, text in QUERIES.items():
                judged = ev.qrels[rid]
                q = JobQuery(q=text, per_page=10)
                words = search_jobs(db, q)
                fused = hybrid_search(db, q, embedder, index)
                b = match_bench.ndcg([urls[j.id] for j in words.items], judged, 10)
                o = match_bench.ndcg([urls[j.id] for j in fused.items], judged, 10)
                base.append(b)
                ours.append(o)
                print(f"  {text!r:40} bm25 {b:.3f} ({words.total:3})  hybrid {o:.3f} ({fused.total:3})")
                cosines = index.similarity(embedder.embed([text])[0])
                for job_id, cosine in cosines.items():
                    by_grade[judged.get(urls[job_id], 0)].append(cosine)
        finally:
            db.dispose()
    print("cosine of query and posting by grade (median, p90):")
    for grade, values in by_grade.items():
        print(
            f"  grade {grade}: {numpy.median(values):.3f}, {numpy.percentile(values, 90):.3f}"
            f" (n={len(values)})"
        )
    print("above threshold t: share of graded 0 | share of graded >= 1 | precision (graded >= 1)")
    relevant = by_grade[1] + by_grade[2]
    for t in THRESHOLDS:
        mark = "  <- MEANING_THRESHOLD" if abs(t - MEANING_THRESHOLD) < 1e-9 else ""
        zero = int(numpy.sum(numpy.asarray(by_grade[0]) >= t))
        rel = int(numpy.sum(numpy.asarray(relevant) >= t))
        precision = rel / (rel + zero) if rel + zero else 0.0
        print(
            f"  t={t:.2f}: {zero / len(by_grade[0]):6.1%} | {rel / len(relevant):6.1%}"
            f" | {precision:6.1%}{mark}"
        )
    b, o = statistics.mean(base), statistics.mean(ours)
    print(f"baseline (search_jobs, bm25) nDCG@10: {b:.3f}")
    print(f"ours (hybrid_search) nDCG@10: {o:.3f}")
    print(f"difference ours - baseline: {o - b:+.3f}")


def latency(embedder: Any, jobs: int, queries: int) -> None:
    from search import _db_path, build

    from jobscraper.matching.hybrid import hybrid_search
    from jobscraper.matching.vectors import VectorIndex, job_text
    from jobscraper.store import JobQuery, open_database, search_jobs
    from jobscraper.store.vectors import quantize

    path = _db_path(jobs, 0)
    if not path.exists():
        build(path, jobs, 0)
    db = open_database(path)
    with db.reader() as conn:
        ids = numpy.asarray([r[0] for r in conn.exec_driver_sql("SELECT id FROM job ORDER BY id")])
    ev = match_bench.load(match_bench.DATA)
    real = embedder.embed([job_text(job) for job in ev.jobs])
    rng = numpy.random.default_rng(0)
    before = _rss_mb()
    matrix = numpy.empty((len(ids), embedder.dim), dtype=numpy.int8)
    scales = numpy.empty(len(ids), dtype=numpy.float32)
    for start in range(0, len(ids), 10_000):
        rows = real[numpy.arange(start, min(start + 10_000, len(ids))) % len(real)]
        rows = rows + rng.normal(0, 0.02, rows.shape)
        rows /= numpy.linalg.norm(rows, axis=1, keepdims=True)
        datas, chunk_scales = quantize(rows.astype(numpy.float32))
        matrix[start : start + len(rows)] = numpy.frombuffer(b"".join(datas), dtype=numpy.int8).reshape(
            len(rows), -1
        )
        scales[start : start + len(rows)] = chunk_scales
    index = VectorIndex(ids, matrix, scales)
    index_mb = _rss_mb() - before
    held_mb = sum(a.nbytes for a in (index.ids, index.matrix, index.scales, index._inverse_norm)) / 2**20
    from _data import SEARCH_TERMS

    pick = random.Random(1)
    texts = [" ".join(pick.sample(SEARCH_TERMS, pick.choice((1, 2)))) for _ in range(queries)] + list(
        QUERIES.values()
    )
    for text in texts[:5]:  # warm-up
        search_jobs(db, JobQuery(q=text))
        hybrid_search(db, JobQuery(q=text), embedder, index)
    base: list[float] = []
    ours: list[float] = []
    for text in texts:  # interleaved, so a busy machine slows both sides alike
        started = time.perf_counter()
        search_jobs(db, JobQuery(q=text))
        base.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        hybrid_search(db, JobQuery(q=text), embedder, index)
        ours.append((time.perf_counter() - started) * 1000)
    db.dispose()
    b50, b95 = _p50_p95(base)
    o50, o95 = _p50_p95(ours)
    print(f"latency over {len(ids)} jobs, {len(texts)} queries, page 1 of 25 by relevance:")
    print(
        f"  index: {len(ids)} int8 vectors, {held_mb:.0f} MB of arrays (+{index_mb:.0f} MB RSS while built)"
    )
    print(f"baseline (search_jobs, FTS5 bm25): p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    print(f"ours (hybrid_search, embedding included): p50 {o50:.1f} ms  p95 {o95:.1f} ms")
    print(f"ratio ours/baseline p95: {o95 / b95:.2f} (target: p95 <= 50 ms)")


def scale(n: int, queries: int) -> None:
    from jobscraper.matching.vectors import VectorIndex

    rng = numpy.random.default_rng(2)
    before = _rss_mb()
    matrix = rng.integers(-127, 128, size=(n, 512), dtype=numpy.int8)
    index = VectorIndex(numpy.arange(1, n + 1), matrix, numpy.ones(n, dtype=numpy.float32))
    index_mb = _rss_mb() - before
    samples: list[float] = []
    for query in rng.normal(size=(queries, 512)).astype(numpy.float32):
        started = time.perf_counter()
        index.search(query, k=50)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = _p50_p95(samples)
    print(
        f"scale: VectorIndex top 50 over {n} int8 vectors: p50 {p50:.1f} ms  p95 {p95:.1f} ms,"
        f" +{index_mb:.0f} MB RSS"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--jobs", type=int, default=100_000, help="postings in the latency database (0: skip)"
    )
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--scale", type=int, default=1_000_000, help="vectors in the scale test (0: skip)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--threads", type=int, default=2, help="the model's threads (matching.threads)")
    args = parser.parse_args(argv)

    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder

    embedder = load_embedder(MatchingSettings(threads=args.threads))
    if not args.skip_quality:
        quality(embedder)
    if args.scale:
        scale(args.scale, args.queries)
    if args.jobs:
        latency(embedder, args.jobs, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

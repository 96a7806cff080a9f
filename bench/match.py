"""Ranking quality of matching: nDCG@k of "ours" (``jobscraper.matching.rank_jobs``) against BM25.

Target (issue 15): nDCG@10 >= 0.85 and >= BM25 + 0.15 on the labelled set in
``bench/match_data/`` (29 résumés — 10 to tune on, 7 held out earlier and since read, 6 in a third
held-out batch ``f*``, 6 in a fourth ``g*`` — × 539 postings, graded 0/1/2; see its README).

The set's postings are upserted into a fresh SQLite job database in a temporary folder through
the project's own store (``open_database`` + ``SyncEngine.upsert``), so both rankers read the same
database a user would have. Per résumé, each ranker returns the database's jobs best first; we
score its top ``--k`` with nDCG@k and, as extras, MAP@k and recall@50.

- **baseline**: BM25 of the résumé text, through the database's own FTS5 index ``job_fts``
  (columns title, company, description, skills, location; ``bm25()`` with equal column weights).
  The query is built from the résumé like this: lower-cased word tokens as the store's search
  keeps them (``[\\w+#]+``, so "c++" and "c#" survive); stop words dropped (English and German,
  ``match_data/stopwords.txt``, function words only); tokens of one character and pure numbers
  dropped; duplicates dropped; each remaining token put in double quotes (a quote inside one
  doubled), so no FTS5 syntax (``NEAR``, ``*``, ``:``, ``-``, ``AND``) can come from the
  résumé; the terms joined with ``OR``. The ``--terms`` (default 64) most salient terms are kept,
  ranked by their count in the résumé × their idf in the job collection — a bounded query with
  the résumé's distinctive words; ``--terms 0`` keeps them all.
- **ours**: ``from jobscraper.matching import rank_jobs``, called as
  ``rank_jobs(db, resume_text, limit=n)`` (``db`` a :class:`jobscraper.store.db.Database`),
  returning jobs best first — each a job id, a job URL, or an object or mapping with ``id`` or
  ``job_url``. If ``jobscraper.matching`` has a ``prepare(db)`` (embed what is missing, say), it
  is called once first, untimed. Until the engine exists the script says so and prints the
  baseline alone.

nDCG uses exponential gain ``(2**grade - 1) / log2(rank + 1)``; the ideal ranking is the
résumé's judged jobs sorted by grade. MAP@k and recall@50 count grade >= 1 as relevant; AP@k is
divided by ``min(relevant, k)``.

The résumés whose id starts with ``h`` are the earlier **held-out** batches: written and graded
after the score's weights were tuned on the others (the **tune** set); their rankings were read
since. Those starting with ``f`` are the third held-out batch (**fresh**), committed before the
score's next round of changes, which looked at the tune and earlier held-out sets only; its
rankings were read since (the title and negation fixes came from one of them). Those starting with
``g`` are the fourth batch (**fourth**, "held-out 4"), committed before those fixes and measured
once after them. The figures are printed for each
set apart and for the whole, ours and the baseline from the same run.

Options: ``--k 10``, ``--data DIR``, ``--terms 64``, ``--json`` (one JSON object on stdout).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "EvalSet",
    "average_precision",
    "bm25_query",
    "dcg",
    "load",
    "main",
    "ndcg",
    "recall",
    "split",
    "summary",
]

DATA = Path(__file__).parent / "match_data"
_TOKEN = re.compile(r"[\w+#]+")
Ranker = Callable[[str, int], list[str]]  # (résumé text, n) -> job URLs best first


# ------------------------------------------------------------------------------------ metrics
def dcg(grades: Sequence[int], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` grades, exponential gain."""
    return sum((2.0**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg(ranked: Sequence[str], judged: dict[str, int], k: int) -> float:
    """nDCG@k of a ranking (job URLs) against graded judgements (unlisted = 0)."""
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([judged.get(url, 0) for url in ranked], k) / ideal


def average_precision(ranked: Sequence[str], judged: dict[str, int], k: int) -> float:
    """AP@k with grade >= 1 relevant, divided by min(relevant, k)."""
    relevant = {u for u, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, url in enumerate(ranked[:k], start=1):
        if url in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k)


def recall(ranked: Sequence[str], judged: dict[str, int], k: int) -> float:
    """Share of the relevant (grade >= 1) jobs found in the first ``k``."""
    relevant = {u for u, g in judged.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


# --------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class EvalSet:
    """The labelled set: résumé texts by id, postings (dicts), and graded judgements."""

    resumes: dict[str, str]
    jobs: list[dict[str, Any]]
    qrels: dict[str, dict[str, int]]
    stopwords: frozenset[str]


def load(data: Path) -> EvalSet:
    """Read ``resumes/*.md``, ``jobs.jsonl``, ``qrels.tsv`` and ``stopwords.txt`` from ``data``."""
    resumes = {p.stem: p.read_text(encoding="utf-8") for p in sorted((data / "resumes").glob("*.md"))}
    with (data / "jobs.jsonl").open(encoding="utf-8") as f:
        jobs = [json.loads(line) for line in f if line.strip()]
    qrels: dict[str, dict[str, int]] = {rid: {} for rid in resumes}
    lines = (data / "qrels.tsv").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        rid, url, grade = line.split("\t")
        if rid not in qrels:
            raise ValueError(f"qrels.tsv line {n}: no résumé {rid!r}")
        qrels[rid][url] = int(grade)
    words = (data / "stopwords.txt").read_text(encoding="utf-8")
    stop = frozenset(w for line in words.splitlines() if not line.startswith("#") for w in line.split())
    return EvalSet(resumes, jobs, qrels, stop)


def build_database(ev: EvalSet, folder: Path) -> tuple[Any, dict[int, str]]:
    """A fresh job database holding the set's postings; and its job ids' URLs."""
    from jobscraper.store import SyncEngine, open_database

    path = folder / "match-eval.db"
    db = open_database(path)
    SyncEngine(db).upsert(ev.jobs)
    with sqlite3.connect(path) as conn:
        urls = dict(conn.execute("SELECT id, job_url FROM job"))
    missing = {j["job_url"] for j in ev.jobs} - set(urls.values())
    if missing:
        raise ValueError(f"{len(missing)} postings did not keep their URL in the store, e.g. {min(missing)}")
    return db, urls


# ------------------------------------------------------------------------------------ rankers
def bm25_query(text: str, stopwords: frozenset[str], idf: dict[str, float], terms: int) -> str:
    """The baseline's FTS5 query for a résumé: its salient terms, quoted, ORed (see the docstring)."""
    counts = Counter(
        t
        for t in _TOKEN.findall(text.lower())
        if len(t.strip("_")) > 1 and not t.isdigit() and t not in stopwords
    )
    ranked = sorted(counts, key=lambda t: (-counts[t] * idf.get(t, 0.0), t))
    kept = [t for t in ranked if idf.get(t, 0.0) > 0] if terms else ranked
    kept = kept[:terms] if terms else kept
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in kept)


def _idf(ev: EvalSet) -> dict[str, float]:
    df: Counter[str] = Counter()
    for job in ev.jobs:
        text = " ".join(str(job.get(f) or "") for f in ("title", "company", "description", "location"))
        df.update(set(_TOKEN.findall(text.lower() + " " + " ".join(job.get("skills") or []).lower())))
    n = len(ev.jobs)
    return {t: math.log((n - d + 0.5) / (d + 0.5) + 1) for t, d in df.items()}


def bm25_ranker(db_path: Path, ev: EvalSet, terms: int) -> Ranker:
    """The baseline: FTS5 ``bm25()`` over ``job_fts`` for the résumé's query."""
    idf = _idf(ev)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    urls = dict(conn.execute("SELECT id, job_url FROM job"))

    def rank(text: str, n: int) -> list[str]:
        query = bm25_query(text, ev.stopwords, idf, terms)
        if not query:
            return []
        rows = conn.execute(
            "SELECT rowid FROM job_fts WHERE job_fts MATCH ? ORDER BY bm25(job_fts), rowid LIMIT ?",
            (query, n),
        )
        return [urls[r[0]] for r in rows]

    return rank


def ours_ranker(db: Any, urls: dict[int, str]) -> Ranker | None:
    """The matching engine's ranker, or None (with the line saying so) when it is not built yet."""
    try:
        from jobscraper.matching import rank_jobs  # type: ignore[attr-defined]
    except ImportError:
        return None
    import jobscraper.matching as matching

    prepare = getattr(matching, "prepare", None)
    if callable(prepare):
        prepare(db)

    def url_of(item: Any) -> str:
        if isinstance(item, int):
            return urls[item]
        if isinstance(item, str):
            return item
        fields: dict[str, Any] = (
            item if isinstance(item, dict) else {key: getattr(item, key, None) for key in ("job_url", "id")}
        )
        if fields.get("job_url"):
            return str(fields["job_url"])
        return urls[int(fields["id"])]

    def rank(text: str, n: int) -> list[str]:
        return [url_of(item) for item in rank_jobs(db, text, limit=n)]

    return rank


# --------------------------------------------------------------------------------------- main
def evaluate(rank: Ranker, ev: EvalSet, k: int) -> dict[str, dict[str, float]]:
    """Per résumé: nDCG@k, MAP@k, recall@50."""
    out: dict[str, dict[str, float]] = {}
    for rid, text in ev.resumes.items():
        ranked = rank(text, max(k, 50))
        judged = ev.qrels[rid]
        out[rid] = {
            "ndcg": ndcg(ranked, judged, k),
            "map": average_precision(ranked, judged, k),
            "recall50": recall(ranked, judged, 50),
        }
    return out


def _mean(scores: dict[str, dict[str, float]], key: str) -> float:
    return sum(s[key] for s in scores.values()) / len(scores) if scores else 0.0


HELD_OUT_PREFIX = "h"
"""Résumé ids starting with this are the earlier held-out batches (measured, and since read)."""
FRESH_PREFIX = "f"
"""Résumé ids starting with this are the third held-out batch: committed before the score's last
round of changes, which were made looking only at the other sets; the claim rests on this one."""
FOURTH_PREFIX = "g"
"""The fourth held-out batch: committed before the title/negation fixes, measured after them."""


def split(ids: Sequence[str]) -> dict[str, list[str]]:
    """The résumé ids by set: ``tune``, ``held_out`` (earlier batches), ``fresh``, ``fourth``, ``all``."""
    held = [rid for rid in ids if rid.startswith(HELD_OUT_PREFIX)]
    fresh = [rid for rid in ids if rid.startswith(FRESH_PREFIX)]
    fourth = [rid for rid in ids if rid.startswith(FOURTH_PREFIX)]
    tune = [rid for rid in ids if rid not in {*held, *fresh, *fourth}]
    return {"tune": tune, "held_out": held, "fresh": fresh, "fourth": fourth, "all": list(ids)}


def summary(
    base: dict[str, dict[str, float]], ours: dict[str, dict[str, float]] | None
) -> dict[str, dict[str, float]]:
    """Per set (tune, held out, all): the mean nDCG of the baseline and ours and their difference."""
    out: dict[str, dict[str, float]] = {}
    for name, ids in split(list(base)).items():
        row = {"resumes": float(len(ids)), "baseline_ndcg": _mean({r: base[r] for r in ids}, "ndcg")}
        if ours is not None:
            row["ours_ndcg"] = _mean({r: ours[r] for r in ids}, "ndcg")
            row["difference"] = row["ours_ndcg"] - row["baseline_ndcg"]
        out[name] = row
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--k", type=int, default=10, help="rank cut-off for nDCG and MAP (default 10)")
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled set's folder")
    parser.add_argument("--terms", type=int, default=64, help="BM25 query terms kept (0: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if args.k < 1 or args.terms < 0:
        print("match.py: --k must be >= 1 and --terms >= 0", file=sys.stderr)
        return 2
    try:
        ev = load(args.data)
    except (OSError, ValueError) as exc:
        print(f"match.py: cannot read the labelled set in {args.data}: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="jobscraper-match-") as tmp:
        db, urls = build_database(ev, Path(tmp))
        try:
            base = evaluate(bm25_ranker(Path(tmp) / "match-eval.db", ev, args.terms), ev, args.k)
            ours_rank = ours_ranker(db, urls)
            ours = evaluate(ours_rank, ev, args.k) if ours_rank else None
        finally:
            db.dispose()
    if args.json:
        result: dict[str, Any] = {"k": args.k, "jobs": len(ev.jobs), "baseline": base, "ours": ours}
        result["baseline_ndcg"] = _mean(base, "ndcg")
        if ours:
            result["ours_ndcg"] = _mean(ours, "ndcg")
            result["difference"] = result["ours_ndcg"] - result["baseline_ndcg"]
        result["sets"] = summary(base, ours)
        print(json.dumps(result, indent=2))
        return 0
    k = args.k
    print(f"{len(ev.resumes)} résumés × {len(ev.jobs)} jobs; nDCG@{k} / MAP@{k} / recall@50")
    print(f"{'résumé':28} {'bm25 nDCG':>9} {'MAP':>6} {'R@50':>6}   {'ours nDCG':>9} {'MAP':>6} {'R@50':>6}")
    for rid, b in base.items():
        o = ours[rid] if ours else None
        right = f"{o['ndcg']:9.3f} {o['map']:6.3f} {o['recall50']:6.3f}" if o else f"{'—':>9}"
        print(f"{rid:28} {b['ndcg']:9.3f} {b['map']:6.3f} {b['recall50']:6.3f}   {right}")
    print(
        f"baseline (BM25, FTS5): nDCG@{k} {_mean(base, 'ndcg'):.3f}  MAP@{k} {_mean(base, 'map'):.3f}  "
        f"recall@50 {_mean(base, 'recall50'):.3f}"
    )
    if ours is None:
        print("ours: jobscraper.matching not built yet")
        return 0
    print(
        f"ours (jobscraper.matching): nDCG@{k} {_mean(ours, 'ndcg'):.3f}  MAP@{k} {_mean(ours, 'map'):.3f}  "
        f"recall@50 {_mean(ours, 'recall50'):.3f}"
    )
    for name, row in summary(base, ours).items():
        if not row["resumes"]:
            continue
        label = {"tune": "tune set", "held_out": "held-out 1+2", "fresh": "held-out 3"}.get(name, name)
        label = "held-out 4" if name == "fourth" else label
        print(
            f"{label:13} ({int(row['resumes']):2} résumés): nDCG@{k} bm25 {row['baseline_ndcg']:.3f}  "
            f"ours {row['ours_ndcg']:.3f}  difference {row['difference']:+.3f}"
        )
    print(
        f"difference ours − baseline: nDCG@{k} {_mean(ours, 'ndcg') - _mean(base, 'ndcg'):+.3f} "
        f"(target: ours >= 0.85 and >= baseline + 0.15)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

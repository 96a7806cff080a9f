"""The matching evaluation set (``bench/match_data/``) is whole, and ``bench/match.py`` scores right.

The set is what every matching change is measured with (issue 15), so a broken link between its
files (a graded URL with no posting, a résumé id with no file) or a posting the store would reject
or merge would silently change the figures. The nDCG function is checked on hand-computed cases.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from jobscraper.posting import Posting
from jobscraper.store.identity import dedup_key

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load_match() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_match", BENCH / "match.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_match"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


match = _load_match()


@pytest.fixture(scope="module")
def ev():  # type: ignore[no-untyped-def]
    return match.load(BENCH / "match_data")


def test_every_posting_validates_and_is_its_own_job(ev) -> None:  # type: ignore[no-untyped-def]
    postings = [Posting.model_validate(j) for j in ev.jobs]
    assert len(postings) >= 300
    urls = [p.job_url for p in postings]
    assert len(set(urls)) == len(urls)
    # the store merges postings with one duplicate key into one job: each must be its own
    keys = Counter(dedup_key(p) for p in postings)
    assert [k for k, n in keys.items() if n > 1] == []
    for p in postings:
        words = len((p.description or "").split())
        assert 80 <= words <= 300, (p.job_url, words)


def test_qrels_point_at_real_jobs_and_resumes(ev) -> None:  # type: ignore[no-untyped-def]
    urls = {j["job_url"] for j in ev.jobs}
    assert len(ev.resumes) >= 8
    lines = (BENCH / "match_data" / "qrels.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "resume_id\tjob_url\tgrade"
    for line in lines[1:]:
        rid, url, grade = line.split("\t")
        assert rid in ev.resumes, rid
        assert url in urls, url
        assert grade in {"0", "1", "2"}, line
    for rid, judged in ev.qrels.items():
        relevant = [u for u, g in judged.items() if g > 0]
        assert len(relevant) >= 5, rid
        assert any(g == 2 for g in judged.values()), rid


def test_resumes_are_realistic_and_german_is_present(ev) -> None:  # type: ignore[no-untyped-def]
    for rid, text in ev.resumes.items():
        assert 250 <= len(text.split()) <= 600, rid
    german_jobs = [j for j in ev.jobs if "(m/w/d)" in j["title"] or "### Deine Aufgaben" in j["description"]]
    assert len(german_jobs) >= 20
    german_resumes = [rid for rid, text in ev.resumes.items() if "Berufserfahrung" in text]
    assert german_resumes
    # the German CV has German postings among its relevant ones
    german_urls = {j["job_url"] for j in german_jobs}
    assert any(u in german_urls for rid in german_resumes for u, g in ev.qrels[rid].items() if g == 2)


def test_the_held_out_set_is_apart_and_enough(ev) -> None:  # type: ignore[no-untyped-def]
    sets = match.split(list(ev.resumes))
    assert len(sets["held_out"]) >= 4 and len(sets["tune"]) >= 10
    assert set(sets["held_out"]).isdisjoint(sets["tune"])
    assert sorted(sets["all"]) == sorted(ev.resumes)
    for rid in sets["held_out"]:
        assert len([g for g in ev.qrels[rid].values() if g > 0]) >= 8, rid
    # the held-out résumés include languages the tune set lacks (French, Spanish)
    texts = [ev.resumes[rid] for rid in sets["held_out"]]
    assert any("Expérience" in t for t in texts) and any("Experiencia" in t for t in texts)


def test_the_third_held_out_batch_is_apart_and_has_a_german_cv(ev) -> None:  # type: ignore[no-untyped-def]
    sets = match.split(list(ev.resumes))
    fresh = sets["fresh"]
    assert len(fresh) >= 5
    assert set(fresh).isdisjoint(sets["tune"]) and set(fresh).isdisjoint(sets["held_out"])
    for rid in fresh:
        assert len([g for g in ev.qrels[rid].values() if g > 0]) >= 7, rid
    assert any("Berufserfahrung" in ev.resumes[rid] for rid in fresh)


def test_summary_reports_each_set_and_the_difference() -> None:
    base = {"r1": {"ndcg": 0.5}, "r2": {"ndcg": 0.7}, "h1": {"ndcg": 0.2}}
    ours = {"r1": {"ndcg": 0.9}, "r2": {"ndcg": 0.9}, "h1": {"ndcg": 0.6}}
    out = match.summary(base, ours)
    assert out["tune"]["baseline_ndcg"] == pytest.approx(0.6)
    assert out["tune"]["difference"] == pytest.approx(0.3)
    assert out["held_out"]["ours_ndcg"] == pytest.approx(0.6)
    assert out["all"]["resumes"] == 3
    assert "ours_ndcg" not in match.summary(base, None)["all"]


def test_ndcg_perfect_ranking_is_one() -> None:
    judged = {"a": 2, "b": 1, "c": 1}
    assert match.ndcg(["a", "b", "c", "x"], judged, 10) == pytest.approx(1.0)
    assert match.ndcg(["a", "c", "b"], judged, 10) == pytest.approx(1.0)  # ties in any order


def test_ndcg_of_a_known_permutation() -> None:
    judged = {"a": 2, "b": 1}
    # ranking x, b, a: gains 0, 1, 3 at ranks 1..3 -> DCG = 1/log2(3) + 3/log2(4) = 0.6309 + 1.5
    # ideal a, b: 3/log2(2) + 1/log2(3) = 3 + 0.6309
    # -> 2.1309 / 3.6309 = 0.5869
    assert match.ndcg(["x", "b", "a"], judged, 10) == pytest.approx(0.5869, abs=1e-4)
    # cut at k=2: only x, b count -> 0.6309 / 3.6309
    assert match.ndcg(["x", "b", "a"], judged, 2) == pytest.approx(0.17377, abs=1e-4)
    assert match.ndcg(["x", "y"], judged, 10) == 0.0


def test_map_and_recall_on_a_small_case() -> None:
    judged = {"a": 2, "b": 1, "c": 0}
    # relevant a, b; ranking a, x, b: precision 1/1 at rank 1, 2/3 at rank 3 -> (1 + 2/3) / 2
    assert match.average_precision(["a", "x", "b"], judged, 10) == pytest.approx(5 / 6)
    assert match.recall(["a", "x", "c"], judged, 50) == pytest.approx(0.5)


def test_bm25_query_cannot_carry_fts_syntax() -> None:
    stop = frozenset({"and", "the"})
    idf = {"python": 2.0, "near": 1.0, "c++": 3.0, "drop": 1.0, "table": 1.0}
    query = match.bm25_query('Python and C++ NEAR("x" * y) -- the "; DROP TABLE', stop, idf, 0)
    terms = query.split(" OR ")
    assert all(t.startswith('"') and t.endswith('"') for t in terms)
    assert '"and"' not in terms and '"the"' not in terms
    assert {'"python"', '"c++"', '"near"', '"drop"', '"table"'} <= set(terms)
    # a bounded query keeps the most salient terms (count × idf)
    assert match.bm25_query("python python near c++", stop, idf, 2) == '"python" OR "c++"'


def test_the_harness_runs_on_a_real_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(match, "ours_ranker", lambda db, urls: None)  # the baseline only: fast, no model
    assert match.main(["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["jobs"] >= 300
    assert set(result["baseline"]) == {p.stem for p in (BENCH / "match_data" / "resumes").glob("*.md")}
    # BM25 finds something for every résumé, and no ranking is perfect on this set
    assert all(0 < r["ndcg"] < 1 for r in result["baseline"].values())
    assert set(result["sets"]) == {"tune", "held_out", "fresh", "fourth", "all"}


def test_ours_takes_ids_urls_mappings_and_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    import jobscraper.matching as matching

    calls: list[object] = []

    class Hit:
        def __init__(self, job_id: int) -> None:
            self.id = job_id

    def rank_jobs(db: object, text: str, limit: int) -> list[object]:
        calls.append((db, text, limit))
        return [1, "https://jobs.example/eval/002", {"job_url": "https://jobs.example/eval/003"}, Hit(4)]

    monkeypatch.setattr(matching, "rank_jobs", rank_jobs, raising=False)
    monkeypatch.setattr(matching, "prepare", lambda db: calls.append(("prepare", db)), raising=False)
    urls = {i: f"https://jobs.example/eval/{i:03d}" for i in range(1, 5)}
    rank = match.ours_ranker("DB", urls)
    assert rank is not None
    assert rank("cv", 4) == [urls[1], urls[2], urls[3], urls[4]]
    assert calls == [("prepare", "DB"), ("DB", "cv", 4)]


def test_a_missing_set_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert match.main(["--data", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read the labelled set" in err

"""`jobscraper match` in this process, with a fake embedder in place of the model: --json is one
array best first (progress on stderr), a table otherwise, bad input one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from jobscraper.cli import match_cmds
from jobscraper.config import Settings
from jobscraper.store import Database, SyncEngine, open_database
from tests.cli_inprocess import assert_one_line_error
from tests.postings import posting_dict
from tests.unit.matching.fakes import FakeIndex, HashingEmbedder

RESUME = """# Ana Souza — Senior Backend Engineer

Lisbon, Portugal

Backend engineer with eight years building Python services with Django and PostgreSQL.
"""
POSTINGS: list[dict[str, Any]] = [
    {"title": "Senior Backend Engineer (Django)", "description": "Python, Django and PostgreSQL services."},
    {"title": "ICU Nurse", "description": "Critical care nursing.", "skills": ["Critical care"]},
    {"title": "Senior Python Developer", "description": "Python and PostgreSQL.", "is_remote": True},
]


@pytest.fixture
def jobs_db(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.db"
    database = open_database(path)
    try:
        SyncEngine(database).upsert([posting_dict(n, **p) for n, p in enumerate(POSTINGS, start=1)])
    finally:
        database.dispose()
    return path


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The embedder and index replaced by fakes; records that the command asked for them."""
    asked: list[str] = []

    def model(settings: Settings, say: Console) -> HashingEmbedder:
        asked.append("load")
        return HashingEmbedder()

    def sources(
        settings: Settings, database: Database, say: Console, embedder: Any = None
    ) -> tuple[HashingEmbedder, FakeIndex]:
        embedder = HashingEmbedder()
        asked.append(embedder.model_id)
        return embedder, FakeIndex(database, embedder, skip=[3])  # job 3: not embedded yet

    monkeypatch.setattr(match_cmds, "load_model", model)
    monkeypatch.setattr(match_cmds, "meaning_sources", sources)
    return asked


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> HashingEmbedder:
    """Only the model replaced by the hashing fake: the vectors are stored and read for real."""
    embedder = HashingEmbedder()
    monkeypatch.setattr(match_cmds, "load_model", lambda settings, say: embedder)
    return embedder


def _vectors(db: Path) -> dict[str, int]:
    from jobscraper.store.vectors import count_vectors

    database = open_database(db)
    try:
        return count_vectors(database)
    finally:
        database.dispose()


def test_match_embeds_the_jobs_without_a_vector_first_and_no_embed_only_reads(
    cli: Any, jobs_db: Path, fake_embedder: HashingEmbedder, resume: Path
) -> None:
    read_only = cli("match", "--resume", resume, "--json", "--no-embed", "--db", jobs_db)
    assert read_only.code == 0, read_only.err
    assert _vectors(jobs_db) == {}
    assert "3 job(s) have no vector yet" in read_only.err and "without --no-embed" in read_only.err
    result = cli("match", "--resume", resume, "--json", "--db", jobs_db)
    assert result.code == 0, result.err
    assert _vectors(jobs_db) == {fake_embedder.model_id: 3}
    assert "embedded 3 job(s)" in result.err and "no vector yet" not in result.err
    ranked = json.loads(result.out)  # stdout is still the one array
    assert ranked[0]["title"] == "Senior Backend Engineer (Django)"
    again = cli("match", "--resume", resume, "--json", "--db", jobs_db)
    assert "embedded" not in again.err and json.loads(again.out) == ranked


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "cv.md"
    path.write_text(RESUME, encoding="utf-8")
    return path


def test_json_is_one_array_best_first_and_progress_goes_to_stderr(
    cli: Any, jobs_db: Path, fake_model: list[str], resume: Path
) -> None:
    result = cli("match", "--resume", resume, "--json", "--db", jobs_db)
    assert result.code == 0, result.err
    ranked = json.loads(result.out)  # the whole of stdout
    assert isinstance(ranked, list) and len(ranked) == 3 and fake_model
    # the nurse last; the Django job is in Berlin, not the résumé's Lisbon, and job 3 (remote) has no
    # vector: which of the two comes first is the place's weight against the meaning's
    assert ranked[-1]["title"] == "ICU Nurse"
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    for item in ranked:
        assert {"id", "job_url", "title", "company", "score", "reasons"} <= item.keys()
        assert 0 <= item["score"] <= 100 and item["reasons"]
    assert "1 job(s) have no vector yet, so their meaning is unknown: run `jobscraper reindex`" in result.err
    limited = cli("match", "--resume", resume, "--json", "--limit", "1", "--query", "nurse", "--db", jobs_db)
    assert [r["title"] for r in json.loads(limited.out)] == ["ICU Nurse"]


def test_the_active_profile_is_used_and_the_table_shows_scores_and_reasons(
    cli: Any, jobs_db: Path, fake_model: list[str], resume: Path
) -> None:
    saved = cli("profile", "set", "ana", "--resume", resume, "--location", "Lisbon", "--db", jobs_db)
    assert saved.code == 0, saved.err
    result = cli("match", "--db", jobs_db)
    assert result.code == 0, result.err
    assert "Senior Backend Engineer (Django)" in result.out and "score" in result.out
    # the postings are in Berlin, which the profile does not list: sunk, and the table says why
    assert "✗ in Berlin, BE, Germany, not among your locations" in result.out
    by_name = json.loads(cli("match", "--profile", "ana", "--json", "--db", jobs_db).out)
    # the remote one does not say where its hires may live: unknown, not sunk
    assert {item["title"]: item["sunk"] for item in by_name} == {
        "Senior Backend Engineer (Django)": True, "ICU Nurse": True, "Senior Python Developer": False,
    }  # fmt: skip


def test_no_profile_and_no_resume_is_one_line_saying_how_to_make_one(
    cli: Any, jobs_db: Path, fake_model: list[str]
) -> None:
    result = cli("match", "--db", jobs_db)
    assert_one_line_error(result, "jobscraper profile set --resume FILE", "--resume FILE")
    assert not fake_model  # refused before loading any model
    assert _vectors(jobs_db) == {}


@pytest.mark.parametrize("content", ["", "   \n\n"])
def test_an_empty_resume_file_is_refused(
    cli: Any, jobs_db: Path, fake_model: list[str], tmp_path: Path, content: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(content, encoding="utf-8")
    assert_one_line_error(cli("match", "--resume", empty, "--db", jobs_db), "empty")


def test_a_missing_resume_file_and_both_sources_are_refused(
    cli: Any, jobs_db: Path, fake_model: list[str], resume: Path
) -> None:
    assert_one_line_error(cli("match", "--resume", "nope.pdf", "--db", jobs_db), "nope.pdf", "no such file")
    assert_one_line_error(cli("match", "--resume", resume, "--profile", "x", "--db", jobs_db), "not both")
    assert_one_line_error(cli("match", "--resume", resume, "--db", "missing.db"), "no job database")


def _fits(db: Path) -> int:
    from sqlalchemy import func, select

    from jobscraper.store.tables import FIT

    database = open_database(db)
    try:
        with database.reader() as conn:
            return int(conn.execute(select(func.count()).select_from(FIT)).scalar_one())
    finally:
        database.dispose()


def test_profile_set_and_match_store_the_fits_and_match_answers_from_them_as_live(
    cli: Any, jobs_db: Path, fake_embedder: HashingEmbedder, resume: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobscraper.matching.rank import rank_jobs
    from jobscraper.matching.vectors import VectorIndex
    from jobscraper.store.profiles import get_profile

    monkeypatch.setattr("jobscraper.matching.embed.load_embedder", lambda settings: fake_embedder)
    saved = cli("profile", "set", "ana", "--resume", resume, "--db", jobs_db)
    assert saved.code == 0, saved.err
    assert _fits(jobs_db) == 3  # stored at once (no vectors yet: their meaning unknown)
    first = cli("match", "--json", "--db", jobs_db)
    assert first.code == 0, first.err
    # embedding the jobs made their fits stale (a vector changes the meaning): stored again
    assert "embedded 3 job(s)" in first.err and "stored 3 fit(s) for profile 'ana'" in first.err
    again = cli("match", "--json", "--db", jobs_db)
    assert "stored" not in again.err and again.out == first.out
    database = open_database(jobs_db)
    try:
        live = rank_jobs(
            database, get_profile(database, "ana"), limit=20, embedder=fake_embedder,
            index=VectorIndex.load(database, fake_embedder.model_id), stored=False,
        )  # fmt: skip
    finally:
        database.dispose()
    assert json.loads(first.out) == [r.model_dump(mode="json") for r in live]


def test_deleting_the_active_profile_stores_the_next_ones_fits(
    cli: Any, jobs_db: Path, fake_embedder: HashingEmbedder, resume: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jobscraper.matching.embed.load_embedder", lambda settings: fake_embedder)
    assert cli("profile", "set", "ana", "--resume", resume, "--db", jobs_db).code == 0
    nurse = resume.with_name("nurse.md")
    nurse.write_text("# Bo — ICU Nurse\n\nCritical care nursing for ten years.\n", encoding="utf-8")
    assert cli("profile", "set", "bo", "--resume", nurse, "--db", jobs_db).code == 0  # not active
    assert _fits(jobs_db) == 3  # ana's
    gone = cli("profile", "delete", "ana", "--db", jobs_db)
    assert gone.code == 0, gone.err
    assert "active: 'bo'" in gone.out and "stored 3 fit(s) for profile 'bo'" in gone.err
    assert _fits(jobs_db) == 3  # ana's went with her profile; bo's are stored
    last = cli("profile", "delete", "bo", "--db", jobs_db)
    assert last.code == 0 and "no profile left" in last.out and _fits(jobs_db) == 0


def test_rerank_without_an_llm_is_one_line_before_anything_is_ranked(
    cli: Any, jobs_db: Path, fake_model: list[str], resume: Path
) -> None:
    result = cli("match", "--resume", resume, "--rerank", "--db", jobs_db)
    assert_one_line_error(result, "--rerank needs an LLM", "extraction.engine is 'rules'")
    assert not fake_model  # no model loaded, nothing ranked


def test_rerank_blends_the_llms_scores_into_the_best_matches(
    cli: Any, jobs_db: Path, fake_model: list[str], resume: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobscraper.cli import match_rerank
    from jobscraper.errors import ExtractionError
    from tests.unit.matching.test_rerank import FakeLLM, verdict

    bad = ExtractionError("not JSON")
    llm = FakeLLM(
        {
            "ICU Nurse": verdict(100, "the LLM likes nursing"),
            "Senior Backend Engineer (Django)": bad,
            "Senior Python Developer": bad,
        }
    )
    monkeypatch.setattr(match_rerank, "check_llm", lambda settings: None)  # as with an LLM engine set
    monkeypatch.setattr(match_rerank, "llm_for", lambda settings: llm)
    before = {
        r["title"]: r["score"]
        for r in json.loads(cli("match", "--resume", resume, "--json", "--db", jobs_db).out)
    }
    result = cli("match", "--resume", resume, "--json", "--rerank", "--db", jobs_db)
    assert result.code == 0, result.err
    assert "re-ranked: 1 of 3 job(s) rescored by the LLM, 2 kept their fit" in result.err
    jobs = {r["title"]: r for r in json.loads(result.out)}
    nurse = jobs["ICU Nurse"]
    assert nurse["fit_score"] == before["ICU Nurse"] and nurse["llm_score"] == 100
    assert nurse["score"] == round(0.5 * before["ICU Nurse"] + 50) and nurse["llm_reason"]
    assert all(j["rerank_error"] for t, j in jobs.items() if t != "ICU Nurse")

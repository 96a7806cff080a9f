"""`jobs list` with the fit and `--sort fit`, and `jobs similar`, in this process: a real SQLite
database with real int8 vectors of the hashing fake embedder (tests/unit/matching/fakes.py), which
stands in for the model (`jobs_fit.load_model` is the one thing replaced)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from jobscraper.cli import jobs_fit
from jobscraper.config import Settings
from jobscraper.errors import ConfigError
from jobscraper.matching.rank import rank_jobs
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import SyncEngine, open_database
from jobscraper.store.profiles import get_active_profile
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.cli_inprocess import assert_one_line_error
from tests.postings import posting_dict
from tests.unit.matching.fakes import HashingEmbedder

RESUME = "Senior backend engineer: eight years of Python, Django and PostgreSQL services.\n"
POSTINGS = [
    {"title": "Senior Backend Engineer (Django)", "description": "Python, Django and PostgreSQL services."},
    {"title": "ICU Nurse", "description": "Critical care nursing on a ward.", "skills": ["Critical care"]},
    {"title": "Senior Python Developer", "description": "Python and PostgreSQL services."},
    {"title": "Pediatric Nurse", "description": "Nursing care for children on a ward."},
]


@pytest.fixture
def jobs_db(tmp_path: Path) -> Path:
    """Four jobs, the last one not embedded yet."""
    path = tmp_path / "jobs.db"
    database = open_database(path)
    try:
        SyncEngine(database).upsert([posting_dict(n, **p) for n, p in enumerate(POSTINGS[:3], start=1)])
        embed_missing(database, WriterClient(InProcessTransport(Writer(database))), HashingEmbedder())  # type: ignore[arg-type]
        SyncEngine(database).upsert([posting_dict(4, **POSTINGS[3])])
    finally:
        database.dispose()
    return path


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The model replaced by the hashing fake; records each load."""
    asked: list[str] = []

    def load(settings: Settings, say: Console) -> HashingEmbedder:
        asked.append("model")
        return HashingEmbedder()

    monkeypatch.setattr(jobs_fit, "load_model", load)
    return asked


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "cv.md"
    path.write_text(RESUME, encoding="utf-8")
    return path


def _list(cli: Any, jobs_db: Path, *args: str) -> dict[str, Any]:
    result = cli("jobs", "list", "--json", "--db", jobs_db, *args)
    assert result.code == 0, result.err
    page: dict[str, Any] = json.loads(result.out)
    return page


def test_without_a_profile_the_list_has_no_fit_and_loads_no_model(
    cli: Any, jobs_db: Path, loads: list[str]
) -> None:
    page = _list(cli, jobs_db)
    assert page["fit_profile"] is None and all(j["fit"] is None for j in page["items"])
    table = cli("jobs", "list", "--db", jobs_db)
    assert table.code == 0 and "fit" not in table.out.split("\n")[1] and not loads


def test_with_a_profile_each_job_has_its_fit_and_the_table_a_fit_column(
    cli: Any, jobs_db: Path, loads: list[str], resume: Path
) -> None:
    assert cli("profile", "set", "ana", "--resume", resume, "--db", jobs_db).code == 0
    page = _list(cli, jobs_db, "--sort", "title", "--asc")
    assert page["fit_profile"] == "ana" and [j["title"] for j in page["items"]] == sorted(
        p["title"] for p in POSTINGS
    )
    fits = {j["title"]: j for j in page["items"]}
    assert fits["Senior Backend Engineer (Django)"]["fit"] > fits["ICU Nurse"]["fit"]
    assert all(j["fit_reasons"] for j in page["items"])
    unembedded = fits["Pediatric Nurse"]["fit_reasons"]
    assert any("reindex" in r["text"] for r in unembedded)  # no vector yet: its meaning is unknown
    table = cli("jobs", "list", "--db", jobs_db)
    assert table.code == 0 and "fit for profile 'ana'" in table.out
    # the same fits as the ranking (`match`) gives
    database = open_database(jobs_db)
    try:
        profile = get_active_profile(database)
        assert profile is not None
        embedder = HashingEmbedder()
        ranked = rank_jobs(
            database,
            profile,
            limit=None,
            embedder=embedder,
            index=VectorIndex.load(database, embedder.model_id),
        )
    finally:
        database.dispose()
    assert {r.title: r.score for r in ranked} == {title: job["fit"] for title, job in fits.items()}


def test_sort_fit_ranks_best_first_with_pages_and_filters(
    cli: Any, jobs_db: Path, loads: list[str], resume: Path
) -> None:
    assert cli("profile", "set", "--resume", resume, "--db", jobs_db).code == 0
    page = _list(cli, jobs_db, "--sort", "fit")
    fits = [j["fit"] for j in page["items"]]
    assert fits == sorted(fits, reverse=True) and page["total"] == 4
    assert page["items"][0]["title"] in {"Senior Backend Engineer (Django)", "Senior Python Developer"}
    second = _list(cli, jobs_db, "--sort", "fit", "--per-page", "1", "--page", "2")
    assert [j["id"] for j in second["items"]] == [page["items"][1]["id"]] and second["total"] == 4
    nurses = _list(cli, jobs_db, "--sort", "fit", "--query", "nurse")
    assert {j["title"] for j in nurses["items"]} == {"ICU Nurse", "Pediatric Nurse"} and nurses["total"] == 2


def test_sort_fit_without_a_profile_or_a_resume_is_one_line_and_exit_2(
    cli: Any, jobs_db: Path, loads: list[str]
) -> None:
    assert_one_line_error(cli("jobs", "list", "--sort", "fit", "--db", jobs_db), "--sort fit", "profile set")
    assert cli("profile", "set", "bob", "--location", "Lisbon", "--db", jobs_db).code == 0
    assert_one_line_error(cli("jobs", "list", "--sort", "fit", "--db", jobs_db), "'bob' has no résumé")
    assert_one_line_error(cli("jobs", "list", "--sort", "bogus", "--db", jobs_db), "--sort", "fit")
    assert not loads


def test_a_model_that_cannot_load_lists_without_the_fit_and_says_so(
    cli: Any, jobs_db: Path, resume: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(settings: Settings, say: Console) -> HashingEmbedder:
        raise ConfigError("the model's weights do not match their checksum")

    monkeypatch.setattr(jobs_fit, "load_model", broken)
    assert cli("profile", "set", "--resume", resume, "--db", jobs_db).code == 0
    result = cli("jobs", "list", "--json", "--db", jobs_db)
    assert result.code == 0 and "checksum" in result.err
    assert json.loads(result.out)["fit_profile"] is None
    assert_one_line_error(cli("jobs", "list", "--sort", "fit", "--db", jobs_db), "checksum")


def test_similar_lists_the_closest_jobs_and_refuses_one_without_a_vector(
    cli: Any, jobs_db: Path, loads: list[str]
) -> None:
    result = cli("jobs", "similar", "2", "--json", "--db", jobs_db)  # the ICU nurse
    assert result.code == 0, result.err
    similar = json.loads(result.out)
    assert 2 not in [j["id"] for j in similar] and len(similar) == 2  # the other two with a vector
    sims = [j["similarity"] for j in similar]
    assert (
        sims == sorted(sims, reverse=True) and {"id", "job_url", "title", "similarity"} <= similar[0].keys()
    )
    assert len(json.loads(cli("jobs", "similar", "1", "--limit", "1", "--json", "--db", jobs_db).out)) == 1
    table = cli("jobs", "similar", "1", "--db", jobs_db)
    assert table.code == 0 and "similarity" in table.out and "Senior Python Developer" in table.out
    assert_one_line_error(
        cli("jobs", "similar", "4", "--db", jobs_db), "no embedding yet", "jobscraper reindex"
    )
    assert_one_line_error(cli("jobs", "similar", "99", "--db", jobs_db), "no job with id 99")
    assert_one_line_error(cli("jobs", "similar", "1", "--limit", "51", "--db", jobs_db), "--limit")


def test_a_query_is_searched_by_meaning_too_unless_no_meaning(
    cli: Any, jobs_db: Path, loads: list[str]
) -> None:
    query = ("--query", "python django postgresql services developer")  # no job has every word
    words = _list(cli, jobs_db, *query, "--no-meaning")
    assert words["total"] == 0 and not loads  # no profile, words only: no model loaded
    both = _list(cli, jobs_db, *query)
    titles = {j["title"] for j in both["items"]}
    assert titles == {"Senior Backend Engineer (Django)", "Senior Python Developer"} and loads == ["model"]
    assert both["fit_profile"] is None  # found by meaning, but no profile to score against


def test_a_model_that_cannot_load_searches_by_words(
    cli: Any, jobs_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(settings: Settings, say: Console) -> HashingEmbedder:
        raise ConfigError("the model's weights do not match their checksum")

    monkeypatch.setattr(jobs_fit, "load_model", broken)
    result = cli("jobs", "list", "--json", "--query", "nurse", "--db", jobs_db)
    assert result.code == 0 and "checksum" in result.err
    assert {j["title"] for j in json.loads(result.out)["items"]} == {"ICU Nurse", "Pediatric Nurse"}

"""rank_jobs on a real job database (SQLite through the store) with a fake embedder: best fit
first, hidden and archived jobs left out unless asked for, filters as jobs list takes them, hard
preferences sinking a job without hiding it, a job without a vector ranked with its meaning unknown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update

from jobscraper.errors import InputError
from jobscraper.matching import rank as rank_module
from jobscraper.matching import rank_jobs
from jobscraper.matching.profile import ProfileInput
from jobscraper.matching.score import max_score
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate
from jobscraper.store.profiles import put_profile
from jobscraper.store.tables import JOB
from tests.unit.matching.fakes import THREE_POSTINGS, FakeIndex, HashingEmbedder

RESUME = """# Ana Souza — Senior Backend Engineer

Lisbon, Portugal

Backend engineer with eight years building Python services with Django and PostgreSQL.
Based in Lisbon. Open to remote work.
"""

POSTINGS: list[dict[str, Any]] = [
    *THREE_POSTINGS,
    {
        "title": "Junior Frontend Developer",
        "location": "Lisbon, Portugal",
        "description": "React and TypeScript for our web shop.",
        "skills": ["React", "TypeScript"],
    },
]


@pytest.fixture
def jobs(db: Database, sync: SyncEngine, make_posting: Any) -> dict[str, int]:
    sync.upsert([make_posting(**p) for p in POSTINGS])
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(JOB.select())}


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


def titles(ranked: list[Any]) -> list[str]:
    return [r.title for r in ranked]


def test_best_fit_first_with_scores_and_reasons(
    db: Database, jobs: dict[str, int], embedder: HashingEmbedder
) -> None:
    ranked = rank_jobs(db, RESUME, limit=10, embedder=embedder, index=FakeIndex(db, embedder))
    assert titles(ranked)[0] == "Senior Backend Engineer (Python, Django)"
    assert titles(ranked)[-1] in ("ICU Nurse", "Junior Frontend Developer")
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    best = ranked[0]
    assert best.job_url.startswith("https://") and 0 <= best.score <= 100 and best.id == jobs[best.title]
    skills = next(r for r in best.reasons if r.kind == "skills")
    assert skills.matched == ["Python", "Django"]
    assert {"meaning", "skills", "seniority", "place"} <= set(best.parts)
    # the résumé says Lisbon: the US-only remote job is nudged down, not sunk
    us = next(r for r in ranked if r.title == "Senior Python Engineer")
    assert not us.sunk and us.parts["place"] < 0.5
    assert len(rank_jobs(db, RESUME, limit=2, embedder=embedder, index=FakeIndex(db, embedder))) == 2


def test_hidden_and_archived_jobs_are_left_out_unless_asked_for(
    db: Database, jobs: dict[str, int], sync: SyncEngine, embedder: HashingEmbedder
) -> None:
    best = jobs["Senior Backend Engineer (Python, Django)"]
    sync.update_user_fields(best, UserUpdate(hidden=True))
    with db.engine.begin() as conn:
        conn.execute(update(JOB).where(JOB.c.id == jobs["ICU Nurse"]).values(archived_at=datetime.now(UTC)))
    index = FakeIndex(db, embedder)
    ranked = titles(rank_jobs(db, RESUME, limit=None, embedder=embedder, index=index))
    assert sorted(ranked) == ["Junior Frontend Developer", "Senior Python Engineer"]
    everything = JobQuery(include_hidden=True, archived="include")
    assert len(rank_jobs(db, RESUME, limit=None, embedder=embedder, index=index, filters=everything)) == 4


def test_filters_narrow_the_candidates_like_jobs_list(
    db: Database, jobs: dict[str, int], embedder: HashingEmbedder
) -> None:
    index = FakeIndex(db, embedder)
    remote = rank_jobs(db, RESUME, limit=None, embedder=embedder, index=index, filters=JobQuery(remote=True))
    assert titles(remote) == ["Senior Python Engineer"]
    react = rank_jobs(db, RESUME, limit=None, embedder=embedder, index=index, filters=JobQuery(q="react"))
    assert titles(react) == ["Junior Frontend Developer"]


def test_a_profile_with_hard_preferences_sinks_but_still_lists(
    db: Database, jobs: dict[str, int], embedder: HashingEmbedder
) -> None:
    profile = put_profile(
        db, ProfileInput(name="ana", resume_text=RESUME, locations=["Lisbon"], remote_regions=["EU"]),
        datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    ranked = rank_jobs(db, profile, limit=None, embedder=embedder, index=FakeIndex(db, embedder))
    us = next(r for r in ranked if r.title == "Senior Python Engineer")
    assert us.sunk and us.score <= 20 and us.reasons[0].hard and "US only" in us.reasons[0].text
    nurse = next(r for r in ranked if r.title == "ICU Nurse")
    assert nurse.sunk and "Chicago" in nurse.reasons[0].text
    assert titles(ranked)[0] == "Senior Backend Engineer (Python, Django)"


def test_a_job_without_a_vector_has_its_meaning_unknown(
    db: Database, jobs: dict[str, int], embedder: HashingEmbedder
) -> None:
    missing = jobs["Junior Frontend Developer"]
    ranked = rank_jobs(
        db, RESUME, limit=None, embedder=embedder, index=FakeIndex(db, embedder, skip=[missing])
    )
    job = next(r for r in ranked if r.id == missing)
    assert job.cosine is None and "meaning" not in job.parts
    assert any(r.kind == "meaning" and "reindex" in r.text for r in job.reasons)
    assert all(r.cosine is not None for r in ranked if r.id != missing)


def test_an_empty_resume_is_refused(db: Database, jobs: dict[str, int], embedder: HashingEmbedder) -> None:
    with pytest.raises(InputError, match="no résumé"):
        rank_jobs(db, "  \n", limit=5, embedder=embedder, index=FakeIndex(db, embedder))


def test_the_top_k_is_the_same_as_ranking_everything_while_scoring_fewer_jobs(
    db: Database,
    sync: SyncEngine,
    make_posting: Any,
    embedder: HashingEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = [
        "Python",
        "Django",
        "nursing",
        "React",
        "welding",
        "Kotlin",
        "PostgreSQL",
        "sales",
        "Go",
        "design",
    ]
    sync.upsert(
        [
            make_posting(
                title=f"{'Senior ' if n % 3 else 'Junior '}{words[n % 10]} {words[n * 7 % 10]} role",
                description=" ".join(words[(n + i) % 10] for i in range(n % 5 + 1)),
                location=["Lisbon, Portugal", "Remote (US only)", "Berlin, Germany"][n % 3],
                skills=[words[n % 10], words[(n + 3) % 10]],
            )
            for n in range(60)
        ]
        # one job that fits the résumé well, so the best score is above what a far-off meaning
        # could still reach (max_score) and the walk has somewhere to stop
        + [
            make_posting(
                title="Senior Python Django engineer",
                description="Python services with Django and PostgreSQL, backend, Lisbon or remote.",
                location="Lisbon, Portugal",
                skills=["Python", "Django", "PostgreSQL"],
            )
        ]
    )
    index = FakeIndex(db, embedder, skip=[7, 8])  # two without a vector: always scored
    everything = rank_jobs(db, RESUME, limit=None, embedder=embedder, index=index)
    assert len(everything) == 61
    fitted: list[int] = []
    real_fit = rank_module.fit

    def counting_fit(job: dict[str, Any], *args: Any) -> Any:
        fitted.append(job["id"])
        return real_fit(job, *args)

    monkeypatch.setattr(rank_module, "fit", counting_fit)
    monkeypatch.setattr(rank_module, "_CHUNK", 4)
    for k in (1, 3, 10):
        fitted.clear()
        top = rank_jobs(db, RESUME, limit=k, embedder=embedder, index=index)
        assert [(r.id, r.score) for r in top] == [(r.id, r.score) for r in everything[:k]]
        assert {7, 8} <= set(fitted)
    fitted.clear()
    rank_jobs(db, RESUME, limit=1, embedder=embedder, index=index)
    assert everything[0].score > max_score(0.0)  # (what makes stopping possible)
    assert len(fitted) < 61  # the walk stopped early

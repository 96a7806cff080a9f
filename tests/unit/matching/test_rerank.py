"""The LLM re-rank on a real job database ranked by rank_jobs (with the fake embedder of fakes.py),
the LLM replaced by a fake engine that answers deterministic JSON — and, for one job each, a
malformed answer, a per-job timeout, or nothing within the whole call's timeout.

What a user would notice: the LLM's judgement moves jobs within the top K by the documented
blend, the fit and its reasons stay visible, a bad answer never costs a job its place or crashes
the ranking, and a job the person's hard preferences sank is never sent to be overruled.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from jobscraper.config.matching import RerankSettings
from jobscraper.errors import ExtractionError, ExtractionUnavailable
from jobscraper.matching.profile import ProfileInput
from jobscraper.matching.rank import RankedJob, rank_jobs
from jobscraper.matching.rerank import (
    RerankOutcome,
    Verdict,
    blend,
    job_facts,
    rerank,
    rerank_prompt,
    verdict_schema,
)
from jobscraper.store import Database, SyncEngine
from jobscraper.store.profiles import put_profile
from tests.unit.matching.fakes import THREE_POSTINGS, FakeIndex, HashingEmbedder

NOW = datetime(2026, 1, 5, tzinfo=UTC)
RESUME = """Senior Backend Engineer. Eight years building Python services with Django and PostgreSQL.
Based in Lisbon, open to remote work."""

POSTINGS: list[dict[str, Any]] = [
    *THREE_POSTINGS,
    {
        "title": "Staff Data Engineer",
        "location": "Lisbon, Portugal",
        "description": "Python pipelines on PostgreSQL and Spark.",
        "skills": ["Python", "Spark"],
    },
]


def verdict(score: int, reason: str) -> str:
    parts = {"skills": score, "seniority": score, "location": score, "salary": 50, "visa": 100}
    return json.dumps({**parts, "score": score, "reason": reason})


class FakeLLM:
    """Answers each prompt by the job's title in it: a fixed verdict, or a failure named by ``bad``."""

    def __init__(self, answers: dict[str, str | ExtractionError]) -> None:
        self.answers = answers
        self.calls: list[tuple[list[str], dict[str, Any], int]] = []

    async def __call__(
        self, prompts: list[str], schema: dict[str, Any], max_tokens: int
    ) -> Sequence[str | ExtractionError]:
        self.calls.append((prompts, schema, max_tokens))
        return [self._answer(p) for p in prompts]

    def _answer(self, prompt: str) -> str | ExtractionError:
        job = prompt.rsplit("The job:\n", 1)[1]
        for title, answer in self.answers.items():
            if f"title: {title}\n" in job:
                return answer
        raise AssertionError(f"no answer for {job[:60]!r}")


ANSWERS: dict[str, str | ExtractionError] = {
    "Senior Backend Engineer (Python, Django)": verdict(
        40, "Django shop, but the role is mostly on-call ops."
    ),
    "Senior Python Engineer": verdict(95, "Python and PostgreSQL services, remote."),
    "ICU Nurse": "{not json",  # malformed
    "Staff Data Engineer": ExtractionError("the request timed out after 30 s"),
}


@pytest.fixture
def ranked(db: Database, sync: SyncEngine, make_posting: Any) -> list[RankedJob]:
    sync.upsert([make_posting(**p) for p in POSTINGS])
    embedder = HashingEmbedder()
    return rank_jobs(db, RESUME, limit=10, embedder=embedder, index=FakeIndex(db, embedder))


def run(ranked: list[RankedJob], facts: Any, llm: Any, **settings: Any) -> RerankOutcome:
    return asyncio.run(rerank(RESUME, ranked, facts, llm, RerankSettings(enabled=True, **settings)))


def test_the_llm_score_is_blended_and_the_fit_stays_visible(db: Database, ranked: list[RankedJob]) -> None:
    llm = FakeLLM(ANSWERS)
    before = {job.title: job for job in ranked}

    outcome = run(ranked, job_facts(db, [j.id for j in ranked]), llm, weight=0.5)

    jobs = {job.title: job for job in outcome.jobs}
    remote = jobs["Senior Python Engineer"]
    assert remote.fit_score == before["Senior Python Engineer"].score
    assert remote.llm_score == 95 and remote.llm_reason == "Python and PostgreSQL services, remote."
    assert remote.score == round(0.5 * remote.fit_score + 0.5 * 95)
    assert remote.reasons == before["Senior Python Engineer"].reasons  # the fit's reasons unchanged
    scores = [job.score for job in outcome.jobs]
    assert scores == sorted(scores, reverse=True)  # all four are in the top K: one order by the blend
    assert len(llm.calls) == 1  # one batch for the whole top K
    prompts, schema, max_tokens = llm.calls[0]
    assert len(prompts) == 4
    assert schema == verdict_schema() and max_tokens == RerankSettings().max_output_tokens


def test_a_malformed_or_timed_out_answer_keeps_that_jobs_fit_and_is_counted(
    db: Database, ranked: list[RankedJob]
) -> None:
    outcome = run(ranked, job_facts(db, [j.id for j in ranked]), FakeLLM(ANSWERS))

    jobs = {job.title: job for job in outcome.jobs}
    nurse, data = jobs["ICU Nurse"], jobs["Staff Data Engineer"]
    assert nurse.score == nurse.fit_score and nurse.llm_score is None
    assert nurse.rerank_error is not None and "not a verdict" in nurse.rerank_error
    assert data.score == data.fit_score and data.rerank_error == "the request timed out after 30 s"
    assert (outcome.asked, outcome.answered, outcome.failed) == (4, 2, 2)


def test_the_llm_reorders_the_top_k_only_and_the_rest_keep_their_fit_and_order(
    db: Database, ranked: list[RankedJob]
) -> None:
    llm = FakeLLM({title: verdict(100 - 30 * n, "ok") for n, title in enumerate(ANSWERS)})

    outcome = run(ranked, job_facts(db, [j.id for j in ranked]), llm, top_k=2, weight=1.0)

    assert outcome.asked == 2 and len(llm.calls[0][0]) == 2
    assert [job.id for job in outcome.jobs[2:]] == [job.id for job in ranked[2:]]
    assert all(job.score == job.fit_score and job.llm_score is None for job in outcome.jobs[2:])
    top = outcome.jobs[:2]
    assert [job.score for job in top] == sorted(job.llm_score or 0 for job in top)[
        ::-1
    ]  # weight 1: the LLM's


def test_a_sunk_job_is_not_sent_to_be_overruled(db: Database, ranked: list[RankedJob]) -> None:
    ana = put_profile(db, ProfileInput(name="ana", resume_text=RESUME, locations=["Lisbon"]), NOW)
    embedder = HashingEmbedder()
    for_ana = rank_jobs(db, ana, limit=10, embedder=embedder, index=FakeIndex(db, embedder))
    sunk = {job.id for job in for_ana if job.sunk}
    assert sunk  # Chicago is not on her list
    llm = FakeLLM({title: verdict(100, "great") for title in ANSWERS})

    outcome = asyncio.run(rerank(ana, for_ana, job_facts(db, [j.id for j in for_ana]), llm, RerankSettings()))

    for job in outcome.jobs:
        if job.id in sunk:
            assert job.score == job.fit_score and job.llm_score is None and job.rerank_error is None
    assert outcome.asked == len(for_ana) - len(sunk) == len(llm.calls[0][0])
    assert outcome.jobs[-1].sunk  # still last: the LLM lifted only the others


def test_no_answer_within_the_timeout_keeps_every_fit(db: Database, ranked: list[RankedJob]) -> None:
    async def hangs(prompts: list[str], schema: dict[str, Any], max_tokens: int) -> list[str]:
        await asyncio.sleep(60)
        return []

    outcome = run(ranked, job_facts(db, [j.id for j in ranked]), hangs, timeout_s=0.05)

    assert [job.id for job in outcome.jobs] == [job.id for job in ranked]
    assert all(job.score == job.fit_score for job in outcome.jobs)
    assert outcome.failed == 4 and outcome.jobs[0].rerank_error == "no answer within timeout_s=0.05"


def test_an_unreachable_engine_stops_the_rerank_for_the_caller_to_report(
    db: Database, ranked: list[RankedJob]
) -> None:
    async def gone(prompts: list[str], schema: dict[str, Any], max_tokens: int) -> list[str]:
        raise ExtractionUnavailable("the throughput pool is not deployed")

    with pytest.raises(ExtractionUnavailable, match="not deployed"):
        run(ranked, job_facts(db, [j.id for j in ranked]), gone)


def test_the_prompt_holds_the_rubric_the_person_and_the_job_with_the_shared_part_first(
    db: Database, ranked: list[RankedJob]
) -> None:
    profile = ProfileInput(
        name="ana", resume_text=RESUME, locations=["Lisbon"], min_salary=60000, currency="EUR"
    )
    stored = put_profile(db, profile, NOW)
    facts = job_facts(db, [j.id for j in ranked])
    first, second = (rerank_prompt(stored, facts[job.id]) for job in ranked[:2])

    head = first.rsplit("The job:\n", 1)[0]
    assert second.startswith(head)  # one prefix for every job: cached once by vLLM
    for word in ("skills", "seniority", "location", "salary", "visa", "Eight years building Python"):
        assert word in head
    assert "- locations: Lisbon" in head and "- min_salary: 60000.0" in head
    assert f"title: {ranked[0].title}\n" in first


def test_the_verdict_schema_bounds_every_score_and_the_reason() -> None:
    schema = verdict_schema()
    assert set(schema["required"]) == set(Verdict.model_fields)
    assert all(schema["properties"][k]["maximum"] == 100 for k in Verdict.model_fields if k != "reason")
    with pytest.raises(ValueError):
        Verdict.model_validate_json(verdict(101, "too high"))
    assert blend(80, 20, 0.0) == 80 and blend(80, 20, 1.0) == 20 and blend(80, 21, 0.5) == 50

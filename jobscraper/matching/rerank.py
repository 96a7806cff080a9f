"""The optional LLM re-rank (issue 15, item 7): an LLM rescores the best matches with a rubric.

The fit (:mod:`jobscraper.matching.score`) is fast, offline and explained, but it reads a job
through an embedding and a few extracted fields. On a GPU cluster the extraction service's
throughput pool can afford to *read* the top ``top_k`` jobs against the résumé: :func:`rerank` asks
it, once per job, to rate the job on a rubric — skills, seniority, location/remote, salary, visa,
each 0–100 — and give an overall 0–100 with a one-line reason, as JSON constrained to
:class:`Verdict`'s schema (the guided-JSON path the extraction engines use, ``generate_json``).

The blend, documented here and in ``matching.rerank.weight`` (default 0.5)::

    score = round((1 - weight) × fit + weight × llm_score)

so 0 keeps the fit's order and 1 trusts the LLM alone. The re-ranked top ``top_k`` is sorted by the
blended score (ties: the fit's order) and stays ahead of the rest, which keep their fit and order:
a re-rank reorders the best matches, it does not pull in jobs it never read. Every job keeps
``fit_score`` (its score before), its fit ``reasons`` unchanged, and gets ``llm_score`` and
``llm_reason``. A *sunk* job (a hard preference broken) is not sent: the LLM may not overrule what
the person set. An output that is missing, not JSON of the schema, or late (``timeout_s`` for the
whole top ``top_k``) leaves that job's fit as it was, with ``rerank_error`` saying why, and is
counted in :class:`RerankOutcome`; only an engine that cannot be reached at all
(:class:`~jobscraper.errors.ExtractionUnavailable`) stops the re-rank, for the caller to report.

The model is asked through ``generate`` (prompts, schema, max tokens → one output or
:class:`~jobscraper.errors.ExtractionError` per prompt): the Api passes the ExtractionRouter's
handle, tests a fake. The prompt puts the rubric and the person first and the job last, so an
engine with prefix caching (vLLM) reads the shared part once for all ``top_k`` jobs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jobscraper.config.matching import RerankSettings
from jobscraper.errors import ExtractionError, ExtractionUnavailable
from jobscraper.matching.profile import PreferenceFields, ProfileFields, is_set
from jobscraper.matching.rank import FIT_COLUMNS, RankedJob

if TYPE_CHECKING:
    from jobscraper.store import Database

__all__ = [
    "GenerateJson",
    "RerankOutcome",
    "RerankedJob",
    "Verdict",
    "blend",
    "job_facts",
    "rerank",
    "rerank_prompt",
    "verdict_schema",
]

GenerateJson = Callable[[list[str], dict[str, Any], int], Awaitable[Sequence[str | ExtractionError]]]
"""(prompts, JSON schema, max output tokens) → one output per prompt, in order, or an error in its place."""

MAX_RESUME_CHARS = 6000  # ~1,500 tokens: the résumé's substance; the pool's window is 4k by default
MAX_DESCRIPTION_CHARS = 3000


class Verdict(BaseModel):
    """The LLM's answer for one job: the rubric's parts, the overall score, the one-line reason."""

    model_config = ConfigDict(extra="forbid")

    skills: int = Field(ge=0, le=100, description="the résumé's skills against what the job needs")
    seniority: int = Field(ge=0, le=100, description="the person's level and years against the job's")
    location: int = Field(ge=0, le=100, description="the place and remote terms against the preferences")
    salary: int = Field(ge=0, le=100, description="the pay against the floor (50 when either is unknown)")
    visa: int = Field(ge=0, le=100, description="sponsorship against the need (100 when none is needed)")
    score: int = Field(ge=0, le=100, description="the overall fit, 0-100")
    reason: str = Field(min_length=1, max_length=200, description="one line: why this score")


def verdict_schema() -> dict[str, Any]:
    """:class:`Verdict`'s JSON schema, which the engine's decoder follows."""
    return Verdict.model_json_schema()


class RerankedJob(RankedJob):
    """A ranked job after the re-rank: ``score`` is the blend (or the fit, when the LLM gave none)."""

    fit_score: int = Field(ge=0, le=100, description="the fit before the re-rank")
    llm_score: int | None = Field(
        None, ge=0, le=100, description="the LLM's overall score; null: not rescored"
    )
    llm_reason: str | None = Field(None, description="the LLM's one-line reason")
    rerank_error: str | None = Field(None, description="why the LLM's answer was not used (the fit was kept)")


class RerankOutcome(BaseModel):
    """The re-ranked jobs, best first, and what happened: asked, answered, failed."""

    jobs: list[RerankedJob]
    asked: int = Field(description="jobs sent to the LLM (the top top_k, sunk ones left out)")
    answered: int = Field(description="jobs whose score now blends the LLM's")
    failed: int = Field(description="jobs the LLM answered badly or not in time: their fit was kept")


def blend(fit_score: int, llm_score: int, weight: float) -> int:
    """``round((1 - weight) × fit + weight × llm)``, within 0–100."""
    return max(0, min(100, round((1.0 - weight) * fit_score + weight * llm_score)))


_INSTRUCTIONS = """You judge how well one job fits one person, as a careful recruiter would.
Rate each part of the rubric from 0 (does not fit) to 100 (fits perfectly):
- skills: the skills and experience in the résumé against what the job needs (paraphrases count;
  recruiting, selling to or managing a field is not working in it);
- seniority: the person's level and years against the job's level;
- location: the job's place and remote terms against where the person lives or wants to work;
- salary: the job's pay against the person's floor (50 when either is unknown);
- visa: sponsorship against the person's need (100 when they need none or it is unknown).
Then give the overall fit from 0 to 100 (mostly skills and seniority; a broken preference weighs
heavily) and one short line saying why. Use only what the texts say. Answer with JSON only:
{schema}

The person's preferences (what they set):
{preferences}

The person's résumé:
{resume}

The job:
"""


def rerank_prompt(who: ProfileFields | str, job: Mapping[str, Any]) -> str:
    """The prompt for one job: rubric, schema, the person's preferences and résumé, then the job."""
    resume = who if isinstance(who, str) else who.resume_text
    head = _INSTRUCTIONS.format(
        schema=json.dumps(verdict_schema()["properties"], separators=(",", ":"), ensure_ascii=False),
        preferences=_preferences(who),
        resume=resume.strip()[:MAX_RESUME_CHARS],
    )
    return head + _job_text(job)


def _preferences(who: ProfileFields | str) -> str:
    if isinstance(who, str):
        return "(none set)"
    lines = [
        f"- {name}: {_value(getattr(who, name))}"
        for name in PreferenceFields.model_fields
        if is_set(who, name)
    ]
    return "\n".join(lines) or "(none set)"


_JOB_FACTS = [c for c in FIT_COLUMNS if c not in ("id", "job_url", "extracted", "description")]


def _job_text(job: Mapping[str, Any]) -> str:
    facts = [f"{name}: {_value(job[name])}" for name in _JOB_FACTS if job.get(name) not in (None, "", [])]
    description = str(job.get("description") or "").strip()[:MAX_DESCRIPTION_CHARS]
    return "\n".join(facts) + (f"\n\n{description}" if description else "")


def _value(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _verdict(raw: str | ExtractionError) -> Verdict:
    if isinstance(raw, ExtractionError):
        raise raw
    try:
        return Verdict.model_validate_json(raw.strip())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "output"
        raise ExtractionError(f"the LLM's answer is not a verdict ({where}: {first['msg']})") from exc


async def rerank(
    who: ProfileFields | str,
    ranked: Sequence[RankedJob],
    facts: Mapping[int, Mapping[str, Any]],
    generate: GenerateJson,
    settings: RerankSettings,
) -> RerankOutcome:
    """``ranked`` (best first) with its top ``settings.top_k`` rescored by the LLM (module docstring).

    ``facts`` holds each job's columns (:data:`~jobscraper.matching.rank.FIT_COLUMNS`, by id);
    a job without them is not sent. Raises :class:`~jobscraper.errors.ExtractionUnavailable` when
    the engine cannot be reached at all; every other failure is one job's, counted.
    """
    jobs = [RerankedJob(**job.model_dump(), fit_score=job.score) for job in ranked]
    top, rest = jobs[: settings.top_k], jobs[settings.top_k :]
    sent = [job for job in top if not job.sunk and job.id in facts]
    outputs: Sequence[str | ExtractionError]
    if sent:
        prompts = [rerank_prompt(who, facts[job.id]) for job in sent]
        try:
            outputs = await asyncio.wait_for(
                generate(prompts, verdict_schema(), settings.max_output_tokens), settings.timeout_s
            )
        except ExtractionUnavailable:
            raise
        except TimeoutError:
            outputs = [ExtractionError(f"no answer within timeout_s={settings.timeout_s:g}")] * len(sent)
        except ExtractionError as exc:  # the whole call failed: every job keeps its fit
            outputs = [exc] * len(sent)
        if len(outputs) != len(sent):  # an engine out of step: no answer can be matched to its job
            outputs = [ExtractionError(f"{len(outputs)} answers came back for {len(sent)} jobs")] * len(sent)
    else:
        outputs = []
    answered = 0
    for job, raw in zip(sent, outputs, strict=True):
        try:
            verdict = _verdict(raw)
        except ExtractionError as exc:
            job.rerank_error = str(exc) or type(exc).__name__
            continue
        job.llm_score, job.llm_reason = verdict.score, verdict.reason
        job.score = blend(job.fit_score, verdict.score, settings.weight)
        answered += 1
    order = {job.id: n for n, job in enumerate(top)}
    top.sort(key=lambda job: (-job.score, order[job.id]))
    return RerankOutcome(jobs=top + rest, asked=len(sent), answered=answered, failed=len(sent) - answered)


def job_facts(db: Database, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The columns :func:`rerank` shows the LLM (:data:`~jobscraper.matching.rank.FIT_COLUMNS`), by job id."""
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    columns = [JOB.c[name] for name in FIT_COLUMNS]
    with db.reader() as conn:
        rows = conn.execute(select(*columns).where(JOB.c.id.in_(list(ids)))).mappings()
        return {int(row["id"]): dict(row) for row in rows}

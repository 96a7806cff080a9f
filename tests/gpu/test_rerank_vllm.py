"""The LLM re-rank through a real vLLM engine (skipped without CUDA and vllm: `uv sync --extra gpu`).

No Ray: the ThroughputPool's engine itself (:class:`VLLMEngine`, the instruction-tuned test model
under its chat template) answers :func:`rerank`'s prompts with vLLM's structured outputs, so every
answer must be a valid verdict — none may fall back to the fit.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

vllm = pytest.importorskip("vllm", reason="needs the gpu extra (vllm)")
torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA"),
]

RESUME = """Senior Backend Engineer. Eight years building Python services with Django and PostgreSQL
at two fintech companies; led a team of four. Based in Lisbon, open to remote work in Europe."""

JOBS: list[dict[str, Any]] = [
    {
        "title": "Senior Backend Engineer (Python, Django)",
        "location": "Lisbon, Portugal",
        "skills": ["Python", "Django", "PostgreSQL"],
        "description": "Build and run the Python/Django services behind our payments platform.",
    },
    {
        "title": "ICU Nurse",
        "location": "Chicago, IL",
        "skills": ["Critical care"],
        "description": "Critical care nursing on a busy ward; US nursing licence required.",
    },
]


def test_a_real_model_answers_every_rerank_prompt_with_a_valid_verdict() -> None:
    from jobscraper.config import PoolSettings
    from jobscraper.config.matching import RerankSettings
    from jobscraper.extraction.vllm_engine import VLLMEngine
    from jobscraper.matching.rank import RankedJob
    from jobscraper.matching.rerank import rerank

    model = os.environ.get("JOBSCRAPER_GPU_TEST_MODEL", "Qwen/Qwen2.5-0.5B-Instruct")
    engine = VLLMEngine(PoolSettings(model=model, gpu_memory_utilization=0.4, max_model_len=4096))
    ranked = [
        RankedJob(
            id=n, job_url=f"https://example.com/{n}", title=job["title"], location=job["location"], score=50
        )
        for n, job in enumerate(JOBS, start=1)
    ]
    facts = {n: {"id": n, **job} for n, job in enumerate(JOBS, start=1)}

    async def generate(prompts: list[str], schema: dict[str, Any], max_tokens: int) -> Any:
        return await engine.generate_json(prompts, schema, max_tokens=max_tokens)

    outcome = asyncio.run(rerank(RESUME, ranked, facts, generate, RerankSettings(enabled=True)))

    assert engine.chat("Rate this job.") != "Rate this job."  # the instruct model's template was applied
    assert (outcome.asked, outcome.answered, outcome.failed) == (2, 2, 0), [
        j.rerank_error for j in outcome.jobs
    ]
    scores = {job.title: job.llm_score or 0 for job in outcome.jobs}  # all answered (above)
    assert all(job.llm_reason for job in outcome.jobs)
    assert scores["Senior Backend Engineer (Python, Django)"] > scores["ICU Nurse"]  # a plain call

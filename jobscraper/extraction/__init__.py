"""Extraction: postings → :class:`JobDetails`, through one of several engines.

- ``schema`` — the JobDetails schema and its version;
- ``base`` — the engine protocol, prompts, output validation with one repair;
- engines: ``rules`` (no model, the CPU default), ``outlines`` (CPU, constrained decoding),
  ``openai`` (any OpenAI-compatible endpoint), ``vllm`` (GPU; lives in ``serve/``).
"""

from jobscraper.extraction.base import (
    Engine,
    ExtractionInput,
    ExtractionResult,
    LLMEngine,
    build_prompt,
    estimate_tokens,
    parse_details,
)
from jobscraper.extraction.rules import RulesEngine
from jobscraper.extraction.schema import SCHEMA_VERSION, JobDetails, Salary

__all__ = [
    "SCHEMA_VERSION",
    "Engine",
    "ExtractionInput",
    "ExtractionResult",
    "JobDetails",
    "LLMEngine",
    "RulesEngine",
    "Salary",
    "build_prompt",
    "estimate_tokens",
    "parse_details",
]

"""The engine protocol every extraction backend implements, and what LLM engines share.

An engine turns a batch of :class:`ExtractionInput` into one :class:`ExtractionResult` each, in
order; a posting that cannot be extracted gets a result with ``error`` set — a bad output never
fails the batch. ``count_tokens`` is what the router measures prompts with.

:class:`LLMEngine` is the common part of the model-backed engines (vllm, openai, outlines): it
builds the prompt, asks the subclass to ``generate`` raw text for a batch, validates each output
against :class:`~jobscraper.extraction.schema.JobDetails`, gives every invalid one a single
repair attempt (the model sees its output and the validation error), and records what still
fails as a :class:`~jobscraper.errors.SchemaViolation`. ``generate`` may answer a prompt with an
:class:`~jobscraper.errors.ExtractionError` instead of text (the endpoint failed for that request,
the output was cut at the token limit): it becomes that posting's ``error`` without a repair,
and the rest of the batch is unaffected. An :class:`~jobscraper.errors.ExtractionUnavailable`
(the endpoint was out of reach) marks the result ``retryable``: the pipeline leaves that posting
pending instead of recording a failure.

Instruction-tuned models expect their chat template around a prompt; :func:`chat_prompt` wraps one
(a system and a user message, then the generation prompt) with the model's tokenizer, as the
pool's ``chat_template`` setting says. :class:`JsonGenerator` is what an engine offers beyond
extraction: JSON constrained to any schema (the LLM re-rank of :mod:`jobscraper.matching.rerank`).
"""

from __future__ import annotations

import json
import math
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field, ValidationError

from jobscraper.errors import ExtractionError, ExtractionUnavailable, SchemaViolation
from jobscraper.extraction.schema import SCHEMA_VERSION, JobDetails, details_json_schema

__all__ = [
    "SYSTEM_MESSAGE",
    "ChatTemplateMode",
    "Engine",
    "ExtractionInput",
    "ExtractionResult",
    "JsonGenerator",
    "LLMEngine",
    "build_prompt",
    "chat_prompt",
    "estimate_tokens",
    "parse_details",
    "posting_text",
    "prompt_head",
]

CHARS_PER_TOKEN = 4.0  # the documented estimate when no tokenizer is at hand (English-ish text)


class ExtractionInput(BaseModel):
    """One posting to extract: its text and what the scrape already knows."""

    id: str = Field(description="the caller's id for this posting (echoed in the result)")
    title: str | None = None
    company: str | None = None
    location: str | None = None
    description: str = ""


class ExtractionResult(BaseModel):
    """The outcome for one posting: ``details`` or ``error``, never both."""

    id: str
    details: JobDetails | None = None
    error: str | None = None
    schema_version: int = SCHEMA_VERSION
    engine: str
    pool: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    repaired: bool = False
    latency_s: float = 0.0
    retryable: bool = Field(False, description="the engine was unreachable: try again later, do not record")

    @property
    def ok(self) -> bool:
        return self.details is not None


@runtime_checkable
class Engine(Protocol):
    """What the pools, the CLI and the pipeline call."""

    name: str

    def count_tokens(self, text: str) -> int: ...

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]: ...


@runtime_checkable
class JsonGenerator(Protocol):
    """An engine that writes JSON constrained to any schema (vllm, outlines): one output per prompt,
    in order, an :class:`~jobscraper.errors.ExtractionError` in place of a prompt it could not answer."""

    name: str

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], *, max_tokens: int
    ) -> Sequence[str | ExtractionError]: ...


ChatTemplateMode = Literal["auto", "on", "off"]
SYSTEM_MESSAGE = (
    "You are a precise assistant. Answer with one JSON object that follows the schema you are given."
)


def chat_prompt(
    tokenizer: Any, prompt: str, mode: ChatTemplateMode = "auto", *, system: str = SYSTEM_MESSAGE
) -> str:
    """``prompt`` as the model expects it: wrapped in its tokenizer's chat template (``system`` as the
    system message, ``prompt`` as the user's, then the generation prompt) when ``mode`` is ``on``, or
    ``auto`` and the tokenizer has a template; unchanged when ``off`` or ``auto`` without one (base
    models). A template that refuses a system role (Gemma's) gets ``system`` at the head of the user
    message instead. ``on`` without a template is an :class:`ExtractionError` saying so.
    """
    if mode == "off":
        return prompt
    if not getattr(tokenizer, "chat_template", None):
        if mode == "on":
            raise ExtractionError(
                "chat_template is 'on' but the model's tokenizer has no chat template (set auto or off)"
            )
        return prompt
    from jinja2.exceptions import TemplateError  # jinja2 comes with every tokenizer that has a template

    messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
    try:
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    except TemplateError:
        merged = [{"role": "user", "content": f"{system}\n\n{prompt}"}]
        text = tokenizer.apply_chat_template(merged, tokenize=False, add_generation_prompt=True)
    return str(text)


def estimate_tokens(text: str) -> int:
    """Tokens in ``text`` without a tokenizer: one per 4 characters, rounded up.

    BPE tokenizers of current instruction models average 3.5–4.5 characters per token on English
    prose and fewer on code or non-Latin scripts; the router only compares against thresholds
    thousands of tokens apart, so this is close enough to pick a pool.
    """
    return math.ceil(len(text) / CHARS_PER_TOKEN)


_INSTRUCTIONS = """You extract facts from one job posting into JSON that follows the schema below.
Rules: use only what the posting states; when it does not say, use "unknown", null or [] — never
guess. Salary: the amounts and period as stated (do not convert), currency as an ISO 4217 code.
Seniority from the title and required experience. Summary: one or two plain sentences.
Language: the ISO 639-1 code of the posting's language. Answer with the JSON object only.

Schema:
{schema}
"""


def prompt_head() -> str:
    """The part of every prompt that does not depend on the posting (instructions and schema)."""
    schema = json.dumps(details_json_schema(), separators=(",", ":"))
    return f"{_INSTRUCTIONS.format(schema=schema)}\nPosting:\n"


def posting_text(posting: ExtractionInput) -> str:
    """The posting's part of its prompt: the known facts, then the description."""
    known = (("Title", posting.title), ("Company", posting.company), ("Location", posting.location))
    facts = "\n".join(f"{label}: {value}" for label, value in known if value)
    return f"{facts}\n\n{posting.description}".rstrip()


def build_prompt(posting: ExtractionInput) -> str:
    """The full prompt for one posting: :func:`prompt_head`, then :func:`posting_text`."""
    return prompt_head() + posting_text(posting)


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def parse_details(raw: str) -> JobDetails:
    """``raw`` model output as JobDetails; :class:`SchemaViolation` saying why when it is not.

    Tolerates what models commonly wrap around JSON (code fences, text before or after the
    object, trailing commas); anything else is a violation.
    """
    text = _FENCE.sub("", raw.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise SchemaViolation(f"no JSON object in the output: {raw[:120]!r}")
    text = _TRAILING_COMMA.sub(r"\1", text[start : end + 1])
    try:
        return JobDetails.model_validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'output'}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise SchemaViolation(problems) from exc


class LLMEngine(ABC):
    """Prompt → generate → validate → one repair → result, for model-backed engines."""

    name = "llm"

    def __init__(self, *, max_output_tokens: int = 768) -> None:
        self.max_output_tokens = max_output_tokens

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    @abstractmethod
    async def generate(self, prompts: list[str]) -> Sequence[str | ExtractionError]:
        """Raw model output for each prompt, in order (constrained to the schema where possible).

        A prompt the engine could not answer gets an :class:`ExtractionError` in its place rather
        than failing the batch; raise only for what fails every prompt alike (bad credentials).
        """

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        started = time.perf_counter()
        prompts = [build_prompt(p) for p in batch]
        outputs = await self.generate(prompts)
        results: list[ExtractionResult] = []
        retry: dict[int, str] = {}  # posting index → its invalid output
        for n, (posting, prompt, raw) in enumerate(zip(batch, prompts, outputs, strict=True)):
            result = ExtractionResult(id=posting.id, engine=self.name, tokens_in=self.count_tokens(prompt))
            results.append(result)
            if isinstance(raw, ExtractionError):
                result.error = str(raw)
                result.retryable = isinstance(raw, ExtractionUnavailable)
                continue
            result.tokens_out = self.count_tokens(raw)
            try:
                result.details = parse_details(raw)
            except SchemaViolation as error:
                result.error = str(error)
                retry[n] = raw
        if retry:
            repairs = [_repair_prompt(prompts[n], raw, results[n].error or "") for n, raw in retry.items()]
            for n, raw in zip(retry, await self.generate(repairs), strict=True):
                result = results[n]
                result.repaired = True
                if isinstance(raw, ExtractionError):
                    result.error = f"repair failed: {raw}"
                    result.retryable = isinstance(raw, ExtractionUnavailable)
                    continue
                result.tokens_out += self.count_tokens(raw)
                try:
                    result.details, result.error = parse_details(raw), None
                except SchemaViolation as error:
                    result.error = f"invalid output after one repair: {error}"
        elapsed = time.perf_counter() - started
        for result in results:
            result.latency_s = elapsed
        return results


def _repair_prompt(prompt: str, output: str, error: str) -> str:
    return (
        f"{prompt}\n\nYour previous answer was not valid for the schema.\nAnswer:\n{output[:4000]}\n"
        f"Problems: {error}\nAnswer again with a corrected JSON object only."
    )

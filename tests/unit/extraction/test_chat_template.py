"""The chat template on the LLM engines' path, on CPU: a character tokenizer built in code with a
Jinja ``chat_template`` set (no hub, no download), and vLLM's engine replaced by a recorder (the
vLLM engine takes its built engine through its constructor, so vllm need not be installed).

What a user would notice: an instruction-tuned model gets its system + user messages and the
generation prompt, a base model (no template) still gets the raw prompt, and ``chat_template``
forces either way.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from jobscraper.config import PoolSettings
from jobscraper.errors import ExtractionError
from jobscraper.extraction import ExtractionInput, build_prompt
from jobscraper.extraction.base import SYSTEM_MESSAGE, chat_prompt
from jobscraper.extraction.schema import details_json_schema
from jobscraper.extraction.vllm_engine import VLLMEngine
from tests.unit.extraction.test_outlines_engine import tiny  # noqa: F401  (the tiny model fixture)

TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
NO_SYSTEM_TEMPLATE = (  # like Gemma's: a system message is an error
    "{% for m in messages %}{% if m['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
POSTING = ExtractionInput(id="py", title="Python Developer", description="Remote. 60,000 EUR a year.")
DETAILS_JSON = json.dumps({"summary": "x"})


def character_tokenizer(template: str | None) -> Any:
    """Printable ASCII, one token per character, with ``template`` as its chat template (or none)."""
    transformers = pytest.importorskip("transformers", reason="needs transformers (local-llm extra)")
    from tokenizers import Tokenizer, decoders, models

    chars = [chr(c) for c in range(32, 127)] + ["\n"]
    vocab = {"<unk>": 0, "<eos>": 1, **{c: i + 2 for i, c in enumerate(chars)}}
    backend = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))
    backend.decoder = decoders.Fuse()
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, eos_token="<eos>", pad_token="<eos>", unk_token="<unk>"
    )
    if template is not None:
        tokenizer.chat_template = template
    return tokenizer


@pytest.fixture(scope="module")
def templated() -> Any:
    return character_tokenizer(TEMPLATE)


@pytest.fixture(scope="module")
def base_model() -> Any:
    return character_tokenizer(None)


def test_an_instruction_model_gets_system_and_user_messages_then_the_generation_prompt(
    templated: Any,
) -> None:
    framed = chat_prompt(templated, "Extract this.", "auto")
    assert framed == f"<|system|>{SYSTEM_MESSAGE}\n<|user|>Extract this.\n<|assistant|>"


def test_a_base_model_keeps_the_raw_prompt_unless_the_template_is_forced_on(base_model: Any) -> None:
    assert chat_prompt(base_model, "Extract this.", "auto") == "Extract this."
    with pytest.raises(ExtractionError, match="no chat template"):
        chat_prompt(base_model, "Extract this.", "on")


def test_off_sends_raw_prompts_even_to_a_model_with_a_template(templated: Any) -> None:
    assert chat_prompt(templated, "Extract this.", "off") == "Extract this."


def test_a_template_without_a_system_role_gets_the_system_text_in_the_user_message() -> None:
    framed = chat_prompt(character_tokenizer(NO_SYSTEM_TEMPLATE), "Extract this.", "auto")
    assert framed == f"<|user|>{SYSTEM_MESSAGE}\n\nExtract this.\n<|assistant|>"


@dataclass
class _Completion:
    text: str


@dataclass
class _Output:
    outputs: list[_Completion]


class RecordingVLLM:
    """Stands in for ``AsyncLLMEngine``: records each prompt and its sampling parameters."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls: list[tuple[str, Any]] = []

    async def generate(self, prompt: str, params: Any, request_id: str) -> AsyncIterator[_Output]:
        self.calls.append((prompt, params))
        yield _Output([_Completion(self.answer[: len(self.answer) // 2])])  # streamed: the last one counts
        yield _Output([_Completion(self.answer)])


def _vllm(tokenizer: Any, mode: str, answer: str = DETAILS_JSON) -> tuple[VLLMEngine, RecordingVLLM]:
    fake = RecordingVLLM(answer)
    pool = PoolSettings.model_validate({"model": "local/instruct", "chat_template": mode})
    engine = VLLMEngine(pool, engine=fake, tokenizer=tokenizer, sampling=lambda schema, n: (schema, n))
    return engine, fake


def test_the_vllm_engine_sends_the_templated_prompt_by_default(templated: Any) -> None:
    engine, fake = _vllm(templated, "auto")

    results = asyncio.run(engine.extract([POSTING]))

    assert results[0].ok, results[0].error
    (prompt, (schema, max_tokens)), *_ = fake.calls
    assert prompt == chat_prompt(templated, build_prompt(POSTING), "on")
    assert prompt.startswith("<|system|>") and prompt.endswith("<|assistant|>")
    assert schema == details_json_schema() and max_tokens == engine.max_output_tokens


def test_the_vllm_engine_keeps_raw_prompts_for_a_base_model_or_when_told(
    templated: Any, base_model: Any
) -> None:
    for tokenizer, mode in ((base_model, "auto"), (templated, "off")):
        engine, fake = _vllm(tokenizer, mode)
        asyncio.run(engine.extract([POSTING]))
        assert fake.calls[0][0] == build_prompt(POSTING)


def test_the_vllm_engine_constrains_generate_json_to_the_schema_it_is_given(templated: Any) -> None:
    schema = {"type": "object", "properties": {"score": {"type": "integer"}}, "required": ["score"]}
    engine, fake = _vllm(templated, "auto", answer='{"score": 70}')

    outputs = asyncio.run(engine.generate_json(["Rate this job.", "And this one."], schema, max_tokens=64))

    assert outputs == ['{"score": 70}', '{"score": 70}']
    assert [params for _, params in fake.calls] == [(schema, 64), (schema, 64)]
    assert fake.calls[1][0] == chat_prompt(templated, "And this one.", "on")


def test_forcing_the_template_on_a_base_model_is_one_clear_error(base_model: Any) -> None:
    engine, _ = _vllm(base_model, "on")
    with pytest.raises(ExtractionError, match="chat_template is 'on'"):
        asyncio.run(engine.generate(["Extract this."]))


@pytest.mark.slow
def test_the_outlines_engine_frames_each_prompt_once_and_follows_a_given_schema(
    tiny: tuple[Any, Any],  # noqa: F811  (the fixture imported above)
    templated: Any,
) -> None:
    """The tiny random-weight Llama of test_outlines_engine (same characters, same ids) under the
    templated tokenizer: the model's first forward pass sees the prompt framed exactly once (Outlines
    would otherwise wrap it a second time), and the output is JSON of the schema asked for."""
    from jobscraper.extraction.outlines_engine import OutlinesEngine

    model, _ = tiny
    seen: list[Any] = []
    hook = model.register_forward_pre_hook(
        lambda _m, _a, kwargs: seen.append(kwargs["input_ids"]), with_kwargs=True
    )
    schema = {
        "type": "object",
        "properties": {"fits": {"type": "boolean"}},
        "required": ["fits"],
        "additionalProperties": False,
    }
    try:
        engine = OutlinesEngine(model, templated, max_output_tokens=64)
        (output,) = asyncio.run(engine.generate_json(["Rate this job."], schema, max_tokens=64))
    finally:
        hook.remove()

    assert templated.decode(seen[0][0].tolist()) == chat_prompt(templated, "Rate this job.", "on")
    assert isinstance(output, str), output
    assert isinstance(json.loads(output)["fits"], bool)

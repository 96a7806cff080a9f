"""OutlinesEngine with a tiny random-weight model built here: no hub, no download.

Random weights say nothing about quality, which is the point: whatever the model prefers, the
constrained decoder must only let it write a valid JobDetails — or report that the token limit
cut it off. The model is a 2-layer Llama with hidden size 32 over a character-level tokenizer
(printable ASCII, built in code with ``tokenizers``), so each generated character is one token.

Needs the ``local-llm`` extra (transformers + CPU torch); the regex tests need only outlines-core.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from jobscraper.errors import ExtractionError
from jobscraper.extraction import ExtractionInput, JobDetails, build_prompt
from jobscraper.extraction.outlines_engine import OutlinesEngine, decoder_regex

BOUNDS: dict[str, Any] = {"max_list_items": 2, "max_item_chars": 8, "max_text_chars": 16}
POSTINGS = [
    ExtractionInput(
        id="py",
        title="Senior Python Developer",
        company="Acme GmbH",
        location="Berlin",
        description="We build data pipelines in Python and SQL. 70,000-90,000 EUR a year. Hybrid.",
    ),
    ExtractionInput(id="go", title="Go Engineer", description="Remote within the EU. Go, Kubernetes."),
]


class Recording(OutlinesEngine):
    """Keeps what the model wrote, so the test can look at the raw JSON."""

    raw: list[str | ExtractionError]

    async def generate(self, prompts: list[str]) -> list[str | ExtractionError]:
        outputs = await super().generate(prompts)
        self.raw = getattr(self, "raw", []) + outputs
        return outputs


@pytest.fixture(scope="module")
def tiny() -> Iterator[tuple[Any, Any]]:  # imports torch and transformers (~10 s): its tests are slow
    torch = pytest.importorskip("torch", reason="needs the local-llm extra: uv sync --extra local-llm")
    transformers = pytest.importorskip(
        "transformers", reason="needs the local-llm extra: uv sync --extra local-llm"
    )
    from tokenizers import Tokenizer, decoders, models

    chars = [chr(c) for c in range(32, 127)] + ["\n"]
    vocab = {"<unk>": 0, "<eos>": 1, **{c: i + 2 for i, c in enumerate(chars)}}
    backend = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))  # no merges: characters
    backend.decoder = decoders.Fuse()
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, eos_token="<eos>", pad_token="<eos>", unk_token="<unk>"
    )
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=8192,
        bos_token_id=None,
        eos_token_id=1,
        pad_token_id=1,
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a 32-wide model gains nothing from threads, and 2 contend on 2 cores
    try:
        yield transformers.LlamaForCausalLM(config).eval(), tokenizer
    finally:
        torch.set_num_threads(threads)


@pytest.mark.slow
def test_random_model_writes_only_schema_valid_json(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    # the longest output these bounds allow is ~600 characters: 1024 tokens cannot cut it
    engine = Recording(model, tokenizer, max_output_tokens=1024, **BOUNDS)

    results = asyncio.run(engine.extract(POSTINGS))

    assert [r.id for r in results] == ["py", "go"]
    assert len(engine.raw) == 2  # valid the first time: no repair round was needed
    for result, raw in zip(results, engine.raw, strict=True):
        assert isinstance(raw, str), raw
        data = json.loads(raw)
        assert list(data) == list(JobDetails.model_fields)  # strict: every field, in order
        assert JobDetails.model_validate(data) == result.details
        for field in ("skills", "tech_stack", "remote_regions", "benefits"):
            assert len(data[field]) <= 2 and all(len(item) <= 8 for item in data[field])
        assert result.ok and not result.repaired and result.engine == "outlines"
        assert result.tokens_out == len(raw)  # the character tokenizer: one token per character
    assert results[0].tokens_in == len(build_prompt(POSTINGS[0]))  # non-ASCII: one <unk> each


@pytest.mark.slow
def test_output_cut_at_the_token_limit_is_reported_not_repaired(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    engine = Recording(model, tokenizer, max_output_tokens=12, **BOUNDS)

    results = asyncio.run(engine.extract(POSTINGS))

    assert len(engine.raw) == 2  # no repair: it would hit the same limit
    for result in results:
        assert not result.ok and not result.repaired
        assert result.error == "output cut at max_output_tokens=12 before the JSON object was complete"


@pytest.mark.slow
def test_count_tokens_uses_the_models_tokenizer(tiny: tuple[Any, Any]) -> None:
    model, tokenizer = tiny
    engine = OutlinesEngine(model, tokenizer)
    assert engine.count_tokens("hello, world") == 12
    assert engine.count_tokens("x" * 4000) == 4000  # the 4-characters estimate would say 1000


@pytest.mark.slow
def test_a_model_path_is_loaded_on_first_use(tiny: tuple[Any, Any], tmp_path: Any) -> None:
    model, tokenizer = tiny
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    engine = Recording(str(tmp_path), max_output_tokens=12, **BOUNDS)
    assert engine._model is None  # nothing loaded by the constructor

    assert engine.count_tokens("hello") == 5  # the tokenizer alone, from the folder
    results = asyncio.run(engine.extract(POSTINGS[:1]))

    assert engine._model is not None
    assert results[0].error == "output cut at max_output_tokens=12 before the JSON object was complete"
    assert isinstance(engine.raw[0], ExtractionError)


@pytest.mark.slow  # imports transformers (~5 s)
def test_a_model_that_cannot_be_loaded_fails_the_batch_clearly(tmp_path: Any) -> None:
    pytest.importorskip("transformers", reason="needs the local-llm extra: uv sync --extra local-llm")
    engine = OutlinesEngine(str(tmp_path / "no-such-model"))
    with pytest.raises(ExtractionError, match=r"cannot load the tokenizer of .*no-such-model"):
        asyncio.run(engine.extract(POSTINGS[:1]))


# The decoder regex, checked with Python's re: what it accepts is exactly what JobDetails accepts
# on the points where the JSON schema alone is looser. These need no model and no torch.

_BASE: dict[str, Any] = {
    "skills": ["Python"],
    "tech_stack": [],
    "seniority": "senior",
    "min_years_experience": 5,
    "employment_type": "full_time",
    "remote_policy": "hybrid",
    "remote_regions": [],
    "visa_sponsorship": "unknown",
    "salary": {"min": 70000, "max": 90000.5, "currency": "EUR", "period": "year"},
    "benefits": [],
    "education": None,
    "summary": "Data work.",
    "language": "en",
}


def _with(path: Sequence[str], value: Any) -> str:
    data = json.loads(json.dumps(_BASE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data, separators=(",", ":"))


@pytest.fixture(scope="module")
def regex() -> re.Pattern[str]:
    return re.compile(decoder_regex(**BOUNDS))


def test_regex_accepts_valid_details(regex: re.Pattern[str]) -> None:
    for text in (json.dumps(_BASE), json.dumps(_BASE, separators=(",", ":")), _with(["salary"], None)):
        assert regex.fullmatch(text), text
        JobDetails.model_validate_json(text)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["salary", "min"], -5),  # ge=0
        (["salary", "max"], 1e12),  # exponent / beyond any salary
        (["salary", "currency"], "EURO"),  # ISO 4217 validator
        (["salary", "currency"], "eur"),
        (["min_years_experience"], 51),  # le=50
        (["min_years_experience"], -1),
        (["skills"], ["a", "b", "c"]),  # max_list_items
        (["skills"], ["much too long"]),  # max_item_chars
        (["summary"], "x" * 17),  # max_text_chars
        (["language"], "english"),
        (["seniority"], "wizard"),
    ],
)
def test_regex_rejects_what_the_schema_alone_would_let_through(
    regex: re.Pattern[str], path: list[str], value: Any
) -> None:
    assert not regex.fullmatch(_with(path, value))


def test_regex_rejects_missing_fields(regex: re.Pattern[str]) -> None:
    data = dict(_BASE)
    del data["education"]
    assert not regex.fullmatch(json.dumps(data))

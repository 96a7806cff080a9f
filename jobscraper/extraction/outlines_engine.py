"""The ``outlines`` engine: a transformers model on the CPU, output constrained by Outlines 1.x.

Needs the ``local-llm`` extra (transformers and the CPU build of torch). The model is loaded on
first use (``model`` is a Hub name or a local path), or handed in already built with its
tokenizer (tests pass a tiny random-weight model). Generation is greedy and runs in a worker
thread (``asyncio.to_thread``) so the event loop stays free; ``count_tokens`` uses the model's
tokenizer.

The decoder follows :func:`decoder_regex`, which is tighter than the JSON schema because on a
CPU a repair round (a second full generation) is expensive: every output the regex allows is a
valid JobDetails, so none is spent on what the grammar could have ruled out. Outlines compiles
``minimum``/``maximum`` and the ISO-code validator to nothing, so the regex spells them out
(non-negative bounded salary figures, years 0–50, three-letter currency codes), and it bounds
string lengths so a small model caught repeating itself inside a string is stopped by the
grammar instead of running to ``max_output_tokens``. An output that is not complete JSON can
therefore only have been cut at the token limit, and is reported as exactly that.

Outlines wraps a plain string in the tokenizer's chat template by itself (a user message only, no
way to turn it off); the engine turns that off and wraps each prompt itself with
:func:`~jobscraper.extraction.base.chat_prompt` (a system and a user message; ``chat_template``
``auto``/``on``/``off`` as for vLLM), so both engines frame prompts the same way. ``generate_json``
constrains the output to any JSON schema (the LLM re-rank), one compiled generator per schema.

``TORCHDYNAMO_DISABLE=1`` is set (unless already set) before torch is imported: on a CPU the
first ``generate`` would otherwise spend tens of seconds compiling.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import threading
from typing import Any

from jobscraper.errors import ExtractionError
from jobscraper.extraction.base import ChatTemplateMode, LLMEngine, chat_prompt
from jobscraper.extraction.openai_engine import strict_json_schema

os.environ.setdefault("TORCHDYNAMO_DISABLE", "1")

__all__ = ["OutlinesEngine", "decoder_regex", "decoder_schema"]

_NUMBER = "NONNEGATIVENUMBER"  # placeholder enum value, replaced by _NON_NEGATIVE in the regex
_NON_NEGATIVE = r"(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?"  # up to 999,999,999.99: any salary figure
_PATTERNS = {  # validators the JSON schema cannot show (see JobDetails / Salary)
    "currency": "^[A-Z]{3}$",
    "language": "^([a-z]{2}|unknown)$",
}
_SMALL_RANGE = 100  # integer ranges up to this size become an enum (Outlines ignores min/max)


def decoder_schema(
    *, max_item_chars: int | None = 80, max_text_chars: int | None = 300, max_list_items: int | None = None
) -> dict[str, Any]:
    """JobDetails' strict schema with the bounds the decoder enforces (see the module docstring).

    ``max_item_chars`` bounds each list entry, ``max_text_chars`` the other free-text fields,
    ``max_list_items`` each list; ``None`` leaves that bound out. Every bound multiplies the
    states of the regex index Outlines builds over the whole vocabulary on first use: measured
    with a 65k-token vocabulary, about 6 s without string bounds, 10–20 s with the defaults, and
    over a minute once the number of list items is bounded too.
    """

    def walk(node: Any, name: str | None = None, in_list: bool = False) -> Any:
        if isinstance(node, list):
            return [walk(item, name, in_list) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("properties", "$defs"):
                out[key] = {k: walk(v, k if key == "properties" else None) for k, v in value.items()}
            elif key == "items":
                out[key] = walk(value, name, in_list=True)
            else:
                out[key] = walk(value, name, in_list) if key in ("anyOf", "allOf", "oneOf") else value
        kind = out.get("type")
        if kind == "array" and max_list_items is not None:
            out["maxItems"] = min(out.get("maxItems", max_list_items), max_list_items)
        elif kind == "string" and "enum" not in out:
            if name in _PATTERNS:
                out["pattern"] = _PATTERNS[name]
            else:
                limit = max_item_chars if in_list else max_text_chars
                if limit is not None:
                    out["maxLength"] = min(out.get("maxLength", limit), limit)
        elif kind == "integer" and "minimum" in out and "maximum" in out:
            if out["maximum"] - out["minimum"] <= _SMALL_RANGE:
                out = {"enum": list(range(out["minimum"], out["maximum"] + 1))}
        elif kind == "number" and out.get("minimum", -1) >= 0:
            out = {"enum": [_NUMBER]}
        return out

    result: dict[str, Any] = walk(strict_json_schema())
    return result


def decoder_regex(
    *,
    max_item_chars: int | None = 80,
    max_text_chars: int | None = 300,
    max_list_items: int | None = None,
    whitespace_pattern: str | None = None,
) -> str:
    """The regex the Outlines decoder follows: every full match is a valid JobDetails."""
    from outlines_core.json_schema import build_regex_from_schema

    schema = decoder_schema(
        max_item_chars=max_item_chars, max_text_chars=max_text_chars, max_list_items=max_list_items
    )
    regex: str = build_regex_from_schema(json.dumps(schema), whitespace_pattern)
    placeholders = json.dumps(schema).count(f'"{_NUMBER}"')
    if regex.count(f'"{_NUMBER}"') != placeholders:  # outlines_core changed how it writes enums
        raise RuntimeError("cannot place the non-negative number pattern into the decoder regex")
    return regex.replace(f'"{_NUMBER}"', _NON_NEGATIVE)


class OutlinesEngine(LLMEngine):
    """JobDetails from a local transformers model with Outlines-constrained greedy decoding."""

    name = "outlines"
    exact_tokens = True  # counts with the model's own tokenizer

    def __init__(
        self,
        model: str | Any,
        tokenizer: Any = None,
        *,
        max_output_tokens: int = 768,
        max_batch_size: int = 4,
        max_item_chars: int | None = 80,
        max_text_chars: int | None = 300,
        max_list_items: int | None = None,
        device: str = "cpu",
        chat_template: ChatTemplateMode = "auto",
    ) -> None:
        super().__init__(max_output_tokens=max_output_tokens)
        if isinstance(model, str):
            self.model_name: str = model
            self._model: Any = None
            self._tokenizer: Any = tokenizer
        else:
            if tokenizer is None:
                raise ValueError("a model object needs its tokenizer")
            self.model_name = str(getattr(getattr(model, "config", None), "name_or_path", "") or "custom")
            self._model, self._tokenizer = model, tokenizer
        self.max_batch_size = max_batch_size
        self.device = device
        self.max_item_chars = max_item_chars
        self.max_text_chars = max_text_chars
        self.max_list_items = max_list_items
        self.chat_template: ChatTemplateMode = chat_template
        self._generator: Any = None
        self._outlines_model: Any = None
        self._json_generators: dict[str, Any] = {}  # schema (JSON text) → its generator
        self._counter: Any = None
        self._lock = threading.Lock()  # one load, and one generate at a time on the model
        self._tokenizer_lock = threading.Lock()  # count_tokens need not wait for a generate

    def count_tokens(self, text: str) -> int:
        if self._counter is None:
            # a copy: generation pads with the same (Rust) tokenizer in another thread, and a
            # fast tokenizer used from two threads while one changes its padding fails
            self._counter = copy.deepcopy(self._load_tokenizer())
        return len(self._counter.encode(text, add_special_tokens=False))

    async def generate(self, prompts: list[str]) -> list[str | ExtractionError]:
        return await asyncio.to_thread(self._generate, prompts)

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], *, max_tokens: int
    ) -> list[str | ExtractionError]:
        """Output constrained to ``schema`` for each prompt (what the LLM re-rank asks)."""
        return await asyncio.to_thread(self._generate, prompts, schema, max_tokens)

    def chat(self, prompt: str) -> str:
        """``prompt`` as the model receives it (``chat_template`` applied)."""
        if self.chat_template == "off":
            return prompt
        return chat_prompt(self._load_tokenizer(), prompt, self.chat_template)

    def _generate(
        self, prompts: list[str], schema: dict[str, Any] | None = None, max_tokens: int | None = None
    ) -> list[str | ExtractionError]:
        limit = max_tokens or self.max_output_tokens
        with self._lock:
            generator = self._load() if schema is None else self._json_generator(schema)
            outputs: list[str | ExtractionError] = []
            for start in range(0, len(prompts), self.max_batch_size):
                chunk = [self.chat(p) for p in prompts[start : start + self.max_batch_size]]
                texts = generator.batch(chunk, max_new_tokens=limit, do_sample=False)
                outputs.extend(self._checked(str(text), limit) for text in texts)
            return outputs

    def _checked(self, text: str, limit: int) -> str | ExtractionError:
        # the grammar lets the model stop only after a complete object: anything else was cut
        try:
            json.loads(text)
        except ValueError:
            return ExtractionError(
                f"output cut at max_output_tokens={limit} before the JSON object was complete"
            )
        return text

    def _load_tokenizer(self) -> Any:
        if self._tokenizer is None:
            with self._tokenizer_lock:
                if self._tokenizer is None:
                    transformers = _import_transformers()
                    try:
                        self._tokenizer = transformers.AutoTokenizer.from_pretrained(self.model_name)
                    except (OSError, ValueError) as exc:
                        raise ExtractionError(
                            f"cannot load the tokenizer of {self.model_name!r}: {exc}"
                        ) from exc
        return self._tokenizer

    def _load(self) -> Any:
        """The Outlines generator, building model and regex index on first use (lock held)."""
        if self._generator is not None:
            return self._generator
        import outlines
        from outlines.types import Regex

        regex = decoder_regex(
            max_item_chars=self.max_item_chars,
            max_text_chars=self.max_text_chars,
            max_list_items=self.max_list_items,
        )
        self._generator = outlines.Generator(self._load_model(), Regex(regex))
        return self._generator

    def _json_generator(self, schema: dict[str, Any]) -> Any:
        """A generator constrained to ``schema``, compiled once per schema (lock held)."""
        key = json.dumps(schema, sort_keys=True)
        if key not in self._json_generators:
            import outlines
            from outlines.types import JsonSchema

            self._json_generators[key] = outlines.Generator(self._load_model(), JsonSchema(key))
        return self._json_generators[key]

    def _load_model(self) -> Any:
        """The Outlines model over the transformers one, loaded on first use (lock held)."""
        if self._outlines_model is not None:
            return self._outlines_model
        import outlines

        if self._model is None:
            self._load_tokenizer()
            transformers = _import_transformers()
            import torch

            try:
                model = transformers.AutoModelForCausalLM.from_pretrained(
                    self.model_name, dtype=torch.float32
                )
            except (OSError, ValueError) as exc:
                raise ExtractionError(f"cannot load the model {self.model_name!r}: {exc}") from exc
            self._model = model.to(self.device).eval()
        wrapped = outlines.from_transformers(self._model, self._tokenizer)
        # the prompts come already framed by chat(): Outlines must not wrap them a second time
        adapter: Any = wrapped.type_adapter
        if not hasattr(adapter, "has_chat_template"):  # Outlines changed how it applies templates
            raise RuntimeError("cannot turn off Outlines' own chat template: prompts would be framed twice")
        adapter.has_chat_template = False
        self._outlines_model = wrapped
        return wrapped


def _import_transformers() -> Any:
    try:
        import torch  # noqa: F401  (the CPU build comes with the extra)
        import transformers
    except ImportError as exc:
        raise ExtractionError(
            "the outlines engine needs transformers and torch: uv sync --extra local-llm"
        ) from exc
    return transformers

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
from jobscraper.extraction.base import LLMEngine
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
        self._generator: Any = None
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

    def _generate(self, prompts: list[str]) -> list[str | ExtractionError]:
        with self._lock:
            generator = self._load()
            outputs: list[str | ExtractionError] = []
            for start in range(0, len(prompts), self.max_batch_size):
                chunk = prompts[start : start + self.max_batch_size]
                texts = generator.batch(chunk, max_new_tokens=self.max_output_tokens, do_sample=False)
                outputs.extend(self._checked(str(text)) for text in texts)
            return outputs

    def _checked(self, text: str) -> str | ExtractionError:
        # the grammar lets the model stop only after a complete object: anything else was cut
        try:
            json.loads(text)
        except ValueError:
            limit = self.max_output_tokens
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
        regex = decoder_regex(
            max_item_chars=self.max_item_chars,
            max_text_chars=self.max_text_chars,
            max_list_items=self.max_list_items,
        )
        self._generator = outlines.Generator(
            outlines.from_transformers(self._model, self._tokenizer), Regex(regex)
        )
        return self._generator


def _import_transformers() -> Any:
    try:
        import torch  # noqa: F401  (the CPU build comes with the extra)
        import transformers
    except ImportError as exc:
        raise ExtractionError(
            "the outlines engine needs transformers and torch: uv sync --extra local-llm"
        ) from exc
    return transformers

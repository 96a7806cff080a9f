"""The GPU engine: one vLLM ``AsyncLLMEngine`` per pool, output constrained to the schema.

vLLM is imported only here and only when a pool starts (it is CUDA-only and not in the default
install). The two pools share one GPU, so their engines must not profile memory at the same
time — each measures free memory and would count the other's allocations as its own: engine
start-up takes an exclusive file lock on the node. ``engine_args`` is a pure function so the
translation from config can be tested on CPU.

``AsyncLLMEngine.generate`` takes the prompt as it is, and instruction-tuned models answer raw text
worse than what their chat template frames, so each prompt is wrapped in the model's template
(:func:`~jobscraper.extraction.base.chat_prompt`, the pool's ``chat_template``: ``auto`` applies it
when the tokenizer has one, base models keep raw prompts). The built engine, the tokenizer and
the sampling-parameter builder can be handed in, so this runs on CPU in tests without vLLM.
"""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobscraper.config import PoolSettings
from jobscraper.extraction import LLMEngine
from jobscraper.extraction.base import chat_prompt
from jobscraper.extraction.schema import details_json_schema

__all__ = ["START_LOCK", "VLLMEngine", "engine_args", "per_worker_gpus"]

START_LOCK = Path(tempfile.gettempdir()) / "jobscraper-vllm-start.lock"


def engine_args(pool: PoolSettings) -> dict[str, Any]:
    """``AsyncEngineArgs`` keyword arguments for ``pool`` (engine_kwargs override the rest)."""
    args: dict[str, Any] = {
        "model": pool.model,
        "gpu_memory_utilization": pool.gpu_memory_utilization,
        "max_model_len": pool.max_model_len,
        "max_num_seqs": pool.max_num_seqs,
        "enable_prefix_caching": pool.enable_prefix_caching,
    }
    if pool.quantization:
        args["quantization"] = pool.quantization
    args.update(pool.engine_kwargs)
    return args


class VLLMEngine(LLMEngine):
    name = "vllm"
    exact_tokens = True  # counts with the model's own tokenizer

    def __init__(
        self,
        pool: PoolSettings,
        *,
        max_output_tokens: int = 768,
        engine: Any = None,
        tokenizer: Any = None,
        sampling: Callable[[dict[str, Any], int], Any] | None = None,
    ) -> None:
        """``engine`` (a started ``AsyncLLMEngine``), ``tokenizer`` (the model's) and ``sampling``
        (schema, max tokens → ``SamplingParams``) default to what the pool's model needs, built on
        first use."""
        super().__init__(max_output_tokens=max_output_tokens)
        self._pool = pool
        self._engine: Any = engine
        self._tokenizer: Any = tokenizer
        self._sampling = sampling or _sampling_params
        self._ids = itertools.count()
        self._started = asyncio.Lock()

    async def _start(self) -> Any:
        async with self._started:
            if self._engine is None:
                self._engine = await asyncio.to_thread(self._build)
            return self._engine

    def _build(self) -> Any:
        from vllm import AsyncEngineArgs, AsyncLLMEngine

        with START_LOCK.open("a") as lock:  # one engine profiles GPU memory at a time
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                engine = AsyncLLMEngine.from_engine_args(AsyncEngineArgs(**engine_args(self._pool)))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return engine

    def _load_tokenizer(self) -> Any:
        if self._tokenizer is None:  # the model's own tokenizer (transformers comes with vLLM)
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self._pool.model)
        return self._tokenizer

    def count_tokens(self, text: str) -> int:
        return len(self._load_tokenizer().encode(text))

    def chat(self, prompt: str) -> str:
        """``prompt`` as the engine receives it (the pool's ``chat_template`` setting applied)."""
        if self._pool.chat_template == "off":
            return prompt
        return chat_prompt(self._load_tokenizer(), prompt, self._pool.chat_template)

    async def generate(self, prompts: list[str]) -> list[str]:
        return await self._run(prompts, details_json_schema(), self.max_output_tokens)

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], *, max_tokens: int
    ) -> list[str]:
        """Output constrained to ``schema`` for each prompt (what the LLM re-rank asks)."""
        return await self._run(prompts, schema, max_tokens)

    async def _run(self, prompts: list[str], schema: dict[str, Any], max_tokens: int) -> list[str]:
        engine = await self._start()
        if self._tokenizer is None and self._pool.chat_template != "off":
            await asyncio.to_thread(self._load_tokenizer)  # a download or disk read: not on the loop
        params = self._sampling(schema, max_tokens)

        async def one(prompt: str) -> str:
            final = ""
            async for output in engine.generate(self.chat(prompt), params, request_id=f"x{next(self._ids)}"):
                final = output.outputs[0].text
            return final

        return list(await asyncio.gather(*(one(p) for p in prompts)))


def _sampling_params(schema: dict[str, Any], max_tokens: int) -> Any:
    from vllm import SamplingParams

    try:  # vLLM ≥ 0.10: structured outputs
        from vllm.sampling_params import StructuredOutputsParams

        return SamplingParams(
            temperature=0.0, max_tokens=max_tokens, structured_outputs=StructuredOutputsParams(json=schema)
        )
    except ImportError:  # older vLLM: guided decoding
        from vllm.sampling_params import GuidedDecodingParams

        return SamplingParams(
            temperature=0.0, max_tokens=max_tokens, guided_decoding=GuidedDecodingParams(json=schema)
        )


def per_worker_gpus(fraction: float) -> dict[str, str]:
    """Env vars for a pool's replica: vLLM's Ray workers must ask for the pool's GPU fraction."""
    return {"VLLM_RAY_PER_WORKER_GPUS": f"{fraction:g}", "TOKENIZERS_PARALLELISM": "false"}

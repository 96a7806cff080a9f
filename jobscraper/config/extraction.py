"""The extraction section: the engine, the router's thresholds, the two LLM pools, the overflow."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from jobscraper.config.checks import Section
from jobscraper.config.checks import url as url_check

__all__ = ["ExtractionSettings", "OpenAISettings", "OverflowSettings", "PoolSettings"]


class PoolSettings(Section):
    """One LLM pool (a Serve deployment holding one engine)."""

    model: str = Field(
        "Qwen/Qwen2.5-1.5B-Instruct", description="the model the pool's engine loads (name or path)"
    )
    gpu_fraction: float = Field(0.5, gt=0, le=1, description="Ray num_gpus of the replica")
    gpu_memory_utilization: float = Field(0.45, gt=0, le=1, description="vLLM share of GPU memory")
    max_model_len: int = Field(
        4096, ge=256, le=10_000_000, description="the engine's context window, in tokens"
    )
    max_num_seqs: int = Field(64, ge=1, le=100_000, description="sequences the engine runs at once")
    enable_prefix_caching: bool = Field(True, description="reuse the shared prompt head across postings")
    quantization: str | None = Field(None, description="vLLM's quantization method, e.g. awq (null: none)")
    num_replicas: int = Field(1, ge=1, le=1000, description="Serve replicas of the pool")
    engine_kwargs: dict[str, Any] = Field(
        default_factory=dict, description="more keyword arguments for the engine"
    )
    chat_template: Literal["auto", "on", "off"] = Field(
        "auto",
        description=(
            "wrap each prompt in the model's chat template (system + user message, generation prompt):"
            " auto when its tokenizer has one (instruction-tuned models), on always (an error without"
            " one), off never (raw prompts, for base models)"
        ),
    )


class OverflowSettings(Section):
    """Where prompts beyond the long-context pool's window go."""

    mode: Literal["truncate", "openai"] = Field(
        "truncate", description="truncate: cut the description to fit; openai: send it to the endpoint below"
    )
    base_url: str | None = Field(None, description="the OpenAI-compatible endpoint (mode openai)")
    model: str | None = Field(None, description="the model asked there (mode openai)")
    api_key_env: str = Field(
        "OPENAI_API_KEY", description="the env var holding its key, never the key itself"
    )

    @field_validator("base_url")
    @classmethod
    def _endpoint(cls, url: str | None) -> str | None:
        return None if url is None else url_check(url, ("http", "https"))

    @model_validator(mode="after")
    def _openai_needs_endpoint(self) -> OverflowSettings:
        if self.mode == "openai" and not (self.base_url and self.model):
            raise ValueError("mode 'openai' needs base_url and model")
        return self


class OpenAISettings(Section):
    """An OpenAI-compatible endpoint used as the main engine (engine: openai)."""

    base_url: str = Field("http://127.0.0.1:8001/v1", description="the OpenAI-compatible endpoint")
    model: str = Field("qwen2.5-7b-instruct", description="the model asked there")
    api_key_env: str = Field(
        "OPENAI_API_KEY", description="the env var holding its key, never the key itself"
    )
    timeout_s: float = Field(60.0, gt=0, le=3600, description="per request")
    max_concurrency: int = Field(8, ge=1, le=1000, description="requests in flight at once for one batch")
    max_retries: int = Field(
        4, ge=0, le=100, description="retries on 429, 5xx, timeouts and connection errors"
    )

    @field_validator("base_url")
    @classmethod
    def _endpoint(cls, url: str) -> str:
        return url_check(url, ("http", "https"))


class ExtractionSettings(Section):
    """The LLM enrichment service: engine, router thresholds, the two pools, overflow."""

    enabled: bool = Field(True, description="extract every new or changed posting in a run")
    engine: Literal["rules", "outlines", "vllm", "openai"] = Field(
        "rules",
        description="rules (CPU, no model), outlines (CPU), vllm (GPU) or openai (any compatible endpoint)",
    )
    batch_size: int = Field(16, ge=1, le=100_000, description="postings per call to a pool or engine")
    throughput_max_tokens: int = Field(
        2048, ge=1, le=10_000_000, description="prompts shorter go to the throughput pool"
    )
    long_context_max_tokens: int = Field(
        16384, ge=1, le=10_000_000, description="prompts shorter go to the long pool"
    )
    throughput_pool: PoolSettings = Field(default_factory=lambda: PoolSettings(max_model_len=4096))
    long_context_pool: PoolSettings = Field(
        default_factory=lambda: PoolSettings(max_model_len=20480, max_num_seqs=8)
    )
    overflow: OverflowSettings = Field(default_factory=OverflowSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)

    @model_validator(mode="after")
    def _thresholds_and_gpu_share(self) -> ExtractionSettings:
        if self.throughput_max_tokens >= self.long_context_max_tokens:
            raise ValueError(
                f"throughput_max_tokens ({self.throughput_max_tokens}) must be below "
                f"long_context_max_tokens ({self.long_context_max_tokens})"
            )
        if self.engine == "vllm":
            pools = (self.throughput_pool, self.long_context_pool)
            fractions = sum(p.gpu_fraction for p in pools)
            utilisation = sum(p.gpu_memory_utilization for p in pools)
            if fractions > 1.0 + 1e-9:
                raise ValueError(
                    f"the two pools share one GPU: gpu_fraction {pools[0].gpu_fraction} + "
                    f"{pools[1].gpu_fraction} = {fractions:g} exceeds 1"
                )
            if utilisation > 1.0 + 1e-9:
                raise ValueError(
                    "the two pools share one GPU: gpu_memory_utilization "
                    f"{pools[0].gpu_memory_utilization} + {pools[1].gpu_memory_utilization} "
                    f"= {utilisation:g} exceeds 1"
                )
        return self

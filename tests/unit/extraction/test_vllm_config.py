"""The GPU path's configuration, checked on CPU: engine arguments and per-worker GPU fraction."""

from __future__ import annotations

from jobscraper.config import ExtractionSettings, PoolSettings
from jobscraper.extraction.vllm_engine import engine_args, per_worker_gpus
from serve.pools import DEPLOYMENT_NAMES


def test_engine_args_follow_the_pool_config_and_pass_engine_kwargs_through() -> None:
    pool = PoolSettings(
        model="m", gpu_memory_utilization=0.4, max_model_len=8192, max_num_seqs=8,
        quantization="awq", engine_kwargs={"enforce_eager": True, "max_num_seqs": 4},
    )  # fmt: skip
    args = engine_args(pool)
    assert args == {
        "model": "m", "gpu_memory_utilization": 0.4, "max_model_len": 8192, "max_num_seqs": 4,
        "enable_prefix_caching": True, "quantization": "awq", "enforce_eager": True,
    }  # fmt: skip


def test_each_pool_replica_tells_vllm_its_gpu_fraction() -> None:
    assert per_worker_gpus(0.5)["VLLM_RAY_PER_WORKER_GPUS"] == "0.5"
    settings = ExtractionSettings(engine="vllm")
    assert settings.throughput_pool.gpu_fraction + settings.long_context_pool.gpu_fraction == 1.0
    assert set(DEPLOYMENT_NAMES.values()) == {"ThroughputPool", "LongContextPool"}


def test_make_engine_gives_the_outlines_engine_its_pools_chat_template() -> None:
    from jobscraper.extraction.engines import make_engine
    from jobscraper.extraction.outlines_engine import OutlinesEngine

    settings = ExtractionSettings.model_validate(
        {"engine": "outlines", "long_context_pool": {"chat_template": "off"}}
    )
    long_context = make_engine(settings, "long_context")
    throughput = make_engine(settings, "throughput")
    assert isinstance(long_context, OutlinesEngine) and isinstance(throughput, OutlinesEngine)
    assert long_context.chat_template == "off"
    assert throughput.chat_template == "auto"

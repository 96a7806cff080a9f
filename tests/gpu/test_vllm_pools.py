"""Both vLLM pools on one real GPU (skipped without CUDA and vllm: `uv sync --extra gpu`)."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

import pytest

os.environ.setdefault("RAY_AUTH_MODE", "token")

vllm = pytest.importorskip("vllm", reason="needs the gpu extra (vllm)")
torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA"),
]


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        data: dict[str, Any] = json.load(response)
    return data


def test_both_vllm_pools_start_on_one_gpu_and_answer_by_length() -> None:
    import ray
    from ray import serve

    from jobscraper.config import Settings
    from serve.app import APP_NAME, build_app

    model = os.environ.get("JOBSCRAPER_GPU_TEST_MODEL", "Qwen/Qwen2.5-0.5B-Instruct")
    pool = {"model": model, "gpu_fraction": 0.5, "gpu_memory_utilization": 0.4}
    settings = Settings.model_validate(
        {
            "extraction": {
                "engine": "vllm",
                "throughput_max_tokens": 2048,
                "long_context_max_tokens": 8192,
                "throughput_pool": {**pool, "max_model_len": 4096},
                "long_context_pool": {**pool, "max_model_len": 8192, "max_num_seqs": 8},
            }
        }
    )
    ray.init(namespace="jobscraper", include_dashboard=False)
    serve.start(http_options={"host": "127.0.0.1", "port": 8031})
    try:
        serve.run(build_app(settings), name=APP_NAME, route_prefix="/")
        short = {"id": "s", "title": "Python Developer", "description": "Remote. 60,000 EUR a year."}
        long = {"id": "l", "title": "Data Engineer", "description": "We build pipelines with Spark. " * 300}
        results = _post("http://127.0.0.1:8031/api/extract", {"postings": [short, long]})["results"]
        assert {r["id"]: r["pool"] for r in results} == {"s": "throughput", "l": "long_context"}
        assert all(r["details"] is not None for r in results), [r["error"] for r in results]
    finally:
        serve.shutdown()
        ray.shutdown()

"""LLM throughput on one GPU: the two fractional pools against one engine holding the whole GPU.

Needs a CUDA GPU and the ``gpu`` extra (``uv sync --extra gpu``); not run in CI. One run:

1. baseline — in a child process, one vLLM engine with ``gpu_memory_utilization`` 0.9 (the whole
   GPU) extracts the mixed workload (short and long postings together);
2. ours — the ``jobscraper`` Serve app with the configured pools (default 0.5 GPU /
   ``gpu_memory_utilization`` 0.45 each) extracts the short postings (throughput pool), the long
   postings (long-context pool), then the mixed workload through the router.

Printed: output tokens/s (and postings/s) for each, and last the ratio pools-together / one
engine. Postings come from the demo board's catalogue; "long" ones repeat their description until
the prompt passes ``throughput_max_tokens``. Use ``--model`` for another model (a local path works
offline).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from typing import Any

os.environ.setdefault("RAY_AUTH_MODE", "token")  # before Ray is imported (DESIGN §3)

from jobscraper.config import PoolSettings, Settings
from jobscraper.demo.data import catalogue
from jobscraper.extraction import ExtractionInput, ExtractionResult


def _postings(n: int, *, long: bool) -> list[ExtractionInput]:
    jobs = catalogue(7, max(1, n // 20 + 1), 20, 1, "jsonld")[:n]
    repeat = 12 if long else 1  # ~12 × 600 characters ≈ 2,000+ tokens: past the throughput pool
    return [
        ExtractionInput(
            id=f"{'L' if long else 'S'}{i}",
            title=j.title,
            company=j.company.name,
            location=j.location,
            description="\n\n".join([j.description] * repeat),
        )
        for i, j in enumerate(jobs)
    ]


def _figures(results: list[ExtractionResult], wall: float) -> dict[str, float]:
    tokens = sum(r.tokens_out for r in results)
    return {
        "postings": len(results),
        "ok": sum(r.ok for r in results),
        "tokens_out": tokens,
        "wall_s": wall,
        "tokens_per_s": tokens / wall,
        "postings_per_s": len(results) / wall,
    }


async def _run_engine(engine: Any, postings: list[ExtractionInput], batch: int) -> dict[str, float]:
    started = time.perf_counter()
    batches = [postings[s : s + batch] for s in range(0, len(postings), batch)]
    answers = await asyncio.gather(*(engine.extract(b) for b in batches))
    return _figures([r for a in answers for r in a], time.perf_counter() - started)


def baseline(model: str, postings: int, batch: int) -> None:
    """Child process: one engine on the whole GPU; prints its figures as JSON."""
    from jobscraper.extraction.vllm_engine import VLLMEngine

    pool = PoolSettings(model=model, gpu_fraction=1.0, gpu_memory_utilization=0.9, max_model_len=16384)
    engine = VLLMEngine(pool)
    work = _postings(postings, long=False) + _postings(postings // 4, long=True)
    asyncio.run(_run_engine(engine, work[:batch], batch))  # start-up and warm-up, not timed
    print(json.dumps(asyncio.run(_run_engine(engine, work, batch))))


async def _through(router: Any, postings: list[ExtractionInput], batch: int) -> dict[str, float]:
    started = time.perf_counter()
    batches = [postings[s : s + batch] for s in range(0, len(postings), batch)]
    answers = await asyncio.gather(*(router.extract.remote(b) for b in batches))
    return _figures([r for a in answers for r in a], time.perf_counter() - started)


def pools(model: str, postings: int, batch: int) -> dict[str, dict[str, float]]:
    import ray
    from ray import serve

    from serve.app import APP_NAME, build_app

    pool = {"model": model}
    settings = Settings.model_validate(
        {
            "extraction": {
                "engine": "vllm",
                "batch_size": batch,
                "throughput_pool": {**pool, "max_model_len": 4096},
                "long_context_pool": {**pool, "max_model_len": 16384},
            }
        }
    )
    ray.init(include_dashboard=False, namespace="jobscraper", log_to_driver=False)
    serve.start(http_options={"host": "127.0.0.1", "port": 8124})
    serve.run(build_app(settings), name=APP_NAME, route_prefix=None)
    router = serve.get_deployment_handle("ExtractionRouter", app_name=APP_NAME)
    short, long = _postings(postings, long=False), _postings(postings // 4, long=True)
    asyncio.run(_through(router, short[:batch] + long[:2], batch))  # engines start lazily: warm up
    out = {
        "throughput pool (short postings)": asyncio.run(_through(router, short, batch)),
        "long-context pool (long postings)": asyncio.run(_through(router, long, batch)),
        "both pools together (mixed, via the router)": asyncio.run(_through(router, short + long, batch)),
    }
    serve.shutdown()
    ray.shutdown()
    return out


def _line(label: str, f: dict[str, float]) -> str:
    return (
        f"{label}: {f['tokens_per_s']:,.0f} output tokens/s, {f['postings_per_s']:.1f} postings/s "
        f"({f['ok']:.0f}/{f['postings']:.0f} valid, {f['wall_s']:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="Qwen/Qwen2.5-1.5B-Instruct")
    parser.add_argument("--postings", type=int, default=400, help="short postings (long ones: a quarter)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        baseline(args.model, args.postings, args.batch)
        return
    try:
        import torch
    except ImportError:
        sys.exit("bench/llm_gpu.py needs the gpu extra: uv sync --extra gpu")
    if not torch.cuda.is_available():
        sys.exit("bench/llm_gpu.py needs a CUDA GPU")
    child = subprocess.run(
        [sys.executable, __file__, "--baseline-child", "--model", args.model,
         "--postings", str(args.postings), "--batch", str(args.batch)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    one = json.loads(child.stdout.strip().splitlines()[-1])  # its GPU memory is freed when it exits
    print(f"model {args.model}, {args.postings} short + {args.postings // 4} long postings")
    print(_line("baseline, one engine holding the whole GPU (mixed)", one))
    ours = pools(args.model, args.postings, args.batch)
    for label, figures in ours.items():
        print(_line(label, figures))
    together = ours["both pools together (mixed, via the router)"]
    ratio = together["tokens_per_s"] / one["tokens_per_s"]
    print(f"llm_gpu: both pools / one engine (output tokens/s) = {ratio:.2f}")


if __name__ == "__main__":
    main()

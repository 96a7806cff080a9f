"""The extraction service on Ray Serve: fractional GPU placement on a Ray that declares one GPU it
does not have, length-based routing over HTTP, per-pool counters, repair and per-posting errors,
a scrape run extracting through the router's handle, and the overflow to an OpenAI-compatible endpoint.

The GPU engine is the one fake here (the machine has no GPU): each pool gets a tiny LLMEngine
whose "model" answers from the posting text, so routing, batching, validation and the HTTP path
are the real ones.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from jobscraper.config import Settings
from tests.ports import free_port

SHORT = "Python developer in Berlin. Salary 60,000-70,000 EUR per year."


def _fake_gpu_engine(settings: Any, pool: str) -> Any:
    import json as _json

    from jobscraper.extraction import LLMEngine

    class FakeGPUEngine(LLMEngine):
        name = "fake-gpu"

        async def generate(self, prompts: list[str]) -> list[str]:
            out = []
            for prompt in prompts:
                repair = "Answer again with a corrected JSON object" in prompt
                if "ALWAYS-BROKEN" in prompt or ("BROKEN-ONCE" in prompt and not repair):
                    out.append('{"seniority": "wizard", ')
                else:
                    out.append(_json.dumps({"seniority": "senior", "summary": f"answered by {pool}"}))
            return out

    return FakeGPUEngine()


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    import ray
    from ray import serve

    from serve.app import APP_NAME, build_app

    settings = Settings.model_validate(
        {
            "extraction": {
                "engine": "vllm",
                "throughput_max_tokens": 2000,
                "long_context_max_tokens": 4000,
                "overflow": {"mode": "truncate"},
            }
        }
    )
    ray.init(num_cpus=4, num_gpus=1, include_dashboard=False, namespace="jobscraper", log_to_driver=False)
    # the fake engine lives in this test module, which the replicas cannot import: ship it by value
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    port = free_port()
    serve.start(http_options={"host": "127.0.0.1", "port": port})
    try:
        serve.run(build_app(settings, engine_factory=_fake_gpu_engine), name=APP_NAME, route_prefix="/")
        yield f"http://127.0.0.1:{port}"
    finally:
        serve.shutdown()
        ray.shutdown()


def _post(base: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _get(base: str, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        data: dict[str, Any] = json.load(response)
    return data


def test_both_pools_hold_half_the_gpu_and_a_third_half_would_stay_pending(service: str) -> None:
    import ray

    assert ray.cluster_resources()["GPU"] == 1
    assert ray.available_resources().get("GPU", 0) == 0  # 0.5 + 0.5 taken by the two pools

    @ray.remote(num_gpus=0.5)
    def third_replica() -> str:
        return "placed"

    ready, pending = ray.wait([third_replica.remote()], timeout=5)
    assert ready == [] and len(pending) == 1
    ray.cancel(pending[0], force=True)


def test_short_long_and_overflow_prompts_go_where_the_config_says(service: str) -> None:
    long_text = "We build data pipelines with Python and Kafka. " * 140  # ~1,700 tokens + prompt
    huge_text = "Responsibilities include many things. " * 900  # beyond the long pool's window
    body = {
        "postings": [
            {"id": "short", "title": "Python Developer", "description": SHORT},
            {"id": "long", "title": "Data Engineer", "description": long_text},
            {"id": "huge", "title": "Platform Engineer", "description": huge_text},
        ]
    }
    before = _get(service, "/api/extract/stats")
    answer = _post(service, "/api/extract", body)
    pools = {r["id"]: r["pool"] for r in answer["results"]}
    assert pools == {"short": "throughput", "long": "long_context", "huge": "long_context"}
    assert [r["id"] for r in answer["results"]] == ["short", "long", "huge"]
    for result in answer["results"]:
        assert result["error"] is None
        assert result["details"]["seniority"] == "senior"
        assert result["details"]["summary"] == f"answered by {result['pool']}"
    after = _get(service, "/api/extract/stats")
    assert after["pools"]["throughput"]["requests"] - before["pools"]["throughput"]["requests"] == 1
    assert after["pools"]["long_context"]["requests"] - before["pools"]["long_context"]["requests"] == 2
    assert after["truncated"] - before["truncated"] == 1  # overflow mode truncate: cut to fit
    assert after["local_share"] == 1.0


def test_a_bad_output_is_repaired_once_then_recorded_without_failing_the_batch(service: str) -> None:
    body = {
        "postings": [
            {"id": "fine", "description": SHORT},
            {"id": "once", "description": SHORT + " BROKEN-ONCE"},
            {"id": "never", "description": SHORT + " ALWAYS-BROKEN"},
        ]
    }
    results = {r["id"]: r for r in _post(service, "/api/extract", body)["results"]}
    assert results["fine"]["details"] and not results["fine"]["repaired"]
    assert results["once"]["details"] and results["once"]["repaired"]
    assert results["never"]["details"] is None
    assert "invalid output after one repair" in results["never"]["error"]


def test_bad_request_bodies_get_a_clear_422(service: str) -> None:
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as raised:
        _post(service, "/api/extract", {"postings": []})
    assert raised.value.code == 422
    assert _get(service, "/api/health")["status"] == "ok"


def test_a_scrape_run_extracts_its_new_jobs_through_the_routers_handle(service: str, tmp_path: Any) -> None:
    import ray
    from sqlalchemy import text

    from actors.coordinator import ScrapeCoordinator
    from actors.runs import RunSpec
    from actors.writer import start_writer
    from jobscraper.demo import DemoBoard, DemoKnobs
    from jobscraper.store import SyncEngine, open_database

    writer = start_writer(tmp_path / "jobs.db")
    settings = Settings.model_validate({"scraping": {"per_domain_min_delay_s": 0}})
    before = _get(service, "/api/extract/stats")["pools"]["throughput"]["requests"]
    try:
        with DemoBoard(DemoKnobs(companies=2, jobs_per_company=6)) as board:
            coordinator = ScrapeCoordinator.remote(settings, pool_size=1)  # type: ignore[attr-defined]
            run_id = ray.get(coordinator.start_run.remote(RunSpec(companies=board.company_configs())))
            state = ray.get(coordinator.wait.remote(run_id, 240))
        assert state.status == "done"
        extraction = state.extraction
        assert "extraction service" in extraction.via and extraction.status == "done"
        jobs = state.totals()["inserted"]
        assert jobs > 0 and extraction.extracted == jobs and extraction.pools == {"throughput": jobs}
        after = _get(service, "/api/extract/stats")["pools"]["throughput"]["requests"]
        assert after - before == jobs  # counted by the router: they went through the service
        db = open_database(tmp_path / "jobs.db")
        try:
            with db.reader() as conn:
                rows = conn.execute(text("SELECT seniority, extracted FROM job")).all()
            assert SyncEngine(db).count_pending() == 0
        finally:
            db.dispose()
        assert len(rows) == jobs
        assert all(r.seniority == "senior" and "answered by throughput" in r.extracted for r in rows)
    finally:
        ray.kill(writer, no_restart=True)


class _CloudEndpoint:
    """An OpenAI-compatible endpoint on a local port (the cloud overflow stands in here)."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "body": body})
                content = json.dumps({"seniority": "lead", "summary": "answered by the cloud"})
                answer = json.dumps(
                    {
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": content},
                            }
                        ]
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_prompts_beyond_the_long_pool_go_to_the_openai_overflow_endpoint(service: str) -> None:
    from ray import serve

    from serve.app import build_app

    cloud = _CloudEndpoint()
    settings = Settings.model_validate(
        {
            "extraction": {
                "engine": "rules",  # pools without GPU: this app sits beside the one holding it
                "throughput_max_tokens": 2000,
                "long_context_max_tokens": 4000,
                "overflow": {"mode": "openai", "base_url": cloud.url, "model": "cloud-model"},
            }
        }
    )
    try:
        serve.run(build_app(settings, engine_factory=_fake_gpu_engine), name="hybrid", route_prefix="/hybrid")
        router = serve.get_deployment_handle("ExtractionRouter", app_name="hybrid")
        from jobscraper.extraction import ExtractionInput

        huge = "Responsibilities include many things. " * 900  # beyond the long pool's window
        results = router.extract.remote(
            [ExtractionInput(id="short", description=SHORT), ExtractionInput(id="huge", description=huge)]
        ).result(timeout_s=120)
        by_id = {r.id: r for r in results}
        assert by_id["short"].pool == "throughput" and by_id["short"].details is not None
        assert by_id["huge"].pool == "overflow" and by_id["huge"].details is not None
        assert by_id["huge"].details.summary == "answered by the cloud"
        assert len(cloud.requests) == 1  # only the huge one left the machine
        sent = cloud.requests[0]
        assert sent["path"] == "/v1/chat/completions" and sent["body"]["model"] == "cloud-model"
        assert sent["body"]["response_format"]["type"] == "json_schema"
        stats = router.stats.remote().result(timeout_s=30)
        assert stats["overflow"] == 1 and stats["truncated"] == 0 and stats["local_share"] == 0.5
    finally:
        serve.delete("hybrid")
        cloud.close()

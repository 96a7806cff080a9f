"""After a scrape of the demo board through the deployed app, the node's Prometheus endpoint
carries jobscraper's series (scraping, writer, extraction, host) with the run's own numbers,
next to Ray's and Serve's.

Its own Ray (not the shared fixture): the metrics port and a 1 s report interval are set when a
cluster starts.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from jobscraper.config import CompanyConfig, Settings
from jobscraper.demo import DemoBoard, DemoKnobs
from tests.ports import free_port

GONE = "Gone Corp"
Samples = dict[str, list[tuple[dict[str, str], float]]]


def _call(url: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, DemoBoard]]:
    import ray
    from ray import serve

    from actors.hostmon import start_host_monitors
    from serve.app import APP_NAME, build_app

    metrics_port = free_port()
    ray.init(
        num_cpus=4,
        include_dashboard=False,
        namespace="jobscraper",
        log_to_driver=False,
        _metrics_export_port=metrics_port,
        _system_config={"metrics_report_interval_ms": 1000},
        resources={"head": 1},  # as cluster.yaml's head node, which holds the SQLite file
    )
    board = DemoBoard(DemoKnobs(companies=2, jobs_per_company=5, latency_s=0.02))
    board.start()
    gone = CompanyConfig(name=GONE, url=f"{board.base_url}/careers/no-such-company/jobs", ats="html")
    settings = Settings.model_validate(
        {
            "database": {"path": str(tmp_path_factory.mktemp("metrics") / "jobs.db")},
            "scraping": {"per_domain_min_delay_s": 0, "max_retries": 0, "jobspy_base_url": board.base_url},
            "companies": [c.model_dump() for c in [*board.company_configs()[:2], gone]],
            "searches": [board.search().model_dump()],
            "ray": {"host_monitor_interval_s": 0.5},
        }
    )
    api_port = free_port()
    serve.start(http_options={"host": "127.0.0.1", "port": api_port})
    try:
        serve.run(build_app(settings), name=APP_NAME, route_prefix="/")
        start_host_monitors("jobscraper", 0.5)
        yield f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{metrics_port}/metrics", board
    finally:
        serve.shutdown()
        board.stop()
        ray.shutdown()


def _scrape(samples: str) -> Samples:
    out: Samples = defaultdict(list)
    for family in text_string_to_metric_families(samples):
        for sample in family.samples:
            out[sample.name].append((dict(sample.labels), sample.value))
    return out


def _total(samples: Samples, name: str, **labels: str) -> float:
    return sum(v for tags, v in samples.get(name, []) if all(tags.get(k) == w for k, w in labels.items()))


def _wait_for(url: str, ready: Any, timeout_s: float = 90) -> Samples:
    deadline = time.monotonic() + timeout_s
    while True:
        with urllib.request.urlopen(url, timeout=10) as response:
            samples = _scrape(response.read().decode())
        if ready(samples) or time.monotonic() > deadline:
            return samples
        time.sleep(1)


@pytest.fixture(scope="module")
def after_run(stack: tuple[str, str, DemoBoard]) -> tuple[dict[str, Any], Samples]:
    api, metrics_url, _ = stack
    run = _call(f"{api}/api/runs", {"all_saved": True})
    deadline = time.monotonic() + 180
    while run["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.3)
        run = _call(f"{api}/api/runs/{run['id']}")
    assert run["status"] == "done", run
    found = sum(s["found"] for s in run["sources"])
    extracted = run["extraction"]["extracted"]

    with_postings = len([s for s in run["sources"] if s["found"]])

    def settled(samples: Samples) -> bool:  # every number of this run has been reported
        # each process (coordinator, workers, writer, router) reports on its own clock
        return (
            _total(samples, "ray_jobscraper_postings_scraped_total") == found
            and _total(samples, "ray_jobscraper_writer_batch_seconds_count") >= with_postings
            and _total(samples, "ray_jobscraper_request_seconds_count", outcome="ok") >= 2
            and _total(samples, "ray_jobscraper_extraction_requests_total") >= extracted
            and _total(samples, "ray_jobscraper_scrapes_in_flight") == 0
            and "ray_jobscraper_host_memory_total_bytes" in samples
        )

    return run, _wait_for(metrics_url, settled)


def test_postings_scraped_inserted_and_updated_per_source(after_run: tuple[dict[str, Any], Samples]) -> None:
    run, samples = after_run
    by_label = {s["label"]: s for s in run["sources"]}
    for name in ("ray_jobscraper_postings_scraped_total", "ray_jobscraper_postings_inserted_total"):
        assert name in samples, sorted(samples)
    company = next(s for label, s in by_label.items() if s["kind"] == "company" and s["found"])
    scraped = _total(
        samples, "ray_jobscraper_postings_scraped_total", kind="company", source=company["label"]
    )
    assert scraped == company["found"] == 5
    assert _total(samples, "ray_jobscraper_postings_inserted_total") == run["counts"]["inserted"] > 0
    boards = {tags["source"] for tags, _ in samples["ray_jobscraper_postings_scraped_total"]}
    assert {"linkedin", "indeed"} <= boards  # the demo search's sites, by name


def test_source_errors_by_kind(after_run: tuple[dict[str, Any], Samples]) -> None:
    _, samples = after_run
    errors = samples["ray_jobscraper_source_errors_total"]
    assert [(tags["source"], tags["error"], v) for tags, v in errors if tags["source"] == GONE] == [
        (GONE, "http", 1.0)
    ]


def test_request_latency_per_domain(after_run: tuple[dict[str, Any], Samples]) -> None:
    _, samples = after_run
    counts: dict[tuple[str, str], float] = defaultdict(float)  # summed over the workers' series
    for tags, value in samples["ray_jobscraper_request_seconds_count"]:
        counts[(tags["domain"], tags["outcome"])] += value
    board_host = next(d for d, _ in counts if d.startswith("127.0.0.1:"))
    assert counts[(board_host, "ok")] >= 2  # career pages and ATS calls on the demo board
    assert counts[(board_host, "http")] >= 1  # the company that is gone: a 404
    assert counts[("linkedin.com", "ok")] == 1  # one board search = one request to its domain
    assert _total(samples, "ray_jobscraper_request_seconds_sum") > 0


def test_scrapes_in_flight_and_the_writer(after_run: tuple[dict[str, Any], Samples]) -> None:
    run, samples = after_run
    assert {tags["kind"] for tags, _ in samples["ray_jobscraper_scrapes_in_flight"]} == {"board", "company"}
    assert _total(samples, "ray_jobscraper_scrapes_in_flight") == 0  # the run is over
    batches = _total(samples, "ray_jobscraper_writer_batch_seconds_count")
    assert batches >= len([s for s in run["sources"] if s["found"]])
    assert _total(samples, "ray_jobscraper_writer_postings_total") == sum(s["found"] for s in run["sources"])
    assert _total(samples, "ray_jobscraper_writer_queue_depth") == 0


def test_extraction_requests_tokens_latency_and_overflow_share(
    after_run: tuple[dict[str, Any], Samples],
) -> None:
    run, samples = after_run
    extracted = run["extraction"]["extracted"]
    assert extracted > 0
    requests = _total(samples, "ray_jobscraper_extraction_requests_total", pool="throughput")
    assert requests >= extracted  # the throughput pool answered every (short) demo posting
    assert _total(samples, "ray_jobscraper_extraction_tokens_total", pool="throughput", direction="in") > 0
    assert _total(samples, "ray_jobscraper_extraction_seconds_count", pool="throughput") >= 1
    assert _total(samples, "ray_jobscraper_extraction_overflow_share") == 0.0  # nothing went to the cloud


def test_host_monitor_reports_ram_swap_and_cpu(after_run: tuple[dict[str, Any], Samples]) -> None:
    _, samples = after_run
    total = _total(samples, "ray_jobscraper_host_memory_total_bytes")
    assert total == psutil.virtual_memory().total
    assert 0 < _total(samples, "ray_jobscraper_host_memory_used_bytes") < total
    assert "ray_jobscraper_host_swap_total_bytes" in samples
    assert 0 <= _total(samples, "ray_jobscraper_host_cpu_percent") <= 100
    from actors.hostmon import load_nvml

    # GPU series exactly where NVML sees a device (none on CI machines)
    assert ("ray_jobscraper_gpu_memory_used_bytes" in samples) == (load_nvml() is not None)


def test_ray_and_serve_series_are_on_the_same_endpoint(after_run: tuple[dict[str, Any], Samples]) -> None:
    _, samples = after_run
    # the names the dashboard's API panels plot
    assert {"ray_serve_num_http_requests_total", "ray_serve_http_request_latency_ms_bucket"} <= set(samples)
    assert any(name.startswith("ray_node_") or name.startswith("ray_tasks") for name in samples)


def test_the_grafana_dashboard_plots_every_series(after_run: tuple[dict[str, Any], Samples]) -> None:
    """Every jobscraper series the endpoint carries is on a panel, and every panel's series exists."""
    _, samples = after_run
    dashboard = json.loads((Path(__file__).parents[2] / "docs" / "grafana-dashboard.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
    ours = {name.removesuffix("_bucket").removesuffix("_count").removesuffix("_sum") for name in samples}
    ours = {n for n in ours if n.startswith("ray_jobscraper_")}
    missing = [n for n in sorted(ours) if n not in exprs]
    assert not missing, f"series without a panel: {missing}"


def test_the_actors_that_open_the_database_run_on_the_head(after_run: tuple[dict[str, Any], Samples]) -> None:
    """With cluster.yaml's ``head`` resource the WriterActor and the Api replica each hold a sliver
    of it, so Ray can place them only on the node with the file."""
    import ray

    from actors.placement import db_node_options

    assert db_node_options() == {"resources": {"head": 0.001}}
    assert ray.available_resources()["head"] == pytest.approx(1 - 2 * 0.001)

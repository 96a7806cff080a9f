"""What every local Ray that a jobscraper command starts shares: the metrics port, the URL to it,
and the host monitors.

Ray waits a minute and then fails its whole start-up when the metrics port is taken, and 8080 is
a popular port. So the configured port is used when it is free; otherwise Ray picks one, the
command says so, and prints the URL it got.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

from jobscraper.config import Settings

__all__ = ["metrics_options", "metrics_url", "port_free", "start_monitors", "stop_everything"]


def port_free(port: int, host: str = "0.0.0.0") -> bool:  # Ray's agent binds every interface
    """Whether nothing listens on ``port`` (a bind test: SO_REUSEADDR, so TIME_WAIT does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def metrics_options(settings: Settings) -> dict[str, Any]:
    """``ray.init`` keywords for a new local Ray: the configured metrics port when it is free."""
    port = settings.ray.metrics_export_port
    if port_free(port):
        return {"_metrics_export_port": port}
    print(
        f"warning: metrics port {port} (ray.metrics_export_port) is taken; Ray picks another one",
        file=sys.stderr,
    )
    return {}


def metrics_url() -> str | None:
    """The Prometheus endpoint of the node this driver runs on, once Ray is up (None if unknown)."""
    import ray

    here = ray.util.get_node_ip_address()  # type: ignore[no-untyped-call]
    for node in ray.nodes():  # type: ignore[no-untyped-call]
        if node.get("Alive") and node.get("NodeManagerAddress") == here and node.get("MetricsExportPort"):
            return f"http://{here}:{node['MetricsExportPort']}/metrics"
    return None


def start_monitors(settings: Settings) -> None:
    """A HostMonitor on every node that has none (see :mod:`actors.hostmon`)."""
    from actors.hostmon import start_host_monitors

    start_host_monitors(settings.ray.namespace, settings.ray.host_monitor_interval_s)


def _bounded(step: Callable[[], object], timeout_s: float) -> bool:
    """Run ``step`` in a daemon thread; False when it did not end within ``timeout_s`` (or raised:
    a Ray that is already gone makes its shutdown calls fail or hang)."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            step()
        except Exception as exc:  # reported below; the next step still runs
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive() or failed:
        why = "did not end" if thread.is_alive() else f"failed: {failed[0]}"
        print(f"jobscraper: {getattr(step, '__name__', 'a step')} {why}; going on", file=sys.stderr)
        return False
    return True


def stop_everything(*, serve_too: bool, timeout_s: float = 8.0) -> None:
    """Stop what this command started within ``timeout_s``, even when Ray is already gone (Ctrl-C
    on ``jobscraper serve`` once hung for minutes in ``serve.shutdown``): Serve, then the Ray
    session, each with a deadline; what is still running after them (the local Ray's own
    processes) is killed by process id, never by name."""
    import ray

    budget = timeout_s / 2
    if serve_too:
        from ray import serve

        _bounded(serve.shutdown, budget)
    node = getattr(ray._private.worker, "_global_node", None)  # the local Ray this process started
    if not _bounded(ray.shutdown, budget) and node is not None:
        with contextlib.suppress(Exception):  # best effort: the processes may be gone already
            node.kill_all_processes(check_alive=False, allow_graceful=False)

"""What every local Ray that a jobscraper command starts shares: the metrics port, the URL to it,
and the host monitors.

Ray waits a minute and then fails its whole start-up when the metrics port is taken, and 8080 is
a popular port. So the configured port is used when it is free; otherwise Ray picks one, the
command says so, and prints the URL it got.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

from jobscraper.config import Settings

__all__ = ["metrics_options", "metrics_url", "port_free", "start_monitors"]


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

"""What every local Ray that a jobscraper command starts shares: the metrics port, the URL to it,
and the host monitors.

Ray waits a minute and then fails its whole start-up when the metrics port is taken, and 8080 is
a popular port. So the configured port is used when it is free; otherwise Ray picks one, the
command says so, and prints the URL it got.
"""

from __future__ import annotations

import contextlib
import ctypes
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

from jobscraper.config import Settings

__all__ = [
    "adopt_orphans",
    "metrics_options",
    "metrics_url",
    "port_free",
    "start_monitors",
    "stop_everything",
]

_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


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


def adopt_orphans() -> bool:
    """Make this command the child subreaper of what it starts (Linux; False elsewhere).

    A local Ray's agents and workers are children of its raylet; when the raylet dies first they
    would be handed to init and outlive the command. As subreaper, this process adopts them
    instead, so :func:`stop_everything` finds every one of them among its own descendants and ends
    them by process id (never by name: other Rays on the machine are not ours)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _end_descendants(grace_s: float) -> None:
    """SIGTERM, then SIGKILL after ``grace_s``, every process still descending from this one."""
    import psutil

    left = psutil.Process().children(recursive=True)
    for proc in left:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _, alive = psutil.wait_procs(left, timeout=grace_s)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=grace_s)


def stop_everything(
    *,
    serve_too: bool,
    local: bool = True,
    timeout_s: float = 8.0,
    end_descendants: Callable[[float], None] = _end_descendants,
) -> None:
    """Stop what this command started within ``timeout_s``, even when Ray is already gone (Ctrl-C
    on ``jobscraper serve`` once hung for minutes in ``serve.shutdown``): Serve (``serve_too``),
    then the Ray session, each with a deadline. With ``local`` (this command started the Ray), what
    is still running after them — the local Ray's processes, and those it started that
    :func:`adopt_orphans` kept as descendants — is ended by process id, never by name."""
    import ray

    budget = timeout_s / 3
    if serve_too:
        from ray import serve

        _bounded(serve.shutdown, budget)
    node = getattr(ray._private.worker, "_global_node", None)  # the local Ray this process started
    if not _bounded(ray.shutdown, budget) and node is not None and local:
        with contextlib.suppress(Exception):  # best effort: the processes may be gone already
            node.kill_all_processes(check_alive=False, allow_graceful=False)
    if local:
        end_descendants(budget / 2)

"""What every local Ray that a jobscraper command starts shares: the metrics port, the URL to it,
the host monitors, and a bounded stop (also on SIGTERM).

Ray waits a minute and then fails its whole start-up when the metrics port is taken, and 8080 is
a popular port. So the configured port is used when it is free; otherwise Ray picks one, the
command says so, and prints the URL it got.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jobscraper.config import Settings
from jobscraper.priority import RAY_SYSTEM_CONFIG

__all__ = [
    "adopt_orphans",
    "end_actors",
    "exit_now",
    "fewer_ray_processes",
    "lean_environment",
    "lean_options",
    "metrics_options",
    "metrics_url",
    "port_free",
    "sigterm_as_ctrl_c",
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


# A local Ray keeps no idle Python workers around: by default it starts one per CPU for the first
# driver and keeps up to one per CPU idle, ~50 MB each, for tasks a jobscraper stack hardly runs
# (its work is in actors, each of which gets a process of its own when it is created).
LEAN_SYSTEM_CONFIG: dict[str, Any] = {
    "enable_worker_prestart": False,
    "prestart_worker_first_driver": False,
    "num_workers_soft_limit": 0,
}


# What the processes of a local Ray inherit from the command that starts it (read by Ray when it is
# imported, and by glibc when each process starts); a value already in the environment wins.
LEAN_ENVIRONMENT: dict[str, str] = {
    # workers start with this interpreter, not through `uv run` (Ray's default when any ancestor is
    # `uv run`: a uv process more per worker, and the working folder shipped to each)
    "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0",
    # glibc gives every thread that allocates an arena of its own, up to 8 per core; an idle Ray
    # worker has a dozen threads (gRPC, the core worker, an async actor's loop), whose arenas hold
    # freed memory the process never gives back. Two arenas are plenty for processes that wait.
    "MALLOC_ARENA_MAX": "2",
    # Serve's controller reconciles its deployments every 0.1 s and its replicas and proxy flush
    # their metrics every 0.1 s, busy or idle: on a small machine during a scrape that CPU came
    # before the live progress a person watches (issue 17). Nothing here scales on load.
    "RAY_SERVE_CONTROL_LOOP_INTERVAL_S": "0.5",
    "RAY_SERVE_METRICS_EXPORT_INTERVAL_MS": "1000",
}


def lean_environment() -> None:
    """Set :data:`LEAN_ENVIRONMENT` in this process's environment (where not set) before a local Ray
    is started, so that every process of it inherits it."""
    for name, value in LEAN_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def lean_options() -> dict[str, Any]:
    """``ray.init`` keywords that keep a new local Ray small (see :data:`LEAN_SYSTEM_CONFIG`) and
    start its workers at normal CPU priority, not Ray's nice 15: jobscraper lowers only its
    background actors (:mod:`jobscraper.priority`), so the coordinator, the API and Serve's proxy
    answer a person first while a run scrapes."""
    return {"_system_config": {**LEAN_SYSTEM_CONFIG, **RAY_SYSTEM_CONFIG}}


@contextlib.contextmanager
def fewer_ray_processes(*, dashboard: bool) -> Iterator[None]:
    """While a local Ray starts (``ray.init`` inside this block): no autoscaler monitor and, without
    ``dashboard``, no dashboard process either: ~130 MB of an idle stack that does nothing for it.

    - The monitor (``autoscaler/_private/monitor.py``, ~50 MB) runs the autoscaler, which adds and
      removes *nodes*: one machine has none to add. (Serve's replicas scale in its controller.)
    - ``ray.init(include_dashboard=False)`` still starts the dashboard's head process (~80 MB) with
      one module, the one that reports usage statistics to Ray's makers. Jobs, the state API and
      the pages come only with ``ray.dashboard: true``, which keeps it.

    The Ray node's own methods that start them are stood in for while the block runs (``ray.init``
    has no switch for either: ``ray start`` has ``--no-monitor``). The metrics, the log monitor
    (Ray's processes' output in ``ui.log``) and the agents are kept. Restored when the block ends."""
    from ray._private import node as ray_node

    node_class: Any = ray_node.Node
    saved = {name: getattr(node_class, name) for name in ("start_monitor", "start_api_server")}

    def no_monitor(self: Any) -> None:
        return None

    def no_api_server(self: Any, *, include_dashboard: bool | None, raise_on_failure: bool) -> None:
        self._webui_url = None  # what ray.init's context reports as its dashboard_url

    node_class.start_monitor = no_monitor
    if not dashboard:
        node_class.start_api_server = no_api_server
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(node_class, name, method)


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


def _bounded(step: Callable[[], object], timeout_s: float, name: str = "") -> bool:
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
        label = name or getattr(step, "__name__", "a step")
        print(f"jobscraper: {label} {why} within {timeout_s:.1f} s; going on", file=sys.stderr)
        return False
    return True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def sigterm_as_ctrl_c() -> bool:
    """From now on SIGTERM (``kill PID``, systemd, a container runtime) stops this command as Ctrl-C
    does, through its own bounded stop (:func:`stop_everything`). False off the main thread, where
    no handler can be set.

    Call it again once Ray is up: the driver that starts a local Ray installs a SIGTERM handler of
    its own, which first *drains* the node for up to 30 s (``RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S``,
    meant for a node of a cluster whose replicas can move elsewhere; on one machine they have nowhere
    to go, so it always waits the whole time), then kills Ray's processes under Serve and the writer,
    and leaves this command's own stop steps to run against a dead Ray: ~60 s in all."""
    if threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGTERM, _interrupt)
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


def end_actors(namespace: str, timeout_s: float) -> int:
    """End the jobscraper actors of a local Ray as actors, not by killing their processes: the
    coordinator (and the scheduler in it) first, then the writer. Each finishes the call it is in; the
    writer runs every write queued before its end (nothing sent is lost) and closes its database
    as its process exits (an SQLite file is left without a WAL to replay). How many were asked."""
    import ray

    from actors.coordinator import COORDINATOR_NAME
    from actors.writer import WRITER_NAME

    if not ray.is_initialized():
        return 0
    deadline = time.monotonic() + timeout_s
    asked = 0
    for names in ((COORDINATOR_NAME,), (WRITER_NAME,)):
        ends: list[Any] = []
        for name in names:
            try:
                handle = ray.get_actor(name, namespace=namespace)
            except ValueError:  # not started, or already gone
                continue
            ends.append(handle.__ray_terminate__.remote())
        asked += len(ends)
        if ends:  # an actor's end resolves (as an error) once its process has gone
            ray.wait(ends, num_returns=len(ends), timeout=max(0.0, deadline - time.monotonic()))
    return asked


def _lost_processes(node: Any) -> bool:
    """Whether a process of the local Ray this driver started (its GCS, raylet, …) has died."""
    if node is None:
        return False
    try:
        return bool(node.dead_processes())
    except Exception:  # an unknown node object: assume the worst, ask nothing of it
        return True


def stop_everything(
    *,
    serve_too: bool,
    local: bool = True,
    namespace: str = "jobscraper",
    timeout_s: float = 8.0,
    end_descendants: Callable[[float], None] = _end_descendants,
) -> None:
    """Stop what this command started within ``timeout_s``, even when Ray is already gone (Ctrl-C
    on ``jobscraper serve`` once hung for minutes in ``serve.shutdown``).

    With ``local`` (this command started the Ray): the jobscraper actors end as actors
    (:func:`end_actors`, when Ray still answers: ``serve_too``), so the writer closes its database;
    then every process of the local Ray — its own, and those it started that :func:`adopt_orphans`
    kept as descendants — is ended at once by process id, never by name. Neither Serve nor Ray is
    asked to shut down: Serve goes with its Ray, and asking took seconds, after which this driver
    was ended by its own Ray connection (exit status 1) before it could end Ray's agents, which then
    ran on for a minute. The caller ends with :func:`exit_now`.

    On a cluster: Serve (``serve_too``) and this driver's Ray session, each with a deadline."""
    import ray

    budget = timeout_s / 3
    if not local:
        if serve_too:
            from ray import serve

            _bounded(serve.shutdown, budget, "serve.shutdown")
        _bounded(ray.shutdown, budget, "ray.shutdown")
        return
    node = getattr(ray._private.worker, "_global_node", None)  # the local Ray this process started
    if serve_too and not _lost_processes(node):  # a call to a dead GCS holds this process (the GIL)

        def end_jobscraper_actors() -> None:
            end_actors(namespace, budget)

        _bounded(end_jobscraper_actors, budget + 0.5, "ending the actors")
    end_descendants(0.0)  # at once: nothing of ours is left in them (the writer has ended)
    if node is not None:
        with contextlib.suppress(Exception):  # best effort: its processes are gone already
            node.kill_all_processes(check_alive=False, allow_graceful=False)


def exit_now(code: int) -> None:
    """End this process with ``code`` once :func:`stop_everything` has stopped the local Ray it
    started, without Python's exit hooks: Ray's own (``ray.shutdown`` again, Serve's handle threads)
    wait up to a minute on the processes that were just ended. Output is flushed first; everything
    of ours (the writer, the UI server, the demo board) has been stopped before."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)

"""CPU priority for background work: scraping, extraction on CPU and embedding yield to what a
person is waiting for.

On a laptop or a 2-core box a scrape run keeps every core busy (Chromium rendering career pages,
the rules engine, the embedding model), and the processes a person waits on — the coordinator
answering a progress poll, the API, the web UI's server — queued behind it: live progress showed
up seconds late while a run went. Background work therefore runs at a lower priority (``nice``
:data:`BACKGROUND_NICE`): it still takes every idle cycle, but an interactive request gets the CPU
first. Only the niceness is raised, which needs no privilege; where the platform has no ``nice``
(Windows) nothing changes.

- :func:`lower_process` — a whole process that only does background work (a ScraperActor and the
  Chromium it starts, a CPU extraction pool replica);
- :func:`lower_thread` — one thread of a process that also serves interactive calls (the
  coordinator's embedding thread). Linux applies a thread's niceness to that thread alone;
- :func:`background_session` — a child process that only does background work (the Chromium a
  ScraperActor starts) gets a session of its own whose CPU share is lowered as a whole.

A niceness only counts against the threads of the same *autogroup*: where the kernel groups tasks
by session (``/proc/sys/kernel/sched_autogroup_enabled``, the default of many distributions and
of this project's CI machines), each session gets an equal share of a contended CPU first, and
only inside it do nice values weigh. Chromium rendering career pages at nice 10 in the Ray
session still took that whole session's share from the user's browser and the web UI's server,
each in a session of its own (issue 17). A session's share is lowered by writing a nice value to
``/proc/self/autogroup``, which needs no privilege for a value ≥ 0; it is only ever done by a
process that has just started its own session (never the Ray session the API and the
coordinator share). Where autogroups are off, or the file is missing, nothing changes.

Ray itself starts every worker process at nice 15 (its ``worker_niceness``), so that its raylet
and GCS win the CPU over tasks. jobscraper's actors include the ones a person waits on (the
coordinator, the API replica, Serve's proxy), so a Ray jobscraper starts runs its workers at
:data:`RAY_SYSTEM_CONFIG`'s niceness 0 and lowers only the background ones; on a cluster started
with ``ray start``, ``RAY_worker_niceness=0`` in the nodes' environment does the same
(``cluster.yaml``).
"""

from __future__ import annotations

import logging
import os
import sys
import threading

__all__ = [
    "BACKGROUND_NICE",
    "RAY_SYSTEM_CONFIG",
    "THREAD_NICE",
    "background_session",
    "lower_process",
    "lower_thread",
]

BACKGROUND_NICE = 19
"""The niceness background processes (and their sessions) run at: at 19 against 0 a thread gets
about 1.5 % of a contended core, and all of an idle one. At 10 (a tenth) the several threads of
three ScraperActors and their Chromium weighed as much as the API's one thread (issue 17)."""

THREAD_NICE = 10
"""The niceness of a background *thread* in a process that also answers interactive calls (the
coordinator's embedding thread): milder than :data:`BACKGROUND_NICE`, because while it holds the
process's GIL the event loop waits for it to be scheduled again."""

RAY_SYSTEM_CONFIG = {"worker_niceness": 0}
"""``ray.init(_system_config=...)`` of a Ray jobscraper starts: its workers at normal priority."""

log = logging.getLogger(__name__)


def lower_process(nice: int = BACKGROUND_NICE) -> int:
    """Raise this process's niceness to ``nice`` (never lower it); returns the calling thread's
    niceness now. Linux keeps a niceness per thread, and a Ray actor's ``__init__`` may run on
    another thread than its main one: every thread the process has is lowered. Threads and
    processes started afterwards (Chromium) inherit it from the thread that starts them."""
    if sys.platform == "linux":
        for tid in _threads():
            _lower(tid, nice)
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    if not hasattr(os, "nice"):
        return 0
    try:
        current = os.nice(0)
        return os.nice(nice - current) if current < nice else current
    except OSError as exc:  # a sandbox that forbids it: run at normal priority
        log.warning("cannot lower this process's CPU priority: %s", exc)
        return os.nice(0)


def _threads() -> list[int]:
    try:
        return [int(tid) for tid in os.listdir("/proc/self/task")]
    except OSError:
        return [threading.get_native_id()]


def _lower(tid: int, nice: int) -> None:
    try:
        if os.getpriority(os.PRIO_PROCESS, tid) < nice:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
    except OSError as exc:  # the thread ended meanwhile, or a sandbox forbids it
        log.debug("cannot lower thread %s's CPU priority: %s", tid, exc)


def lower_thread(nice: int = THREAD_NICE) -> int:
    """Raise the calling thread's niceness to ``nice`` on Linux (elsewhere a niceness is the whole
    process's: nothing changes); returns it."""
    if sys.platform != "linux":
        return 0
    tid = threading.get_native_id()
    _lower(tid, nice)
    return os.getpriority(os.PRIO_PROCESS, tid)


def background_session(nice: int = BACKGROUND_NICE) -> bool:
    """Make the calling process the leader of a new session and lower that session's CPU share
    (its autogroup) to ``nice``; True when the share was lowered. Meant for a child between fork
    and exec (a ``preexec_fn``): it raises nothing, and a process that cannot start a session (a
    process group leader, such as a Ray worker) is left as it is — lowering the autogroup it is
    in would lower every process of its session."""
    if sys.platform != "linux":
        return False
    try:
        if os.getsid(0) != os.getpid():
            os.setsid()
        with open("/proc/self/autogroup", "w") as group:
            group.write(str(nice))
    except OSError:
        return False
    return True

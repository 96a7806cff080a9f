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
  coordinator's embedding thread). Linux applies a thread's niceness to that thread alone.
"""

from __future__ import annotations

import logging
import os
import threading

__all__ = ["BACKGROUND_NICE", "lower_process", "lower_thread"]

BACKGROUND_NICE = 10
"""The niceness background work runs at: at 10 against 0 it gets about a tenth of a contended
core, and all of an idle one."""

log = logging.getLogger(__name__)


def lower_process(nice: int = BACKGROUND_NICE) -> int:
    """Raise this process's niceness to ``nice`` (never lower it); returns the niceness now. Child
    processes started afterwards (Chromium) inherit it."""
    if not hasattr(os, "nice"):
        return 0
    try:
        current = os.nice(0)
        return os.nice(nice - current) if current < nice else current
    except OSError as exc:  # a sandbox that forbids it: run at normal priority
        log.warning("cannot lower this process's CPU priority: %s", exc)
        return os.nice(0)


def lower_thread(nice: int = BACKGROUND_NICE) -> int:
    """Raise the calling thread's niceness to ``nice`` on Linux (elsewhere nothing); returns it."""
    if not (hasattr(os, "setpriority") and hasattr(threading, "get_native_id")):
        return 0
    tid = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < nice:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        return max(current, nice)
    except OSError as exc:
        log.warning("cannot lower this thread's CPU priority: %s", exc)
        return 0

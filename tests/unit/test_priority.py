"""Background work's CPU priority (:mod:`jobscraper.priority`), in a child process or a thread of
its own so the test run keeps its priority."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from jobscraper.priority import BACKGROUND_NICE, THREAD_NICE, lower_process, lower_thread

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")


def _lowered_twice() -> tuple[int, int, int]:
    first = lower_process()
    again = lower_process()  # never lowered further, never raised back
    return first, again, os.nice(0)


def test_a_background_process_runs_at_the_background_niceness_once() -> None:
    with ProcessPoolExecutor(1) as pool:
        first, again, now = pool.submit(_lowered_twice).result(timeout=60)
    assert first == again == now == max(BACKGROUND_NICE, os.nice(0))
    assert os.nice(0) < BACKGROUND_NICE or os.nice(0) == now, "the test process itself is untouched"


def test_a_background_thread_is_lowered_alone() -> None:
    seen: list[int] = []

    def work() -> None:
        lower_thread()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [max(THREAD_NICE, before)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before, "the caller keeps its own"


def _lowered_from_another_thread() -> tuple[int, int]:
    """As in an async Ray actor: ``__init__`` runs on a thread other than the process's main one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(lower_process).result()
    return os.getpriority(os.PRIO_PROCESS, os.getpid()), os.nice(0)


def test_every_thread_of_the_process_is_lowered_not_only_the_caller() -> None:
    with ProcessPoolExecutor(1) as pool:
        main_thread, nice_now = pool.submit(_lowered_from_another_thread).result(timeout=60)
    assert main_thread == nice_now == max(BACKGROUND_NICE, os.nice(0))

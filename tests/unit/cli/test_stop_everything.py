"""Ctrl-C on `jobscraper serve` stops what it started even when Ray is already gone (issue 13,
item 14, serve side): a local Ray's processes are killed by process id without waiting on Serve's
or Ray's shutdown calls, which hung for minutes on a dead Ray (issue 18: and took a minute on a live
one); on a cluster those calls each get a deadline."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import ray
from ray import serve

from jobscraper.cli.local_ray import stop_everything


@pytest.fixture
def hung() -> Iterator[threading.Event]:
    release = threading.Event()
    yield release
    release.set()  # lets the abandoned daemon threads end


def test_stop_everything_returns_when_serve_and_ray_shutdown_hang(
    monkeypatch: pytest.MonkeyPatch, hung: threading.Event, capsys: pytest.CaptureFixture[str]
) -> None:
    killed: list[bool] = []

    class Node:
        def kill_all_processes(self, **kwargs: Any) -> None:
            killed.append(True)

    monkeypatch.setattr(serve, "shutdown", hung.wait)
    monkeypatch.setattr(ray, "shutdown", hung.wait)
    monkeypatch.setattr(ray._private.worker, "_global_node", Node(), raising=False)
    ended: list[float] = []
    done = threading.Event()

    def stop() -> None:
        stop_everything(serve_too=True, timeout_s=0.4, end_descendants=ended.append)
        stop_everything(serve_too=True, local=False, timeout_s=0.4, end_descendants=ended.append)
        done.set()

    worker = threading.Thread(target=stop)
    worker.start()
    worker.join(30)  # generous: the point is that it returns at all (it hung for minutes before)
    assert done.is_set(), "stop_everything hung"
    assert killed == [True]  # the local Ray's own processes were killed, its shutdown not waited for
    assert len(ended) == 1  # and what they had started, adopted as this process's descendants
    assert "did not end" in capsys.readouterr().err  # on a cluster: the calls were given up on

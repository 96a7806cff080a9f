"""What a local Ray that jobscraper starts leaves out (issue 18, item 4): the environment its
processes inherit, and the Ray node's monitor and dashboard head stood in for while it starts —
then put back, so a later local Ray (a test's, another command's) is Ray's own again."""

from __future__ import annotations

import os

import pytest
from ray._private.node import Node

from jobscraper.cli.local_ray import LEAN_ENVIRONMENT, fewer_ray_processes, lean_environment


def test_the_node_methods_stood_in_for_are_ray_s_and_come_back() -> None:
    originals = (Node.start_monitor, Node.start_api_server)  # a Ray that renamed them fails here
    with fewer_ray_processes(dashboard=False):
        assert Node.start_monitor is not originals[0] and Node.start_api_server is not originals[1]
        node: object = object.__new__(Node)
        assert Node.start_monitor(node) is None  # type: ignore[arg-type]
        Node.start_api_server(node, include_dashboard=False, raise_on_failure=False)  # type: ignore[arg-type]
        assert node._webui_url is None  # type: ignore[attr-defined]
    assert (Node.start_monitor, Node.start_api_server) == originals


def test_a_dashboard_asked_for_is_started_and_the_monitor_still_is_not() -> None:
    api_server, monitor = Node.start_api_server, Node.start_monitor
    with fewer_ray_processes(dashboard=True):
        assert Node.start_api_server is api_server
        assert Node.start_monitor is not monitor
    assert (Node.start_api_server, Node.start_monitor) == (api_server, monitor)


def test_put_back_when_ray_init_fails() -> None:
    original = Node.start_monitor
    with pytest.raises(RuntimeError), fewer_ray_processes(dashboard=False):
        raise RuntimeError("ray.init failed")
    assert Node.start_monitor is original


def test_the_lean_environment_keeps_what_the_user_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    monkeypatch.delenv("RAY_ENABLE_UV_RUN_RUNTIME_ENV", raising=False)
    lean_environment()
    assert os.environ["MALLOC_ARENA_MAX"] == "4"
    assert os.environ["RAY_ENABLE_UV_RUN_RUNTIME_ENV"] == LEAN_ENVIRONMENT["RAY_ENABLE_UV_RUN_RUNTIME_ENV"]

"""What keeps an idle `jobscraper ui`/`serve` stack small and its stop fast (issue 18, item 4),
without starting Ray: the options a local Ray gets, when the UI starts host monitors, and SIGTERM
taking the same bounded way out as Ctrl-C. The figures are in bench/footprint.py."""

from __future__ import annotations

import os
import signal

import pytest

from jobscraper.cli.local_ray import lean_options, sigterm_as_ctrl_c
from jobscraper.cli.ui_cmds import _host_monitors_asked
from jobscraper.config import Settings


def test_sigterm_stops_the_command_as_ctrl_c_does() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert sigterm_as_ctrl_c()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            signal.sigtimedwait([], 0.5)  # the handler runs here at the latest
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_local_ray_keeps_no_idle_workers_warm() -> None:
    system = lean_options()["_system_config"]
    assert system == {
        "enable_worker_prestart": False,
        "prestart_worker_first_driver": False,
        "num_workers_soft_limit": 0,
        "worker_niceness": 0,  # background actors lower themselves (jobscraper.priority), no others
    }


def test_the_dashboard_is_off_unless_asked() -> None:
    assert Settings().ray.dashboard is False
    assert Settings.model_validate({"ray": {"dashboard": True}}).ray.dashboard is True


def test_the_ui_starts_host_monitors_only_when_their_interval_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBSCRAPER_RAY__HOST_MONITOR_INTERVAL_S", raising=False)
    assert not _host_monitors_asked(Settings())  # the default 5 s: nobody asked
    assert _host_monitors_asked(Settings.model_validate({"ray": {"host_monitor_interval_s": 5}}))
    assert not _host_monitors_asked(Settings.model_validate({"ray": {"host_monitor_interval_s": 0}}))
    monkeypatch.setenv("JOBSCRAPER_RAY__HOST_MONITOR_INTERVAL_S", "2")
    assert _host_monitors_asked(Settings())

"""The Chromium a ScraperActor starts cannot raise its own CPU priority (issue 17).

Chromium sets its UI, IO and compositor threads to nice -8 where it may; run as root (a container)
it may, and the browser rendering career pages then ran ahead of the coordinator, the API and the
web UI. The child is started as :class:`~jobscraper.scraping.browser.Chromium` starts it (the same
``preexec_fn``); a small Python child stands in for Chromium and tries what Chromium does.
"""

from __future__ import annotations

import ctypes
import functools
import subprocess
import sys
from pathlib import Path

import pytest

from jobscraper.priority import BACKGROUND_NICE
from jobscraper.scraping.browser import _die_with_parent

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="capabilities and niceness are Linux's")

_CHILD = """
import os
try:
    os.setpriority(os.PRIO_PROCESS, 0, -8)
except PermissionError:
    print("refused", os.getpriority(os.PRIO_PROCESS, 0))
else:
    print("raised", os.getpriority(os.PRIO_PROCESS, 0))
"""


def test_a_started_browser_cannot_raise_its_priority() -> None:
    child = subprocess.run(
        [sys.executable, "-c", _CHILD],
        preexec_fn=functools.partial(_die_with_parent, ctypes.CDLL(None, use_errno=True)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    verdict, nice = child.stdout.split()
    assert verdict == "refused", child.stdout
    assert int(nice) >= 0


_SESSION = """
import os
from pathlib import Path
group = Path("/proc/self/autogroup")
print(os.getsid(0) == os.getpid(), group.read_text().split()[-1] if group.exists() else "none")
"""


def test_a_started_browser_runs_in_a_session_of_its_own_at_background_priority() -> None:
    """Where the kernel shares a contended CPU between sessions first (autogroups), the browser's
    own nice value weighs only against its session: it gets a session of its own whose share is
    lowered, and the session of the process that started it keeps its share."""
    group = Path("/proc/self/autogroup")
    ours = group.read_text() if group.exists() else None
    child = subprocess.run(
        [sys.executable, "-c", _SESSION],
        preexec_fn=functools.partial(_die_with_parent, ctypes.CDLL(None, use_errno=True)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    leader, nice = child.stdout.split()
    assert leader == "True", "the browser leads a session of its own"
    if ours is not None:  # a kernel with autogroups
        assert nice == str(BACKGROUND_NICE)
        assert group.read_text() == ours, "the starting process's session keeps its share"

"""No headless Chromium or profile folder outlives the process that started it (issue 13, item 15).

After runs whose Ray died, Chromiums started by ScraperActors kept running (parent: init) and their
profile folders stayed in the temp folder. Here a child process starts a BrowserFetcher's Chromium
and is SIGKILLed (no clean-up runs): the kernel ends the browser with it, and the next start
removes the profile folder the dead process left.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from jobscraper.scraping.browser import Chromium, find_chromium

pytestmark = pytest.mark.browser

_CHILD = """
import asyncio, json, sys, time
from jobscraper.scraping.browser import Chromium
browser = Chromium(sys.argv[1])
asyncio.run(browser.start())
print(json.dumps({"pid": browser.pid, "profile": str(browser.profile)}), flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _browsers(profile: Path) -> list[int]:
    """Live processes (not zombies) of the Chromium that uses ``profile``."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["status"] != psutil.STATUS_ZOMBIE and str(profile) in " ".join(
            process.info["cmdline"] or []
        ):
            found.append(process.pid)
    return found


def test_chromium_and_its_profile_do_not_outlive_a_sigkilled_owner(tmp_path: Path) -> None:
    executable = find_chromium()
    if executable is None:
        pytest.fail("Chromium is required for this test (apt-get install chromium)")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, executable], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout is not None
        started = json.loads(child.stdout.readline())
        browser_pid, profile = started["pid"], Path(started["profile"])
        assert psutil.Process(browser_pid).ppid() == child.pid and profile.is_dir()
        assert profile.parent == tmp_path and profile.name.startswith(f"jobscraper-chromium-{child.pid}-")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _browsers(profile) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(browser_pid), "Chromium outlived the process that started it"
        assert _browsers(profile) == [], "Chromium's helpers (zygote, renderers) outlived it"
        assert profile.is_dir()  # nobody could clean up at the kill ...

        os.environ["TMPDIR"] = str(tmp_path)
        try:
            import tempfile

            tempfile.tempdir = None
            browser = Chromium(executable)
            asyncio.run(browser.start())
            try:
                assert not profile.exists()  # ... the next start did
                assert browser.profile is not None and browser.profile.exists()  # a live one is kept
            finally:
                browser.stop()
        finally:
            del os.environ["TMPDIR"]
            tempfile.tempdir = None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

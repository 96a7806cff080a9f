"""`jobscraper ui`'s console: a line per step and the URL on the terminal, and what Ray, Serve and
their workers print (Python or C level) in the log file instead (issue 17 item 16)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from jobscraper.cli.console_log import Steps, terminal_only

    with terminal_only(Path(sys.argv[1])) as console:
        steps = Steps(console)
        steps.start("Starting Ray")
        print("2026-01-01 WARNING worker.py: a Ray warning")  # Python-level stdout
        print("(ServeController pid=1) INFO a Serve line", file=sys.stderr)
        os.write(2, b"[core_worker.cc:123] C-level output\\n")
        steps.start("Starting the API")
        steps.done()
        console.print("web UI: http://127.0.0.1:3000")
    print("after: back on the terminal", file=sys.stderr)
    """
)


def test_the_console_shows_the_steps_and_the_url_and_ray_s_output_goes_to_the_log(tmp_path: Path) -> None:
    log = tmp_path / "data" / "ui.log"
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(log)], capture_output=True, text=True, timeout=60, check=True
    )
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert lines[0] == "Starting Ray…"
    assert lines[1].startswith("✓ done in") and lines[2] == "Starting the API…"
    assert lines[-1] == "web UI: http://127.0.0.1:3000"
    assert "warning" not in done.stdout.lower() and "Serve" not in done.stdout
    written = log.read_text()
    for line in ("a Ray warning", "a Serve line", "C-level output"):
        assert line in written, f"{line!r} kept in the log"
    assert done.stderr.strip() == "after: back on the terminal", "stderr is put back on the way out"

"""``jobscraper --version`` and every ``--help`` stay light: they import neither the table models
(SQLModel, SQLAlchemy, ``jobscraper.models``, ``jobscraper.store``) nor Ray.

Those imports cost seconds of CPU on every invocation, and a user asking for help waits for none
of them; the commands import them when they run. One fresh interpreter (the modules already loaded
by the test session would hide an import) runs the command line in turn for each argv below and
reports what each one loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import typer

from jobscraper.cli import app

HEAVY = ("sqlalchemy", "sqlmodel", "ray", "jobscraper.models", "jobscraper.store")

PROBE = """
import json, sys
from jobscraper.cli import main
heavy, runs = json.loads(sys.argv[1])
report = []
for argv in runs:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code
    report.append([argv, code, [m for m in heavy if m in sys.modules]])
sys.stderr.write("REPORT " + json.dumps(report) + "\\n")
"""


def _help_argvs() -> list[list[str]]:
    """``--help`` of the root, of every command and of every command of every group."""
    argvs = [["--help"]]
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    for name, command in root.commands.items():
        argvs.append([name, "--help"])
        if isinstance(command, typer.core.TyperGroup):
            argvs.extend([name, sub, "--help"] for sub in command.commands)
    return argvs


def test_version_and_help_import_neither_the_tables_nor_ray() -> None:
    runs = [["--version"], *_help_argvs()]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([HEAVY, runs])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("REPORT "))
    report = json.loads(line.removeprefix("REPORT "))
    assert len(report) == len(runs) > 10
    for argv, code, loaded in report:
        assert code == 0, (argv, done.stderr)
        assert loaded == [], f"jobscraper {' '.join(argv)} imported {loaded}"

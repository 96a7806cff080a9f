"""`jobscraper alerts add|list|remove|test` in this process: a channel is added, listed masked, sent a
test message (a local webhook receiver gets it), removed; bad input is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.alert_receivers import WebhookReceiver
from tests.cli_inprocess import Cli, assert_one_line_error, isolate, job_database, run


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    isolate(monkeypatch, tmp_path)
    job_database(tmp_path / "jobs.db", jobs=1)
    return lambda *args: run(capsys, *args)


def test_add_list_test_remove(cli: Cli) -> None:
    with WebhookReceiver() as hook:
        added = cli("alerts", "add", hook.url, "--name", "hook", "--db", "jobs.db")
        assert added.code == 0, added.err
        assert "added alert channel 'hook'" in added.out
        secret = cli("alerts", "add", "ntfy://tk_secret_42@ntfy.sh/jobs", "--db", "jobs.db")
        assert secret.code == 0 and "tk_secret_42" not in secret.out
        listed = json.loads(cli("alerts", "list", "--json", "--db", "jobs.db").out)
        assert [c["name"] for c in listed] == ["hook", "ntfy ntfy.sh"]
        assert listed[1]["url"] == "ntfy://***@ntfy.sh/jobs"
        tested = cli("alerts", "test", "hook", "--db", "jobs.db")
        assert tested.code == 0 and tested.out.strip() == "hook: sent", tested.err
        (got,) = hook.wait_for(1)
        assert got["title"] == "jobscraper: test message"
    down = cli("alerts", "test", "hook", "--db", "jobs.db")  # the receiver is gone
    assert down.code == 1 and down.err.startswith("hook: failed — ")
    assert cli("alerts", "remove", "hook", "--db", "jobs.db").out.strip() == "removed alert channel 'hook'"
    assert cli("alerts", "remove", "ntfy ntfy.sh", "--db", "jobs.db").code == 0
    assert "no alert channel yet" in cli("alerts", "list", "--db", "jobs.db").out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["alerts", "add", "foo://bar"], "Apprise cannot send to this foo:// URL"),
        (["alerts", "add", "not a url"], "not an alert URL"),
        (["alerts", "remove", "nothing"], "no alert channel 'nothing'"),
        (["alerts", "test", "nothing"], "no alert channel 'nothing'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Cli, args: list[str], needle: str) -> None:
    assert_one_line_error(cli(*args, "--db", "jobs.db"), needle)


def test_a_taken_name_is_one_line(cli: Cli) -> None:
    assert cli("alerts", "add", "json://127.0.0.1:9/x", "--name", "a", "--db", "jobs.db").code == 0
    assert_one_line_error(
        cli("alerts", "add", "json://127.0.0.1:9/y", "--name", "a", "--db", "jobs.db"), "exists"
    )

"""`jobscraper extract`: one posting from a file or stdin, as text or JSON, to JobDetails JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jobscraper.cli.serve_cmds import posting_from_text
from jobscraper.errors import InputError
from jobscraper.extraction.schema import JobDetails
from tests.cli_inprocess import Cli, CliResult, assert_one_line_error

POSTING = """# Senior Backend Engineer (Python)

Acme GmbH is hiring in Berlin. This is a fully remote role within the EU.

- 5+ years of experience with Python and PostgreSQL
- Salary: €70,000 – €85,000 per year
"""


@pytest.fixture
def extract(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``extract(ARGS)``: ``jobscraper extract ARGS`` with the rules engine and no service to ask."""
    # no service listens on this port: the command falls back to the in-process engine
    monkeypatch.setenv("JOBSCRAPER_SERVE__PORT", "9")
    monkeypatch.setenv("JOBSCRAPER_EXTRACTION__ENGINE", "rules")
    return lambda *args: cli("extract", *args)


def test_a_markdown_posting_from_a_file_becomes_schema_valid_details(extract: Cli, tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text(POSTING, encoding="utf-8")
    done = extract(path)
    assert done.code == 0, done.err
    details = JobDetails.model_validate(json.loads(done.out))
    assert details.salary is not None and details.salary.currency == "EUR"
    assert (details.salary.min, details.salary.max) == (70000, 85000)
    assert details.remote_policy == "remote" and details.seniority == "senior"
    assert "in-process engine 'rules'" in done.err


def test_a_json_posting_from_stdin(extract: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"title": "Werkstudent Data (m/w/d)", "company": "X", "description": "Teilzeit, 20 Stunden/Woche."}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(body)))
    done: CliResult = extract("-")
    assert done.code == 0, done.err
    assert json.loads(done.out)["seniority"] == "intern"


@pytest.mark.parametrize(
    "text,message",
    [("", "empty"), ("{not json", "not valid JSON"), ('{"company": "X"}', "needs at least a description")],
)
def test_unusable_input_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        posting_from_text(text)


def test_the_first_line_is_the_title_only_when_more_follows() -> None:
    titled = posting_from_text("## Data Engineer\nWe use Spark.")
    assert titled.title == "Data Engineer" and titled.description == "We use Spark."
    assert posting_from_text("Just one line about a job").title is None


def test_a_missing_file_is_a_one_line_error(extract: Cli, tmp_path: Path) -> None:
    assert_one_line_error(extract(tmp_path / "nope.md"), "nope.md")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_needs_noapi_token(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobscraper.cli.serve_cmds import api_token

    monkeypatch.delenv("JOBSCRAPER_API_TOKEN", raising=False)
    assert api_token(host, "JOBSCRAPER_API_TOKEN") is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "jobs.example.org"])
def test_beyond_loopback_theapi_token_is_required(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobscraper.cli.serve_cmds import api_token
    from jobscraper.errors import ConfigError

    monkeypatch.delenv("JOBSCRAPER_API_TOKEN", raising=False)
    with pytest.raises(ConfigError, match=r"\$JOBSCRAPER_API_TOKEN"):
        api_token(host, "JOBSCRAPER_API_TOKEN")
    monkeypatch.setenv("JOBSCRAPER_API_TOKEN", "s3cret")
    assert api_token(host, "JOBSCRAPER_API_TOKEN") == "s3cret"

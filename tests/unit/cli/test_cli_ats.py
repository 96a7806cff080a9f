"""``--ats`` reads the ATS registry: an unknown kind is one line naming the known ones, before any
run starts (it was pydantic's multi-line validation error), and the help lists every kind."""

from __future__ import annotations

from pathlib import Path

from jobscraper.vocabulary import ATS_CHOICES
from tests.cli_inprocess import Cli, assert_one_line_error


def test_an_unknown_ats_is_one_line_naming_the_known_kinds(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "scrape", "--company", "https://acme.example/careers", "--ats", "taleo", "--db", tmp_path / "j.db"
    )
    assert_one_line_error(result, "--ats", "'taleo'", ", ".join(ATS_CHOICES))
    assert "validation error" not in result.err and "Value error" not in result.err


def test_the_ats_help_lists_every_kind(cli: Cli) -> None:
    result = cli("scrape", "--help")
    assert result.code == 0
    flat = " ".join(result.out.split()).replace("│", "").replace(" | ", "|")
    assert "|".join(ATS_CHOICES) in flat.replace(" ", ""), result.out

"""``--ats`` reads the ATS registry: an unknown kind is one line naming the known ones, before any
run starts (it was pydantic's multi-line validation error), and the help lists every kind."""

from __future__ import annotations

from pathlib import Path

from jobscraper.vocabulary import ATS_CHOICES, BOARD_SITES, SITES
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


def test_the_sites_help_says_what_each_board_searches_and_why_google_is_not_offered(cli: Cli) -> None:
    result = cli("scrape", "--help")
    flat = " ".join(result.out.replace("│", " ").split())
    for name in BOARD_SITES:
        assert f"{name} ({' '.join(SITES[name].needs.split())})" in flat, name
    assert "Unavailable: google (python-jobspy's README says Google Jobs is currently unavailable" in flat


def test_a_url_that_cannot_be_a_board_of_the_named_kind_is_one_line_before_any_run(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "j.db"
    result = cli("scrape", "--company", "https://jobs.jobvite.com/acme", "--ats", "lever", "--db", db)
    assert_one_line_error(result, "https://jobs.jobvite.com/acme is a jobvite board, but ats is set to lever")
    result = cli("scrape", "--company", "http://127.0.0.1:9/careers", "--ats", "jobvite", "--db", db)
    assert_one_line_error(result, "http://127.0.0.1:9/careers is not a Jobvite feed")


def test_config_check_names_a_company_whose_url_cannot_be_its_ats(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "jobscraper.yaml"
    company = "companies:\n  - name: Acme\n    url: https://jobs.jobvite.com/acme\n    ats: {}\n"
    config.write_text(company.format("lever"), encoding="utf-8")
    result = cli("config", "check", "--config", config)
    assert_one_line_error(result, f"{config}: companies.0.url:", "a jobvite board, but ats is set to lever")
    config.write_text(company.format("jobvite"), encoding="utf-8")
    assert cli("config", "check", "--config", config).code == 0

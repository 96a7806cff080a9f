"""Item 19 of issue 13: the config refuses what cannot be meant, naming the file (or the
variable), the field and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobscraper.config import load_settings
from jobscraper.errors import ConfigError
from serve.app import build_app


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("JOBSCRAPER_"):
            monkeypatch.delenv(name)


def _load(tmp_path: Path, text: str) -> None:
    cfg = tmp_path / "jobscraper.yaml"
    cfg.write_text(text, encoding="utf-8")
    load_settings(cfg)


@pytest.mark.parametrize(
    ("yaml_text", "field", "says"),
    [
        ("ui: {api_url: 'http://127.0.0.1:70000'}", "ui.api_url", "1-65535"),
        ("scraping: {proxies: ['proxy.lan:70000']}", "scraping.proxies", "1-65535"),
        ("scraping: {cdp_url: 'http://127.0.0.1:99999'}", "scraping.cdp_url", "1-65535"),
        (
            "extraction: {openai: {base_url: 'http://127.0.0.1:0/v1'}}",
            "extraction.openai.base_url",
            "1-65535",
        ),
        ("database: {url: 'postgresql+psycopg://u@db:70000/jobs'}", "database.url", "1-65535"),
        ("scraping: {timeout_s: .inf}", "scraping.timeout_s", "finite"),
        ("scraping: {per_domain_min_delay_s: .nan}", "scraping.per_domain_min_delay_s", "finite"),
        ("scraping: {max_response_mb: 1.0e+26}", "scraping.max_response_mb", "less than or equal to 1024"),
        ("scraping: {timeout_s: 1.0e+9}", "scraping.timeout_s", "less than or equal to 3600"),
        ("scraping: {max_concurrency: 100000000000000000000000000}", "scraping.max_concurrency", "10000"),
        ("extraction: {openai: {timeout_s: .inf}}", "extraction.openai.timeout_s", "finite"),
        ('serve: {host: "127.0.0.1\\n"}', "serve.host", "control characters"),
        ('serve: {host: "evil host"}', "serve.host", "host name or IP address"),
        ('serve: {allowed_hosts: ["a\\tb"]}', "serve.allowed_hosts", "control characters"),
        ('ui: {host: "0.0.0.0\\u0000"}', "ui.host", "control characters"),
        ("serve: {port: 70000}", "serve.port", "65535"),
        ("ui: {port: 0}", "ui.port", "greater than or equal to 1"),
    ],
)
def test_values_that_cannot_be_meant_are_refused_naming_file_and_field(
    tmp_path: Path, yaml_text: str, field: str, says: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        _load(tmp_path, yaml_text)
    message = str(refused.value)
    assert message.startswith(str(tmp_path / "jobscraper.yaml")), message
    assert f": {field}: " in message and says in message, message


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ("searches: [{name: N, term: python}]", "searches.0.name"),
        ("searches: [{name: s, term: T}]", "searches.0.term"),
        ("companies: [{name: N, url: 'https://acme.example/jobs'}]", "companies.0.name"),
        ("companies: [{name: acme, url: 'https://acme.example/U'}]", "companies.0.url"),
    ],
)
def test_names_and_urls_have_a_length_cap(tmp_path: Path, entry: str, field: str) -> None:
    long = "x" * 100_000
    text = entry.replace("N", long).replace("T", long).replace("U", long)
    with pytest.raises(ConfigError, match=f": {field}: ") as refused:
        _load(tmp_path, text)
    assert "at most" in str(refused.value) and len(str(refused.value)) < 500  # the value is shortened


def test_a_control_character_in_a_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"searches\.0\.name: must not contain control characters"):
        _load(tmp_path, 'searches: [{name: "py\\u001b[31m", term: python}]')


def test_a_directory_as_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(ConfigError, match=r"database\.path: .*is a directory"):
        _load(tmp_path, f"database: {{path: '{folder}'}}")
    _load(tmp_path, f"database: {{path: '{folder / 'jobs.db'}'}}")  # a file in it is fine


def test_an_env_var_for_a_misspelled_section_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBSCRAPER_SCRAPNG__MAX_CONCURRENCY", "4")
    with pytest.raises(ConfigError) as refused:
        _load(tmp_path, "")
    message = str(refused.value)
    assert "JOBSCRAPER_SCRAPNG__MAX_CONCURRENCY" in message and "'scrapng'" in message
    assert "scraping" in message and "serve" in message  # the sections there are
    monkeypatch.delenv("JOBSCRAPER_SCRAPNG__MAX_CONCURRENCY")
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__MAX_CONCURRENCY", "4")
    monkeypatch.setenv("JOBSCRAPER_GPU_TEST_MODEL", "tiny")  # not a section variable: left alone
    _load(tmp_path, "")


def test_an_env_var_for_a_misspelled_field_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__MAX_CONCURENCY", "4")
    with pytest.raises(ConfigError, match="max_concurency"):
        _load(tmp_path, "")


@pytest.mark.parametrize("token", ["x", "s3cret", "fifteen-chars!!"])
def test_a_short_api_token_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("JOBSCRAPER_API_TOKEN", token)
    with pytest.raises(
        ConfigError, match=r"env JOBSCRAPER_API_TOKEN: the API token has \d+ characters; use at least 16"
    ):
        _load(tmp_path, "")
    monkeypatch.setenv("JOBSCRAPER_API_TOKEN", "a-long-enough-token-1234")
    _load(tmp_path, "")


def test_the_serve_app_refuses_a_short_token_given_directly(tmp_path: Path) -> None:
    from jobscraper.config import Settings

    with pytest.raises(ConfigError, match="at least 16"):
        build_app(Settings(), api_token="s3cret")

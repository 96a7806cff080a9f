"""Loading and validating ``jobscraper.yaml``: defaults, errors that name file and field, env overrides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jobscraper.config import Settings, load_settings, settings_to_yaml
from jobscraper.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "jobscraper" / "example_config.yaml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No JOBSCRAPER_* variables from the outside, and a cwd without a jobscraper.yaml."""
    for name in list(os.environ):
        if name.upper().startswith("JOBSCRAPER_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, body: str, name: str = "jobscraper.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_load_without_a_file():
    settings = load_settings()
    assert settings == Settings()
    assert settings.scraping.max_concurrency == 8
    assert settings.database.path == Path("data/jobs.db")
    assert settings.extraction.engine == "rules"
    assert settings.searches == []


def test_an_empty_file_means_defaults(tmp_path):
    assert load_settings(write(tmp_path, "")) == Settings()


def test_the_file_in_the_working_directory_is_used(tmp_path):
    write(tmp_path, "scraping:\n  max_concurrency: 3\n")
    assert load_settings().scraping.max_concurrency == 3


def test_jobscraper_config_env_names_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, "ui:\n  port: 3100\n", name="elsewhere.yaml")
    monkeypatch.setenv("JOBSCRAPER_CONFIG", str(path))
    assert load_settings().ui.port == 3100


def test_a_named_file_that_does_not_exist_is_an_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match=r"nope\.yaml: no such config file"):
        load_settings(missing)


def test_wrong_type_names_the_file_and_the_dotted_field(tmp_path):
    path = write(tmp_path, "scraping:\n  max_concurrency: lots\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message
    assert "scraping.max_concurrency" in message
    assert "integer" in message
    assert "'lots'" in message


def test_out_of_range_value_says_what_is_allowed(tmp_path):
    path = write(tmp_path, "serve:\n  port: 70000\n")
    with pytest.raises(ConfigError, match=r"serve\.port: .*65535"):
        load_settings(path)


def test_error_in_a_list_item_names_its_index(tmp_path):
    body = "searches:\n  - name: a\n    term: python\n    sites: [linkedin, monster]\n"
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, body))
    message = str(info.value)
    assert "searches.0.sites" in message
    assert "monster" in message
    assert "linkedin" in message, "the message lists the allowed sites"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("databse:\n  path: x.db\n", "databse"),
        ("scraping:\n  max_concurency: 3\n", "scraping.max_concurency"),
        (
            "extraction:\n  throughput_pool:\n    gpu_fractoin: 0.3\n",
            "extraction.throughput_pool.gpu_fractoin",
        ),
    ],
)
def test_unknown_keys_are_rejected(tmp_path, body, field):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value)
    assert field in str(info.value)
    assert "not permitted" in str(info.value)


def test_invalid_yaml_names_the_line(tmp_path):
    body = "scraping:\n  max_concurrency: 4\n  timeout_s: 30: 40\nui:\n  port: 3000\n"
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3" in message
    assert "not valid YAML" in message


def test_top_level_must_be_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_settings(write(tmp_path, "- a\n- b\n"))


def test_env_override_wins_over_the_file_and_keeps_the_rest(tmp_path, monkeypatch):
    path = write(tmp_path, "scraping:\n  max_concurrency: 3\n  timeout_s: 12\n")
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__MAX_CONCURRENCY", "5")

    settings = load_settings(path)

    assert settings.scraping.max_concurrency == 5
    assert settings.scraping.timeout_s == 12, "the file's other keys in that section still apply"


def test_env_override_without_a_file(monkeypatch):
    monkeypatch.setenv("JOBSCRAPER_DATABASE__ARCHIVE_AFTER_DAYS", "7.5")
    assert load_settings().database.archive_after_days == 7.5


def test_bad_env_value_names_the_env_var(tmp_path, monkeypatch):
    path = write(tmp_path, "scraping:\n  max_concurrency: 3\n")
    monkeypatch.setenv("JOBSCRAPER_SCRAPING__MAX_CONCURRENCY", "abc")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert "JOBSCRAPER_SCRAPING__MAX_CONCURRENCY" in message
    assert "scraping.max_concurrency" in message
    assert "'abc'" in message


def test_vllm_pools_may_not_oversubscribe_the_gpu(tmp_path):
    body = (
        "extraction:\n"
        "  engine: vllm\n"
        "  throughput_pool: {gpu_fraction: 0.6, gpu_memory_utilization: 0.4}\n"
        "  long_context_pool: {gpu_fraction: 0.6, gpu_memory_utilization: 0.4}\n"
    )
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert "exceeds 1" in message
    assert "gpu_fraction" in message
    assert str(path) in message


def test_vllm_pools_may_not_oversubscribe_gpu_memory(tmp_path):
    body = (
        "extraction:\n"
        "  engine: vllm\n"
        "  throughput_pool: {gpu_fraction: 0.5, gpu_memory_utilization: 0.6}\n"
        "  long_context_pool: {gpu_fraction: 0.5, gpu_memory_utilization: 0.6}\n"
    )
    with pytest.raises(ConfigError, match=r"gpu_memory_utilization.*exceeds 1"):
        load_settings(write(tmp_path, body))


def test_gpu_shares_only_matter_for_vllm(tmp_path):
    body = (
        "extraction:\n"
        "  engine: rules\n"
        "  throughput_pool: {gpu_fraction: 0.6}\n"
        "  long_context_pool: {gpu_fraction: 0.6}\n"
    )
    assert load_settings(write(tmp_path, body)).extraction.engine == "rules"


def test_router_thresholds_must_be_ordered(tmp_path):
    body = "extraction:\n  throughput_max_tokens: 9000\n  long_context_max_tokens: 4000\n"
    with pytest.raises(ConfigError, match="throughput_max_tokens"):
        load_settings(write(tmp_path, body))


def test_duplicate_search_names_are_rejected(tmp_path):
    body = "searches:\n  - {name: a, term: x}\n  - {name: a, term: y}\n"
    with pytest.raises(ConfigError, match=r"duplicate name\(s\) \['a'\]"):
        load_settings(write(tmp_path, body))


def test_the_shipped_example_config_validates():
    settings = load_settings(EXAMPLE)
    assert [s.name for s in settings.searches] == ["python-berlin"]
    assert [c.name for c in settings.companies] == ["Example GmbH"]


def test_the_example_config_shows_the_defaults():
    # Its header promises: "the values shown are the defaults unless a comment says otherwise".
    example = load_settings(EXAMPLE)
    defaults = Settings()
    for section in ("database", "scraping", "extraction", "serve", "ui", "ray"):
        assert getattr(example, section) == getattr(defaults, section), section


def test_settings_to_yaml_round_trips(tmp_path):
    settings = load_settings(EXAMPLE)
    again = load_settings(write(tmp_path, settings_to_yaml(settings), name="shown.yaml"))
    assert again == settings

"""The documentation cannot drift from the code (datasette's ``tests/test_docs.py`` is the model).

- Every command and subcommand of the CLI has help text, a section in the generated CLI reference
  and a mention in the hand-written CLI guide; every option says what it does.
- Every setting of :class:`jobscraper.config.Settings`, recursively, has a description (which the
  generated configuration reference shows), and every section is in the configuration guide.
- The generated references are what ``docs/gen_reference.py`` writes today.
- The site builds with ``mkdocs build --strict``, so a broken link or anchor fails.
- The README stays short, keeps the two fresh-machine commands verbatim, and its links resolve.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
DEMO_COMMAND = "uv sync && uv run jobscraper demo"
TEST_COMMAND = "uv sync --frozen --extra local-llm && uv run --frozen pytest"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen = _generator()
COMMANDS = {cmd.path: cmd for cmd in gen.commands()}
SETTINGS = {setting.key: setting for setting in gen.settings()}
SECTIONS = {section.key: section for section in gen.sections()}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_walks_find_everything() -> None:
    """The parametrized tests below only mean something if the walks reach the leaves."""
    assert {"jobscraper jobs list", "jobscraper db backup", "jobscraper config check"} <= COMMANDS.keys()
    assert {"database.path", "searches[].term", "scraping.domains.*.concurrency"} <= SETTINGS.keys()
    assert "extraction.throughput_pool.model" in SETTINGS
    assert SETTINGS["extraction.throughput_pool.model"].env == "JOBSCRAPER_EXTRACTION__THROUGHPUT_POOL__MODEL"
    assert SETTINGS["searches[].term"].env is None  # set with the whole list, as JSON


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help(path: str) -> None:
    assert COMMANDS[path].help.strip(), f"`{path}` has no help text (its docstring or help=)"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_option_says_what_it_does(path: str) -> None:
    """An option's reference line is more than its default and range (``[default: 25; 1<=x<=500]``)."""
    bare = [
        name
        for kind, name, help_ in COMMANDS[path].params()
        if kind == "option" and not re.sub(r"\[[^\]]*\]", "", help_).strip()
    ]
    assert not bare, f"`{path}`: options without help=: {bare}"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_is_in_the_cli_reference(path: str) -> None:
    assert f"\n## `{path}`\n" in _read(gen.CLI_PAGE), f"`{path}` is missing: run `{gen.REGENERATE}`"


@pytest.mark.parametrize("path", sorted(p for p in COMMANDS if p != "jobscraper"))
def test_every_command_is_in_the_cli_guide(path: str) -> None:
    guide = _read(DOCS / "guide" / "cli.md")
    assert re.search(rf"`{re.escape(path)}[` ]", guide), f"docs/guide/cli.md never mentions `{path}`"


@pytest.mark.parametrize("key", sorted(SETTINGS))
def test_every_setting_has_a_description(key: str) -> None:
    assert SETTINGS[key].description, f"setting {key} has no description= in its Field"


@pytest.mark.parametrize("key", sorted(SECTIONS))
def test_every_section_has_a_docstring(key: str) -> None:
    assert SECTIONS[key].description, (
        f"section {key}: its model {SECTIONS[key].model.__name__} has no docstring"
    )


@pytest.mark.parametrize("key", sorted(k for k in SECTIONS if "." not in k))
def test_every_top_level_section_is_in_the_configuration_guide(key: str) -> None:
    guide = _read(DOCS / "guide" / "configuration.md")
    assert f"| `{key}` |" in guide, f"docs/guide/configuration.md has no row for section {key}"


@pytest.mark.parametrize("page", ["cli", "config"])
def test_the_generated_references_are_current(page: str) -> None:
    path = {"cli": gen.CLI_PAGE, "config": gen.CONFIG_PAGE}[page]
    assert _read(path) == gen.pages()[path], f"{path.relative_to(ROOT)} is stale: run `{gen.REGENERATE}`"


def test_the_generator_checks_and_refuses_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["--check"]) == 0
    assert gen.main(["--bogus"]) == 2
    assert capsys.readouterr().err.strip() == f"usage: {gen.REGENERATE} [--check]"


def test_the_site_builds_strict(tmp_path: Path) -> None:
    """Every page in the nav, every link and anchor resolves (strict turns warnings into errors)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "site" / "architecture" / "index.html").is_file()
    assert (tmp_path / "site" / "reference" / "config" / "index.html").is_file()


def test_the_architecture_page_says_where_each_kind_of_change_goes() -> None:
    text = _read(DOCS / "architecture.md")
    for change in ("A new source", "A new extraction engine", "A new API route", "A new UI page"):
        assert f"**{change}.**" in text
    assert "**A new job field.**" in text and "**A new setting.**" in text


def test_the_readme_is_short_and_keeps_the_fresh_machine_commands() -> None:
    text = _read(README)
    assert len(text.splitlines()) <= 150
    assert f"\n{DEMO_COMMAND}\n" in text
    assert f"\n{TEST_COMMAND}\n" in text
    assert TEST_COMMAND in _read(ROOT / ".ci" / "run")  # CI runs the README's test command verbatim


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "ui/README.md"])
def test_relative_links_outside_the_site_resolve(doc: str) -> None:
    """The files GitHub renders outside the site link to pages that exist (anchors to headings)."""
    path = ROOT / doc
    for target in re.findall(r"\]\(([^)\s]+)\)", _read(path)):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{doc} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", _read(linked), flags=re.MULTILINE)
            slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{doc} links to {target}: no such heading"

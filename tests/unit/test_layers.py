"""The layer contracts in pyproject.toml (import-linter, run by .ci/run) cover every core module and
really fail on a violation: each contract is run on a stand-in tree with the project's package
names, once clean and once with one forbidden import."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
COMPOSITION_ROOT = {"cli", "__main__", "__init__"}  # the CLI wires the layers together


def _linter() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return config


def _contracts() -> list[dict[str, Any]]:
    contracts: list[dict[str, Any]] = _linter()["contracts"]
    return contracts


def test_every_core_module_is_under_the_core_contract() -> None:
    core = next(c for c in _contracts() if c["name"].startswith("The core"))
    listed = {m.removeprefix("jobscraper.") for m in core["source_modules"]}
    present = {
        p.stem
        for p in (ROOT / "jobscraper").iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.stem not in COMPOSITION_ROOT
    }
    assert present - listed == set(), "new core module(s) outside the layer contract"
    assert listed - present == set(), "the contract lists module(s) that no longer exist"


def _stand_in(tmp: Path, violation: tuple[str, str] | None) -> None:
    """Empty packages and modules named as in the contracts; ``violation`` = (module, forbidden)."""
    for root in _linter()["root_packages"]:
        (tmp / root).mkdir()
        (tmp / root / "__init__.py").write_text("")
    for contract in _contracts():
        for module in [*contract["source_modules"], *contract["forbidden_modules"]]:
            parts = module.split(".")
            if parts[0] not in _linter()["root_packages"] or len(parts) == 1:
                continue
            path = tmp.joinpath(*parts[:-1], parts[-1] + ".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    if violation is not None:
        module, forbidden = violation
        parts = module.split(".")
        path = (
            tmp.joinpath(*parts, "__init__.py")
            if len(parts) == 1
            else tmp.joinpath(*parts[:-1], parts[-1] + ".py")
        )
        path.write_text(f"import {forbidden}\n")
    (tmp / "pyproject.toml").write_text(PYPROJECT.read_text(encoding="utf-8"))


def _lint(tmp: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tmp)}
    return subprocess.run(
        [str(lint), "--config", str(tmp / "pyproject.toml"), "--no-cache"],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_stand_in_tree_passes_when_clean(tmp_path: Path) -> None:
    _stand_in(tmp_path, None)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("contract", _contracts(), ids=lambda c: c["name"])
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, contract: dict[str, Any]) -> None:
    _stand_in(tmp_path, (contract["source_modules"][-1], contract["forbidden_modules"][0]))
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert f"{contract['name']} BROKEN" in result.stdout, result.stdout

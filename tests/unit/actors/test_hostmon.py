"""The host monitor's readings: psutil for RAM, swap and CPU; NVML (faked here: no GPU in CI) for
every device's memory."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import psutil

from actors.hostmon import load_nvml, sample_gpus, sample_host


class FakeNvml:
    """Two devices; the second cannot report utilisation (as MIG slices cannot)."""

    def nvmlDeviceGetCount(self) -> int:  # NVML's own names
        return 2

    def nvmlDeviceGetHandleByIndex(self, n: int) -> int:
        return n

    def nvmlDeviceGetMemoryInfo(self, h: int) -> Any:
        return SimpleNamespace(used=(h + 1) * 10 * 2**30, total=80 * 2**30, free=0)

    def nvmlDeviceGetName(self, h: int) -> bytes:
        return b"NVIDIA H100 80GB HBM3"

    def nvmlDeviceGetUtilizationRates(self, h: int) -> Any:
        if h == 1:
            raise RuntimeError("NVML_ERROR_NOT_SUPPORTED")
        return SimpleNamespace(gpu=37, memory=12)


def test_gpu_memory_per_device() -> None:
    gpus = sample_gpus(FakeNvml())
    assert [(g.device, g.memory_used_bytes, g.memory_total_bytes) for g in gpus] == [
        (0, 10 * 2**30, 80 * 2**30),
        (1, 20 * 2**30, 80 * 2**30),
    ]
    assert gpus[0].name == "NVIDIA H100 80GB HBM3"
    assert [g.utilization_percent for g in gpus] == [37.0, None]


def test_a_host_reading_is_plausible() -> None:
    sample = sample_host(FakeNvml())
    assert sample.memory_total_bytes == psutil.virtual_memory().total
    assert 0 < sample.memory_used_bytes <= sample.memory_total_bytes
    assert sample.memory_available_bytes <= sample.memory_total_bytes
    assert 0 <= sample.swap_used_bytes <= max(sample.swap_total_bytes, sample.swap_used_bytes)
    assert 0.0 <= sample.cpu_percent <= 100.0
    assert len(sample.gpus) == 2


def test_no_driver_means_no_gpu_readings() -> None:
    nvml = load_nvml()
    if nvml is None:  # CI and CPU hosts: no NVIDIA driver
        assert sample_host(None).gpus == []
    else:
        assert len(sample_host(nvml).gpus) == int(nvml.nvmlDeviceGetCount())

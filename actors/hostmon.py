"""HostMonitor: one small actor per Ray node exporting the host's RAM, swap, CPU and GPU memory.

Ray's own node metrics describe Ray's view (object store, resources); an operator of a long
scrape also wants the machine's: is the box swapping, is the GPU's memory full with both LLM
pools on it. Each monitor samples with psutil (and NVIDIA's NVML when it loads: the ``pynvml``
module of ``nvidia-ml-py``, which vLLM installs, else Ray's bundled copy) every
``ray.host_monitor_interval_s`` and sets gauges through ``ray.util.metrics``; the node's metrics
agent exports them on the metrics port. Without NVML (no driver, CPU hosts) the GPU series are
simply absent.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import asdict, dataclass, field
from types import ModuleType
from typing import Any

import psutil
import ray
from ray.util.metrics import Gauge
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

__all__ = ["GpuSample", "HostMonitor", "HostSample", "load_nvml", "sample_gpus", "start_host_monitors"]

log = logging.getLogger(__name__)
NAME_PREFIX = "hostmon-"


@dataclass(frozen=True)
class GpuSample:
    device: int
    name: str
    memory_used_bytes: int
    memory_total_bytes: int
    utilization_percent: float | None


@dataclass(frozen=True)
class HostSample:
    host: str
    memory_used_bytes: int
    memory_total_bytes: int
    memory_available_bytes: int
    swap_used_bytes: int
    swap_total_bytes: int
    cpu_percent: float
    gpus: list[GpuSample] = field(default_factory=list)


def load_nvml() -> ModuleType | None:
    """An initialised NVML module, or None where there is no NVIDIA driver (or no binding)."""
    module: ModuleType | None = None
    try:
        import pynvml  # type: ignore[import-not-found]  # nvidia-ml-py: the gpu extra brings it

        module = pynvml
    except ImportError:
        try:
            # Ray ships a copy for its own GPU detection; used only when nvidia-ml-py is absent
            from ray._private.thirdparty import pynvml as ray_pynvml

            module = ray_pynvml
        except ImportError:
            return None
    try:
        module.nvmlInit()
    except Exception:  # NVMLError (no driver, no device): this host has no NVIDIA GPU
        return None
    return module


def sample_gpus(nvml: Any) -> list[GpuSample]:
    """Memory (and utilisation where supported) of every device NVML sees."""
    out: list[GpuSample] = []
    for device in range(int(nvml.nvmlDeviceGetCount())):
        handle = nvml.nvmlDeviceGetHandleByIndex(device)
        memory = nvml.nvmlDeviceGetMemoryInfo(handle)
        name = nvml.nvmlDeviceGetName(handle)
        try:
            utilization: float | None = float(nvml.nvmlDeviceGetUtilizationRates(handle).gpu)
        except Exception:  # not supported on every device (e.g. MIG slices)
            utilization = None
        out.append(
            GpuSample(
                device=device,
                name=name.decode() if isinstance(name, bytes) else str(name),
                memory_used_bytes=int(memory.used),
                memory_total_bytes=int(memory.total),
                utilization_percent=utilization,
            )
        )
    return out


def sample_host(nvml: Any | None) -> HostSample:
    """One reading of this host. CPU percent is since the previous call (the first call reads 0)."""
    memory = psutil.virtual_memory()
    swap = psutil.swap_memory()
    return HostSample(
        host=socket.gethostname(),
        memory_used_bytes=int(memory.total - memory.available),
        memory_total_bytes=int(memory.total),
        memory_available_bytes=int(memory.available),
        swap_used_bytes=int(swap.used),
        swap_total_bytes=int(swap.total),
        cpu_percent=float(psutil.cpu_percent(interval=None)),
        gpus=sample_gpus(nvml) if nvml is not None else [],
    )


class _Gauges:
    def __init__(self) -> None:
        host = ("host",)
        gpu = ("host", "device", "name")
        self.memory_used = Gauge(
            "jobscraper_host_memory_used_bytes", "Host RAM in use (total - available)", tag_keys=host
        )
        self.memory_total = Gauge("jobscraper_host_memory_total_bytes", "Host RAM", tag_keys=host)
        self.swap_used = Gauge("jobscraper_host_swap_used_bytes", "Swap in use", tag_keys=host)
        self.swap_total = Gauge("jobscraper_host_swap_total_bytes", "Swap size", tag_keys=host)
        self.cpu = Gauge("jobscraper_host_cpu_percent", "Host CPU use over all cores, 0-100", tag_keys=host)
        self.gpu_used = Gauge("jobscraper_gpu_memory_used_bytes", "GPU memory in use", tag_keys=gpu)
        self.gpu_total = Gauge("jobscraper_gpu_memory_total_bytes", "GPU memory", tag_keys=gpu)
        self.gpu_util = Gauge("jobscraper_gpu_utilization_percent", "GPU busy time, 0-100", tag_keys=gpu)

    def set(self, sample: HostSample) -> None:
        tags = {"host": sample.host}
        self.memory_used.set(sample.memory_used_bytes, tags=tags)
        self.memory_total.set(sample.memory_total_bytes, tags=tags)
        self.swap_used.set(sample.swap_used_bytes, tags=tags)
        self.swap_total.set(sample.swap_total_bytes, tags=tags)
        self.cpu.set(sample.cpu_percent, tags=tags)
        for gpu in sample.gpus:
            gpu_tags = {**tags, "device": str(gpu.device), "name": gpu.name}
            self.gpu_used.set(gpu.memory_used_bytes, tags=gpu_tags)
            self.gpu_total.set(gpu.memory_total_bytes, tags=gpu_tags)
            if gpu.utilization_percent is not None:
                self.gpu_util.set(gpu.utilization_percent, tags=gpu_tags)


class _HostMonitor:
    def __init__(self, interval_s: float) -> None:
        self._interval_s = interval_s
        self._nvml = load_nvml()
        self._gauges = _Gauges()
        self._last: HostSample | None = None
        psutil.cpu_percent(interval=None)  # starts the CPU-time window the first sample reads
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Begin sampling (idempotent: every starter calls it, the loop runs once)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                self._last = sample_host(self._nvml)
                self._gauges.set(self._last)
            except Exception:  # keep monitoring: one failed reading (e.g. a GPU reset) is skipped
                log.exception("host sample failed")

    async def sample(self) -> dict[str, Any]:
        """The latest reading (taken now when none has been yet), as plain data."""
        if self._last is None:
            self._last = sample_host(self._nvml)
            self._gauges.set(self._last)
        return asdict(self._last)


HostMonitor = ray.remote(num_cpus=0, max_restarts=-1)(_HostMonitor)


def start_host_monitors(namespace: str, interval_s: float) -> list[Any]:
    """A detached HostMonitor on every alive node that has none yet; the handles of all of them.

    Called when the Serve app is deployed and when a scrape run starts, so nodes that joined since
    get theirs then. ``interval_s`` 0 turns the monitors off (none is started).
    """
    if interval_s <= 0:
        return []
    handles: list[Any] = []
    for node in ray.nodes():  # type: ignore[no-untyped-call]
        if not node.get("Alive"):
            continue
        node_id = str(node["NodeID"])
        handles.append(
            HostMonitor.options(
                name=f"{NAME_PREFIX}{node_id[:16]}",
                namespace=namespace,
                lifetime="detached",
                get_if_exists=True,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=node_id, soft=False),
            ).remote(interval_s)
        )
    for handle in handles:
        handle.start.remote()
    return handles

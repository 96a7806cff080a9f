"""A free TCP port on loopback for a server a test starts (Ray heads, Serve, PostgreSQL, the Api).

The port comes from below the kernel's ephemeral range and above Ray's worker ports. A server a
test starts *after* Ray (Serve's proxy, the web UI) must keep its port while Ray comes up, and Ray
binds its own gRPC servers to ports the kernel hands out (the ephemeral range, 32768-60999 on
Linux) and its workers to 10002-19999. A port from ``bind(0)`` is in the ephemeral range, so Ray
could take it in between: a CI run lost the web UI's port that way (the UI then found one of Ray's
gRPC servers on it).
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

__all__ = ["EPHEMERAL", "RAY_WORKER_PORTS", "free_port"]

RAY_WORKER_PORTS = range(10002, 20000)  # Ray's min_worker_port..max_worker_port defaults
_FIRST = 20000
_handed_out: set[int] = set()


def _ephemeral() -> range:
    try:
        low, high = (int(p) for p in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


EPHEMERAL = _ephemeral()


def _free(port: int) -> bool:
    with socket.socket() as probe:  # every interface: Ray's agents and the UI's dev server bind it
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on now, outside :data:`EPHEMERAL` and :data:`RAY_WORKER_PORTS`, never
    the same twice in one test process (tests that run side by side pick at random)."""
    last = min(EPHEMERAL.start, 65536) - 1
    if last - _FIRST < 1000:  # an unusual ephemeral range: take what the kernel hands out
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
    for _ in range(200):
        port = random.randint(_FIRST, last)
        if port not in _handed_out and _free(port):
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port in {_FIRST}-{last}")

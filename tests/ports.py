"""A free TCP port on loopback for a server a test starts (Ray heads, Serve, PostgreSQL, the Api)."""

from __future__ import annotations

import socket

__all__ = ["free_port"]


def free_port() -> int:
    """A port nothing listens on now; the kernel hands it out, so parallel tests do not collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

"""Where each new ScraperActor goes: the cluster's live nodes in turn.

A coordinator's pool is meant to cover every node of a cluster (its page parsing and its traffic
shared), not to pack onto the coordinator's node. Ray's ``SPREAD`` strategy does not promise that:
an actor that asks for no resources (a ScraperActor takes ``num_cpus=0``) has its lease sent to a
random raylet, and each raylet spreads from its own round-robin position, so three actors started
one after another can all land on one node (seen in ``tests/integration/test_multinode.py``, in
about half its runs).

:class:`NodeTurns` picks the node itself: each new worker goes to the next live node, in node-id
order, pinned there (a hard node affinity: a *soft* one let Ray's raylets place the workers
elsewhere again, two of three on one node in a test). A node that dies between the pick and the
start leaves the worker unschedulable; the pool then counts it lost and starts its replacement on
a node still alive (:mod:`actors.workers`). On one node it adds nothing to the actor's options.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

__all__ = ["NodeTurns", "alive_node_ids", "node_in_turn"]


def alive_node_ids() -> list[str]:
    """The ids of the cluster's live nodes, sorted (one GCS call)."""
    return sorted(str(node["NodeID"]) for node in ray.nodes() if node.get("Alive"))  # type: ignore[no-untyped-call]


def node_in_turn(turn: int, nodes: Sequence[str]) -> str | None:
    """The node for the ``turn``-th worker: the live nodes in turn (None with fewer than two nodes:
    there is nothing to choose)."""
    if len(nodes) < 2:
        return None
    return sorted(nodes)[turn % len(nodes)]


class NodeTurns:
    """``options()`` for each new worker: pinned to the next live node. ``nodes`` lists
    the live nodes (Ray's, by default; tests pass their own)."""

    def __init__(self, nodes: Callable[[], Sequence[str]] = alive_node_ids) -> None:
        self._nodes = nodes
        self._turn = 0

    def options(self) -> dict[str, Any]:
        node = node_in_turn(self._turn, self._nodes())
        self._turn += 1
        if node is None:
            return {}
        return {"scheduling_strategy": NodeAffinitySchedulingStrategy(node_id=node, soft=False)}

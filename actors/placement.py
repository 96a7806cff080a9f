"""Where the actors that open the database run: next to an SQLite file, anywhere for PostgreSQL.

SQLite is a file on one machine's disk. On a multi-node cluster the WriterActor (and the Api's
read-only connection, and the scheduler's) must run there, not wherever Ray finds room.
``cluster.yaml`` gives the head node, which holds the file, the custom resource ``head``; when the
cluster has it, these actors ask for a sliver of it. Without it (a local Ray, a hand-made cluster)
the writer is pinned to the node of whoever starts it, which is where the path was given.

A PostgreSQL database (``database.url``) is reached over the network from any node: its actors
get no placement at all, and Ray puts them where there is room.
"""

from __future__ import annotations

from typing import Any

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from jobscraper.store.location import DatabaseLocation

__all__ = ["DB_NODE_RESOURCE", "db_node_options", "db_node_resources"]

DB_NODE_RESOURCE = "head"
_SLIVER = 0.001  # any amount pins the actor; a sliver leaves room for every actor that needs it


def db_node_resources(location: DatabaseLocation | None = None) -> dict[str, float]:
    """Custom resources that put a Serve replica on the database's node ({} when the cluster has
    none, or the database is a server's: ``location`` None is an SQLite file)."""
    if location is not None and location.is_server:
        return {}
    if not ray.is_initialized():  # building the app outside Ray (tests): nothing to place yet
        return {}
    has_it = ray.cluster_resources().get(DB_NODE_RESOURCE)  # type: ignore[no-untyped-call]
    return {DB_NODE_RESOURCE: _SLIVER} if has_it else {}


def db_node_options(location: DatabaseLocation | None = None) -> dict[str, Any]:
    """``.options(...)`` for an actor that opens the database: pinned next to the SQLite file
    (``location`` None is one), nothing for a PostgreSQL database."""
    if location is not None and location.is_server:
        return {}
    resources = db_node_resources(location)
    if resources:
        return {"resources": resources}
    here = ray.get_runtime_context().get_node_id()
    return {"scheduling_strategy": NodeAffinitySchedulingStrategy(node_id=here, soft=False)}

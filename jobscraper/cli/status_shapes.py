"""The shapes of the ``jobscraper status`` report (``--json`` prints :class:`StatusReport`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from jobscraper.store.overview import DatabaseOverview

__all__ = [
    "ACTOR_NAMES",
    "NO_CLUSTER",
    "SERVE_APP",
    "ActorStatus",
    "ApiStatus",
    "NodeStatus",
    "RayStatus",
    "ResourceUse",
    "ServeAppStatus",
    "ServeDeployment",
    "StatusReport",
]

# The names in actors.writer.WRITER_NAME, actors.coordinator.COORDINATOR_NAME and
# serve.app.APP_NAME (a unit test keeps them equal): importing those modules takes seconds.
ACTOR_NAMES: tuple[str, ...] = ("writer", "coordinator")
SERVE_APP = "jobscraper"
NO_CLUSTER = "no Ray cluster running"


class ResourceUse(BaseModel):
    total: float
    available: float


class NodeStatus(BaseModel):
    node_id: str
    address: str
    alive: bool
    head: bool
    resources: dict[str, float]


class RayStatus(BaseModel):
    """``running``: a cluster answered at ``address``; otherwise ``error`` says why not."""

    running: bool
    address: str | None = None
    error: str | None = None
    version: str | None = None
    dashboard_url: str | None = None
    nodes: list[NodeStatus] = []
    resources: dict[str, ResourceUse] = {}


class ServeDeployment(BaseModel):
    status: str
    replicas: dict[str, int]
    message: str = ""


class ServeAppStatus(BaseModel):
    """The ``jobscraper`` Serve application; ``status`` is Serve's (RUNNING, DEPLOYING, …)."""

    name: str = SERVE_APP
    deployed: bool
    status: str | None = None
    message: str = ""
    deployments: dict[str, ServeDeployment] = {}
    error: str | None = None


class ActorStatus(BaseModel):
    """A named actor; ``detail`` is the writer's database, or why it did not answer."""

    name: str
    namespace: str
    state: Literal["alive", "not running", "not responding"]
    detail: str = ""


class ApiStatus(BaseModel):
    url: str
    ok: bool
    status_code: int | None = None
    version: str | None = None
    error: str | None = None


class StatusReport(BaseModel):
    """Everything ``jobscraper status`` prints (``--json`` prints this model)."""

    jobscraper_version: str
    checked_at: datetime
    ray: RayStatus
    serve: ServeAppStatus
    actors: list[ActorStatus]
    api: ApiStatus
    database: DatabaseOverview

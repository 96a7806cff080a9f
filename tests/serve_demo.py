"""The ``jobscraper`` Serve app over the demo board, for the integration tests that drive the API
over HTTP (the API, MCP and embedding-deployment modules): one place says how such a test's
settings open the demo board (on 127.0.0.1, so past the URL policy) and how its app is started on a
free loopback port and ended with the board."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jobscraper.config import Settings
from jobscraper.demo import DemoBoard
from tests.ports import free_port

__all__ = ["demo_settings", "serve_app"]


def demo_settings(board: DemoBoard, db_path: Path, **sections: Any) -> Settings:
    """Settings on ``db_path`` whose scrapes reach ``board`` (no politeness delay; the demo
    board's loopback address allowed, the demo mode's opt-in to the URL policy); ``sections``
    are further top-level sections (companies, searches, matching, …)."""
    return Settings.model_validate(
        {
            "database": {"path": str(db_path)},
            "scraping": {
                "per_domain_min_delay_s": 0,
                "allow_private_urls": True,
                "jobspy_base_url": board.base_url,
            },
            **sections,
        }
    )


@contextmanager
def serve_app(settings: Settings, board: DemoBoard) -> Iterator[str]:
    """The app deployed on Serve's HTTP proxy at a free loopback port while the block runs; its base
    URL. Serve and the (already started) board are ended after it, whatever happened."""
    from ray import serve

    from serve.app import APP_NAME, build_app

    port = free_port()
    serve.start(http_options={"host": "127.0.0.1", "port": port})
    try:
        serve.run(build_app(settings), name=APP_NAME, route_prefix="/")
        yield f"http://127.0.0.1:{port}"
    finally:
        serve.shutdown()
        board.stop()

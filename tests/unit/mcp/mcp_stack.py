"""The real API under the MCP server, without Ray: ``create_api`` over the real ``ApiBackend``, the
writer's real body in-process on a SQLite file (so ``update_job`` goes through the WriterActor's
code), and a staged coordinator that records runs through that writer and moves each one from
running to done over two polls. The MCP server reaches the API over httpx's ASGI transport.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from actors.runs import RunSpec, RunState
from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.mcp import ApiClient, build_server
from jobscraper.posting import Posting
from jobscraper.run_shapes import Event, SourceState
from serve.backend import ApiBackend
from serve.http import create_api
from tests.unit.serve.test_api_profile import WriterHandle

API_URL = "http://127.0.0.1:8000"
SEARCH = {"name": "py-berlin", "term": "python developer", "location": "Berlin", "sites": ["indeed"]}
COMPANY = {"name": "Acme", "url": "https://boards.greenhouse.io/acme"}
JOBS = [
    ("Python Developer", "Acme", "Berlin, Germany", 70000, True),
    ("Data Engineer", "Globex", "Munich, Germany", 80000, False),
    ("Backend Engineer", "Initech", "Hamburg, Germany", None, True),
    ("Site Reliability Engineer", "Hooli", "Berlin, Germany", 95000, False),
    ("Pediatric Nurse", "Umbrella", "Boston, MA", 60000, False),
]

_SKILLS = {"Pediatric Nurse": "Care for children"}


class _Remote:
    def __init__(self, fn: Any) -> None:
        self._fn = fn

    async def remote(self, *args: Any) -> Any:
        return self._fn(*args)


class StagedCoordinator:
    """A coordinator whose runs are recorded by the real writer and finish on their second poll."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer
        self.states: dict[int, RunState] = {}
        self.polls: dict[int, int] = {}
        self.start_run = _Remote(self._start)
        self.runs = _Remote(lambda: list(self.states.values()))
        self.progress = _Remote(self._progress)
        self.hold = False  # True: runs stay running (a second start then meets a 409)

    def _start(self, spec: RunSpec, kind: str) -> int:
        run_id = int(self._writer.start_run(kind, spec.model_dump(mode="json")))
        sources = {
            t.key: SourceState(key=t.key, label=t.label, kind=t.kind, status="running") for t in spec.tasks()
        }
        self.states[run_id] = RunState(
            run_id=run_id, started_at=datetime.now(UTC), sources=sources, entries=spec.entry_keys()
        )
        self.polls[run_id] = 0
        return run_id

    def _progress(self, run_id: int, after: int, wait_s: float) -> tuple[RunState | None, list[Event], int]:
        state = self.states.get(run_id)
        if state is None:
            return None, [], 0
        self.polls[run_id] += 1
        now = datetime.now(UTC)
        events = [Event(n=1, at=now, source=None, type="run_started", message="run started")]
        if self.polls[run_id] >= 3 and not self.hold:
            for source in state.sources.values():
                source.status, source.verdict, source.found, source.inserted = "done", "ok", 4, 3
                source.finished_at = now
            state.status, state.finished_at = "done", now
            events.append(Event(n=2, at=now, source=None, type="run_done", message="run done: 3 new"))
        return state, [e for e in events if e.n > after], len(events)


@dataclass
class Stack:
    client: ApiClient
    writer: _Writer
    coordinator: StagedCoordinator
    ids: dict[str, int]
    db_path: Path

    def server(self) -> Any:
        return build_server(self.client, poll_s=0.01)


def _postings() -> list[Posting]:
    return [
        Posting(
            job_url=f"https://jobs.example.org/{n}",
            site="example",
            title=title,
            company=company,
            location=location,
            min_amount=salary,
            max_amount=salary,
            interval="yearly" if salary else None,
            currency="EUR" if salary else None,
            is_remote=remote,
            description=f"{title} at {company}. {_SKILLS.get(title, 'Python and SQL')}. "
            + "More text. " * 50,
        )
        for n, (title, company, location, salary, remote) in enumerate(JOBS)
    ]


@contextmanager
def api_stack(
    tmp_path: Path, *, api_token: str | None = None, client_token: str | None = None
) -> Iterator[Stack]:
    db_path = tmp_path / "jobs.db"
    writer = _Writer(str(db_path))
    writer.upsert(_postings())
    coordinator = StagedCoordinator(writer)
    settings = Settings.model_validate(
        {"database": {"path": str(db_path)}, "searches": [SEARCH], "companies": [COMPANY]}
    )
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(writer),
        start_coordinator=lambda *args, **kwargs: coordinator,
    )
    app = create_api(backend, router=None, token=api_token)
    client = ApiClient(API_URL, client_token, transport=httpx.ASGITransport(app=app))
    from jobscraper.store import open_reader
    from jobscraper.store.tables import JOB

    reader = open_reader(db_path)
    with reader.reader() as conn:
        ids = {row.title: row.id for row in conn.execute(JOB.select())}
    reader.dispose()
    yield Stack(client, writer, coordinator, ids, db_path)

"""The fit pass at the end of a run's embedding, without Ray: the real writer on a real SQLite
database and the hashing fake embedder. After a run, the active profile has a fresh fit for every
job (so match and sort=fit read them from an index); without a profile nothing happens; a broken
writer is said in the events and the run stands."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from actors.embedding import Embeddings, finish_embedding, start_embedding
from actors.fits import fill_active_fits
from actors.runs import EmbeddingProgress
from jobscraper.config import MatchingSettings
from jobscraper.matching.fit_store import fit_version
from jobscraper.matching.profile import ProfileInput
from jobscraper.store import Database
from jobscraper.store.fits import all_fresh
from jobscraper.store.profiles import get_active_profile
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import HashingEmbedder

MakePosting = Callable[..., dict[str, Any]]


def _run(client: WriterClient, embedder: HashingEmbedder) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    shared = Embeddings(MatchingSettings(batch_size=4), loader=lambda _s: embedder)

    def emit(kind: str, message: str, **_data: Any) -> None:
        events.append((kind, message))

    async def go() -> None:
        started = await start_embedding(shared, client, EmbeddingProgress(), emit)
        await finish_embedding(started, emit)

    asyncio.run(go())
    return events


def test_after_a_run_every_job_has_a_fresh_fit_for_the_active_profile(
    db: Database, make_posting: MakePosting
) -> None:
    client = WriterClient(InProcessTransport(Writer(db)))
    embedder = HashingEmbedder(64)
    client.upsert([make_posting() for _ in range(7)]).result()
    assert [kind for kind, _ in _run(client, embedder)][-1] == "embedding_done"  # no profile: no fits
    client.put_profile(ProfileInput(name="ana", resume_text="Python backend engineer in Berlin")).result()
    client.upsert([make_posting() for _ in range(5)]).result()
    events = _run(client, embedder)
    assert events[-1] == ("fits_stored", "12 fit(s) stored for profile 'ana'")
    profile = get_active_profile(db)
    assert profile is not None
    with db.reader() as conn:
        pid = int(conn.exec_driver_sql("SELECT id FROM profile").scalar_one())
        assert all_fresh(conn, pid, fit_version(profile, embedder))
    assert _run(client, embedder)[-1] == ("fits_stored", "0 fit(s) stored for profile 'ana'")


class _Broken:
    async def active_profile(self) -> Any:
        raise RuntimeError("the writer is gone")

    async def fill_fits(self, request: Any) -> Any:
        raise AssertionError("not reached")


def test_a_broken_writer_is_said_in_the_events_and_nothing_raises() -> None:
    events: list[tuple[str, str]] = []

    def emit(kind: str, message: str, **_data: Any) -> None:
        events.append((kind, message))

    stored = asyncio.run(fill_active_fits(_Broken(), HashingEmbedder(), asyncio.Lock(), emit))
    assert stored == 0 and events == [("fits_failed", "unexpected RuntimeError: the writer is gone")]

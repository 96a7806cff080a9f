"""The one writer client: every writer operation once, the same client sync and async, in-process and
over Ray, a lost answer re-sent with a bounded backoff, and the writer's own errors as themselves."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fakes_coordinator import Method, posting
from ray.exceptions import ActorUnavailableError, RayActorError, RayTaskError

from actors.writer import RayTransport, _Writer
from jobscraper.config import SavedSearch
from jobscraper.errors import Conflict
from jobscraper.store import UpsertCounts, open_database
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient


def _public_methods(cls: type) -> set[str]:
    return {name for name, value in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")}


def test_the_client_has_exactly_the_writer_s_operations() -> None:
    assert _public_methods(WriterClient) == _public_methods(Writer)
    assert _public_methods(_Writer) == _public_methods(Writer)  # the actor adds none of its own


@pytest.fixture
def in_process(tmp_path: Path) -> Any:
    db = open_database(tmp_path / "jobs.db")
    yield WriterClient(InProcessTransport(Writer(db)))
    db.dispose()


def test_in_process_sync_and_async_callers_share_one_client(in_process: WriterClient) -> None:
    counts = in_process.upsert([posting("Acme", n) for n in range(3)], "b1").result()
    assert counts.inserted == 3

    async def again() -> int:
        return (await in_process.upsert([posting("Acme", n) for n in range(3)], "b2")).unchanged

    assert asyncio.run(again()) == 3
    run_id = in_process.start_run("import", {}).result()
    in_process.finish_run(run_id, "done", {}, []).result()
    assert in_process.interrupt_orphaned_runs().result() == []


def test_the_writer_s_own_error_reaches_an_in_process_caller_as_itself(in_process: WriterClient) -> None:
    search = SavedSearch(name="py", term="python")
    in_process.create_search(search).result()
    with pytest.raises(Conflict):
        in_process.create_search(search).result()


class FlakyHandle:
    """A WriterActor handle whose ``upsert`` raises each error of ``errors`` in turn, then answers."""

    def __init__(self, errors: Sequence[BaseException]) -> None:
        self.errors = list(errors)
        self.calls = 0

        async def upsert(batch: list[Any], batch_id: str | None) -> UpsertCounts:
            self.calls += 1
            if self.errors:
                raise self.errors.pop(0)
            return UpsertCounts(inserted=len(batch))

        self.upsert = Method(upsert)


def _client(handle: Any, attempts: int = 30) -> tuple[WriterClient, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return WriterClient(RayTransport(handle), attempts=attempts, sleep=sleep), slept


def test_a_lost_answer_is_re_sent_with_a_growing_bounded_backoff() -> None:
    lost = [RayActorError(), ActorUnavailableError("restarting", None), TimeoutError()] + [
        RayActorError()
    ] * 4
    handle = FlakyHandle(lost)
    client, slept = _client(handle)
    assert client.upsert([posting("Acme", 1)], "b1").result().inserted == 1
    assert handle.calls == 8
    assert slept == [0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0]


def test_after_its_attempts_the_client_raises_the_last_error() -> None:
    handle = FlakyHandle([RayActorError() for _ in range(5)])
    client, _ = _client(handle, attempts=3)
    with pytest.raises(RayActorError):
        client.upsert([], "b1").result()
    assert handle.calls == 3


def test_an_error_the_writer_raised_on_purpose_comes_back_as_itself_and_is_not_re_sent() -> None:
    cause = Conflict("a saved search 'py' exists")
    wrapped = RayTaskError("create_search", "Traceback ...", cause)  # type: ignore[no-untyped-call]
    handle = FlakyHandle([wrapped])
    client, slept = _client(handle)

    async def call() -> Any:
        return await client.upsert([], "b1")

    with pytest.raises(Conflict, match="'py' exists") as caught:
        asyncio.run(call())
    assert type(caught.value) is Conflict  # not Ray's wrapper: the API answers with its message
    assert handle.calls == 1 and slept == []


def test_any_other_error_is_not_re_sent() -> None:
    handle = FlakyHandle([ValueError("a bug")])
    client, _ = _client(handle)
    with pytest.raises(ValueError, match="a bug"):
        client.upsert([], "b1").result()
    assert handle.calls == 1


def test_the_in_flight_gauge_counts_each_call_up_and_down() -> None:
    seen: list[int] = []
    client = WriterClient(RayTransport(FlakyHandle([])), in_flight=seen.append)
    client.upsert([], "b1").result()
    assert seen == [1, -1]

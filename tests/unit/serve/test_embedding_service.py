"""The embedding deployment (``matching.embed_in: serve``) without Ray: its settings, and its client
(:class:`actors.embedding_service.ServeEmbedder`) against the deployment's class called directly
through a stand-in for the Serve handle — the real bundled model where vectors are compared, the
hashing fake where only the way through matters. What a user would notice: the same vectors and
model id as in-process, a deployment that cannot embed reported with the reason (a run's pass
``unavailable``, the Api's 503), and the default (``process``) unchanged."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

import numpy
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from actors.embedding import Embeddings, start_embedding
from actors.embedding_service import EmbeddingUnavailable, ServeEmbedder, pieces
from actors.runs import EmbeddingProgress
from actors.writer import _Writer
from jobscraper.config import MatchingSettings, Settings
from jobscraper.errors import ConfigError
from jobscraper.matching.embed import load_embedder
from jobscraper.store import Database, SyncEngine
from serve.backend import ApiBackend
from serve.embedding import EmbeddingService, meaning_through
from serve.http import create_api
from tests.unit.matching.fakes import THREE_POSTINGS, HashingEmbedder
from tests.unit.serve.test_api_profile import WriterHandle

TEXTS = [
    "Senior Python developer, Django and PostgreSQL, Berlin",
    "Krankenpfleger (m/w/d) auf der Intensivstation",
    "",
    "Data engineer: Spark, Airflow, dbt — remote within the EU",
] * 5


class _Answer:
    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self, timeout_s: float | None = None) -> Any:
        if isinstance(self._value, BaseException):
            raise self._value
        return self._value


class _Method:
    def __init__(self, handle: Handle, name: str) -> None:
        self._handle, self._name = handle, name

    def remote(self, *args: Any) -> _Answer:
        self._handle.calls.append((self._name, args))
        try:
            value = getattr(self._handle.body, self._name)(*args)
            if inspect.isawaitable(value):
                value = asyncio.run(value)  # type: ignore[arg-type]
        except Exception as exc:  # a replica's error arrives at result(), as through Ray
            value = exc
        return _Answer(value)


class Handle:
    """A Serve handle's calls (``handle.method.remote(...).result()``) on the deployment's class."""

    def __init__(self, settings: MatchingSettings, loader: Any = load_embedder) -> None:
        body: Any = EmbeddingService.func_or_class  # type: ignore[attr-defined]
        self.body = body(settings, loader)
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> _Method:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Method(self, name)


def _broken(_: MatchingSettings) -> Any:
    raise ConfigError("the model's weights do not match their checksum")


# ---------------------------------------------------------------- settings


def test_the_default_embeds_in_process_with_one_cpu_replica_ready() -> None:
    matching = Settings().matching
    assert matching.embed_in == "process"
    assert (matching.serve.num_replicas, matching.serve.num_cpus) == (1, 1.0)


@pytest.mark.parametrize(
    ("matching", "says"),
    [
        ({"embed_in": "gpu"}, "'process' or 'serve'"),
        ({"serve": {"num_replicas": 0}}, "greater than or equal to 1"),
        ({"serve": {"num_cpus": -1}}, "greater than or equal to 0"),
        ({"serve": {"num_cpus": "nan"}}, "finite"),
        ({"serve": {"num_gpus": 0.25}}, "num_gpus is not offered: the embedding model runs on numpy"),
        ({"serve": {"replicas": 2}}, "Extra inputs are not permitted"),
    ],
)
def test_bad_deployment_settings_are_refused_saying_why(matching: dict[str, Any], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        Settings.model_validate({"matching": matching})


def test_pieces_keep_the_batches_and_give_each_replica_a_share() -> None:
    texts = [str(n) for n in range(100)]
    assert [len(p) for p in pieces(texts, 64, 1)] == [50, 50]  # two batches of at most 64
    assert [len(p) for p in pieces(texts, 64, 4)] == [25, 25, 25, 25]
    assert [len(p) for p in pieces(texts[:10], 64, 4)] == [5, 5]  # no piece smaller than worth a call
    assert pieces(texts[:1], 64, 4) == [["0"]] and pieces([], 64, 4) == []
    assert [t for p in pieces(texts, 7, 3) for t in p] == texts  # in order


# ---------------------------------------------------------------- the client and the deployment


def test_the_deployment_gives_the_in_process_models_vectors_and_id() -> None:
    settings = MatchingSettings(batch_size=4)
    handle = Handle(settings)
    client = ServeEmbedder(handle, batch_size=4, replicas=3)
    here = load_embedder(settings)

    vectors = client.embed(TEXTS)

    assert (client.model_id, client.dim, client.max_tokens) == (here.model_id, here.dim, settings.max_tokens)
    assert vectors.dtype == numpy.float32 and vectors.shape == (len(TEXTS), here.dim)
    numpy.testing.assert_allclose(vectors, here.embed(TEXTS), atol=1e-6)
    sent = [args[0] for name, args in handle.calls if name == "embed"]
    assert [len(s) for s in sent] == [4] * 5 and [t for s in sent for t in s] == TEXTS
    assert client.embed([]).shape == (0, here.dim)


def test_a_deployment_whose_model_did_not_load_is_unavailable_saying_why() -> None:
    handle = Handle(MatchingSettings(), _broken)
    with pytest.raises(EmbeddingUnavailable, match="EmbeddingService deployment: the model's weights"):
        ServeEmbedder(handle, batch_size=4, replicas=1)
    with pytest.raises(EmbeddingUnavailable, match="checksum"):  # and a call that came anyway
        asyncio.run(handle.body.embed(["x"]))


def test_a_deployment_that_does_not_answer_is_unavailable() -> None:
    class Gone:
        """A handle whose every call times out (a deployment that never started)."""

        def __getattr__(self, name: str) -> Any:
            return self

        def remote(self, *args: Any) -> _Answer:
            return _Answer(TimeoutError("timed out after 60 s"))

    with pytest.raises(EmbeddingUnavailable, match="does not answer: timed out"):
        ServeEmbedder(Gone(), batch_size=4, replicas=1)


# ---------------------------------------------------------------- a run's pass


def _events() -> tuple[list[tuple[str, str]], Any]:
    events: list[tuple[str, str]] = []

    def emit(kind: str, message: str, **_: Any) -> None:
        events.append((kind, message))

    return events, emit


def test_a_run_without_a_serve_app_reports_the_pass_unavailable_and_why() -> None:
    shared = Embeddings(MatchingSettings(embed_in="serve"))  # the production loader, outside Ray
    progress = EmbeddingProgress()
    events, emit = _events()

    started = asyncio.run(start_embedding(shared, object(), progress, emit))  # type: ignore[arg-type]

    assert started is None and progress.status == "unavailable"
    assert events == [("embedding_unavailable", progress.via)]
    assert progress.via.startswith("the embedding deployment cannot be used: matching.embed_in is serve")
    assert "not part of a Ray cluster" in progress.via and "jobscraper reindex" in progress.via


def test_a_run_connects_to_the_deployment_afresh_each_time() -> None:
    settings = MatchingSettings(embed_in="serve")
    connects: list[ServeEmbedder] = []

    def connect(config: MatchingSettings) -> ServeEmbedder:
        connects.append(ServeEmbedder(Handle(config, lambda _s: HashingEmbedder()), batch_size=4, replicas=1))
        return connects[-1]

    shared = Embeddings(settings, loader=connect)
    first, via = asyncio.run(shared.resolve())
    second, _ = asyncio.run(shared.resolve())
    assert first is connects[0] and second is connects[1]
    assert via == "fake-hashing-bow-256 in the EmbeddingService deployment of the Serve app 'jobscraper'"
    # the in-process default loads once and keeps it
    loads: list[HashingEmbedder] = []

    def load(_: MatchingSettings) -> HashingEmbedder:
        loads.append(HashingEmbedder())
        return loads[-1]

    local = Embeddings(MatchingSettings(), loader=load)
    asyncio.run(local.resolve())
    _, via = asyncio.run(local.resolve())
    assert len(loads) == 1 and via == "fake-hashing-bow-256 in the coordinator"


# ---------------------------------------------------------------- the Api's queries


def _api(db: Database, handle: Handle, settings: MatchingSettings) -> TestClient:
    db_path = Path(str(db.location))
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(db_path)}}),
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
        meaning=meaning_through(handle, settings),
    )
    return TestClient(create_api(backend, router=None), base_url="http://127.0.0.1:8000")


def test_the_api_embeds_the_resume_through_the_deployment(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(**p) for p in THREE_POSTINGS])
    settings = MatchingSettings(embed_in="serve")
    handle = Handle(settings, lambda _s: HashingEmbedder())
    with _api(db, handle, settings) as client:
        client.put("/api/profile", json={"resume_text": "Python developer. Django and PostgreSQL."})
        answer = client.get("/api/match")
    assert answer.status_code == 200, answer.text
    embedded = [args[0] for name, args in handle.calls if name == "embed"]
    assert any("Python developer." in text for texts in embedded for text in texts)  # the résumé


def test_the_api_answers_503_when_the_deployments_model_did_not_load(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(**p) for p in THREE_POSTINGS])
    settings = MatchingSettings(embed_in="serve")
    with _api(db, Handle(settings, _broken), settings) as client:
        client.put("/api/profile", json={"resume_text": "Python developer."})
        answer = client.get("/api/match")
    assert answer.status_code == 503 and "EmbeddingService" in answer.json()["detail"]
    assert "checksum" in answer.json()["detail"]

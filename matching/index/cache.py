"""On-disk embedding cache keyed by (model id, query or document, sha256 of the text).

Rebuilding an index after a few vacancies changed re-encodes only the new texts. The key
holds the model id, so vectors of another model (or another hashing dimension) are never
reused by mistake.

Example:
    >>> import tempfile, pathlib
    >>> from matching.index.encoders import HashingEncoder
    >>> cache = EmbeddingCache(pathlib.Path(tempfile.mkdtemp()) / "cache.sqlite")
    >>> enc = CachedEncoder(HashingEncoder(dim=64), cache)
    >>> _ = enc.encode_documents(["welder", "cook"])
    >>> _ = enc.encode_documents(["welder", "nurse"])
    >>> enc.encoded_count
    3
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from matching.index.encoders import Encoder, _as_list

if TYPE_CHECKING:
    from matching.config import Settings

__all__ = ["CachedEncoder", "EmbeddingCache"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    kind TEXT NOT NULL,          -- 'query' or 'document': prefixes differ
    text_sha256 BLOB NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,        -- float32, little-endian
    PRIMARY KEY (model_id, kind, text_sha256)
) WITHOUT ROWID
"""


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """An SQLite file of vectors keyed by (model id, kind, sha256 of the text).

    Args:
        path: The SQLite file; its directory is created on first use.

    Example:
        >>> cache = EmbeddingCache(":memory:")
        >>> cache.put("m", "document", ["a"], np.ones((1, 2), np.float32))
        >>> cache.get("m", "document", ["a", "b"])[1]
        [1]
    """

    def __init__(self, path: str | Path):
        self.path = path
        self.connection_: sqlite3.Connection | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddingCache:
        """The cache at ``settings.data_dir / "embedding_cache.sqlite"``."""
        return cls(Path(settings.data_dir) / "embedding_cache.sqlite")

    def _connect(self) -> sqlite3.Connection:
        if self.connection_ is None:
            if str(self.path) != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(str(self.path))
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            connection.commit()
            self.connection_ = connection
        return self.connection_

    def get(
        self, model_id: str, kind: str, texts: Sequence[str]
    ) -> tuple[dict[int, np.ndarray], list[int]]:
        """Look texts up.

        Args:
            model_id: The encoder's model id.
            kind: ``"query"`` or ``"document"``.
            texts: The texts.

        Returns:
            ``(found, missing)``: vectors by position in ``texts``, and the positions
            not in the cache.
        """
        connection = self._connect()
        digests = [_digest(t) for t in texts]
        stored: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):  # stay under SQLite's parameter limit
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT text_sha256, dim, vector FROM embeddings "
                f"WHERE model_id = ? AND kind = ? AND text_sha256 IN ({marks})",
                [model_id, kind, *chunk],
            )
            for digest, dim, blob in rows:
                stored[digest] = np.frombuffer(blob, dtype="<f4", count=dim)
        found = {i: stored[d] for i, d in enumerate(digests) if d in stored}
        missing = [i for i, d in enumerate(digests) if d not in stored]
        return found, missing

    def put(self, model_id: str, kind: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one vector per text (replacing any stored one)."""
        connection = self._connect()
        vectors = np.asarray(vectors, dtype="<f4")
        connection.executemany(
            "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)",
            [
                (model_id, kind, _digest(t), int(v.shape[0]), v.tobytes())
                for t, v in zip(texts, vectors, strict=True)
            ],
        )
        connection.commit()

    def count(self, model_id: str | None = None) -> int:
        """Number of stored vectors, for one model or all."""
        connection = self._connect()
        if model_id is None:
            return int(connection.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
        query = "SELECT COUNT(*) FROM embeddings WHERE model_id = ?"
        return int(connection.execute(query, [model_id]).fetchone()[0])

    def close(self) -> None:
        """Close the database connection (it reopens on next use)."""
        if self.connection_ is not None:
            self.connection_.close()
            self.connection_ = None


class CachedEncoder(Encoder):
    """An encoder that asks its cache first and encodes only the texts it has not seen.

    Args:
        encoder: The encoder doing the work; its ``model_id`` keys the cache.
        cache: Where vectors are kept.

    Attributes:
        encoded_count: Texts actually sent to ``encoder`` since construction.

    Example:
        >>> from matching.index.encoders import HashingEncoder
        >>> enc = CachedEncoder(HashingEncoder(dim=32), EmbeddingCache(":memory:"))
        >>> enc.encode_queries(["cook", "cook"]).shape, enc.encoded_count
        ((2, 32), 1)
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache):
        self.encoder = encoder
        self.cache = cache
        self.encoded_count = 0

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    @property
    def dim(self) -> int:
        return self.encoder.dim

    @property
    def scripts(self) -> frozenset[str] | None:  # type: ignore[override]
        return self.encoder.scripts

    def load(self) -> CachedEncoder:
        self.encoder.load()
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError  # all work happens in _encode_all

    def _encode_all(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        items = _as_list(texts)
        kind = "query" if is_query else "document"
        model_id = self.encoder.model_id
        found, missing = self.cache.get(model_id, kind, items)
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for position, vector in found.items():
            out[position] = vector
        if missing:
            # Encode each distinct new text once, however often it repeats.
            new_texts = list(dict.fromkeys(items[i] for i in missing))
            encode = self.encoder.encode_queries if is_query else self.encoder.encode_documents
            vectors = encode(new_texts)
            self.encoded_count += len(new_texts)
            self.cache.put(model_id, kind, new_texts, vectors)
            by_text = dict(zip(new_texts, vectors, strict=True))
            for position in missing:
                out[position] = by_text[items[position]]
        return out

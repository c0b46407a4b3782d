"""A vector index over int64 ids: exact FAISS Flat, approximate HNSW, or numpy brute force.

The numpy arrays ``vectors_`` and ``ids_`` are the record of what is indexed; the FAISS
index is built from them (lazily, on first search after a change that it cannot follow
incrementally) and the numpy backend searches them directly, as the oracle the FAISS
paths are tested against.

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> vectors = rng.normal(size=(100, 8)).astype(np.float32)
    >>> index = VectorIndex(model_id="demo").add(np.arange(100), vectors)
    >>> result = index.search(vectors[7], k=3)
    >>> int(result.ids[0, 0])
    7
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

import matching
from matching.errors import (
    IndexIntegrityError,
    InvalidInputError,
    ModelMismatchError,
    NotFoundError,
)
from matching.fileio import sha256_file
from matching.index.encoders import l2_normalize

__all__ = ["SearchResult", "VectorIndex"]

FORMAT_VERSION = 1
# Below this many allowed ids a filtered search is done exactly over the subset, which is
# both faster and exact; above it FAISS searches with an id selector.
_SUBSET_EXACT_LIMIT = 20_000


@dataclass(frozen=True)
class SearchResult:
    """Top-k results for a batch of queries.

    Attributes:
        scores: float32 ``(n_queries, k)`` inner products (cosines), best first;
            ``-inf`` where fewer than ``k`` results exist.
        ids: int64 ``(n_queries, k)`` ids; ``-1`` where fewer than ``k`` results exist.
    """

    scores: np.ndarray
    ids: np.ndarray


def _as_ids(ids: Sequence[int] | np.ndarray) -> np.ndarray:
    out = np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))
    if (out < 0).any():
        raise InvalidInputError("ids must be non-negative (-1 marks padding in results)")
    return out


def _exact_top_k(
    queries: np.ndarray, vectors: np.ndarray, ids: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force top-k by inner product, ties broken by position; pads with -inf/-1."""
    n = queries.shape[0]
    scores = np.full((n, k), -np.inf, dtype=np.float32)
    out_ids = np.full((n, k), -1, dtype=np.int64)
    if len(ids) == 0 or n == 0:
        return scores, out_ids
    take = min(k, len(ids))
    for start in range(0, n, 256):  # bound the (queries x vectors) score matrix
        block = queries[start : start + 256] @ vectors.T
        if take < block.shape[1]:
            part = np.argpartition(-block, take - 1, axis=1)[:, :take]
        else:
            part = np.broadcast_to(np.arange(block.shape[1]), (block.shape[0], take))
        part_scores = np.take_along_axis(block, part, axis=1)
        order = np.lexsort((part, -part_scores), axis=1)
        rows = np.take_along_axis(part, order, axis=1)
        scores[start : start + len(block), :take] = np.take_along_axis(block, rows, axis=1)
        out_ids[start : start + len(block), :take] = ids[rows]
    return scores, out_ids


class VectorIndex:
    """Vectors by int64 id, searched by inner product (cosine on unit vectors).

    Args:
        dim: Vector length; taken from the first ``add`` when ``None``.
        model_id: The encoder's model id, saved with the index and checked on load.
        backend: ``"faiss"`` or ``"numpy"`` (exact brute force, the oracle).
        kind: ``"auto"`` (exact ``flat`` below ``hnsw_threshold`` vectors, ``hnsw``
            from it on), ``"flat"`` or ``"hnsw"``. Ignored by the numpy backend.
        hnsw_threshold: Size from which ``auto`` builds HNSW (``Settings.hnsw_threshold``).
        hnsw_m: HNSW neighbours per node (``M``).
        ef_construction: HNSW build beam width.
        ef_search: HNSW search beam width; raise it for recall, lower it for speed.
        normalize: L2-normalise vectors and queries on the way in.

    Example:
        >>> import numpy as np
        >>> index = VectorIndex(model_id="demo", backend="numpy")
        >>> _ = index.add([10, 20], np.eye(2, dtype=np.float32))
        >>> index.batch_search(np.eye(2, dtype=np.float32), k=1).ids.tolist()
        [[10], [20]]
    """

    def __init__(
        self,
        dim: int | None = None,
        model_id: str = "",
        backend: Literal["faiss", "numpy"] = "faiss",
        kind: Literal["auto", "flat", "hnsw"] = "auto",
        hnsw_threshold: int = 200_000,
        hnsw_m: int = 32,
        ef_construction: int = 200,
        ef_search: int = 128,
        normalize: bool = True,
    ):
        self.dim = dim
        self.model_id = model_id
        self.backend = backend
        self.kind = kind
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_m = hnsw_m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.normalize = normalize
        self.vectors_: np.ndarray | None = None
        self.ids_: np.ndarray | None = None
        self.faiss_index_: Any = None
        self.faiss_kind_: str | None = None

    # ------------------------------------------------------------------ state
    def __len__(self) -> int:
        return 0 if self.ids_ is None else len(self.ids_)

    @property
    def resolved_kind(self) -> str:
        """What a search uses now: ``numpy``, ``flat`` or ``hnsw``."""
        if self.backend == "numpy":
            return "numpy"
        if self.kind != "auto":
            return self.kind
        return "hnsw" if len(self) >= self.hnsw_threshold else "flat"

    def _check_backend(self) -> None:
        if self.backend not in ("faiss", "numpy"):
            raise InvalidInputError(f"backend must be 'faiss' or 'numpy', not {self.backend!r}")
        if self.kind not in ("auto", "flat", "hnsw"):
            raise InvalidInputError(f"kind must be 'auto', 'flat' or 'hnsw', not {self.kind!r}")

    def _prepare(self, vectors: np.ndarray) -> np.ndarray:
        array = np.asarray(vectors, dtype=np.float32)
        if array.ndim == 1:
            array = array[None, :]
        if array.ndim != 2:
            raise InvalidInputError(f"vectors must be 2-D (n, dim), got shape {array.shape}")
        if self.dim is None:
            self.dim = int(array.shape[1])
        if array.shape[1] != self.dim:
            raise InvalidInputError(
                f"vectors have dimension {array.shape[1]}, index has {self.dim}"
            )
        return l2_normalize(array) if self.normalize else np.ascontiguousarray(array)

    def _positions(self, ids: np.ndarray) -> np.ndarray:
        """Row of each id in ``ids_``; NotFoundError names ids that are absent."""
        assert self.ids_ is not None
        order = np.argsort(self.ids_, kind="stable")
        sorted_ids = self.ids_[order]
        where = np.searchsorted(sorted_ids, ids)
        where = np.minimum(where, max(len(sorted_ids) - 1, 0))
        present = (sorted_ids[where] == ids) if len(sorted_ids) else np.zeros(len(ids), bool)
        if not present.all():
            raise NotFoundError(f"ids not in the index: {ids[~present][:10].tolist()}")
        return order[where]

    # ------------------------------------------------------------------ changes
    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> VectorIndex:
        """Add vectors under new ids.

        Args:
            ids: One non-negative int64 id per vector, none already present.
            vectors: ``(n, dim)`` array.

        Returns:
            ``self``.

        Raises:
            InvalidInputError: For a shape mismatch or an id that is present or repeated.
        """
        self._check_backend()
        new_ids = _as_ids(ids)
        array = self._prepare(vectors)
        if len(new_ids) != len(array):
            raise InvalidInputError(f"{len(new_ids)} ids for {len(array)} vectors")
        if len(np.unique(new_ids)) != len(new_ids):
            raise InvalidInputError("ids repeat within one add")
        if self.ids_ is not None and len(self.ids_):
            clash = np.isin(new_ids, self.ids_)
            if clash.any():
                raise InvalidInputError(f"ids already in the index: {new_ids[clash][:10].tolist()}")
        if self.ids_ is None or self.vectors_ is None:
            self.ids_, self.vectors_ = new_ids.copy(), array
        else:
            self.ids_ = np.concatenate([self.ids_, new_ids])
            self.vectors_ = np.concatenate([self.vectors_, array])
        if self.faiss_index_ is not None and self.faiss_kind_ == self.resolved_kind:
            self.faiss_index_.add_with_ids(array, new_ids)
        else:
            self.faiss_index_ = None  # rebuilt on next search
        return self

    def remove(self, ids: Sequence[int] | np.ndarray) -> VectorIndex:
        """Remove ids; NotFoundError if any is absent (then nothing is removed).

        A Flat index deletes in place; FAISS HNSW cannot delete, so an HNSW index is
        rebuilt from the remaining vectors on the next search (batch removals).
        """
        gone = _as_ids(ids)
        if len(gone) == 0:
            return self
        if self.ids_ is None or self.vectors_ is None:
            raise NotFoundError(f"ids not in the index: {gone[:10].tolist()}")
        rows = self._positions(gone)
        keep = np.ones(len(self.ids_), dtype=bool)
        keep[rows] = False
        self.ids_ = self.ids_[keep]
        self.vectors_ = self.vectors_[keep]
        if self.faiss_index_ is not None and self.faiss_kind_ == "flat":
            import faiss

            self.faiss_index_.remove_ids(faiss.IDSelectorBatch(gone))
        else:
            self.faiss_index_ = None  # HNSW cannot delete: rebuilt on next search
        return self

    def update(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> VectorIndex:
        """Replace the vectors of existing ids; NotFoundError if any is absent."""
        changed = _as_ids(ids)
        array = self._prepare(vectors)
        if len(changed) != len(array):
            raise InvalidInputError(f"{len(changed)} ids for {len(array)} vectors")
        if self.ids_ is None:
            raise NotFoundError(f"ids not in the index: {changed[:10].tolist()}")
        self._positions(changed)  # all present, or raise before changing anything
        self.remove(changed)
        return self.add(changed, array)

    # ------------------------------------------------------------------ search
    def build(self) -> VectorIndex:
        """Build the FAISS index now (searches do it lazily); returns ``self``."""
        if self.backend == "faiss" and self.faiss_index_ is None and self.vectors_ is not None:
            import faiss

            kind = self.resolved_kind
            assert self.dim is not None and self.ids_ is not None
            if kind == "hnsw":
                inner = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
                inner.hnsw.efConstruction = self.ef_construction
                inner.hnsw.efSearch = self.ef_search
            else:
                inner = faiss.IndexFlatIP(self.dim)
            index = faiss.IndexIDMap2(inner)
            index.add_with_ids(self.vectors_, self.ids_)
            self.faiss_index_, self.faiss_kind_ = index, kind
        return self

    def batch_search(
        self,
        vectors: np.ndarray,
        k: int,
        allowed_ids: Sequence[int] | np.ndarray | None = None,
    ) -> SearchResult:
        """Top-k ids by inner product for each query.

        Args:
            vectors: ``(n_queries, dim)`` queries.
            k: Results per query.
            allowed_ids: When given, only these ids may be returned (ids not in the
                index are ignored).

        Returns:
            ``SearchResult`` with ``(n_queries, k)`` scores and ids, padded with
            ``-inf`` / ``-1`` where fewer than ``k`` ids qualify.
        """
        if k < 1:
            raise InvalidInputError("k must be at least 1")
        self._check_backend()
        if self.ids_ is None or self.vectors_ is None:
            queries = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim or 1)
            n = queries.shape[0]
            return SearchResult(np.full((n, k), -np.inf, np.float32), np.full((n, k), -1, np.int64))
        queries = self._prepare(vectors)
        if allowed_ids is not None:
            allowed = np.unique(_as_ids(allowed_ids))
            if self.backend == "numpy" or len(allowed) <= _SUBSET_EXACT_LIMIT:
                rows = np.flatnonzero(np.isin(self.ids_, allowed))
                scores, ids = _exact_top_k(queries, self.vectors_[rows], self.ids_[rows], k)
                return SearchResult(scores, ids)
        elif self.backend == "numpy":
            return SearchResult(*_exact_top_k(queries, self.vectors_, self.ids_, k))

        import faiss

        self.build()
        index = self.faiss_index_
        params = None
        if allowed_ids is not None:
            selector = faiss.IDSelectorBatch(allowed)
            if self.faiss_kind_ == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=self.ef_search)
            else:
                params = faiss.SearchParameters(sel=selector)
        elif self.faiss_kind_ == "hnsw":
            faiss.downcast_index(index.index).hnsw.efSearch = self.ef_search
        scores, ids = index.search(queries, k, params=params)
        ids = ids.astype(np.int64, copy=False)
        scores = np.where(ids < 0, np.float32(-np.inf), scores).astype(np.float32)
        return SearchResult(np.ascontiguousarray(scores), np.ascontiguousarray(ids))

    def search(self, vector: np.ndarray, k: int, allowed_ids: Any = None) -> SearchResult:
        """One query: ``batch_search`` on a batch of one (result shapes ``(1, k)``)."""
        return self.batch_search(
            np.asarray(vector, dtype=np.float32).reshape(1, -1), k, allowed_ids
        )

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | Path) -> Path:
        """Write the index to ``directory`` atomically.

        Writes ``vectors.npy`` and ``ids.npy`` (plus ``index.faiss`` for HNSW, whose
        build is slow) and ``config.json`` with the model id, dimension, kind, count,
        package version and the sha256 of each array file, into a temporary directory
        beside ``directory`` that is then renamed into place; an existing index there is
        replaced only once the new one is complete (two renames: a reader in between
        finds no index rather than a partial one).

        Args:
            directory: Target directory.

        Returns:
            The directory.
        """
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            dim = self.dim or 0
            vectors = self.vectors_ if self.vectors_ is not None else np.zeros((0, dim), "f4")
            ids = self.ids_ if self.ids_ is not None else np.zeros(0, np.int64)
            np.save(staging / "vectors.npy", vectors, allow_pickle=False)
            np.save(staging / "ids.npy", ids, allow_pickle=False)
            files = ["vectors.npy", "ids.npy"]
            if self.backend == "faiss" and len(ids) and self.resolved_kind == "hnsw":
                import faiss

                self.build()
                faiss.write_index(self.faiss_index_, str(staging / "index.faiss"))
                files.append("index.faiss")
            config = {
                "format_version": FORMAT_VERSION,
                "model_id": self.model_id,
                "dim": dim,
                "count": len(ids),
                "backend": self.backend,
                "kind": self.kind,
                "resolved_kind": self.resolved_kind,
                "hnsw_threshold": self.hnsw_threshold,
                "hnsw_m": self.hnsw_m,
                "ef_construction": self.ef_construction,
                "ef_search": self.ef_search,
                "normalize": self.normalize,
                "matching_version": matching.__version__,
                "checksums": {name: sha256_file(staging / name) for name in files},
            }
            (staging / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
            for path in staging.iterdir():
                with path.open("rb") as handle:
                    os.fsync(handle.fileno())
            old = None
            if target.exists():
                old = target.with_name(f".{target.name}.old-{os.getpid()}")
                os.replace(target, old)
            os.replace(staging, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    @classmethod
    def load(cls, directory: str | Path, expected_model_id: str | None = None) -> VectorIndex:
        """Read an index written by ``save``, refusing one that cannot be trusted.

        Args:
            directory: The saved index.
            expected_model_id: The encoder the caller will query with; a different
                saved model id is refused.

        Returns:
            The index, ready to search.

        Raises:
            ModelMismatchError: The index was built with another model.
            IndexIntegrityError: A file is missing, unreadable, altered or of the wrong
                shape.
        """
        source = Path(directory)
        try:
            config = json.loads((source / "config.json").read_text(encoding="utf-8"))
            checksums = dict(config["checksums"])
            dim, count, model_id = int(config["dim"]), int(config["count"]), config["model_id"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexIntegrityError(f"{source}: unreadable config.json ({error})") from error
        if config.get("format_version") != FORMAT_VERSION:
            raise IndexIntegrityError(
                f"{source}: format version {config.get('format_version')!r}, "
                f"this version reads {FORMAT_VERSION}"
            )
        if expected_model_id is not None and model_id != expected_model_id:
            raise ModelMismatchError(
                f"{source} was built with model {model_id!r}, not {expected_model_id!r}: "
                "rebuild the index with this encoder"
            )
        for name in ("vectors.npy", "ids.npy"):
            if name not in checksums:
                raise IndexIntegrityError(f"{source}: config.json has no checksum for {name}")
        for name, expected in checksums.items():
            path = source / name
            if not path.is_file():
                raise IndexIntegrityError(f"{source}: {name} is missing")
            if sha256_file(path) != expected:
                raise IndexIntegrityError(f"{source}: {name} fails its sha256 checksum")
        try:
            vectors = np.load(source / "vectors.npy", allow_pickle=False)
            ids = np.load(source / "ids.npy", allow_pickle=False)
        except (OSError, ValueError) as error:
            raise IndexIntegrityError(f"{source}: unreadable arrays ({error})") from error
        if vectors.shape != (count, dim) or ids.shape != (count,) or vectors.dtype != np.float32:
            raise IndexIntegrityError(
                f"{source}: arrays of shape {vectors.shape}/{ids.shape}, "
                f"config says {count} x {dim}"
            )
        index = cls(
            dim=dim or None,
            model_id=model_id,
            backend=config.get("backend", "faiss"),
            kind=config.get("kind", "auto"),
            hnsw_threshold=int(config.get("hnsw_threshold", 200_000)),
            hnsw_m=int(config.get("hnsw_m", 32)),
            ef_construction=int(config.get("ef_construction", 200)),
            ef_search=int(config.get("ef_search", 128)),
            normalize=bool(config.get("normalize", True)),
        )
        if count:
            index.vectors_ = np.ascontiguousarray(vectors)
            index.ids_ = np.ascontiguousarray(ids.astype(np.int64, copy=False))
        if "index.faiss" in checksums:
            import faiss

            stored = faiss.read_index(str(source / "index.faiss"))
            if stored.ntotal != count or stored.d != dim:
                raise IndexIntegrityError(f"{source}: index.faiss disagrees with the arrays")
            index.faiss_index_, index.faiss_kind_ = stored, "hnsw"
        return index

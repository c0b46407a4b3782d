"""Embedding similarity fused into the title normaliser's lexical scores.

With an encoder (:class:`matching.index.encoders.Encoder`), each title's cosine to its
nearest labels joins the lexical label scores at ``TitleNormalizer.embedding_weight``.
Label vectors are computed once (through the encoder's cache, if it has one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from matching.occupations.text import script_of

if TYPE_CHECKING:
    from matching.occupations.normalizer import TitleNormalizer

EMBEDDING_BLOCK = 64  # titles whose label similarities are computed at once


def embed_labels(normalizer: TitleNormalizer) -> int:
    """Embed the labels the encoder covers now rather than on the first title (through
    its cache, if it has one); returns how many there are (0 without an encoder)."""
    encoder = normalizer.encoder
    if encoder is None:
        return 0
    if normalizer._label_vectors is None:
        embedded = [
            i for i, lb in enumerate(normalizer.labels_) if encoder.covers(script_of(lb.text))
        ]
        normalizer._embedded_labels = np.asarray(embedded, dtype=np.int64)
        normalizer._embedded_concepts = np.asarray(
            [normalizer._concept_ids[normalizer.labels_[i].uri] for i in embedded], dtype=np.int64
        )
        normalizer._label_vectors = encoder.encode_documents(
            [normalizer.labels_[i].text for i in embedded]
        )
    return len(normalizer._embedded_labels)


def add_embedding_scores(
    normalizer: TitleNormalizer,
    cleaned: Sequence[str],
    scores_by_title: list[dict[int, tuple[float, int]]],
) -> None:
    """Fuse the cosine of each title to its nearest labels into the lexical scores.

    Only text in a script the encoder covers takes part: a model without Georgian
    gives Georgian titles and labels vectors that are noise, and its "nearest labels"
    would outvote the lexicon. A lexical exact match (score 1) stays 1.
    """
    encoder = normalizer.encoder
    assert encoder is not None
    embed_labels(normalizer)
    titles = [i for i, text in enumerate(cleaned) if encoder.covers(script_of(text))]
    if not titles or not len(normalizer._embedded_labels):
        return
    label_concepts = normalizer._embedded_concepts
    k = min(normalizer.candidates, len(normalizer._embedded_labels))
    w = normalizer.embedding_weight
    # Titles a block at a time: a block's similarities to every label stay a few MiB.
    for start in range(0, len(titles), EMBEDDING_BLOCK):
        block = titles[start : start + EMBEDDING_BLOCK]
        sims = encoder.encode_queries([cleaned[i] for i in block]) @ normalizer._label_vectors.T
        for row, i in enumerate(block):
            scores = scores_by_title[i]
            nearest = np.argpartition(-sims[row], k - 1)[:k]
            best: dict[int, tuple[float, int]] = {}
            for j in nearest[np.argsort(-sims[row, nearest])]:
                cid = int(label_concepts[j])
                if cid not in best:
                    best[cid] = (float(sims[row, j]), int(normalizer._embedded_labels[j]))
            merged: dict[int, tuple[float, int]] = {}
            for cid in set(scores) | set(best):
                lex, lex_label = scores.get(cid, (0.0, -1))
                emb, emb_label = best.get(cid, (0.0, -1))
                score = lex if lex >= 1.0 else (1 - w) * lex + w * max(emb, 0.0)
                merged[cid] = (score, lex_label if lex_label >= 0 else emb_label)
            scores.clear()
            scores.update(merged)

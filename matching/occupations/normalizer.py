"""The title normaliser: any job title, in any of the schemes' languages, to ESCO/ISCO.

Retrieval is hybrid. Every label of every concept (ESCO occupations and ISCO unit
groups; ESCO's own labels in the EU languages, the project's Georgian, Russian and
Hebrew lexicon, and any coded titles an agency taught it) is folded to a key. A query
is cleaned of ad noise, folded the same way, and scored against all keys by

1. exact key match,
2. TF-IDF cosine over character n-grams (robust to inflection and typos: ``spawaczka``,
   ``shemdugebeli``), with Latin-typed Georgian compared on a loose key that collapses
   its spelling variants,
3. a rapidfuzz re-ranking of the best candidates (``token_set_ratio``), and
4. optionally, embedding similarity of the query to the candidates' labels (any
   :class:`matching.index.encoders.Encoder`).

Concept scores are the best label's score plus a little support from other concepts of
the same ISCO unit group, so that a title many labels of one group agree on wins.

Example:
    >>> from matching.occupations import load_builtin
    >>> normalizer = TitleNormalizer().fit(load_builtin())
    >>> normalizer.normalize("Spawacz MIG/MAG (m/w/d)").top.isco_group
    '7212'
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from matching.errors import ConfigurationError, InvalidInputError, NotFittedError
from matching.fileio import sha256_file
from matching.occupations.descriptions import DescriptionModel
from matching.occupations.taxonomy import ISCO_URI_PREFIX, Label, LabelKind, Taxonomy
from matching.occupations.text import (
    clean_title,
    extract_requirements,
    fold,
    loose_latin_key,
    restore_georgian_compound,
    script_of,
)

if TYPE_CHECKING:
    from matching.config import Settings
    from matching.index.encoders import Encoder

SCRIPT_LANGUAGE = {"Geor": "ka", "Cyrl": "ru", "Hebr": "he", "Latn": "und", "Zyyy": "und"}

# How much a label of each kind counts: hidden labels are ESCO's misspellings and
# near-misses, so a hit on them is weaker evidence.
KIND_WEIGHT = {
    LabelKind.PREFERRED: 1.0,
    LabelKind.ALTERNATIVE: 0.97,
    LabelKind.HIDDEN: 0.85,
    LabelKind.LEXICON: 1.0,
    LabelKind.EXAMPLE: 1.0,
    LabelKind.KZIS: 1.0,
}
LEXICON_VARIANT_WEIGHT = 0.98
# With KZiS loaded, other Polish labels (ESCO's translations, some placed oddly: "stolarz"
# on a machine-operator occupation; the project's lexicon) yield to the names Poland's own
# classification gives: Polish ads and work permits are coded to KZiS.
KZIS_PRECEDENCE = 0.97
# Within KZiS likewise: its own names first, then Statistics Poland's other names, then
# the ESCO names listed under a code (ESCO's "stolarz" sits under a machine operator).
KZIS_EXEMPT = frozenset({LabelKind.KZIS, LabelKind.EXAMPLE})
KZIS_SOURCE_WEIGHT = {"official": 1.0, "hierarchy": 1.0, "thesaurus": 0.99, "esco": 0.97}
NEAR_EXACT = 0.995  # the most a label scores that is not the title's own key
EMBEDDING_BLOCK = 64  # titles whose label similarities are computed at once


def word_stems(key: str, length: int = 6) -> list[str]:
    """Word tokens of a folded key, cut to ``length`` characters: a crude stemmer that
    treats Polish, Russian or Georgian inflections of one word alike."""
    return [w[:length] for w in key.split() if len(w) > 1 or w.isdigit()]


HEADLESS_WEIGHT = 0.85


def _georgian_head(key: str) -> str | None:
    """The stem of a multi-word Georgian title's last word (its head noun), else ``None``."""
    words = word_stems(key)
    if len(words) < 2 or script_of(key) != "Geor":
        return None
    return words[-1]


# A driving title that names a licence category names the vehicle, and so the ISCO group:
# C/C1 (with E: and trailer) are heavy goods vehicles, D/D1 buses, B cars and vans.
LICENCE_GROUPS = {"CE": "8332", "C": "8332", "C1E": "8332", "C1": "8332",
                  "DE": "8331", "D": "8331", "D1": "8331", "B": "8322"}  # fmt: skip


def implied_groups(title: str) -> set[str]:
    """ISCO unit groups implied by requirements written into a title (licence categories)."""
    driving = extract_requirements(title)["driving"]
    heaviest = [c for c in ("CE", "C", "C1E", "C1", "DE", "D", "D1", "B") if c in driving]
    return {LICENCE_GROUPS[heaviest[0]]} if heaviest else set()


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """One ranked occupation for a title.

    Attributes:
        uri: ESCO occupation URI; an ISCO group URI only for a residual unit group
            ("not elsewhere classified") or one without ESCO occupations (a title
            matching another group's own label gets the group's best-matching or
            representative occupation, see ``TitleNormalizer.representative``).
        isco_group: ISCO-08 unit group (4 digits).
        preferred_label: English preferred label of the concept.
        matched_label: The label (in its own language) that the title matched best.
        language: Language of ``matched_label`` (``ka-Latn`` for Latin-typed Georgian).
        score: 0..1; 1 is an exact label match.
        needs_review: A person should confirm this (low score or a close runner-up
            in another ISCO group).
    """

    uri: str
    isco_group: str
    preferred_label: str
    matched_label: str
    language: str
    score: float
    needs_review: bool

    @property
    def is_isco_group(self) -> bool:
        return self.uri.startswith(ISCO_URI_PREFIX)


@dataclass(frozen=True, slots=True)
class NormalizedTitle(Sequence[TitleMatch]):
    """A title's ranked occupations (iterable and indexable like a list of matches)."""

    query: str
    cleaned: str
    language: str
    matches: tuple[TitleMatch, ...] = field(default_factory=tuple)

    @property
    def top(self) -> TitleMatch | None:
        return self.matches[0] if self.matches else None

    @property
    def needs_review(self) -> bool:
        return self.top is None or self.top.needs_review

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, index):  # type: ignore[override]
        return self.matches[index]

    def __iter__(self) -> Iterator[TitleMatch]:
        return iter(self.matches)


def _latin_georgian(label: Label) -> bool:
    return label.language in ("ka", "ka-Latn")


def _residual(isco_code: str) -> bool:
    """ISCO-08's residual unit groups ("... not elsewhere classified") end in 9."""
    return len(isco_code) == 4 and isco_code.endswith("9")


def _query_keys(text: str) -> list[str]:
    """The keys a cleaned title is looked up by: its fold, plus the loose key of Latin
    text (Latin-typed Georgian) or the nominative-restored fold of a Georgian compound."""
    keys = [fold(text)]
    script = script_of(text)
    if script == "Latn":
        loose = loose_latin_key(text)
        if loose and loose != keys[0]:
            keys.append(loose)
    elif script == "Geor":
        restored = fold(restore_georgian_compound(text))
        if restored != keys[0]:
            keys.append(restored)
    return [k for k in keys if k]


class TitleNormalizer:
    """Maps job titles to ranked ESCO occupations and ISCO-08 unit groups.

    Args:
        languages: Languages of ESCO labels to index (the lexicon's languages and ``en``
            are always indexed). ``None`` indexes every language of the taxonomy.
        ngram_range: Character n-gram sizes of the TF-IDF model.
        word_weight: Share of word-stem TF-IDF similarity beside character n-grams; words
            keep ``kierowca`` (driver) apart from ``kierownik`` (manager).
        candidates: How many label keys per title are re-ranked.
        fuzzy_weight: Share of the rapidfuzz score in a label's score (the rest is TF-IDF).
        group_support: Weight of other same-ISCO-group concepts' scores in a concept's score.
        example_vote: Weight of the vote of further matching coded examples (see
            :meth:`partial_fit`) beyond the best one.
        classifier_weight: Weight of a linear classifier of ISCO unit groups trained on
            the coded examples, once there are ``min_examples`` of them.
        min_examples: Coded examples needed before the classifier is trained.
        review_threshold: Below this top score, a match needs review.
        review_margin: A runner-up in another ISCO group within this margin needs review.
        encoder: Optional encoder for embedding similarity of titles to labels; titles
            and labels in scripts it does not cover (:meth:`Encoder.covers`) stay
            lexical-only.
        embedding_weight: Share of embedding similarity in a label's score when an
            encoder is given (0.2: with USE, English exact-ESCO accuracy@1 rose from
            0.248 to 0.267 on the development titles; higher weights lost Polish and
            Georgian hits).
        description_weight: Share of the description's group weights
            (:class:`~matching.occupations.descriptions.DescriptionModel`) in an unclear
            title's concept scores.
        description_threshold: A title whose best label scores below this is unclear,
            and its description (when given) is read.

    Example:
        >>> from matching.occupations import load_builtin
        >>> n = TitleNormalizer().fit(load_builtin())
        >>> [m.isco_group for m in n.normalize("сварщик")][:1]
        ['7212']
    """

    def __init__(
        self,
        *,
        languages: Sequence[str] | None = None,
        ngram_range: tuple[int, int] = (2, 4),
        word_weight: float = 0.4,
        max_df: float = 0.03,
        candidates: int = 60,
        fuzzy_weight: float = 0.35,
        group_support: float = 0.15,
        example_vote: float = 0.5,
        classifier_weight: float = 0.5,
        min_examples: int = 50,
        review_threshold: float = 0.55,
        review_margin: float = 0.03,
        encoder: Encoder | None = None,
        embedding_weight: float = 0.2,
        description_weight: float = 0.2,
        description_threshold: float = 0.75,
    ):
        self.languages = languages
        self.ngram_range = ngram_range
        self.word_weight = word_weight
        self.max_df = max_df
        self.candidates = candidates
        self.fuzzy_weight = fuzzy_weight
        self.group_support = group_support
        self.example_vote = example_vote
        self.classifier_weight = classifier_weight
        self.min_examples = min_examples
        self.review_threshold = review_threshold
        self.review_margin = review_margin
        self.encoder = encoder
        self.embedding_weight = embedding_weight
        self.description_weight = description_weight
        self.description_threshold = description_threshold

    @classmethod
    def from_settings(cls, settings: Settings, encoder: Encoder | None = None) -> TitleNormalizer:
        """An unfitted normaliser configured by ``settings`` (languages, review threshold,
        the weight of ``encoder``'s similarity)."""
        return cls(
            languages=settings.normalizer_languages,
            review_threshold=settings.normalizer_review_threshold,
            encoder=encoder,
            embedding_weight=settings.normalizer_embedding_weight,
        )

    # ------------------------------------------------------------------ fitting
    def fit(self, taxonomy: Taxonomy, examples: Sequence[tuple[str, str]] = ()) -> TitleNormalizer:
        """Index every label of ``taxonomy`` (and coded example titles, if given).

        Args:
            taxonomy: The taxonomy whose labels are indexed.
            examples: ``(title, target)`` pairs, where target is an ESCO occupation URI
                or a 4-digit ISCO code; see :meth:`partial_fit`.

        Returns:
            self
        """
        self.taxonomy_ = taxonomy
        wanted = None if self.languages is None else {*self.languages, "en"}
        labels = [
            lb
            for lb in taxonomy.labels
            if wanted is None
            or lb.kind in (LabelKind.LEXICON, LabelKind.KZIS)
            or lb.language in wanted
        ]
        self.labels_: list[Label] = []
        self._example_label: list[bool] = []
        self.concepts_: list[str] = []
        self._concept_ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._key_ids: dict[str, int] = {}
        self._key_entries: list[list[tuple[int, int, float]]] = []  # (concept, label, weight)
        for label in labels:
            self._add_label(label)
        self._make_vectorizers()
        self.char_vectorizer_.fit(self._keys)
        self.word_vectorizer_.fit(self._keys)
        self.matrix_ = self._vectorize(self._keys)
        self._rebuild_concept_arrays()
        self.example_count_ = 0
        self.classifier_ = None
        self.description_model_: DescriptionModel | None = None  # built when first needed
        if examples:
            self.partial_fit([t for t, _ in examples], [c for _, c in examples])
        self._label_vectors = None
        return self

    def _make_vectorizers(self) -> None:
        common = {"sublinear_tf": True, "dtype": np.float32, "lowercase": False}
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, max_df=self.max_df, **common
        )
        self.word_vectorizer_ = TfidfVectorizer(analyzer=word_stems, **common)

    def _vectorize(self, keys: Sequence[str]) -> sparse.csr_matrix:
        """Unit rows whose inner product is the weighted mean of char and word cosines."""
        chars = self.char_vectorizer_.transform(keys)
        words = self.word_vectorizer_.transform(keys)
        w = self.word_weight
        return sparse.hstack(
            [chars * np.float32(np.sqrt(1 - w)), words * np.float32(np.sqrt(w))], format="csr"
        )

    def partial_fit(
        self,
        titles: Sequence[str],
        targets: Sequence[str],
        *,
        strict: bool = True,
        descriptions: Sequence[str | None] | None = None,
    ) -> TitleNormalizer:
        """Teach coded titles: each becomes a label of its target concept.

        An agency's own coded history (title as written → the occupation its staff chose)
        is the strongest evidence for titles of the same kind; the n-gram vocabulary stays
        the one learned in :meth:`fit`.

        Args:
            titles: Titles as written.
            targets: For each title, an ESCO occupation URI or a 4-digit ISCO-08 code.
            strict: Refuse 4-digit codes that ISCO-08 lacks. National classifications
                (Poland's KZiS, say) add unit groups of their own; with ``strict=False``
                such a code becomes a concept of its own.
            descriptions: The coded ads' texts, if any: they teach what descriptions
                of each unit group say (read for unclear titles).

        Returns:
            self

        Raises:
            InvalidInputError: lengths differ, or a target is neither a known occupation nor an
                ISCO unit group (the message names the position).
        """
        self._check_fitted()
        if len(titles) != len(targets):
            raise InvalidInputError(f"{len(titles)} titles but {len(targets)} targets")
        if descriptions is not None and len(descriptions) != len(titles):
            raise InvalidInputError(f"{len(titles)} titles but {len(descriptions)} descriptions")
        taxonomy = self.taxonomy_
        described: list[tuple[str, str]] = []
        first_new_key = len(self._keys)
        for i, (title, target) in enumerate(zip(titles, targets, strict=True)):
            target = str(target).strip()
            if target.isdigit() and len(target) == 4:
                if strict and target not in taxonomy.isco_groups:
                    raise InvalidInputError(f"example {i}: unknown ISCO-08 unit group {target!r}")
                uri = ISCO_URI_PREFIX + target
            elif target in taxonomy.occupations or target.startswith(ISCO_URI_PREFIX):
                uri = target
            else:
                raise InvalidInputError(f"example {i}: unknown target {target!r}")
            text = clean_title(title)
            language = SCRIPT_LANGUAGE[script_of(text)]
            self._add_label(Label(uri, text, language, LabelKind.EXAMPLE))
            self.example_count_ += 1
            if descriptions is not None and descriptions[i]:
                described.append((str(descriptions[i]), taxonomy.concept_isco(uri) or target))
        new_keys = self._keys[first_new_key:]
        if new_keys:
            self.matrix_ = sparse.vstack([self.matrix_, self._vectorize(new_keys)], format="csr")
        self._rebuild_concept_arrays()
        self._fit_classifier()
        if described:
            self._description_model().partial_fit(
                [d for d, _ in described], [g for _, g in described]
            )
        self._label_vectors = None
        return self

    def _fit_classifier(self) -> None:
        """A linear SVM over the coded examples' n-grams, predicting ISCO unit groups."""
        self.classifier_ = None
        examples = [
            lb for lb, is_ex in zip(self.labels_, self._example_label, strict=True) if is_ex
        ]
        targets = [self._concept_isco[self._concept_ids[lb.uri]] for lb in examples]
        if len(examples) < self.min_examples or len(set(targets)) < 2:
            return
        features = self._vectorize([fold(lb.text) for lb in examples])
        self.classifier_ = LinearSVC(C=0.5, random_state=0).fit(features, targets)

    def _add_label(self, label: Label) -> None:
        concept = self._concept_ids.get(label.uri)
        if concept is None:
            concept = self._concept_ids[label.uri] = len(self.concepts_)
            self.concepts_.append(label.uri)
        label_id = len(self.labels_)
        self.labels_.append(label)
        self._example_label.append(label.kind is LabelKind.EXAMPLE)
        weight = KIND_WEIGHT[label.kind]
        if label.language == "pl" and label.kind not in KZIS_EXEMPT and self.taxonomy_.kzis:
            weight *= KZIS_PRECEDENCE
        elif label.kind is LabelKind.KZIS:
            weight *= KZIS_SOURCE_WEIGHT.get(label.form, 1.0)
        if label.kind is LabelKind.LEXICON and label.form != "preferred":
            # A word two concepts share ("დამლაგებელი") goes to the one it is the name of.
            weight *= LEXICON_VARIANT_WEIGHT
        keys = {fold(label.text)}
        if _latin_georgian(label):
            keys.add(loose_latin_key(label.text))
        for key in keys:
            if not key:
                continue
            key_id = self._key_ids.get(key)
            if key_id is None:
                key_id = self._key_ids[key] = len(self._keys)
                self._keys.append(key)
                self._key_entries.append([])
            self._key_entries[key_id].append((concept, label_id, weight))

    def _rebuild_concept_arrays(self) -> None:
        # Queries multiply by the transposed label matrix; keeping it in CSR once saves
        # converting the whole matrix on every call.
        self._matrix_t = self.matrix_.T.tocsr()
        taxonomy = self.taxonomy_
        self._concept_isco = [taxonomy.concept_isco(uri) or "" for uri in self.concepts_]
        groups: dict[str, list[int]] = defaultdict(list)
        for cid, code in enumerate(self._concept_isco):
            groups[code].append(cid)
        self._group_members = dict(groups)
        self._representative = self._choose_representatives()

    def _description_model(self) -> DescriptionModel:
        """The description model, fitted on first use: a few seconds over full ESCO that
        callers who never pass descriptions should not pay on every load."""
        if self.description_model_ is None:
            self.description_model_ = DescriptionModel(min_examples=self.min_examples).fit(
                self.taxonomy_
            )
        return self.description_model_

    def _check_fitted(self) -> None:
        if not hasattr(self, "matrix_"):
            raise NotFittedError("call fit(taxonomy) before normalising titles")

    # ------------------------------------------------------------------ querying
    def normalize(
        self,
        title: str,
        top_k: int = 5,
        *,
        description: str | None = None,
        kzis_code: str | None = None,
    ) -> NormalizedTitle:
        """One title; a wrapper over :meth:`batch_normalize`."""
        return self.batch_normalize(
            [title],
            None if description is None else [description],
            top_k=top_k,
            kzis_codes=None if kzis_code is None else [kzis_code],
        )[0]

    def batch_normalize(
        self,
        titles: Sequence[str],
        descriptions: Sequence[str | None] | None = None,
        top_k: int = 5,
        *,
        kzis_codes: Sequence[str | None] | None = None,
    ) -> list[NormalizedTitle]:
        """Rank occupations for many titles at once.

        Args:
            titles: Job titles as written, in any language or script.
            descriptions: Optional ad texts, used where the title alone is unclear: it
                matches nothing, or its best score is low (see :meth:`_describe`).
            top_k: Occupations to return per title.
            kzis_codes: Optional 6-digit KZiS codes the vacancies came coded with
                (``"721204"``); a coded title's first matches are the code's ESCO
                occupations and its ISCO unit group, with score 1. Needs a taxonomy
                with KZiS (``Settings.kzis_dir``).

        Returns:
            One :class:`NormalizedTitle` per title, in order.

        Raises:
            ValueError: A list's length differs from ``titles``, or a code is not in KZiS.
            ConfigurationError: Codes were given but the taxonomy has no KZiS.
        """
        self._check_fitted()
        for name, extra in (("descriptions", descriptions), ("KZiS codes", kzis_codes)):
            if extra is not None and len(extra) != len(titles):
                raise InvalidInputError(f"{len(titles)} titles but {len(extra)} {name}")
        coded = self._kzis_concepts(kzis_codes) if kzis_codes is not None else None
        cleaned = [clean_title(t or "") for t in titles]
        variants = [_query_keys(text) for text in cleaned]
        flat = [k for keys in variants for k in keys]
        owner = [i for i, keys in enumerate(variants) for _ in keys]
        scores_by_title: list[dict[int, tuple[float, int]]] = [{} for _ in titles]
        votes_by_title: list[dict[int, float]] = [{} for _ in titles]
        if flat:
            sims = (self._vectorize(flat) @ self._matrix_t).tocsr()
            for row, i in enumerate(owner):
                self._score_row(flat[row], sims, row, scores_by_title[i], votes_by_title[i])
        text_prior: list[dict[str, float]] = [{} for _ in titles]
        if descriptions is not None:
            # An unclear title (weak best label): let the ad's text weigh in.
            unclear = [
                i
                for i, text in enumerate(descriptions)
                if text
                and max((s for s, _ in scores_by_title[i].values()), default=0.0)
                < self.description_threshold
            ]
            predicted = (
                self._description_model().predict([descriptions[i] or "" for i in unclear])
                if unclear
                else []
            )
            for i, weights in zip(unclear, predicted, strict=True):
                text_prior[i] = weights
        group_prior: list[dict[str, float]] = [{} for _ in titles]
        if self.classifier_ is not None:
            group_prior = self._classify([keys[0] if keys else "" for keys in variants])
        if self.encoder is not None:
            self._add_embedding_scores(cleaned, scores_by_title)
        results = [
            self._rank(
                titles[i],
                cleaned[i],
                variants[i],
                scores_by_title[i],
                votes_by_title[i],
                group_prior[i],
                text_prior[i],
                implied_groups(cleaned[i]),
                top_k,
            )
            for i in range(len(titles))
        ]
        if coded is not None:
            results = [
                self._put_coded_first(r, code, concepts, top_k) if code else r
                for r, (code, concepts) in zip(results, coded, strict=True)
            ]
        return results

    def _kzis_concepts(self, codes: Sequence[str | None]) -> list[tuple[str, tuple[str, ...]]]:
        """Per title, its KZiS code and the concepts the code names (``("", ())`` if none)."""
        from matching.occupations.kzis import kzis_concepts

        kzis = self.taxonomy_.kzis
        out: list[tuple[str, tuple[str, ...]]] = []
        for i, raw in enumerate(codes):
            code = str(raw or "").strip()
            if not code:
                out.append(("", ()))
                continue
            if kzis is None:
                raise ConfigurationError(
                    "KZiS codes were given but the taxonomy has no KZiS (set MATCHING_KZIS_DIR)"
                )
            try:
                out.append((code, kzis_concepts(kzis, code)))
            except ValueError as error:
                raise InvalidInputError(f"title {i}: {error}") from None
        return out

    def _put_coded_first(
        self, result: NormalizedTitle, code: str, concepts: tuple[str, ...], top_k: int
    ) -> NormalizedTitle:
        """A coded title: the code's ESCO occupations (those the title matched best
        first), then its unit group, each with score 1; then the title's other matches."""
        taxonomy = self.taxonomy_
        assert taxonomy.kzis is not None
        code_name = taxonomy.kzis.occupations[code].name
        title_rank = {m.uri: i for i, m in enumerate(result.matches)}
        *occupations, group = concepts
        occupations.sort(key=lambda uri: title_rank.get(uri, len(title_rank)))
        coded = []
        for uri in [*occupations, group]:
            matched = next((m for m in result.matches if m.uri == uri), None)
            coded.append(
                TitleMatch(
                    uri=uri,
                    isco_group=taxonomy.concept_isco(uri) or "",
                    preferred_label=taxonomy.concept_label(uri),
                    matched_label=matched.matched_label if matched else code_name,
                    language=matched.language if matched else "pl",
                    score=1.0,
                    needs_review=False,
                )
            )
        rest = [m for m in result.matches if m.uri not in concepts]
        return NormalizedTitle(
            result.query, result.cleaned, result.language, tuple([*coded, *rest][:top_k])
        )

    def _classify(self, keys: Sequence[str], top: int = 3) -> list[dict[str, float]]:
        """The classifier's top ISCO groups per key, as softmax weights over its margins."""
        assert self.classifier_ is not None
        margins = self.classifier_.decision_function(self._vectorize(keys))
        if margins.ndim == 1:  # two classes
            margins = np.stack([-margins, margins], axis=1)
        classes = self.classifier_.classes_
        out = []
        for row in margins:
            best = np.argsort(-row)[:top]
            weights = np.exp(4.0 * (row[best] - row[best[0]]))
            weights /= weights.sum()
            out.append({str(classes[j]): float(w) for j, w in zip(best, weights, strict=True)})
        return out

    def _score_row(
        self,
        query_key: str,
        sims: sparse.csr_matrix,
        row: int,
        out: dict[int, tuple[float, int]],
        votes: dict[int, float],
    ) -> None:
        """Best label score per concept into ``out``; coded examples also vote into ``votes``."""
        start, end = sims.indptr[row], sims.indptr[row + 1]
        if start == end:
            return
        cols = sims.indices[start:end]
        vals = sims.data[start:end]
        if len(vals) > self.candidates:
            top = np.argpartition(-vals, self.candidates)[: self.candidates]
            cols, vals = cols[top], vals[top]
        keys = [self._keys[c] for c in cols]
        fuzzy = rf_process.cdist([query_key], keys, scorer=fuzz.token_set_ratio, dtype=np.float32)[
            0
        ]
        fuzzy /= 100.0
        combined = (1 - self.fuzzy_weight) * vals + self.fuzzy_weight * fuzzy
        head = _georgian_head(query_key)
        if head is not None:
            # token_set_ratio gives a label that is any one word of the query full marks;
            # in a Georgian title the last word names the job ("ტვირთის მიმტანი მძღოლი"
            # is a driver who delivers goods, not a waiter), so a label without it is weaker.
            headless = np.array([head not in word_stems(k) for k in keys])
            combined = np.where(headless, combined * HEADLESS_WEIGHT, combined)
        # Only the title's own key scores 1: the same words in another order
        # ("штукатур-маляр" for "маляр-штукатур") are near, not the same label.
        combined = np.minimum(combined, NEAR_EXACT).tolist()
        for key_id, score, key in zip(cols, combined, keys, strict=True):
            if key == query_key:
                score = 1.0
            for concept, label_id, weight in self._key_entries[key_id]:
                s = score * weight
                if self._example_label[label_id]:
                    votes[concept] = votes.get(concept, 0.0) + s * s
                if s > out.get(concept, (0.0, -1))[0]:
                    out[concept] = (s, label_id)

    def embed_labels(self) -> int:
        """Embed the labels the encoder covers now rather than on the first title (through
        its cache, if it has one); returns how many there are (0 without an encoder)."""
        self._check_fitted()
        encoder = self.encoder
        if encoder is None:
            return 0
        if self._label_vectors is None:
            embedded = [
                i for i, lb in enumerate(self.labels_) if encoder.covers(script_of(lb.text))
            ]
            self._embedded_labels = np.asarray(embedded, dtype=np.int64)
            self._embedded_concepts = np.asarray(
                [self._concept_ids[self.labels_[i].uri] for i in embedded], dtype=np.int64
            )
            self._label_vectors = encoder.encode_documents([self.labels_[i].text for i in embedded])
        return len(self._embedded_labels)

    def _add_embedding_scores(
        self, cleaned: Sequence[str], scores_by_title: list[dict[int, tuple[float, int]]]
    ) -> None:
        """Fuse the cosine of each title to its nearest labels into the lexical scores.

        Only text in a script the encoder covers takes part: a model without Georgian
        gives Georgian titles and labels vectors that are noise, and its "nearest labels"
        would outvote the lexicon. A lexical exact match (score 1) stays 1.
        """
        encoder = self.encoder
        assert encoder is not None
        self.embed_labels()
        titles = [i for i, text in enumerate(cleaned) if encoder.covers(script_of(text))]
        if not titles or not len(self._embedded_labels):
            return
        label_concepts = self._embedded_concepts
        k = min(self.candidates, len(self._embedded_labels))
        w = self.embedding_weight
        # Titles a block at a time: a block's similarities to every label stay a few MiB.
        for start in range(0, len(titles), EMBEDDING_BLOCK):
            block = titles[start : start + EMBEDDING_BLOCK]
            sims = encoder.encode_queries([cleaned[i] for i in block]) @ self._label_vectors.T
            for row, i in enumerate(block):
                scores = scores_by_title[i]
                nearest = np.argpartition(-sims[row], k - 1)[:k]
                best: dict[int, tuple[float, int]] = {}
                for j in nearest[np.argsort(-sims[row, nearest])]:
                    cid = int(label_concepts[j])
                    if cid not in best:
                        best[cid] = (float(sims[row, j]), int(self._embedded_labels[j]))
                merged: dict[int, tuple[float, int]] = {}
                for cid in set(scores) | set(best):
                    lex, lex_label = scores.get(cid, (0.0, -1))
                    emb, emb_label = best.get(cid, (0.0, -1))
                    score = lex if lex >= 1.0 else (1 - w) * lex + w * max(emb, 0.0)
                    merged[cid] = (score, lex_label if lex_label >= 0 else emb_label)
                scores.clear()
                scores.update(merged)

    def _rank(
        self,
        query: str,
        cleaned: str,
        query_keys: Sequence[str],
        scores: dict[int, tuple[float, int]],
        votes: dict[int, float],
        prior: dict[str, float],
        text_prior: dict[str, float],
        implied: set[str],
        top_k: int,
    ) -> NormalizedTitle:
        taxonomy = self.taxonomy_
        script = script_of(cleaned)
        for code in [*prior, *text_prior, *implied]:
            # Let a group the classifiers name compete even if no label of it matched.
            cid = self._concept_ids.get(ISCO_URI_PREFIX + code)
            if cid is not None and cid not in scores:
                scores[cid] = (0.0, -1)
        if not scores:
            return NormalizedTitle(query, cleaned, SCRIPT_LANGUAGE[script], ())
        group_best: dict[str, list[float]] = defaultdict(list)
        for cid, (score, _) in scores.items():
            group_best[self._concept_isco[cid]].append(score)
        final: list[tuple[float, int, int]] = []
        for cid, (score, _label) in scores.items():
            peers = group_best[self._concept_isco[cid]]
            support = (sum(peers) - score) / max(len(peers) - 1, 1) if len(peers) > 1 else 0.0
            total = score + self.group_support * support * (1.0 - score)
            # Several coded titles agreeing on a concept: a k-nearest-neighbour vote.
            vote = votes.get(cid, 0.0) - score * score
            if vote > 0:
                total += self.example_vote * (1.0 - total) * (1.0 - np.exp(-vote))
            if self._concept_isco[cid] in implied:
                total += 0.5 * (1.0 - total)
            if prior:
                total = (1 - self.classifier_weight) * total + self.classifier_weight * prior.get(
                    self._concept_isco[cid], 0.0
                )
            if text_prior:
                total = (1 - self.description_weight) * total + self.description_weight * (
                    text_prior.get(self._concept_isco[cid], 0.0)
                )
            # Occupations before ISCO groups at equal score: they say more.
            tiebreak = 0 if not self.concepts_[cid].startswith(ISCO_URI_PREFIX) else 1
            final.append((min(total, 1.0), -tiebreak, cid))
        final = self._resolve_groups(final, scores)
        final.sort(key=lambda t: (t[0], t[1]), reverse=True)
        top_score = final[0][0]
        top_group = self._concept_isco[final[0][2]]
        runner_up = next((s for s, _, c in final[1:] if self._concept_isco[c] != top_group), 0.0)
        uncertain = top_score < self.review_threshold or top_score - runner_up < self.review_margin
        if self._is_lexicon_key(scores[final[0][2]][1], query_keys):
            # The title is, word for word, a name this project's lexicon gives the
            # concept: a fact, not a guess, whatever else also scored high.
            uncertain = False
        matches = []
        for rank, (score, _, cid) in enumerate(final[:top_k]):
            label = self.labels_[scores[cid][1]] if scores[cid][1] >= 0 else None
            uri = self.concepts_[cid]
            matches.append(
                TitleMatch(
                    uri=uri,
                    isco_group=self._concept_isco[cid],
                    preferred_label=taxonomy.concept_label(uri),
                    matched_label=label.text if label else "",
                    language=label.language if label else SCRIPT_LANGUAGE[script],
                    score=round(float(score), 4),
                    needs_review=uncertain if rank == 0 else score < self.review_threshold,
                )
            )
        language = matches[0].language if top_score >= 0.5 else SCRIPT_LANGUAGE[script]
        return NormalizedTitle(query, cleaned, language, tuple(matches))

    def _resolve_groups(
        self, final: list[tuple[float, int, int]], scores: dict[int, tuple[float, int]]
    ) -> list[tuple[float, int, int]]:
        """One rule for ISCO unit groups in a ranking: a group stands for an ESCO occupation
        of that group, the best one the title also matched, else the group's representative
        (:meth:`representative`). The occupation takes the group's score, and the label
        that earned it, when the group scored higher: a group label ("Kierowcy samochodów
        ciężarowych", "დამლაგებელი") says which group, an occupation says more within it.
        A group stays in the ranking as itself only when it has no ESCO occupation, or
        is residual: "Assemblers not elsewhere classified" holds unrelated occupations,
        and "сборщик" is no furniture assembler, "подсобный рабочий" no usher.
        ``final`` holds (score, -is_group, concept); ``scores`` is updated in place."""
        best: dict[str, int] = {}  # group -> concept id of its best-scoring occupation
        occupation_score: dict[int, float] = {}
        for score, is_group, cid in final:
            if not is_group:
                occupation_score[cid] = score
                group = self._concept_isco[cid]
                if group not in best or score > occupation_score[best[group]]:
                    best[group] = cid
        kept: list[tuple[float, int, int]] = []
        for score, is_group, cid in final:
            if not is_group:
                continue
            group = self._concept_isco[cid]
            target = None if _residual(group) else best.get(group, self._representative.get(group))
            if target is None:
                kept.append((score, is_group, cid))
            elif score > occupation_score.get(target, -1.0):
                occupation_score[target] = score
                scores[target] = scores[cid]
        kept.extend((score, 0, cid) for cid, score in occupation_score.items())
        return kept

    def representative(self, isco_code: str) -> str | None:
        """The ESCO occupation that stands for an ISCO unit group, or ``None`` if the
        taxonomy has none in it.

        It is the group's occupation that shares the most label texts with the group
        itself (the lexicon names a group and its main occupation alike: "დამლაგებელი"
        is both group 9112 and building cleaner), then the one whose English name is
        nearest the group's, then the broadest (shortest ESCO code). Residual groups
        (codes ending in 9, "not elsewhere classified") have none.
        """
        self._check_fitted()
        cid = self._representative.get(isco_code)
        return None if cid is None else self.concepts_[cid]

    def _choose_representatives(self) -> dict[str, int]:
        taxonomy = self.taxonomy_
        is_group = [uri.startswith(ISCO_URI_PREFIX) for uri in self.concepts_]
        shared: dict[int, int] = defaultdict(int)  # occupation -> keys shared with its group
        for entries in self._key_entries:
            concepts = {c for c, label_id, _ in entries if not self._example_label[label_id]}
            groups = {self._concept_isco[c] for c in concepts if is_group[c]}
            for c in concepts:
                if not is_group[c] and self._concept_isco[c] in groups:
                    shared[c] += 1
        members: dict[str, list[int]] = defaultdict(list)
        for cid, uri in enumerate(self.concepts_):
            if not is_group[cid] and uri in taxonomy.occupations:
                members[self._concept_isco[cid]].append(cid)
        chosen: dict[str, int] = {}
        for code, cids in members.items():
            if _residual(code):
                continue
            group = taxonomy.isco_groups.get(code)
            group_name = fold(group.preferred_label) if group is not None else ""

            def rank(cid: int, group_name: str = group_name) -> tuple:
                occ = taxonomy.occupations[self.concepts_[cid]]
                near = fuzz.token_set_ratio(group_name, fold(occ.preferred_label))
                return (-shared.get(cid, 0), -near, occ.code.count("."), occ.code, occ.uri)

            chosen[code] = min(cids, key=rank)
        return chosen

    def _is_lexicon_key(self, label_id: int, query_keys: Sequence[str]) -> bool:
        """Whether a label is a lexicon label whose key is one the title was looked up by."""
        if label_id < 0:
            return False
        label = self.labels_[label_id]
        if label.kind is not LabelKind.LEXICON:
            return False
        keys = {fold(label.text)}
        if _latin_georgian(label):
            keys.add(loose_latin_key(label.text))
        return not keys.isdisjoint(query_keys)

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Write labels, vocabulary, IDF weights and ``config.json`` into ``path``, atomically."""
        from matching import __version__

        self._check_fitted()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        with (tmp / "labels.jsonl").open("w", encoding="utf-8") as fh:
            for lb in self.labels_:
                fh.write(json.dumps([lb.uri, lb.text, lb.language, lb.kind.value, lb.form]) + "\n")
        for name, vec in (("char", self.char_vectorizer_), ("word", self.word_vectorizer_)):
            vocab = {k: int(v) for k, v in vec.vocabulary_.items()}
            (tmp / f"{name}_vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False))
            np.save(tmp / f"{name}_idf.npy", vec.idf_.astype(np.float32))
        config = {
            "kind": "TitleNormalizer",
            "package_version": __version__,
            "taxonomy_version": self.taxonomy_.version,
            "kzis_version": self.taxonomy_.kzis_version,
            "labels": len(self.labels_),
            "examples": self.example_count_,
            "params": {
                "languages": list(self.languages) if self.languages is not None else None,
                "ngram_range": list(self.ngram_range),
                "word_weight": self.word_weight,
                "max_df": self.max_df,
                "candidates": self.candidates,
                "fuzzy_weight": self.fuzzy_weight,
                "group_support": self.group_support,
                "example_vote": self.example_vote,
                "classifier_weight": self.classifier_weight,
                "min_examples": self.min_examples,
                "review_threshold": self.review_threshold,
                "review_margin": self.review_margin,
                "embedding_weight": self.embedding_weight,
                "description_weight": self.description_weight,
                "description_threshold": self.description_threshold,
            },
        }
        if self.description_model_ is not None and self.description_model_.examples_:
            with (tmp / "example_descriptions.jsonl").open("w", encoding="utf-8") as fh:
                for pair in self.description_model_.examples_:
                    fh.write(json.dumps(pair, ensure_ascii=False) + "\n")
        # Checksums of every file: load refuses a damaged one rather than score with it.
        config["sha256"] = {f.name: sha256_file(f) for f in sorted(tmp.iterdir())}
        (tmp / "config.json").write_text(json.dumps(config, indent=2))
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            os.replace(path, old)
            os.replace(tmp, path)
            for f in old.iterdir():
                f.unlink()
            old.rmdir()
        else:
            os.replace(tmp, path)

    @classmethod
    def load(
        cls, path: str | Path, taxonomy: Taxonomy, *, encoder: Encoder | None = None
    ) -> TitleNormalizer:
        """Rebuild a saved normaliser; refuses one saved against another taxonomy version.

        The encoder is not saved (its label vectors live in the embedding cache): pass
        the one to fuse, if any.
        """
        path = Path(path)
        config_path = path / "config.json"
        if not config_path.is_file():
            raise ConfigurationError(f"{path}: not a saved TitleNormalizer (no config.json)")
        try:
            config = json.loads(config_path.read_text())
        except ValueError as error:
            raise ConfigurationError(f"{path}: damaged config.json ({error})") from None
        checksums = config.get("sha256")
        if not isinstance(checksums, dict) or not checksums:
            raise ConfigurationError(f"{path}: saved without checksums; rebuild it")
        for name, expected in checksums.items():
            file = path / name
            if not file.is_file() or sha256_file(file) != expected:
                raise ConfigurationError(f"{path}: {name} is damaged (checksum differs)")
        if config.get("taxonomy_version") != taxonomy.version:
            raise ConfigurationError(
                f"{path}: saved for taxonomy {config.get('taxonomy_version')!r}, "
                f"loaded with {taxonomy.version!r}; rebuild it"
            )
        if config.get("kzis_version") != taxonomy.kzis_version:
            raise ConfigurationError(
                f"{path}: saved with KZiS {config.get('kzis_version')!r}, "
                f"loaded with {taxonomy.kzis_version!r}; rebuild it"
            )
        params = config["params"]
        params["ngram_range"] = tuple(params["ngram_range"])
        self = cls(**params, encoder=encoder)
        self.taxonomy_ = taxonomy
        self.labels_, self.concepts_, self._concept_ids = [], [], {}
        self._example_label = []
        self._keys, self._key_ids, self._key_entries = [], {}, []
        with (path / "labels.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                uri, text, language, kind, form = json.loads(line)
                self._add_label(Label(uri, text, language, LabelKind(kind), form))
        self._make_vectorizers()
        for name, vec in (("char", self.char_vectorizer_), ("word", self.word_vectorizer_)):
            vec.vocabulary_ = json.loads((path / f"{name}_vocabulary.json").read_text())
            vec.idf_ = np.load(path / f"{name}_idf.npy")
        self.matrix_ = self._vectorize(self._keys)
        self._rebuild_concept_arrays()
        self.example_count_ = config.get("examples", 0)
        self._fit_classifier()  # deterministic: refit from the saved coded examples
        self.description_model_ = None
        described = path / "example_descriptions.jsonl"
        if described.is_file():
            with described.open(encoding="utf-8") as fh:
                pairs = [json.loads(line) for line in fh]
            self._description_model().partial_fit([d for d, _ in pairs], [g for _, g in pairs])
        self._label_vectors = None
        return self

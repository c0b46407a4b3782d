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

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.errors import InvalidInputError, NotFittedError
from matching.occupations import priors
from matching.occupations.classifier import ExampleClassifier
from matching.occupations.compounds import compound_parts, reweigh
from matching.occupations.descriptions import DescriptionModel, stated_occupation
from matching.occupations.fusion import add_embedding_scores, embed_labels
from matching.occupations.kzis import kzis_code_concepts, put_coded_first
from matching.occupations.label_weights import (
    KIND_WEIGHT,
    KZIS_EXEMPT,
    KZIS_PRECEDENCE,
    KZIS_SOURCE_WEIGHT,
    LEXICON_VARIANT_WEIGHT,
    NEAR_EXACT,
)
from matching.occupations.matches import (
    HEADLESS_WEIGHT,
    SCRIPT_LANGUAGE,
    NormalizedTitle,
    TitleMatch,
    georgian_head,
    implied_groups,
    latin_georgian,
    query_keys,
    residual,
    word_stems,
)
from matching.occupations.taxonomy import ISCO_URI_PREFIX, Label, LabelKind, Taxonomy
from matching.occupations.text import clean_title, fold, loose_latin_key, script_of
from matching.occupations.workplaces import read_workplaces

if TYPE_CHECKING:
    from matching.config import Settings
    from matching.index.encoders import Encoder
    from matching.occupations.rerank import EncoderReranker


__all__ = ["NormalizedTitle", "TitleMatch", "TitleNormalizer"]


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
        self.reranker: EncoderReranker | None = None  # opt-in, see occupations.rerank

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
        self._examples: list[tuple[str, str, str]] = []  # (title, description, ISCO group)
        self.classifier_: ExampleClassifier | None = None
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
            group = taxonomy.concept_isco(uri) or target
            description = str(descriptions[i] or "") if descriptions is not None else ""
            self._examples.append((text, description, group))
            if description:
                described.append((description, group))
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
        """The :class:`ExampleClassifier` over the coded examples (once there are
        ``min_examples``), with the labels in the examples' languages as weaker rows."""
        self.classifier_ = None
        groups = [g for _, _, g in self._examples]
        if len(self._examples) < self.min_examples or len(set(groups)) < 2:
            return
        wanted = self._example_languages()
        labels = [
            (lb.text, self._concept_isco[self._concept_ids[lb.uri]])
            for lb, is_ex in zip(self.labels_, self._example_label, strict=True)
            if not is_ex and lb.language in wanted and self._concept_isco[self._concept_ids[lb.uri]]
        ]
        labels = list(dict.fromkeys(labels))
        described = any(d for _, d, _ in self._examples)
        self.classifier_ = ExampleClassifier().fit(
            [t for t, _, _ in self._examples],
            [d for _, d, _ in self._examples] if described else None,
            groups,
            [t for t, _ in labels],
            [g for _, g in labels],
        )

    def _example_languages(self, share: float = 0.2) -> set[str]:
        """Languages of the labels the coded titles match word for word, each counted
        once per title; those with at least ``share`` of the matched titles."""
        counts: dict[str, int] = defaultdict(int)
        matched = 0
        for title, _, _ in self._examples:
            key_id = self._key_ids.get(fold(title))
            if key_id is None:
                continue
            languages = {
                self.labels_[label_id].language
                for _, label_id, _ in self._key_entries[key_id]
                if not self._example_label[label_id]
            }
            matched += bool(languages)
            for language in languages:
                counts[language] += 1
        return {lang for lang, n in counts.items() if matched and n >= share * matched}

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
        if latin_georgian(label):
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
        self._english_words = priors.english_vocabulary(self.labels_)
        self._foreign_label = priors.foreign_labels(self.labels_)
        self._esco_label = priors.esco_labels(self.labels_)
        self._grouping_weight = priors.grouping_weights(taxonomy, self.concepts_)

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
                matches nothing, or its best score is low (see :meth:`_describe`); an
                occupation named in a ``Zawód:`` field is looked up beside the title
                (:func:`~matching.occupations.descriptions.stated_occupation`).
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
        coded = kzis_code_concepts(self.taxonomy_, kzis_codes) if kzis_codes is not None else None
        cleaned = [clean_title(t or "") for t in titles]
        variants = [query_keys(text) for text in cleaned]
        if descriptions is not None:
            # An ad that names its occupation in a form field is looked up by that name
            # too (the best key wins; see descriptions.stated_occupation).
            for i, text in enumerate(descriptions):
                if stated := stated_occupation(text):
                    variants[i] += [
                        k for k in query_keys(clean_title(stated)) if k not in variants[i]
                    ]
        flat = [k for keys in variants for k in keys]
        owner = [i for i, keys in enumerate(variants) for _ in keys]
        scores_by_title: list[dict[int, tuple[float, int]]] = [{} for _ in titles]
        votes_by_title: list[dict[int, float]] = [{} for _ in titles]
        if flat:
            sims = (self._vectorize(flat) @ self._matrix_t).tocsr()
            for row, i in enumerate(owner):
                self._score_row(flat[row], sims, row, scores_by_title[i], votes_by_title[i])
        self._read_compounds(titles, variants, scores_by_title)
        read_workplaces(self, cleaned, variants, scores_by_title)
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
            group_prior = self.classifier_.predict(cleaned, descriptions)
        if self.encoder is not None:
            add_embedding_scores(self, cleaned, scores_by_title)
        depth = top_k if self.reranker is None else max(top_k, self.reranker.depth)
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
                depth,
            )
            for i in range(len(titles))
        ]
        if self.reranker is not None:
            results = self.reranker.rerank(
                results,
                self._english_words,
                self.review_threshold,
                self.review_margin,
                top_k,
                polish=self.classifier_ is None,  # fitted blends lost with it (rerank.py)
            )
        if coded is not None:
            results = [
                put_coded_first(self.taxonomy_, r, code, concepts, top_k, self.representative)
                if code
                else r
                for r, (code, concepts) in zip(results, coded, strict=True)
            ]
        return results

    def _read_compounds(
        self,
        titles: Sequence[str],
        variants: Sequence[Sequence[str]],
        scores_by_title: list[dict[int, tuple[float, int]]],
    ) -> None:
        """Rerank hyphenated trade compounds head first (:mod:`.compounds`): each member is
        scored on its own, and the whole title's scores reweighed from them."""
        compounds = {i: p for i, t in enumerate(titles) if (p := compound_parts(t or ""))}
        if not compounds:
            return
        keys: list[str] = []
        owner: list[tuple[int, int]] = []  # (title, 0 for the head, 1 for another member)
        for i, (head, others) in compounds.items():
            for member, text in [(0, head)] + [(1, o) for o in others]:
                for key in query_keys(clean_title(text)):
                    keys.append(key)
                    owner.append((i, member))
        if not keys:
            return
        sims = (self._vectorize(keys) @ self._matrix_t).tocsr()
        parts = {i: ({}, {}) for i in compounds}
        for row, (i, member) in enumerate(owner):
            self._score_row(keys[row], sims, row, parts[i][member], {})
        for i, (head, others) in parts.items():
            scores = scores_by_title[i]
            exact = {c for c, (_, lid) in scores.items() if self._is_title_key(lid, variants[i])}
            texts = compounds[i]
            reweigh(scores, head, others, exact, texts[0], texts[1], self._label_text)

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
        head = georgian_head(query_key)
        if head is not None:
            # token_set_ratio gives a label that is any one word of the query full marks;
            # in a Georgian title the last word names the job ("ტვირთის მიმტანი მძღოლი"
            # is a driver who delivers goods, not a waiter), so a label without it is weaker.
            headless = np.array([head not in word_stems(k) for k in keys])
            combined = np.where(headless, combined * HEADLESS_WEIGHT, combined)
        # Only the title's own key scores 1: the same words in another order
        # ("штукатур-маляр" for "маляр-штукатур") are near, not the same label.
        combined = np.minimum(combined, NEAR_EXACT).tolist()
        english = priors.reads_english(query_key, self._english_words)
        for key_id, score, key in zip(cols, combined, keys, strict=True):
            if key == query_key:
                score = 1.0
            for concept, label_id, weight in self._key_entries[key_id]:
                s = score * weight
                if english and self._foreign_label[label_id]:
                    s *= priors.FOREIGN_WEIGHT
                if self._example_label[label_id]:
                    votes[concept] = votes.get(concept, 0.0) + s * s
                if s > out.get(concept, (0.0, -1))[0]:
                    out[concept] = (s, label_id)

    def embed_labels(self) -> int:
        """Embed the labels the encoder covers now rather than on the first title (through
        its cache, if it has one); returns how many there are (0 without an encoder)."""
        self._check_fitted()
        return embed_labels(self)

    def _rank(
        self,
        query: str,
        cleaned: str,
        title_keys: Sequence[str],
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
        for cid, (score, label_id) in scores.items():
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
            if score < NEAR_EXACT and label_id >= 0 and self._esco_label[label_id]:
                # An ESCO grouping occupation yields: see priors.grouping_weights.
                total *= self._grouping_weight[cid]
            final.append((min(total, 1.0), -tiebreak, cid))
        final = self._resolve_groups(final, scores)
        final.sort(key=lambda t: (t[0], t[1]), reverse=True)
        top_score = final[0][0]
        top_group = self._concept_isco[final[0][2]]
        runner_up = next((s for s, _, c in final[1:] if self._concept_isco[c] != top_group), 0.0)
        uncertain = top_score < self.review_threshold or top_score - runner_up < self.review_margin
        if self._is_lexicon_key(scores[final[0][2]][1], title_keys):
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
            target = None if residual(group) else best.get(group, self._representative.get(group))
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
            if residual(code):
                continue
            group = taxonomy.isco_groups.get(code)
            group_name = fold(group.preferred_label) if group is not None else ""

            def rank(cid: int, group_name: str = group_name) -> tuple:
                occ = taxonomy.occupations[self.concepts_[cid]]
                near = fuzz.token_set_ratio(group_name, fold(occ.preferred_label))
                return (-shared.get(cid, 0), -near, occ.code.count("."), occ.code, occ.uri)

            chosen[code] = min(cids, key=rank)
        return chosen

    def _is_lexicon_key(self, label_id: int, title_keys: Sequence[str]) -> bool:
        """Whether a label is a lexicon label whose key is one the title was looked up by."""
        if label_id < 0 or self.labels_[label_id].kind is not LabelKind.LEXICON:
            return False
        return self._is_title_key(label_id, title_keys)

    def _label_text(self, label_id: int) -> str:
        return self.labels_[label_id].text

    def _is_title_key(self, label_id: int, title_keys: Sequence[str]) -> bool:
        """Whether a label's key is one the title was looked up by (the title is the label)."""
        if label_id < 0:
            return False
        label = self.labels_[label_id]
        keys = {fold(label.text)}
        if latin_georgian(label):
            keys.add(loose_latin_key(label.text))
        return not keys.isdisjoint(title_keys)

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Write labels, vocabulary, IDF weights, coded examples and ``config.json`` into
        ``path``, atomically (see :func:`matching.occupations.persistence.save_normalizer`)."""
        from matching.occupations.persistence import save_normalizer

        save_normalizer(self, path)

    @classmethod
    def load(
        cls, path: str | Path, taxonomy: Taxonomy, *, encoder: Encoder | None = None
    ) -> TitleNormalizer:
        """Rebuild a saved normaliser; refuses one saved against another taxonomy version.

        The encoder is not saved (its label vectors live in the embedding cache): pass
        the one to fuse, if any.
        """
        from matching.occupations.persistence import load_normalizer

        return load_normalizer(cls, path, taxonomy, encoder=encoder)

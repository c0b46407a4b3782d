"""A supervised classifier of ISCO unit groups, learned from an agency's coded titles.

Coded history (title as written, with the ad's description where there is one → the
unit group the agency's staff chose) teaches the conventions of the people who code:
which group a "Programista .NET" or a "Doradca klienta" goes to. :class:`ExampleClassifier`
is a linear SVM over the title's character n-grams and word stems and the description's
word stems, with its own vocabulary (the coded titles', not the taxonomy's). The
taxonomy's labels in the examples' languages join its training rows at a lower weight,
so groups the examples never show are still known, and the coders' conventions override
the taxonomy's where they differ.

The title normaliser blends its weights into the lexical ranking (see
``TitleNormalizer.classifier_weight``). On the Polish ads (``pl_job_ads_dev.csv``, 5-fold
cross-validation) the classifier alone reaches ISCO-4 acc@1 0.70 (0.67 without the
taxonomy's labels), the blend 0.71.

Example:
    >>> model = ExampleClassifier(min_df=1).fit(
    ...     ["Spawacz MIG", "Spawacz TIG", "Kierowca C+E", "Kierowca kat. C"],
    ...     None,
    ...     ["7212", "7212", "8332", "8332"],
    ... )
    >>> max(model.predict(["spawacz"])[0].items(), key=lambda kv: kv[1])[0]
    '7212'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from matching.errors import InvalidInputError
from matching.occupations.descriptions import description_words
from matching.occupations.matches import word_stems
from matching.occupations.text import clean_title, fold


def title_key(title: str) -> str:
    return fold(clean_title(title or ""))


class ExampleClassifier:
    """Coded titles (and their descriptions) → weights over ISCO-08 unit groups.

    Args:
        label_weight: Weight of a taxonomy label as a training row (a coded title is 1).
        C: Regularisation of the linear SVM.
        top: Groups returned per title.
        temperature: Sharpness of the softmax over the SVM's margins.
        min_df: Documents an n-gram must occur in to be a feature.
        max_chars: Characters of a description read.
    """

    def __init__(
        self,
        *,
        label_weight: float = 0.3,
        C: float = 0.5,
        top: int = 10,
        temperature: float = 2.0,
        min_df: int = 2,
        max_chars: int = 2000,
    ):
        self.label_weight = label_weight
        self.C = C
        self.top = top
        self.temperature = temperature
        self.min_df = min_df
        self.max_chars = max_chars

    def fit(
        self,
        titles: Sequence[str],
        descriptions: Sequence[str | None] | None,
        groups: Sequence[str],
        label_texts: Sequence[str] = (),
        label_groups: Sequence[str] = (),
    ) -> ExampleClassifier:
        """Train on coded titles (``descriptions`` aligned with them, or ``None``) and,
        at ``label_weight``, on taxonomy labels with their groups.

        Raises:
            InvalidInputError: lengths differ, or fewer than two groups.
        """
        if len(titles) != len(groups) or (
            descriptions is not None and len(descriptions) != len(titles)
        ):
            raise InvalidInputError("titles, descriptions and groups differ in length")
        if len(label_texts) != len(label_groups):
            raise InvalidInputError("label texts and groups differ in length")
        targets = [*groups, *label_groups]
        if len(set(targets)) < 2:
            raise InvalidInputError("the classifier needs examples of at least two groups")
        keys = [title_key(t) for t in [*titles, *label_texts]]
        common = {"sublinear_tf": True, "dtype": np.float32, "lowercase": False}
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=self.min_df if len(keys) >= 100 else 1,
            **common,
        )
        self.word_vectorizer_ = TfidfVectorizer(analyzer=word_stems, **common)
        blocks = [
            self.char_vectorizer_.fit_transform(keys),
            self.word_vectorizer_.fit_transform(keys),
        ]
        self.description_vectorizer_: TfidfVectorizer | None = None
        described = [(d or "")[: self.max_chars] for d in descriptions or ()]
        if sum(map(bool, described)) >= 2 * self.min_df:
            vectorizer = TfidfVectorizer(
                analyzer=description_words,
                min_df=self.min_df,
                max_df=0.5 if sum(map(bool, described)) >= 20 else 1.0,
                **common,
            )
            try:
                texts = vectorizer.fit_transform(described)
            except ValueError:  # no word in enough descriptions: titles alone
                pass
            else:
                self.description_vectorizer_ = vectorizer
                empty = sparse.csr_matrix((len(label_texts), texts.shape[1]), dtype=np.float32)
                blocks.append(sparse.vstack([texts, empty]))
        weights = np.array([1.0] * len(titles) + [self.label_weight] * len(label_texts))
        self.model_ = LinearSVC(C=self.C, random_state=0).fit(
            sparse.hstack(blocks, format="csr"), targets, sample_weight=weights
        )
        return self

    def predict(
        self, titles: Sequence[str], descriptions: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        """Per title, its ``top`` likeliest unit groups with weights summing to 1."""
        if not titles:
            return []
        keys = [title_key(t) for t in titles]
        blocks = [self.char_vectorizer_.transform(keys), self.word_vectorizer_.transform(keys)]
        if self.description_vectorizer_ is not None:
            texts = [((descriptions[i] if descriptions else None) or "")[: self.max_chars]
                     for i in range(len(titles))]  # fmt: skip
            blocks.append(self.description_vectorizer_.transform(texts))
        margins = self.model_.decision_function(sparse.hstack(blocks, format="csr"))
        if margins.ndim == 1:  # two classes
            margins = np.stack([-margins, margins], axis=1)
        classes = self.model_.classes_
        top = min(self.top, len(classes))
        out = []
        for row in margins:
            best = np.argpartition(-row, top - 1)[:top]
            best = best[np.argsort(-row[best])]
            weights = np.exp(self.temperature * (row[best] - row[best[0]]))
            weights /= weights.sum()
            out.append({str(classes[j]): float(w) for j, w in zip(best, weights, strict=True)})
        return out

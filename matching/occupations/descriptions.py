"""What an ad's description says about its ISCO unit group.

A title such as "Pracownik magazynu" or "Operator maszyn" leaves the occupation open;
the ad's text ("obsługa wózka widłowego", "programowanie obrabiarek CNC") usually
settles it. :class:`DescriptionModel` turns a description into weights over ISCO-08
unit groups, which the title normaliser blends into an unclear title's ranking.

Zero-shot, each unit group is one document: the names of its concepts, ESCO's
descriptions of its occupations and, with KZiS loaded, Poland's official description
and tasks of the group and ESCO's Polish descriptions and skills of the linked
occupations. A description is compared with every group by word-stem TF-IDF cosine.
Once enough coded ads with descriptions have been taught (:meth:`partial_fit`), a linear
classifier over their words takes over.

Example:
    >>> from matching.occupations import load_builtin
    >>> model = DescriptionModel().fit(load_builtin())
    >>> weights = model.predict(["Spawanie metodą MIG/MAG, czytanie rysunku technicznego"])
    >>> len(weights)
    1
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from matching.errors import InvalidInputError
from matching.occupations.taxonomy import LabelKind, Taxonomy
from matching.occupations.text import fold

# Offers of Poland's public employment services (the Central Job Offers Base, CBOP, and
# the ads portals copy from it) carry the employer's form fields as "Key:value" runs,
# one of them the occupation picked from KZiS: "... Zawód:spawacz metodą MIG Praca
# tymczasowa:NIE ...". The value runs up to the next capitalised "Key:".
_STATED_OCCUPATION = re.compile(
    r"\bZaw(?:ód|ody|od)\s*:\s*(?P<name>[^:]{2,120}?)"
    r"(?=\s+[A-ZĄĆĘŁŃÓŚŹŻ][\w ()/-]{1,40}:|\s*$)"
)


def stated_occupation(description: str | None) -> str:
    """The occupation an ad's description names in a ``Zawód:`` field (Polish public
    employment services' offers), or ``""``.

    >>> stated_occupation("Zmianowość:jedna zmiana Zawód:spawacz Praca tymczasowa:NIE")
    'spawacz'
    """
    match = _STATED_OCCUPATION.search(description or "")
    return match.group("name").strip(" *,;.") if match else ""


def description_words(text: str) -> list[str]:
    """Word stems (6 characters) of a folded text; words shorter than 3 letters are
    dropped (Polish prepositions and conjunctions say nothing about the job)."""
    return [w[:6] for w in fold(text).split() if len(w) > 2 and not w.isdigit()]


class DescriptionModel:
    """Description text → weights over ISCO-08 unit groups.

    Args:
        top: Groups returned per description.
        temperature: Sharpness of the softmax over similarities (zero-shot) or
            classifier margins.
        min_examples: Coded descriptions needed before the classifier is trained.
        max_chars: Characters of a description read (ads put the job first).
    """

    def __init__(
        self,
        *,
        top: int = 5,
        temperature: float = 25.0,
        margin_temperature: float = 4.0,
        min_examples: int = 50,
        max_chars: int = 2000,
    ):
        self.top = top
        self.temperature = temperature
        self.margin_temperature = margin_temperature
        self.min_examples = min_examples
        self.max_chars = max_chars

    def fit(self, taxonomy: Taxonomy) -> DescriptionModel:
        """Build one document per ISCO unit group from ``taxonomy``'s texts."""
        docs: dict[str, list[str]] = defaultdict(list)
        for label in taxonomy.labels:
            if label.kind is not LabelKind.EXAMPLE:
                group = taxonomy.concept_isco(label.uri)
                if group:
                    docs[group].append(label.text)
        for occupation in taxonomy.occupations.values():
            if occupation.description:
                docs[occupation.isco_group].append(occupation.description)
        if taxonomy.kzis is not None:
            for code, text in taxonomy.kzis.descriptions.items():
                docs[code[:4]].append(text)
        self.groups_ = sorted(g for g in docs if len(g) == 4)
        self.vectorizer_ = TfidfVectorizer(
            analyzer=description_words, sublinear_tf=True, max_df=0.3, dtype=np.float32
        )
        self.group_matrix_ = self.vectorizer_.fit_transform(
            [" ".join(docs[g]) for g in self.groups_]
        ).T.tocsr()
        self.examples_: list[tuple[str, str]] = []  # (description, ISCO group)
        self.classifier_: LinearSVC | None = None
        return self

    def partial_fit(self, descriptions: Sequence[str], groups: Sequence[str]) -> DescriptionModel:
        """Teach coded ads' descriptions (empty ones are skipped); the vocabulary stays
        the one learned in :meth:`fit`."""
        if len(descriptions) != len(groups):
            raise InvalidInputError(f"{len(descriptions)} descriptions but {len(groups)} groups")
        self.examples_ += [
            (d[: self.max_chars], g) for d, g in zip(descriptions, groups, strict=True) if d
        ]
        self.classifier_ = None
        targets = [g for _, g in self.examples_]
        if len(self.examples_) >= self.min_examples and len(set(targets)) > 1:
            features = self.vectorizer_.transform([d for d, _ in self.examples_])
            self.classifier_ = LinearSVC(C=0.5, random_state=0).fit(features, targets)
        return self

    def predict(self, descriptions: Sequence[str]) -> list[dict[str, float]]:
        """Per description, its most likely unit groups with weights summing to 1
        (an empty dict for an empty description)."""
        out: list[dict[str, float]] = [{} for _ in descriptions]
        rows = [i for i, d in enumerate(descriptions) if d and d.strip()]
        if not rows:
            return out
        features = self.vectorizer_.transform([descriptions[i][: self.max_chars] for i in rows])
        if self.classifier_ is not None:
            scores = self.classifier_.decision_function(features)
            if scores.ndim == 1:
                scores = np.stack([-scores, scores], axis=1)
            classes, temperature = self.classifier_.classes_, self.margin_temperature
        else:
            scores = (features @ self.group_matrix_).toarray()
            classes, temperature = np.asarray(self.groups_), self.temperature
        for row, i in enumerate(rows):
            best = np.argsort(-scores[row])[: self.top]
            if scores[row, best[0]] <= 0 and self.classifier_ is None:
                continue  # no word in common with any group
            weights = np.exp(temperature * (scores[row, best] - scores[row, best[0]]))
            weights /= weights.sum()
            out[i] = {str(classes[j]): float(w) for j, w in zip(best, weights, strict=True)}
        return out

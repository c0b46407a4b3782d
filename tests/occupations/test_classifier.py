"""The example classifier: coded titles (and descriptions) teach an agency's conventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.errors import InvalidInputError
from matching.occupations import Taxonomy
from matching.occupations.classifier import ExampleClassifier
from matching.occupations.kzis import add_kzis, load_kzis
from matching.occupations.label_weights import classifier_label_weight
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.taxonomy import LabelKind

WELDING = ["Spawacz MIG", "Spawacz TIG", "Spawacz konstrukcji", "Spawacz rurociągów"]
DRIVING = ["Kierowca C+E", "Kierowca kat. C", "Kierowca ciężarówki", "Kierowca TIR"]


def test_titles_and_descriptions_give_group_weights() -> None:
    titles = WELDING + DRIVING
    groups = ["7212"] * 4 + ["8332"] * 4
    descriptions = ["spawanie blach"] * 4 + ["przewóz towarów po Europie"] * 4
    model = ExampleClassifier(min_df=1).fit(titles, descriptions, groups)
    weights = model.predict(["spawacz", "Pracownik"], ["", "przewóz towarów"])
    assert max(weights[0], key=weights[0].get) == "7212"
    # An unclear title: the description decides.
    assert max(weights[1], key=weights[1].get) == "8332"
    assert all(abs(sum(w.values()) - 1.0) < 1e-6 for w in weights)
    assert model.predict([]) == []


def test_taxonomy_labels_teach_groups_the_examples_never_show() -> None:
    model = ExampleClassifier(min_df=1).fit(
        WELDING, None, ["7212"] * 4, ["Murarz", "Murarz-tynkarz"], ["7112", "7112"]
    )
    weights = model.predict(["murarz"])[0]
    assert max(weights, key=weights.get) == "7112"


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="differ in length"):
        ExampleClassifier().fit(WELDING, None, ["7212"])
    with pytest.raises(InvalidInputError, match="at least two groups"):
        ExampleClassifier().fit(WELDING, None, ["7212"] * 4)
    for weights in ([1.0], [1.0, -0.5]):
        with pytest.raises(InvalidInputError, match="label weights"):
            ExampleClassifier().fit(
                WELDING, None, ["7212"] * 4, ["Murarz", "Tynkarz"], ["7112", "7123"],
                label_weights=weights,
            )  # fmt: skip


def test_label_weights_settle_labels_that_disagree() -> None:
    # One name under two groups (ESCO's "programista" and KZiS's): the heavier row wins.
    texts = ["Programista", "Programista"]
    for weights, expected in (([0.05, 1.0], "2514"), ([1.0, 0.05], "2512")):
        model = ExampleClassifier(min_df=1).fit(
            WELDING + DRIVING,
            None,
            ["7212"] * 4 + ["8332"] * 4,
            texts,
            ["2512", "2514"],
            label_weights=weights,
        )
        weights_of = model.predict(["programista"])[0]
        assert max(weights_of, key=weights_of.get) == expected


def test_kzis_names_teach_the_classifier_first() -> None:
    assert classifier_label_weight(LabelKind.KZIS, True) > classifier_label_weight(
        LabelKind.PREFERRED, True
    )
    assert classifier_label_weight(LabelKind.PREFERRED, False) == classifier_label_weight(
        LabelKind.LEXICON, False
    )


def test_the_fit_weighs_kzis_labels_above_the_others(
    builtin_taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    taxonomy = add_kzis(builtin_taxonomy, load_kzis(Path(__file__).parents[1] / "data" / "kzis"))
    seen: dict[str, list] = {}
    fit = ExampleClassifier.fit

    def spy(self, titles, descriptions, groups, texts=(), label_groups=(), **kw):
        seen.update(texts=list(texts), groups=list(label_groups), weights=kw["label_weights"])
        return fit(self, titles, descriptions, groups, texts, label_groups, **kw)

    monkeypatch.setattr(ExampleClassifier, "fit", spy)
    normalizer = TitleNormalizer(min_examples=8).fit(taxonomy)
    normalizer.partial_fit(WELDING + DRIVING, ["7212"] * 4 + ["8332"] * 4)
    assert normalizer.classifier_ is not None
    by_kind: dict[LabelKind, set[float]] = {}
    kinds = {(lb.text, normalizer._concept_isco[normalizer._concept_ids[lb.uri]]): lb.kind
             for lb in normalizer.labels_ if lb.kind is LabelKind.KZIS}  # fmt: skip
    for text, group, weight in zip(seen["texts"], seen["groups"], seen["weights"], strict=True):
        kind = kinds.get((text, group), LabelKind.PREFERRED)
        by_kind.setdefault(kind, set()).add(weight)
    assert by_kind[LabelKind.KZIS] == {classifier_label_weight(LabelKind.KZIS, True)}
    assert by_kind[LabelKind.PREFERRED] == {classifier_label_weight(LabelKind.PREFERRED, True)}


def test_coded_history_overrides_the_taxonomy(builtin_taxonomy: Taxonomy) -> None:
    # An agency codes every "Programista ..." to applications programmers (2514), where
    # the taxonomy's own labels would say software developers (2512): its classifier learns
    # the convention and applies it to a title it never saw.
    languages = ["Java", "Python", "PHP", "C#", ".NET", "Go", "Kotlin", "Scala", "Ruby", "C++"]
    titles = [f"Programista {lang}" for lang in languages] + WELDING + DRIVING
    groups = ["2514"] * len(languages) + ["7212"] * 4 + ["8332"] * 4
    normalizer = TitleNormalizer(min_examples=10).fit(builtin_taxonomy)
    normalizer.partial_fit(titles, groups, strict=False)
    assert normalizer.classifier_ is not None
    top = normalizer.normalize("Programista Rust").top
    assert top is not None and top.isco_group == "2514"
    # The taxonomy's labels are still known: a title of a group no example shows.
    assert normalizer.normalize("сварщик").top.isco_group == "7212"
    assert normalizer.normalize("Murarz").top.isco_group == "7112"

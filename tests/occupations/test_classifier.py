"""The example classifier: coded titles (and descriptions) teach an agency's conventions."""

from __future__ import annotations

import pytest

from matching.errors import InvalidInputError
from matching.occupations import Taxonomy
from matching.occupations.classifier import ExampleClassifier
from matching.occupations.normalizer import TitleNormalizer

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

"""Every ESCO occupation in ISCO major groups 5-9 has a Georgian (also Latin-typed) and a
Russian name (issue 17, point 4), read through the same loader the normaliser uses."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from matching.occupations import load_esco
from matching.occupations.taxonomy import PACKAGE_DATA, LabelKind, lexicon_files
from matching.occupations.text import fold

GROUPS_5_9 = PACKAGE_DATA / "lexicon_esco_groups5_9_ka_ru.csv"


@pytest.mark.slow
def test_every_occupation_in_groups_5_to_9_has_ka_latin_and_ru_names(esco_dir: Path) -> None:
    taxonomy = load_esco(esco_dir, languages=["en"], with_skills=False)
    languages: dict[str, set[str]] = defaultdict(set)
    for label in taxonomy.labels:
        if label.kind is LabelKind.LEXICON:
            languages[label.uri].add(label.language)
    missing = sorted(
        f"{occ.isco_group} {occ.preferred_label}"
        for uri, occ in taxonomy.occupations.items()
        if occ.isco_group[:1] in "56789" and not {"ka", "ka-Latn", "ru"} <= languages[uri]
    )
    assert not missing, f"{len(missing)} without ka, ka-Latn and ru: {missing[:20]}"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_groups_5_9_lexicon_is_well_formed() -> None:
    rows = _rows(GROUPS_5_9)
    assert len(rows) > 2000
    for no, row in enumerate(rows, start=2):
        assert len(row["isco_group"]) == 4 and row["isco_group"].isdigit(), no
        assert row["label"] == row["label"].strip() and row["label"], no
        if row["lang"] == "ka":
            assert any("\u10d0" <= ch <= "\u10ff" for ch in row["label"]), no
        if row["lang"] == "ru":
            assert any("\u0400" <= ch <= "\u04ff" for ch in row["label"]), no
        if row["lang"] == "ka-Latn":
            assert row["label"].isascii() and "'" not in row["label"], no


def test_groups_5_9_lexicon_does_not_take_words_of_other_groups() -> None:
    """A new name never repeats one the other lexicons give to a different ISCO group:
    such a word ("მკერავი", "швея") would pull titles away from the trade they name."""
    others: dict[str, set[str]] = defaultdict(set)
    for path in lexicon_files():
        if path != GROUPS_5_9:
            for row in _rows(path):
                others[fold(row["label"])].add(row["isco_group"])
    clashes = [
        (row["label"], row["isco_group"], sorted(others[fold(row["label"])]))
        for row in _rows(GROUPS_5_9)
        if row["lang"] in {"ka", "ru"} and others[fold(row["label"])] - {row["isco_group"]}
    ]
    assert not clashes, clashes[:10]


def test_bulk_names_yield_to_the_curated_lexicons() -> None:
    """Names written for coverage are never ``preferred``: where a title could match one of
    them or a curated trade name, the curated name (weight 1.0 against 0.98) wins."""
    forms = {row["form"] for row in _rows(GROUPS_5_9)}
    assert forms <= {"alternative", "feminine", "latin"}
    assert {"alternative", "latin"} <= forms

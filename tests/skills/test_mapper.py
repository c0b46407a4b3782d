"""SkillMapper: free-text skills in six languages mapped to ESCO skills."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matching.errors import DataFileError, NotFittedError
from matching.index.encoders import HashingEncoder
from matching.occupations import Taxonomy
from matching.occupations.taxonomy import SKILL_URI_PREFIX, LabelKind
from matching.skills import (
    SkillMapper,
    normalize_skill_text,
    read_skill_lexicon,
    skill_labels,
    skill_lexicon_files,
    split_skill_text,
)

FORKLIFT = SKILL_URI_PREFIX + "28cb374e-6261-4133-8371-f9a5470145da"


@pytest.fixture(scope="module")
def mapper(builtin_taxonomy: Taxonomy) -> SkillMapper:
    return SkillMapper().fit(builtin_taxonomy)


def test_every_lexicon_row_names_a_builtin_skill(builtin_taxonomy):
    for path in skill_lexicon_files():
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        labels = read_skill_lexicon(path, builtin_taxonomy.skills)
        assert len(labels) == len(rows) > 500
        assert {lb.language for lb in labels} >= {"ka", "ru", "pl", "de", "en", "he"}


def test_skill_labels_include_esco_alternatives_and_the_lexicon(builtin_taxonomy):
    labels = skill_labels(builtin_taxonomy)
    kinds = {lb.kind for lb in labels}
    assert {LabelKind.PREFERRED, LabelKind.ALTERNATIVE, LabelKind.LEXICON} <= kinds


def test_batch_map_returns_typed_ranked_matches(mapper):
    (georgian, russian, none) = mapper.batch_map(
        ["ავტოჩამტვირთველის მართვა", "Работа на погрузчике!", "xyzzy qwerty"], limit=3
    )
    assert georgian[0].uri == FORKLIFT and georgian[0].score == 1.0
    assert georgian[0].language == "ka" and georgian[0].kind is LabelKind.LEXICON
    assert russian[0].uri == FORKLIFT
    assert [m.score for m in georgian] == sorted((m.score for m in georgian), reverse=True)
    assert none == ()


def test_inflected_and_misspelt_forms_still_map(mapper):
    assert mapper.map("შედუღების")[0].label == "welding techniques"
    assert mapper.map("сварочных работ")[0].label == "welding techniques"
    assert mapper.map("Fliesenleger")[0].label == "lay tiles"


def test_uri_maps_to_itself_and_unknown_uri_to_nothing(mapper):
    assert mapper.map(FORKLIFT)[0].uri == FORKLIFT
    assert mapper.map(SKILL_URI_PREFIX + "nope") == ()


def test_one_string_is_refused_and_unfitted_raises(mapper):
    with pytest.raises(TypeError):
        mapper.batch_map("сварка")  # type: ignore[arg-type]
    with pytest.raises(NotFittedError):
        SkillMapper().map("сварка")


def test_an_encoder_is_blended_in_without_losing_exact_labels(builtin_taxonomy):
    mapper = SkillMapper(HashingEncoder(dim=256), encoder_weight=0.5).fit(builtin_taxonomy)
    assert mapper.map("ავტოჩამტვირთველის მართვა")[0].uri == FORKLIFT
    assert mapper.vectors_ is not None and mapper.vectors_.shape[1] == 256


def test_split_and_normalise():
    assert split_skill_text("сварка; чтение чертежей, MIG/MAG\n• ტრაქტორი") == [
        "сварка",
        "чтение чертежей",
        "MIG/MAG",
        "ტრაქტორი",
    ]
    assert normalize_skill_text("Ёлка — HACCP!") == "елка haccp"


def test_bad_lexicon_language_is_an_error(tmp_path: Path, builtin_taxonomy):
    path = tmp_path / "skill_lexicon_x.csv"
    path.write_text("skill_uri,lang,label\n28cb374e-6261-4133-8371-f9a5470145da,xx,foo\n")
    with pytest.raises(DataFileError):
        read_skill_lexicon(path, builtin_taxonomy.skills)

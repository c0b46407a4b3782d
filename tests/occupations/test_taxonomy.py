from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from matching.errors import DataFileError
from matching.occupations import LabelKind, Taxonomy, load_esco
from matching.occupations.taxonomy import (
    COVERAGE_LEXICONS,
    ISCO_URI_PREFIX,
    LEXICON_COLUMNS,
    lexicon_files,
    read_lexicon,
)

WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
DRIVER = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"
SKILL = "http://data.europa.eu/esco/skill/0a8e5c76-0000-4000-8000-000000000001"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def small_esco(tmp_path: Path) -> Path:
    """A tiny export in the official layout: two occupations, one skill, Polish labels."""
    core = tmp_path / "v1.1.1"
    groups = [
        ("7", "Craft and related trades workers"),
        ("72", "Metal trades"),
        ("721", "Sheet and structural metal workers"),
        ("7212", "Welders and flame cutters"),
        ("8", "Plant and machine operators"),
        ("83", "Drivers"),
        ("833", "Heavy truck and bus drivers"),
        ("8332", "Heavy truck and lorry drivers"),
    ]
    _write(
        core / "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel"],
        [["ISCOGroup", ISCO_URI_PREFIX + c, c, label] for c, label in groups],
    )
    _write(
        core / "occupations_en.csv",
        [
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "description",
            "code",
        ],
        [
            [
                "Occupation",
                WELDER,
                "7212",
                "welder",
                "welding operative\nwelder fabricator",
                "",
                "Welders join metal.",
                "7212.3",
            ],
            [
                "Occupation",
                DRIVER,
                "8332",
                "cargo vehicle driver",
                "heavy goods vehicle driver\ntrucker",
                "",
                "Drive trucks.",
                "8332.1",
            ],
        ],
    )
    _write(
        core / "skills_en.csv",
        ["conceptUri", "skillType", "reuseLevel", "preferredLabel"],
        [[SKILL, "skill/competence", "sector-specific", "use welding equipment"]],
    )
    _write(
        core / "occupationSkillRelations.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [[WELDER, "essential", "skill/competence", SKILL]],
    )
    _write(
        tmp_path / "labels" / "occupations_pl.csv",
        ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels"],
        [[WELDER, "spawacz", "spawaczka", ""], [DRIVER, "kierowca samochodu ciężarowego", "", ""]],
    )
    return tmp_path


def test_load_esco_from_a_small_export(small_esco: Path) -> None:
    taxonomy = load_esco(small_esco, lexicons=[])
    assert set(taxonomy.occupations) == {WELDER, DRIVER}
    assert taxonomy.occupations[WELDER].isco_group == "7212"
    assert taxonomy.essential_skills(WELDER) == (SKILL,)
    assert taxonomy.skill_label(SKILL) == "use welding equipment"
    texts = {(lb.text, lb.language, lb.kind) for lb in taxonomy.labels if lb.uri == WELDER}
    assert ("welding operative", "en", LabelKind.ALTERNATIVE) in texts
    assert ("spawaczka", "pl", LabelKind.ALTERNATIVE) in texts
    assert taxonomy.concept_label(ISCO_URI_PREFIX + "7212") == "Welders and flame cutters"
    assert taxonomy.isco_path("7212") == ("7", "72", "721", "7212")
    assert taxonomy.isco_shared_depth("7212", "7214") == 3


def test_missing_file_is_named(small_esco: Path) -> None:
    (small_esco / "v1.1.1" / "skills_en.csv").unlink()
    with pytest.raises(DataFileError, match=r"skills_en\.csv: file not found"):
        load_esco(small_esco, lexicons=[])


def test_missing_column_is_named(small_esco: Path) -> None:
    _write(small_esco / "v1.1.1" / "occupations_en.csv", ["conceptUri", "preferredLabel"], [])
    with pytest.raises(
        DataFileError, match=r"occupations_en.csv, row 1: missing column\(s\): iscoGroup"
    ):
        load_esco(small_esco, lexicons=[])


def test_malformed_row_names_file_row_and_field(small_esco: Path) -> None:
    path = small_esco / "v1.1.1" / "occupations_en.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[2][2] = "83X2"
    _write(path, rows[0], rows[1:])
    with pytest.raises(DataFileError) as err:
        load_esco(small_esco, lexicons=[])
    assert err.value.row is not None and err.value.row > 2
    assert err.value.field == "iscoGroup"
    assert "occupations_en.csv" in str(err.value)


def test_lexicon_rows_are_checked(small_esco: Path, tmp_path: Path) -> None:
    taxonomy = load_esco(small_esco, lexicons=[])
    good = tmp_path / "lexicon_test.csv"
    _write(good, list(LEXICON_COLUMNS), [[WELDER, "7212", "ka", "შემდუღებელი", "preferred"]])
    labels = read_lexicon(good, taxonomy.occupations, taxonomy.isco_groups)
    assert labels[0].kind is LabelKind.LEXICON and labels[0].language == "ka"
    bad = tmp_path / "lexicon_bad.csv"
    _write(
        bad,
        list(LEXICON_COLUMNS),
        [
            [WELDER, "7212", "ka", "შემდუღებელი", "preferred"],
            [WELDER, "7213", "ru", "сварщик", "preferred"],
        ],
    )
    with pytest.raises(DataFileError, match=r"row 3, field 'isco_group'"):
        read_lexicon(bad, taxonomy.occupations, taxonomy.isco_groups)


def test_builtin_catalogue_covers_the_migration_trades(builtin_taxonomy: Taxonomy) -> None:
    assert len(builtin_taxonomy.occupations) >= 150
    groups = {o.isco_group for o in builtin_taxonomy.occupations.values()}
    for code in ("7212", "8332", "7112", "7123", "7131", "7411", "7126", "9112", "5322", "9211"):
        assert code in groups, code
    assert builtin_taxonomy.essential_skills(WELDER)
    languages = builtin_taxonomy.languages()
    for lang in ("en", "pl", "de", "ka", "ru"):
        assert lang in languages


def _lexicon_rows() -> list[tuple[Path, int, dict[str, str]]]:
    rows = []
    for path in lexicon_files():
        with path.open(encoding="utf-8", newline="") as fh:
            rows.extend((path, i + 2, row) for i, row in enumerate(csv.DictReader(fh)))
    return rows


def test_lexicon_files_are_well_formed_and_complete(builtin_taxonomy: Taxonomy) -> None:
    rows = _lexicon_rows()
    assert rows, "the package ships its lexicons"
    seen = Counter((r["concept_uri"], r["lang"], r["label"]) for _, _, r in rows)
    assert not [k for k, n in seen.items() if n > 1], "duplicate lexicon rows"
    preferred: dict[str, set[str]] = defaultdict(set)
    for path, line, row in rows:
        uri = row["concept_uri"]
        if uri.startswith(ISCO_URI_PREFIX):
            assert row["isco_group"] in builtin_taxonomy.isco_groups, (path.name, line)
        elif path.name in COVERAGE_LEXICONS:
            # Coverage lexicons name all of ISCO 5-9; the catalogue keeps to the schemes'
            # trades (test_lexicon_agrees_with_full_esco checks these rows against ESCO).
            occ = builtin_taxonomy.occupations.get(uri)
            assert occ is None or occ.isco_group == row["isco_group"], (path.name, line)
        else:
            # Every occupation the lexicons name is in the built-in catalogue, with its group.
            assert uri in builtin_taxonomy.occupations, (path.name, line, "rebuild the catalogue")
            assert builtin_taxonomy.occupations[uri].isco_group == row["isco_group"], (
                path.name,
                line,
            )
        if row["form"] == "preferred":
            preferred[uri].add(row["lang"])
    unit_groups = [c for c in builtin_taxonomy.isco_groups if len(c) == 4]
    named = [c for c in unit_groups if {"ka", "ru"} <= preferred.get(ISCO_URI_PREFIX + c, set())]
    assert len(named) == len(unit_groups), sorted(set(unit_groups) - set(named))[:10]
    occupations = [u for u in preferred if not u.startswith(ISCO_URI_PREFIX)]
    assert sum({"ka", "ru"} <= preferred[u] for u in occupations) >= 300
    assert sum("he" in preferred[u] for u in occupations) >= 50


@pytest.mark.esco
def test_lexicon_agrees_with_full_esco(esco_dir: Path) -> None:
    taxonomy = load_esco(esco_dir, languages=[], with_skills=False, lexicons=[])
    for path, line, row in _lexicon_rows():
        uri = row["concept_uri"]
        if not uri.startswith(ISCO_URI_PREFIX):
            assert uri in taxonomy.occupations, (path.name, line)
            assert taxonomy.occupations[uri].isco_group == row["isco_group"], (path.name, line)


@pytest.mark.esco
def test_full_esco_loads(esco_dir: Path) -> None:
    taxonomy = load_esco(esco_dir, languages=["pl"])
    assert len(taxonomy.occupations) == 3007
    assert len([g for g in taxonomy.isco_groups if len(g) == 4]) == 436
    driver = next(
        o for o in taxonomy.occupations.values() if o.preferred_label == "cargo vehicle driver"
    )
    assert driver.isco_group == "8332"
    assert taxonomy.essential_skills(driver.uri)

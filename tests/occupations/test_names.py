"""Occupations named in the reader's language: the look-up's rule, its coverage, its cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.errors import DataFileError
from matching.occupations.names import OccupationNames, occupation_name, occupation_names
from matching.occupations.taxonomy import ISCO_URI_PREFIX, load_builtin

OCC = "http://data.europa.eu/esco/occupation/"
WELDER = OCC + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"  # 7212
PLASTERER = OCC + "f4a22809-c00c-4dd0-8b09-c7251f8dcd1c"  # 7123
HEADER = "concept_uri,isco_group,lang,label,form\n"


def _lexicon(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_preferred_then_coverage_then_any_alternative_never_colloquial(tmp_path: Path) -> None:
    a, b, c, d = (OCC + x for x in "abcd")
    curated = _lexicon(
        tmp_path / "lexicon_a_trades.csv",
        [
            f"{a},7212,ka,ალტერნატიული,alternative",
            f"{a},7212,ka,სახელი,preferred",
            f"{a},7212,ka,მეორე სახელი,preferred",  # the first preferred one wins
            f"{b},7212,ka,სხვა ლექსიკონის,alternative",
            f"{c},7212,ka,ხალხური,colloquial",
            f"{c},7212,ka-Latn,latinuri,latin",
            f"{d},7212,ru,женская,feminine",
        ],
    )
    coverage = _lexicon(
        tmp_path / "lexicon_esco_groups5_9_ka_ru.csv",
        [f"{b},7212,ka,დაფარვის,alternative", f"{b},7212,ka,მეორე,alternative"],
    )
    groups = _lexicon(
        tmp_path / "lexicon_isco.csv", [f"{ISCO_URI_PREFIX}7212,7212,ka,შემდუღებელი,preferred"]
    )
    names = OccupationNames.from_lexicons([curated, coverage, groups])
    assert names.name("a", "ka", uri=a) == "სახელი"
    assert names.name("b", "ka", uri=b) == "დაფარვის"  # the coverage lexicon's first name
    # colloquial and Latin-typed forms never name it: its unit group does
    assert names.name("c", "ka", uri=c, isco="7212") == "შემდუღებელი"
    assert names.name("c", "ka", uri=c) == "c"
    assert names.name("d", "ru", uri=d) == "d"  # a feminine form alone: the English label
    assert names.name("a", "en", uri=a, isco="7212") == "a"  # English readers: ESCO's label
    assert names.name("x", "ka") == "x"


def test_a_malformed_lexicon_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon_bad.csv"
    bad.write_text("concept_uri,lang,label\nx,ka,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"lexicon_bad\.csv"):
        OccupationNames.from_lexicons([bad])


def test_the_shipped_lexicons_name_welders_and_plasterers() -> None:
    assert occupation_name("welder", "ka", uri=WELDER, isco="7212") == "შემდუღებელი"
    assert occupation_name("welder", "ru", uri=WELDER, isco="7212") == "сварщик"
    assert occupation_name("plasterer", "ka", uri=PLASTERER) == "მლესავი"
    assert occupation_name("plasterer", "en", uri=PLASTERER) == "plasterer"
    # an occupation the lexicons do not name, in a unit group they do
    assert occupation_name("x", "ka", uri=OCC + "unknown", isco="7123") != "x"


@pytest.mark.parametrize("language", ["ka", "ru"])
def test_every_builtin_occupation_has_a_name_in_georgian_and_russian(language: str) -> None:
    """The built-in catalogue (ISCO 5-9, care work, the schemes' trades) is named in full
    from the occupation itself, without falling back to its unit group."""
    taxonomy = load_builtin()
    unnamed = [
        o.preferred_label
        for o in taxonomy.occupations.values()
        if occupation_name(o.preferred_label, language, uri=o.uri) == o.preferred_label
    ]
    assert not unnamed
    groups = [g for g in taxonomy.isco_groups.values() if g.level == 4]
    assert all(
        occupation_name(g.preferred_label, language, isco=g.code) != g.preferred_label
        for g in groups
    )


def test_the_lookup_is_read_once() -> None:
    assert occupation_names() is occupation_names()
    assert occupation_names.cache_info().currsize == 1


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ka", "ru"])
def test_every_esco_occupation_of_groups_5_to_9_is_named_by_itself(
    esco_dir: Path, language: str
) -> None:
    """Full ESCO: ISCO major groups 5-9 are named from the occupation itself (the coverage
    lexicon), never by the unit-group fallback nor in English."""
    from matching.occupations import load_esco

    taxonomy = load_esco(esco_dir, languages=["en"], with_skills=False)
    unnamed = [
        f"{o.isco_group} {o.preferred_label}"
        for o in taxonomy.occupations.values()
        if o.isco_group[:1] in "56789"
        and occupation_name(o.preferred_label, language, uri=o.uri) == o.preferred_label
    ]
    assert not unnamed, unnamed[:20]

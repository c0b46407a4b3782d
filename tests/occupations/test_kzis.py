from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matching.config import Settings
from matching.errors import ConfigurationError, DataFileError
from matching.occupations import Taxonomy, load_taxonomy
from matching.occupations.descriptions import stated_occupation
from matching.occupations.kzis import (
    KzisSource,
    add_kzis,
    kzis_concepts,
    load_kzis,
    split_thesaurus,
)
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.taxonomy import ISCO_URI_PREFIX, LabelKind

KZIS_DIR = Path(__file__).parents[1] / "data" / "kzis"
WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
TRUCK_DRIVER = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"


@pytest.fixture(scope="module")
def kzis_taxonomy(builtin_taxonomy: Taxonomy) -> Taxonomy:
    return add_kzis(builtin_taxonomy, load_kzis(KZIS_DIR))


@pytest.fixture(scope="module")
def kzis_normalizer(kzis_taxonomy: Taxonomy) -> TitleNormalizer:
    return TitleNormalizer().fit(kzis_taxonomy)


# --- loading ---------------------------------------------------------------------------
def test_load_kzis_reads_every_source() -> None:
    kzis = load_kzis(KZIS_DIR)
    assert kzis.version == "kzis-2023"
    assert set(kzis.occupations) == {"721204", "721290", "833203", "223101"}
    assert kzis.occupations["721204"].isco_group == "7212"
    assert kzis.groups["7212"] == "Spawacze i pokrewni"
    texts = {(lb.code, lb.text, lb.source) for lb in kzis.labels}
    assert ("721204", "Spawacz", KzisSource.OFFICIAL) in texts
    assert ("7212", "Spawacze i pokrewni", KzisSource.HIERARCHY) in texts
    assert ("721204", "SPAWACZ (ELEKTRYCZNY, GAZOWY)", KzisSource.THESAURUS) in texts
    assert ("721204", "spawaczka", KzisSource.ESCO) in texts
    # One label per code and name: the hierarchy repeats "Spawacz", ESCO "spawacz".
    assert sum(lb.code == "721204" and lb.text.lower() == "spawacz" for lb in kzis.labels) == 1
    assert "spawanie łukowe" in kzis.descriptions["721204"]
    assert "tachograf" in kzis.descriptions["8332"]


def test_split_thesaurus_keeps_commas_in_parentheses() -> None:
    assert split_thesaurus("Poseł, Senator,  PRZEDSTAWICIEL (MARSZAŁEK, STAROSTA), ") == [
        "Poseł",
        "Senator",
        "PRZEDSTAWICIEL (MARSZAŁEK, STAROSTA)",
    ]


def test_missing_hierarchy_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="kzis_hierarchy_"):
        load_kzis(tmp_path)


def test_malformed_code_is_named(tmp_path: Path) -> None:
    shutil.copytree(KZIS_DIR, tmp_path / "kzis")
    (tmp_path / "kzis" / "gus_thesaurus.csv").write_text('code,desc\n7212x,"Spawacz"\n')
    with pytest.raises(DataFileError, match=r"gus_thesaurus.csv, row 2.*not a KZiS code"):
        load_kzis(tmp_path / "kzis")


# --- the taxonomy ----------------------------------------------------------------------
def test_add_kzis_links_esco_occupations(
    builtin_taxonomy: Taxonomy, kzis_taxonomy: Taxonomy
) -> None:
    assert kzis_taxonomy.version == builtin_taxonomy.version
    assert builtin_taxonomy.kzis_version is None
    assert kzis_taxonomy.kzis_version == "kzis-2023"
    kzis = kzis_taxonomy.kzis
    assert kzis is not None
    assert kzis.occupations["721204"].esco_uris == (WELDER,)
    assert kzis.occupations["833203"].esco_uris == (TRUCK_DRIVER,)
    labels = {(lb.text, lb.uri) for lb in kzis_taxonomy.labels if lb.kind is LabelKind.KZIS}
    # Linked: every name of the code goes to the ESCO occupation.
    assert ("Spawacz gazowy", WELDER) in labels
    assert ("Kierowca TIR-a", TRUCK_DRIVER) in labels
    # Not linked: the unit group; a parenthetical is also indexed without it.
    assert ("Pozostali spawacze i pokrewni", ISCO_URI_PREFIX + "7212") in labels
    assert ("SPAWACZ", WELDER) in labels
    # KZiS's own unit groups (nurses, 2231) join the ISCO groups.
    assert ("Pielęgniarka", ISCO_URI_PREFIX + "2231") in labels
    assert kzis_taxonomy.isco_groups["2231"].preferred_label == "Pielęgniarki"
    assert "2231" not in builtin_taxonomy.isco_groups
    assert kzis_concepts(kzis, "721204") == (WELDER, ISCO_URI_PREFIX + "7212")
    with pytest.raises(ValueError, match="unknown KZiS code '999999'"):
        kzis_concepts(kzis, "999999")


def test_settings_and_load_taxonomy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATCHING_KZIS_DIR", raising=False)  # CI sets it for the real-data test
    assert Settings(_env_file=None).kzis_dir is None
    monkeypatch.setenv("MATCHING_KZIS_DIR", str(KZIS_DIR))
    settings = Settings(_env_file=None)
    assert settings.kzis_dir == KZIS_DIR
    taxonomy = load_taxonomy(None, kzis_dir=settings.kzis_dir)
    assert taxonomy.kzis_version == "kzis-2023"
    assert load_taxonomy(None).kzis is None


# --- the normaliser --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "isco"),
    [("Spawacz gazowy", "7212"), ("Kierowca TIR-a (m/k)", "8332"), ("Pielęgniarka", "2231")],
)
def test_kzis_names_are_found(kzis_normalizer: TitleNormalizer, title: str, isco: str) -> None:
    top = kzis_normalizer.normalize(title).top
    assert top is not None
    assert top.isco_group == isco


def test_a_kzis_code_is_coded_directly(kzis_normalizer: TitleNormalizer) -> None:
    result = kzis_normalizer.normalize("Pracownik zmianowy", kzis_code="721204")
    # The code's ESCO occupation; the group, which has occupations, is never listed as one.
    assert result.matches[0].uri == WELDER
    assert not any(m.is_isco_group and m.isco_group == "7212" for m in result)
    assert result.top is not None
    assert (result.top.isco_group, result.top.score, result.top.needs_review) == (
        "7212",
        1.0,
        False,
    )
    # Not linked to ESCO: the unit group, which without an occupation (Poland's own 2231)
    # stays a group, and with one gives the occupation the title matched, else its
    # representative, as everywhere else.
    nurse = kzis_normalizer.normalize("Pielęgniarka", kzis_code="223101").top
    assert nurse is not None
    assert (nurse.uri, nurse.isco_group) == (ISCO_URI_PREFIX + "2231", "2231")
    driver = kzis_normalizer.normalize("Pracownik zmianowy", kzis_code="833203")
    assert driver.top is not None
    assert (driver.top.isco_group, driver.top.is_isco_group) == ("8332", False)
    assert not any(m.is_isco_group and m.isco_group == "8332" for m in driver)
    plain = kzis_normalizer.batch_normalize(["Spawacz", "Kierowca"], kzis_codes=[None, ""])
    assert plain == kzis_normalizer.batch_normalize(["Spawacz", "Kierowca"])
    with pytest.raises(ValueError, match="title 1: unknown KZiS code '12'"):
        kzis_normalizer.batch_normalize(["Spawacz", "Spawacz"], kzis_codes=["721204", "12"])
    with pytest.raises(ValueError, match="1 titles but 2 KZiS codes"):
        kzis_normalizer.batch_normalize(["Spawacz"], kzis_codes=["721204", "833203"])


def test_kzis_codes_need_kzis(builtin_normalizer: TitleNormalizer) -> None:
    with pytest.raises(ConfigurationError, match="MATCHING_KZIS_DIR"):
        builtin_normalizer.normalize("Spawacz", kzis_code="721204")


def test_descriptions_settle_an_unclear_title(kzis_normalizer: TitleNormalizer) -> None:
    text = "Spawanie elementów metalowych, czytanie rysunku technicznego."
    for title in ("Oferta nr 17/2021", ""):
        assert kzis_normalizer.normalize(title).top is None or (
            kzis_normalizer.normalize(title).top.isco_group != "7212"
        )
        described = kzis_normalizer.normalize(title, description=text)
        assert described.top is not None
        assert described.top.isco_group == "7212", title
    # A clear title keeps its ranking whatever the description says.
    clear = kzis_normalizer.normalize("Spawacz", description="Prowadzenie samochodu ciężarowego.")
    assert clear == kzis_normalizer.normalize("Spawacz")
    with pytest.raises(ValueError, match="2 titles but 1 descriptions"):
        kzis_normalizer.batch_normalize(["Spawacz", "Kierowca"], ["tekst"])


# --- persistence -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zmianowość:jedna zmiana Zawód:spawacz Praca tymczasowa:NIE", "spawacz"),
        (
            "Wymagania konieczne:Wykształcenie:zasadnicze Zawody:Kierowca samochodu ciężarowego",
            "Kierowca samochodu ciężarowego",
        ),
        ("Zawód: tapicer* Wymiar etatu:1", "tapicer"),
        ("Szukamy kierowcy. Wymagania: prawo jazdy kat. C", ""),
        (None, ""),
    ],
)
def test_stated_occupation(text: str | None, name: str) -> None:
    assert stated_occupation(text) == name


def test_an_ad_stating_its_occupation_is_read_by_it(kzis_normalizer: TitleNormalizer) -> None:
    # A public employment office's offer under a vague title names its KZiS occupation.
    text = "Praca na dwie zmiany. Zawód:Kierowca samochodu ciężarowego Praca tymczasowa:NIE"
    title = "Pracownik zmianowy"
    assert kzis_normalizer.normalize(title).top is None or (
        kzis_normalizer.normalize(title).top.isco_group != "8332"
    )
    described = kzis_normalizer.normalize(title, description=text).top
    assert described is not None
    assert (described.isco_group, described.score) == ("8332", 1.0)
    # A description without the field leaves the title's own keys alone.
    plain = "Praca na dwie zmiany przy produkcji."
    assert kzis_normalizer.normalize("Spawacz", description=plain) == kzis_normalizer.normalize(
        "Spawacz"
    )


def test_save_load_round_trip_with_kzis(
    kzis_taxonomy: Taxonomy, builtin_taxonomy: Taxonomy, tmp_path: Path
) -> None:
    normalizer = TitleNormalizer(min_examples=2).fit(kzis_taxonomy)
    normalizer.partial_fit(
        ["Operator zgrzewarki", "Kierowca chłodni", "Pomocnik spawacza"],
        ["7212", "8332", "7212"],
        descriptions=["zgrzewanie i spawanie", "przewóz towarów chłodnią", None],
    )
    titles = ["Spawacz gazowy", "Kierowca TIR-a", "Operator zgrzewarki", "Pracownik"]
    descriptions = [None, None, None, "przewóz towarów samochodem"]
    expected = normalizer.batch_normalize(titles, descriptions, kzis_codes=["721204", *[None] * 3])
    normalizer.save(tmp_path / "norm")
    config = (tmp_path / "norm" / "config.json").read_text()
    assert '"kzis_version": "kzis-2023"' in config
    loaded = TitleNormalizer.load(tmp_path / "norm", kzis_taxonomy)
    assert loaded.description_model_.examples_ == normalizer.description_model_.examples_
    actual = loaded.batch_normalize(titles, descriptions, kzis_codes=["721204", *[None] * 3])
    assert actual == expected
    # Saved with KZiS, loaded without (and the other way round): refused.
    with pytest.raises(ConfigurationError, match=r"KZiS 'kzis-2023'.*rebuild it"):
        TitleNormalizer.load(tmp_path / "norm", builtin_taxonomy)
    TitleNormalizer().fit(builtin_taxonomy).save(tmp_path / "plain")
    with pytest.raises(ConfigurationError, match=r"KZiS None.*rebuild it"):
        TitleNormalizer.load(tmp_path / "plain", kzis_taxonomy)


# --- the real classification -----------------------------------------------------------
@pytest.fixture(scope="session")
def kzis_dir(settings: Settings) -> Path:
    """The configured KZiS directory (MATCHING_KZIS_DIR); tests needing it skip without it."""
    if settings.kzis_dir is None:
        pytest.skip("no KZiS directory configured (set MATCHING_KZIS_DIR)")
    return settings.kzis_dir


@pytest.mark.esco
@pytest.mark.slow
def test_real_kzis(kzis_dir: Path, builtin_taxonomy: Taxonomy) -> None:
    kzis = load_kzis(kzis_dir)
    assert len(kzis.occupations) >= 2911
    assert {lb.source for lb in kzis.labels} == set(KzisSource)
    assert all(lb.isco_group == lb.code[:4] for lb in kzis.labels)
    normalizer = TitleNormalizer().fit(add_kzis(builtin_taxonomy, kzis))
    for title, isco in [("Spawacz", "7212"), ("Kierowca samochodu ciężarowego", "8332")]:
        assert normalizer.normalize(title).top.isco_group == isco, title
    coded = normalizer.normalize("Pracownik", kzis_code="833203").top
    assert (coded.isco_group, coded.uri) == ("8332", TRUCK_DRIVER)
    # Linked to none: an occupation of its group (the one rule for groups), not the group.
    coded = normalizer.normalize("Pracownik", kzis_code="721204").top
    assert (coded.isco_group, coded.is_isco_group) == ("7212", False)

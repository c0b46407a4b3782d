"""Requirements stated only in a vacancy's text fill its empty fields on import."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from matching_population import CARGO_DRIVER, SEASON, experience, seeker

from matching.config import Settings
from matching.intake.importer import import_vacancies
from matching.intake.text_requirements import fill_from_text
from matching.ranking import Matcher
from matching.records import Certificate, DrivingLicence, LanguageSkill, Vacancy
from matching.storage import Store

TEXT_PL = (
    "Wymagania: prawo jazdy kat. C+E, kod 95, uprawnienia ADR, "
    "min. 2 lata doświadczenia, język polski na poziomie A2"
)


def write_demand_list(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = ["Stanowisko", "esco_uri", "Prawo jazdy", "Wymagania", "Liczba miejsc"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns)
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})
    return path


def test_empty_fields_are_read_from_the_wymagania_column(store: Store, tmp_path: Path) -> None:
    path = write_demand_list(
        tmp_path / "pl.csv",
        [{"Stanowisko": "Kierowca C+E", "esco_uri": CARGO_DRIVER, "Wymagania": TEXT_PL}],
    )
    report = import_vacancies(path, store, normalizer=None, destination_country="PL")
    assert report.errors == [] and report.columns["Wymagania"] == "description"
    (v,) = store.list_vacancies()
    assert [c.value for c in v.required_driving] == ["CE"] and v.requires_code95
    assert v.required_languages == [LanguageSkill(language="pl", level="A2")]
    assert v.min_experience_years == 2
    assert any(c.kind == "adr" for c in v.required_certificates)
    assert v.read_from_text == [
        "required_driving",
        "requires_code95",
        "required_certificates",
        "required_languages",
        "min_experience_years",
    ]
    assert not v.needs_review


def test_a_filled_column_is_never_overridden(store: Store, tmp_path: Path) -> None:
    path = write_demand_list(
        tmp_path / "pl.csv",
        [
            {
                "Stanowisko": "Kierowca",
                "esco_uri": CARGO_DRIVER,
                "Prawo jazdy": "C",
                "Wymagania": TEXT_PL,
            }
        ],
    )
    import_vacancies(path, store, normalizer=None, destination_country="PL")
    (v,) = store.list_vacancies()
    assert [c.value for c in v.required_driving] == ["C"]  # the column, not the text's C+E
    assert "required_driving" not in v.read_from_text
    assert v.requires_code95 and "requires_code95" in v.read_from_text


def test_given_values_even_zero_or_no_are_kept() -> None:
    v = Vacancy(
        external_id="PL-1",
        destination_country="PL",
        title="kierowca",
        description=TEXT_PL,
        min_experience_years=0,
    )
    (filled,) = fill_from_text([v], [{"min_experience_years", "requires_code95"}])
    assert filled.min_experience_years == 0 and not filled.requires_code95
    assert "min_experience_years" not in filled.read_from_text
    assert "required_driving" in filled.read_from_text


def test_a_level_read_from_a_word_or_an_age_limit_needs_review() -> None:
    words = Vacancy(
        external_id="DE-1",
        destination_country="DE",
        title="Pflegehelfer",
        description="Gute Deutschkenntnisse erforderlich",
    )
    age = Vacancy(
        external_id="PL-2",
        destination_country="PL",
        title="pomocnik",
        description="wiek 20-45 lat",
    )
    plain = Vacancy(external_id="PL-3", destination_country="PL", title="pomocnik")
    a, b, c = fill_from_text([words, age, plain], [set(), set(), set()])
    assert a.required_languages and a.needs_review
    # an age limit is read into min_age/max_age (gates) and always asks for review
    assert b.needs_review and b.read_from_text == ["min_age", "max_age"]
    assert (b.min_age, b.max_age) == (20, 45)
    assert c is plain


def test_requirements_only_in_text_make_the_gates_fire(
    store: Store, tmp_path: Path, builtin_taxonomy
) -> None:
    path = write_demand_list(
        tmp_path / "pl.csv",
        [{"Stanowisko": "Kierowca C+E", "esco_uri": CARGO_DRIVER, "Wymagania": TEXT_PL}],
    )
    import_vacancies(path, store, normalizer=None, destination_country="PL")
    (v,) = store.list_vacancies()
    v = v.model_copy(update={"season_start": SEASON})
    driving = experience(CARGO_DRIVER, 5, builtin_taxonomy)
    qualified = seeker(
        "GE-OK",
        experience=[driving],
        driving_licence=DrivingLicence(categories=["CE"], code95=True),
        languages=[LanguageSkill(language="pl", level="B1")],
        certificates=[Certificate(kind="adr")],
    )
    car_only = seeker(
        "GE-B",
        experience=[driving],
        driving_licence=DrivingLicence(categories=["B"]),
        languages=[LanguageSkill(language="pl", level="B1")],
        certificates=[Certificate(kind="adr")],
    )
    matcher = Matcher(Settings(), today=date(2026, 3, 1)).fit(
        [qualified, car_only], builtin_taxonomy
    )
    shortlist = matcher.match_vacancy(v)
    assert [m.job_seeker_id for m in shortlist.matches] == ["GE-OK"]
    # without the text the person with a car licence would have been shortlisted
    bare = v.model_copy(
        update={
            f: Vacancy.model_fields[f].get_default(call_default_factory=True)
            for f in v.read_from_text
        }
    )
    assert {m.job_seeker_id for m in matcher.match_vacancy(bare).matches} == {"GE-OK", "GE-B"}

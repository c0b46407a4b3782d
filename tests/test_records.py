"""Every validation rule of matching.records, accepted and rejected."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from matching.records import (
    WELDING_PROCESSES,
    Cefr,
    Certificate,
    CertificateKind,
    Consent,
    DemandList,
    DrivingCategory,
    DrivingLicence,
    Gender,
    GeorgianRegion,
    JobSeeker,
    LanguageSkill,
    MigrationEpisode,
    Vacancy,
    WorkExperience,
)


def person(**fields: object) -> JobSeeker:
    return JobSeeker.model_validate({"external_id": "GE-1", "full_name": "ნინო", **fields})


def job(**fields: object) -> Vacancy:
    return Vacancy.model_validate(
        {"external_id": "PL-1", "destination_country": "PL", "title": "Murarz", **fields}
    )


# ----------------------------------------------------------------------------- shared types
@pytest.mark.parametrize("external_id", ["GE-1", "pl:2027-001", "a.b_c", "x" * 64, "ნინო-1"])
def test_external_id_accepted(external_id: str) -> None:
    assert person(external_id=external_id).external_id == external_id


# "/" is refused: no URL path could carry it to read or erase the record.
@pytest.mark.parametrize("external_id", ["", "has space", "x" * 65, "ნომერი#1", "pl:2027/001"])
def test_external_id_rejected(external_id: str) -> None:
    with pytest.raises(ValidationError, match="external_id"):
        person(external_id=external_id)


@pytest.mark.parametrize("country", ["pl", "POL", "P1", ""])
def test_country_code_must_be_two_capitals(country: str) -> None:
    with pytest.raises(ValidationError):
        job(destination_country=country)


@pytest.mark.parametrize("language", ["PL", "p", "polish", "p1"])
def test_language_code_must_be_iso_639(language: str) -> None:
    with pytest.raises(ValidationError):
        LanguageSkill(language=language, level="A1")
    assert LanguageSkill(language="kat", level="C2").language == "kat"


def test_esco_uri_must_be_an_esco_concept() -> None:
    assert job(esco_uri="http://data.europa.eu/esco/isco/C7212").esco_uri
    with pytest.raises(ValidationError, match="esco_uri"):
        job(esco_uri="https://example.org/occupation/welder")


# ----------------------------------------------------------------------------- CEFR
@pytest.mark.parametrize(("value", "level"), [("B1", Cefr.B1), ("c2", Cefr.C2), (3, Cefr.B1)])
def test_cefr_parses_names_and_numbers(value: object, level: Cefr) -> None:
    assert Cefr.parse(value) is level
    assert LanguageSkill(language="pl", level=value).level is level


@pytest.mark.parametrize("value", ["D1", "B3", "fluent", 0, 7, ""])
def test_cefr_rejects_other_levels(value: object) -> None:
    with pytest.raises(ValueError):
        Cefr.parse(value)
    with pytest.raises(ValidationError):
        LanguageSkill(language="pl", level=value)


def test_cefr_levels_are_ordered() -> None:
    assert Cefr.A1 < Cefr.A2 < Cefr.B1 < Cefr.B2 < Cefr.C1 < Cefr.C2


# ----------------------------------------------------------------------------- driving
@pytest.mark.parametrize("text", ["C+E", "ce", "C E", " CE "])
def test_driving_category_reads_c_plus_e(text: str) -> None:
    assert DrivingCategory.parse(text) is DrivingCategory.CE


def test_driving_category_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown driving licence category"):
        DrivingCategory.parse("Z")
    with pytest.raises(ValidationError):
        DrivingLicence(categories="B, Z")


def test_driving_licence_reads_a_cell_and_writes_sorted_json() -> None:
    licence = DrivingLicence(categories="CE; B/ C", code95=True)
    assert licence.categories == {DrivingCategory.B, DrivingCategory.C, DrivingCategory.CE}
    assert licence.model_dump(mode="json")["categories"] == ["B", "C", "CE"]
    assert DrivingLicence(categories="").categories == frozenset()


def test_vacancy_driving_requirements_parse_a_cell() -> None:
    assert job(required_driving="C+E, B").required_driving == [
        DrivingCategory.CE,
        DrivingCategory.B,
    ]
    with pytest.raises(ValidationError):
        job(required_driving="X9")


# ----------------------------------------------------------------------------- certificates
@pytest.mark.parametrize("process", sorted(WELDING_PROCESSES))
def test_welding_certificate_with_an_iso_4063_process(process: str) -> None:
    assert Certificate(kind="welding", code=process).code == process


@pytest.mark.parametrize("code", [None, "999", "MIG"])
def test_welding_certificate_needs_a_known_process(code: str | None) -> None:
    with pytest.raises(ValidationError, match="ISO 4063"):
        Certificate(kind="welding", code=code)


def test_other_certificates_need_no_code_and_unknown_kinds_fail() -> None:
    assert Certificate(kind="adr").code is None
    assert Certificate(kind=CertificateKind.FORKLIFT, code="UDT II WJO").code == "UDT II WJO"
    with pytest.raises(ValidationError):
        Certificate(kind="astronaut")
    with pytest.raises(ValidationError):
        Certificate(kind="other", code="x" * 33)


def test_certificate_satisfies_kind_code_and_validity() -> None:
    held = Certificate(kind="welding", code="135", valid_until=date(2027, 1, 1))
    assert held.satisfies(Certificate(kind="welding", code="135"))
    assert not held.satisfies(Certificate(kind="welding", code="141"))
    assert not held.satisfies(Certificate(kind="adr"))
    assert held.satisfies(Certificate(kind="welding", code="135"), on=date(2026, 12, 31))
    assert not held.satisfies(Certificate(kind="welding", code="135"), on=date(2027, 1, 2))
    assert Certificate(kind="adr").satisfies(Certificate(kind="adr"), on=date(2099, 1, 1))


# ----------------------------------------------------------------------------- experience
def test_work_experience_limits() -> None:
    assert WorkExperience(title="მძღოლი", years=0).years == 0
    for bad in (
        {"title": "", "years": 1},
        {"title": "x", "years": -1},
        {"title": "x", "years": 61},
        {"title": "x" * 301, "years": 1},
        {"title": "x", "years": 1, "isco_group": "721"},
        {"title": "x", "years": 1, "normalizer_score": 1.2},
        {"title": "x", "years": 1, "country": "Georgia"},
    ):
        with pytest.raises(ValidationError):
            WorkExperience.model_validate(bad)


def test_migration_episode_end_not_before_start() -> None:
    assert MigrationEpisode(country="PL", start=date(2022, 3, 1), end=date(2022, 3, 1))
    with pytest.raises(ValidationError, match="end is before start"):
        MigrationEpisode(country="PL", start=date(2022, 3, 1), end=date(2022, 2, 28))


# ----------------------------------------------------------------------------- consent
def test_consent_given_needs_a_date() -> None:
    with pytest.raises(ValidationError, match="consent given without a date"):
        Consent(given=True)
    assert Consent(given=False).active is False


def test_consent_active_until_withdrawn() -> None:
    assert Consent(given=True, date=date(2026, 1, 1)).active
    withdrawn = Consent(given=True, date=date(2026, 1, 1), withdrawn=date(2026, 2, 1))
    assert not withdrawn.active
    assert person().consent.active is False  # no consent unless given


# ----------------------------------------------------------------------------- job seeker
def test_personal_number_is_eleven_digits() -> None:
    assert person(personal_number="010 0101 2345").personal_number == "01001012345"
    assert person(personal_number="").personal_number is None
    for bad in ("0100101234", "010010123456", "0100101234A"):
        with pytest.raises(ValidationError, match="11 digits"):
            person(personal_number=bad)


def test_birth_date_range() -> None:
    assert person(birth_date=date(1930, 1, 1)).birth_date
    with pytest.raises(ValidationError, match="birth date out of range"):
        person(birth_date=date(1929, 12, 31))
    with pytest.raises(ValidationError, match="birth date out of range"):
        person(birth_date=date.today() + timedelta(days=1))


def test_phone_and_email() -> None:
    assert person(phone="+995 (599) 12-34-56").phone == "+995 (599) 12-34-56"
    assert person(phone="").phone is None
    with pytest.raises(ValidationError, match="not a phone number"):
        person(phone="call me")
    assert person(email="Nino@Example.GE").email == "nino@example.ge"
    assert person(email="").email is None
    with pytest.raises(ValidationError, match="not an e-mail address"):
        person(email="nino at example.ge")


def test_enumerations_and_limits() -> None:
    seeker = person(gender="female", region="Kvemo Kartli", education_isced=8)
    assert seeker.gender is Gender.FEMALE and seeker.region is GeorgianRegion.KVEMO_KARTLI
    assert person().gender is Gender.UNDISCLOSED
    for bad in (
        {"gender": "w"},
        {"region": "Tiflis"},
        {"education_isced": 9},
        {"full_name": ""},
        {"agency": "x" * 121},
        {"destination_preferences": ["Poland"]},
    ):
        with pytest.raises(ValidationError):
            person(**bad)


def test_strings_are_stripped() -> None:
    assert person(full_name="  ნინო ბერიძე ").full_name == "ნინო ბერიძე"


def test_age_language_level_and_years() -> None:
    seeker = person(
        birth_date=date(1990, 5, 1),
        languages=[
            LanguageSkill(language="pl", level="A2"),
            LanguageSkill(language="pl", level="B1"),
        ],
        experience=[
            WorkExperience(title="a", years=2, isco_group="7212", esco_uri=None),
            WorkExperience(title="b", years=3.5, isco_group="8332"),
        ],
    )
    assert seeker.age_on(date(2026, 4, 30)) == 35
    assert seeker.age_on(date(2026, 5, 1)) == 36
    assert person().age_on(date(2026, 1, 1)) is None
    assert seeker.language_level("pl") is Cefr.B1
    assert seeker.language_level("de") is None
    assert seeker.total_years() == 5.5
    assert seeker.total_years(isco_group="8332") == 3.5


# ----------------------------------------------------------------------------- vacancy
def test_season_dates_ordered() -> None:
    assert job(season_start=date(2027, 6, 1), season_end=date(2027, 6, 1)).season_end
    with pytest.raises(ValidationError, match="season_end is before season_start"):
        job(season_start=date(2027, 9, 1), season_end=date(2027, 6, 1))


def test_wage_needs_a_currency_code_and_a_period() -> None:
    assert job(wage_amount=32, wage_currency="PLN", wage_period="hour").wage_currency == "PLN"
    with pytest.raises(ValidationError, match="wage_amount given without wage_currency"):
        job(wage_amount=32)
    for bad in (
        {"wage_amount": 32, "wage_currency": "zł"},
        {"wage_amount": 32, "wage_currency": "pln"},
        {"wage_amount": -1, "wage_currency": "PLN"},
        {"wage_period": "fortnight"},
        {"worker_fee_currency": "EURO"},
    ):
        with pytest.raises(ValidationError):
            job(**bad)


def test_vacancy_limits_and_fee_flag() -> None:
    for bad in (
        {"positions": 0},
        {"positions": 10_001},
        {"min_experience_years": 41},
        {"contract_months": 0},
        {"worker_fee": -5},
        {"title": ""},
    ):
        with pytest.raises(ValidationError):
            job(**bad)
    assert not job().charges_worker_fee
    assert not job(worker_fee=0).charges_worker_fee
    assert job(worker_fee=1500, worker_fee_currency="PLN").charges_worker_fee


def test_demand_list_vacancy_ids_unique_and_positions_summed() -> None:
    a, b = job(external_id="A", positions=3), job(external_id="B", positions=4)
    assert DemandList(external_id="L", destination_country="PL", vacancies=[a, b]).positions == 7
    with pytest.raises(ValidationError, match="appears twice"):
        DemandList(external_id="L", destination_country="PL", vacancies=[a, a])

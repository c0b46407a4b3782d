"""The intake parsers on what registry clerks really type, language by language."""

from __future__ import annotations

import contextlib
import json
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.intake.certificates import parse_certificates
from matching.intake.countries import country_code, parse_countries, parse_country
from matching.intake.driving import parse_driving
from matching.intake.education import parse_education
from matching.intake.errors import MESSAGES, CellError, Reason, cell_text
from matching.intake.gender import parse_gender
from matching.intake.languages import LEVEL_WORDS, language_code, parse_languages
from matching.intake.quantities import (
    parse_amount,
    parse_number,
    parse_personal_number,
    parse_whole_number,
    parse_year,
)
from matching.records import Cefr, Certificate, CertificateKind, Gender, JobSeeker


def _error(call, *args, **kwargs) -> CellError:
    with pytest.raises(CellError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- errors --------------------------------------------------------------------------
def test_every_reason_has_an_english_default() -> None:
    assert set(MESSAGES) == set(Reason)


def test_cell_error_is_structured() -> None:
    error = _error(parse_driving, "B, Z", field="required_driving")
    assert error.field == "required_driving"
    assert error.value == "B, Z"
    assert error.reason is Reason.UNKNOWN_DRIVING_CATEGORY
    assert error.params == {"token": "Z"}
    assert str(error) == "required_driving: unknown driving licence category 'Z' in 'B, Z'"
    assert isinstance(error, ValueError)


def test_cell_error_renders_through_a_catalogue() -> None:
    georgian = {MESSAGES[Reason.UNKNOWN_GENDER]: "უცნობი სქესი {value!r}", "gender": "სქესი"}
    error = _error(parse_gender, "xyz")
    assert error.render(lambda text: georgian.get(text, text)) == "სქესი: უცნობი სქესი 'xyz'"
    assert error.render() == str(error) == "gender: unknown gender 'xyz'"


def test_pasted_invisibles_are_dropped() -> None:
    assert parse_personal_number("\ufeff01001012345\u200b") == "01001012345"


@pytest.mark.parametrize("text", ["ab\x00c", "x\x1b[31m", "\x7f", "a\x85b", "12\u202e34"])
def test_control_characters_are_refused(text: str) -> None:
    error = _error(cell_text, text, "full_name")
    assert error.reason is Reason.CONTROL_CHARACTER and error.field == "full_name"


# --- personal numbers and numbers ----------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [("01001012345", "01001012345"), (" 01001012345 ", "01001012345"),
     (1001012345, "01001012345"), (1001012345.0, "01001012345")],
)  # fmt: skip
def test_personal_number(value: object, expected: str) -> None:
    assert parse_personal_number(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("٠١٠٠١٠١٢٣٤٥", Reason.NON_ASCII_DIGITS),  # Arabic-Indic
        ("۰۱۰۰۱۰۱۲۳۴۵", Reason.NON_ASCII_DIGITS),  # Extended Arabic-Indic
        ("０１００１０１２３４５", Reason.NON_ASCII_DIGITS),  # full-width
        ("0100101234", Reason.PERSONAL_NUMBER),
        ("010010123456", Reason.PERSONAL_NUMBER),
        ("0100101234x", Reason.PERSONAL_NUMBER),
        ("010 010 12345", Reason.PERSONAL_NUMBER),
        ("01001012345\x00", Reason.CONTROL_CHARACTER),
        (-1001012345, Reason.PERSONAL_NUMBER),
        (1001012345.5, Reason.PERSONAL_NUMBER),
        (math.nan, Reason.NOT_FINITE),
        (True, Reason.PERSONAL_NUMBER),
    ],
)
def test_personal_number_refused(value: object, reason: Reason) -> None:
    error = _error(parse_personal_number, value)
    assert (error.field, error.reason) == ("personal_number", reason)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2,5", 2.5), ("1 250,50", 1250.5), ("1.250,50", 1250.5), ("2.500", 2500.0),
     ("min. 2 lata", 2.0), ("3 წელი", 3.0), (7, 7.0), ("+4", 4.0)],
)  # fmt: skip
def test_numbers(value: object, expected: float) -> None:
    assert parse_number(value, "min_experience_years") == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-5", Reason.NEGATIVE),
        ("\u22125", Reason.NEGATIVE),  # the minus sign
        (-0.5, Reason.NEGATIVE),
        ("NaN", Reason.NOT_FINITE),
        ("Infinity", Reason.NOT_FINITE),
        ("-inf", Reason.NOT_FINITE),
        (math.inf, Reason.NOT_FINITE),
        (math.nan, Reason.NOT_FINITE),
        ("١٠", Reason.NON_ASCII_DIGITS),
        ("1\x00", Reason.CONTROL_CHARACTER),
        ("ათასი", Reason.NOT_A_NUMBER),
        ("2 - 3", Reason.NOT_A_NUMBER),
        (True, Reason.NOT_A_NUMBER),
    ],
)
def test_fees_refuse_what_is_no_amount(value: object, reason: Reason) -> None:
    error = _error(parse_amount, value, "worker_fee")
    assert (error.field, error.reason) == ("worker_fee", reason)


def test_years_and_whole_numbers() -> None:
    assert parse_year("2019", "migration_year") == 2019
    assert _error(parse_year, "-2019", "migration_year").reason is Reason.NEGATIVE
    assert _error(parse_year, "1850", "migration_year").reason is Reason.OUT_OF_RANGE
    assert _error(parse_year, "2019.5", "migration_year").reason is Reason.NOT_WHOLE
    assert parse_whole_number("10 osób", "positions", minimum=1) == 10
    assert _error(parse_whole_number, "0", "positions", minimum=1).params == {
        "minimum": 1,
        "maximum": None,
    }


# --- gender ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("მამრ.", Gender.MALE), ("მამრობითი", Gender.MALE), ("კაცი", Gender.MALE),
        ("მ", Gender.MALE), ("მამაკაცი", Gender.MALE), ("kaci", Gender.MALE),
        ("მდედრ.", Gender.FEMALE), ("მდედრობითი", Gender.FEMALE), ("ქალი", Gender.FEMALE),
        ("ქ", Gender.FEMALE), ("qali", Gender.FEMALE),
        ("муж.", Gender.MALE), ("мужской", Gender.MALE), ("М", Gender.MALE),
        ("жен.", Gender.FEMALE), ("Женщина", Gender.FEMALE), ("ж", Gender.FEMALE),
        ("male", Gender.MALE), ("M", Gender.MALE), ("Fem.", Gender.FEMALE),
        ("f", Gender.FEMALE), ("K", Gender.FEMALE), ("kobieta", Gender.FEMALE),
        ("mężczyzna", Gender.MALE), ("weiblich", Gender.FEMALE), ("divers", Gender.OTHER),
        ("კაცი/მამრ.", Gender.MALE),
    ],
)  # fmt: skip
def test_gender(text: str, gender: Gender) -> None:
    assert parse_gender(text) is gender


@pytest.mark.parametrize(
    ("text", "reason"),
    [("მ/ქ", Reason.AMBIGUOUS_GENDER), ("м/ж", Reason.AMBIGUOUS_GENDER),
     ("m/f", Reason.AMBIGUOUS_GENDER), ("ma", Reason.UNKNOWN_GENDER),
     ("xyz", Reason.UNKNOWN_GENDER)],
)  # fmt: skip
def test_gender_refused(text: str, reason: Reason) -> None:
    assert _error(parse_gender, text).reason is reason


# --- education -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "isced"),
    [
        ("უმაღლესი", 6), ("უმაღლესი განათლება", 6), ("საშუალო", 3), ("სრული საშუალო", 3),
        ("არასრული საშუალო", 2), ("საბაზო", 2), ("დაწყებითი", 1), ("პროფესიული", 4),
        ("საშუალო პროფესიული", 4), ("უმაღლესი პროფესიული", 5), ("ბაკალავრი", 6),
        ("მაგისტრი", 7), ("დოქტორი", 8), ("უმაღლესი (ბაკალავრი)", 6),
        ("სრული საშუალო/პროფესიული", 4), ("umaghlesi", 6), ("sashualo", 3),
        ("profesiuli", 4), ("magistri", 7),
        ("higher", 6), ("Higher education", 6), ("secondary", 3), ("vocational", 4),
        ("Bachelor degree", 6), ("Master of Science", 7), ("PhD", 8), ("primary", 1),
        ("высшее", 6), ("Высшее образование", 6), ("среднее", 3), ("среднее специальное", 4),
        ("Среднее-специальное", 4), ("среднее профессиональное", 4), ("неполное высшее", 3),
        ("Высшее (магистр)", 7), ("бакалавр", 6), ("кандидат наук", 8),
        ("wyższe", 6), ("wyższe magisterskie", 7), ("średnie", 3), ("zawodowe", 3),
        ("6", 6), ("ISCED 7", 7), (3, 3), (5.0, 5),
    ],
)  # fmt: skip
def test_education(text: object, isced: int) -> None:
    assert parse_education(text) == isced
    JobSeeker(external_id="x", full_name="x", education_isced=parse_education(text))


@pytest.mark.parametrize(
    ("value", "reason"),
    [("9", Reason.OUT_OF_RANGE), ("-1", Reason.OUT_OF_RANGE), (6.5, Reason.OUT_OF_RANGE),
     (math.nan, Reason.NOT_FINITE), ("კარგი", Reason.UNKNOWN_EDUCATION)],
)  # fmt: skip
def test_education_refused(value: object, reason: Reason) -> None:
    error = _error(parse_education, value)
    assert (error.field, error.reason) == ("education_isced", reason)


# --- driving ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "categories", "code95"),
    [
        ("В, С, СЕ", ["B", "C", "CE"], False),  # Cyrillic
        ("ВЕ", ["BE"], False),
        ("C+E", ["CE"], False),
        ("С + Е", ["CE"], False),
        ("C E", ["CE"], False),
        ("B და C", ["B", "C"], False),
        ("В и С", ["B", "C"], False),
        ("B/C/D", ["B", "C", "D"], False),
        ("B; C1; D1E", ["B", "C1", "D1E"], False),
        ("BC", ["B", "C"], False),
        ("ВСЕ", ["B", "CE"], False),
        ("kat. C+E, 95", ["CE"], True),
        ("კატ. B, C, კოდი 95", ["B", "C"], True),
        ("категория В, С, код 95", ["B", "C"], True),
        ("ბ, ც", ["B", "C"], False),
        ("Д", ["D"], False),
        ("М", ["AM"], False),
        ("Code 95", [], True),
    ],
)
def test_driving(text: str, categories: list[str], code95: bool) -> None:
    reading = parse_driving(text)
    assert [c.value for c in reading.categories] == categories
    assert reading.code95 is code95


@pytest.mark.parametrize("text", ["Z", "B1", "B, X", "Tm"])
def test_driving_refused(text: str) -> None:
    assert _error(parse_driving, text).reason is Reason.UNKNOWN_DRIVING_CATEGORY


# --- certificates ------------------------------------------------------------------------
W = CertificateKind.WELDING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISO 9606-1 135@2026-03-01", [(W, "135", date(2026, 3, 1))]),
        ("ISO 9606-1 135 до 01.03.2026", [(W, "135", date(2026, 3, 1))]),
        ("EN ISO 9606-1:2017 141 valid until 2027-06-30", [(W, "141", date(2027, 6, 30))]),
        ("PN-EN ISO 9606-1 136 P FW FM1 S t10 PB", [(W, "136", None)]),
        ("EN 287-1 111 ważny do 12.12.2025", [(W, "111", date(2025, 12, 12))]),
        ("ISO 9606-1 135/136", [(W, "135", None), (W, "136", None)]),
        ("ISO 9606-1 135, 141", [(W, "135", None), (W, "141", None)]),
        ("spawanie TIG", [(W, "141", None)]),
        ("MIG/MAG", [(W, "135", None)]),
        ("сварщик 111 до 2027-05-01", [(W, "111", date(2027, 5, 1))]),
        ("შედუღება 141", [(W, "141", None)]),
        ("welding:135; adr; forklift@2027-01-31",
         [(W, "135", None), (CertificateKind.ADR, None, None),
          (CertificateKind.FORKLIFT, None, date(2027, 1, 31))]),
        ("UDT wózki", [(CertificateKind.FORKLIFT, None, None)]),
        ("UDT", [(CertificateKind.FORKLIFT, None, None)]),
        ("UDT suwnice", [(CertificateKind.CRANE, None, None)]),
        ("Staplerschein", [(CertificateKind.FORKLIFT, None, None)]),
        ("ADR", [(CertificateKind.ADR, None, None)]),
        ("ДОПОГ до 01.09.2028", [(CertificateKind.ADR, None, date(2028, 9, 1))]),
        ("Code 95", [(CertificateKind.CODE95, None, None)]),
        ("კოდი 95", [(CertificateKind.CODE95, None, None)]),
        ("код 95", [(CertificateKind.CODE95, None, None)]),
        ("HACCP", [(CertificateKind.FOOD_HYGIENE, None, None)]),
        ("SEP E", [(CertificateKind.ELECTRICAL, None, None)]),
        ("პირველადი დახმარება", [(CertificateKind.FIRST_AID, None, None)]),
    ],
)  # fmt: skip
def test_certificates(text: str, expected: list[tuple]) -> None:
    certificates = parse_certificates(text)
    assert [(c.kind, c.code, c.valid_until) for c in certificates] == expected
    assert all(isinstance(c, Certificate) for c in certificates)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("ISO 9606-1", Reason.WELDING_PROCESS), ("welding 999", Reason.WELDING_PROCESS),
     ("Jedi licence", Reason.UNKNOWN_CERTIFICATE), ("ADR 31.02.2026", Reason.UNKNOWN_DATE)],
)  # fmt: skip
def test_certificates_refused(text: str, reason: Reason) -> None:
    assert _error(parse_certificates, text).reason is reason


# --- languages -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("რუსული - კარგად", [("ru", Cefr.B1, True)]),
        ("ინგლისური B1", [("en", Cefr.B1, False)]),
        ("ქართული - მშობლიური", [("ka", Cefr.C2, False)]),
        ("გერმანული - საბაზისო", [("de", Cefr.A1, True)]),
        ("პოლონური ძალიან კარგად", [("pl", Cefr.B2, True)]),
        ("inglisuri kargad", [("en", Cefr.B1, True)]),
        ("rusuli - tavisuflad", [("ru", Cefr.C1, True)]),
        ("Deutsch Grundkenntnisse", [("de", Cefr.A1, True)]),
        ("Englisch gute Kenntnisse", [("en", Cefr.B1, True)]),
        ("польский - базовый", [("pl", Cefr.A1, True)]),
        ("русский родной", [("ru", Cefr.C2, False)]),
        ("английский А2", [("en", Cefr.A2, False)]),  # a Cyrillic А
        ("знание польского языка базовое", [("pl", Cefr.A1, True)]),
        ("по-английски свободно", [("en", Cefr.C1, True)]),
        ("English fluent", [("en", Cefr.C1, True)]),
        ("English A2/B1", [("en", Cefr.A2, True)]),
        ("English B2+", [("en", Cefr.B2, False)]),
        ("English - B1 (intermediate)", [("en", Cefr.B1, False)]),
        ("ინგლისური ენა - საშუალო დონე", [("en", Cefr.B1, True)]),
        (
            "Russian: native, English: upper-intermediate",
            [("ru", Cefr.C2, False), ("en", Cefr.B2, True)],
        ),
        ("angielski komunikatywny", [("en", Cefr.B1, True)]),
        ("po polsku trochę", [("pl", Cefr.A1, True)]),
        ("עברית בסיסית", [("he", Cefr.A1, True)]),
        ("українська вільно", [("uk", Cefr.C1, True)]),
        ("pl:A2; en:B1", [("pl", Cefr.A2, False), ("en", Cefr.B1, False)]),
        ("немецкий - нет, английский B1", [("en", Cefr.B1, False)]),
    ],
)
def test_languages(text: str, expected: list[tuple]) -> None:
    readings = parse_languages(text)
    assert [(r.language, r.level, r.needs_review) for r in readings] == expected
    assert [r.skill().language for r in readings] == [e[0] for e in expected]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("Klingon B1", Reason.UNKNOWN_LANGUAGE), ("English", Reason.NO_LANGUAGE_LEVEL),
     ("xx B1", Reason.UNKNOWN_LANGUAGE)],
)  # fmt: skip
def test_languages_refused(text: str, reason: Reason) -> None:
    assert _error(parse_languages, text).reason is reason


@pytest.mark.parametrize(
    ("name", "code"),
    [("რუსული", "ru"), ("русский", "ru"), ("rosyjski", "ru"), ("Russisch", "ru"),
     ("רוסית", "ru"), ("російська", "ru"), ("russe", "ru"), ("ქართული", "ka"),
     ("kartuli", "ka"), ("Georgian", "ka"), ("грузинский", "ka"), ("gruziński", "ka"),
     ("Turkish", "tr"), ("თურქული", "tr"), ("азербайджанский", "az"), ("სომხური", "hy"),
     ("po niemiecku", "de"), ("ინგლისურად", "en"), ("английского", "en")],
)  # fmt: skip
def test_language_names_come_from_cldr(name: str, code: str) -> None:
    assert language_code(name) == code


def test_level_words_are_conservative() -> None:
    # Only "native" gives a level without review; no word below native reaches C2.
    assert {w for w, (lv, review) in LEVEL_WORDS.items() if not review} == {
        w for w, (lv, _) in LEVEL_WORDS.items() if lv is Cefr.C2
    }


# --- countries -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [("პოლონეთი", "PL"), ("პოლონეთში", "PL"), ("polonetshi", "PL"), ("Polska", "PL"),
     ("w Polsce", "PL"), ("Польша", "PL"), ("в Польше", "PL"), ("Польща", "PL"),
     ("פולין", "PL"), ("Pologne", "PL"), ("Lenkija", "PL"), ("Poola", "PL"),
     ("Germany", "DE"), ("Niemcy", "DE"), ("w Niemczech", "DE"), ("Deutschland", "DE"),
     ("გერმანიაში", "DE"), ("из Германии", "DE"), ("Israël", "IL"), ("ისრაელი", "IL"),
     ("საქართველო", "GE"), ("Sakartvelo", "GE"), ("Gruzja", "GE"), ("ge", "GE"),
     ("UK", "GB"), ("USA", "US"), ("აშშ", "US"), ("Czech Republic", "CZ"), ("Czechy", "CZ"),
     ("Holland", "NL"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Bosnia & Herzegovina", "BA"),
     ("Niger", "NE"), ("Nigeria", "NG")],
)  # fmt: skip
def test_countries(text: str, code: str) -> None:
    assert parse_country(text) == code


def test_countries_lists_and_errors() -> None:
    assert parse_countries("PL, DE") == ["PL", "DE"]
    assert parse_countries("პოლონეთი და გერმანია") == ["PL", "DE"]
    assert parse_countries("Polska / Niemcy; Polska") == ["PL", "DE"]
    assert parse_countries(["pl", "Litwa"]) == ["PL", "LT"]
    assert parse_countries("Polska, Bośnia i Hercegowina") == ["PL", "BA"]
    assert parse_countries("Польша и Германия") == ["PL", "DE"]
    assert country_code("Mars") is None
    for text, reason in (("XX", Reason.UNKNOWN_COUNTRY), ("Mars", Reason.UNKNOWN_COUNTRY),
                         ("", Reason.EMPTY)):  # fmt: skip
        error = _error(parse_country, text)
        assert (error.field, error.reason) == ("destination_country", reason)


# --- the hand tables importing.py had: every spelling they knew still reads the same -------
# Frozen from the last version of matching/intake/cells.py that held them (3eef81d).
_OLD_TABLES = json.loads(
    (Path(__file__).parent / "data" / "importing_tables.json").read_text(encoding="utf-8")
)


def test_drop_in_for_the_language_table() -> None:
    for code, names in _OLD_TABLES["languages"].items():
        for name in names:
            assert language_code(name) == code, name


def test_drop_in_for_the_certificate_table() -> None:
    for value, words in _OLD_TABLES["certificates"].items():
        kind = CertificateKind(value)
        for word in words:
            text = f"{word} 135" if kind is CertificateKind.WELDING else word
            assert parse_certificates(text)[0].kind is kind, word


# --- any text: a result or a CellError, nothing else ---------------------------------------
_PARSERS = [
    parse_gender, parse_education, parse_driving, parse_certificates, parse_languages,
    parse_country, parse_countries, parse_personal_number,
    lambda v: parse_amount(v, "worker_fee"), lambda v: parse_year(v, "year"),
]  # fmt: skip
_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("აბგქმრ ВСЕжм ABCE12+.,;/-:@0123456789٣\x00 ")), max_size=30
) | st.text(max_size=20)


@settings(max_examples=300, deadline=None)
@given(_CELL_TEXT)
def test_parsers_raise_only_cell_errors(text: str) -> None:
    for parse in _PARSERS:
        with contextlib.suppress(CellError):
            parse(text)

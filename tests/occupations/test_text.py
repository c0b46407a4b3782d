from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.occupations.text import (
    clean_title,
    extract_requirements,
    fold,
    loose_latin_key,
    restore_georgian_compound,
    script_of,
    to_latin,
    to_mkhedruli,
)

GEORGIAN_LETTERS = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"


@pytest.mark.parametrize(
    ("georgian", "latin"),
    [
        ("შემდუღებელი", "shemdughebeli"),
        ("მძღოლი", "mdzgholi"),
        ("მზარეული", "mzareuli"),
        ("წყალგაყვანილობა", "ts'q'algaq'vaniloba"),
        ("ჭურჭლის მრეცხავი", "ch'urch'lis mretskhavi"),
    ],
)
def test_national_transliteration(georgian: str, latin: str) -> None:
    assert to_latin(georgian) == latin
    assert to_mkhedruli(latin) == georgian


@given(st.text(alphabet=GEORGIAN_LETTERS + " -", max_size=40))
def test_iso9984_round_trips_any_georgian_text(text: str) -> None:
    assert to_mkhedruli(to_latin(text, scheme="iso9984"), scheme="iso9984") == text


@pytest.mark.parametrize(
    ("georgian", "typed"),
    [
        ("პლიტკის ოსტატი", "plitkis ostati"),  # პ ტ კ: ejectives, written p' t' k'
        ("ტრაქტორისტი", "traqtoristi"),
        ("მწყემსი", "mtskemsi"),
        ("ჭურჭლის მრეცხავი", "churchlis mretskhavi"),
    ],
)
def test_mkhedruli_and_its_informal_typing_share_the_loose_key(georgian: str, typed: str) -> None:
    assert loose_latin_key(georgian) == loose_latin_key(typed)


def test_mtavruli_capitals_transliterate_like_mkhedruli() -> None:
    assert to_latin("ᲛᲖᲐᲠᲔᲣᲚᲘ") == to_latin("მზარეული")


@pytest.mark.parametrize(
    "variant", ["shemdughebeli", "shemdugebeli", "wemdugebeli", "SHEMDUGHEBELI", "shemdughebeli."]
)
def test_informal_latin_georgian_shares_one_key(variant: str) -> None:
    assert loose_latin_key(variant) == loose_latin_key("შემდუღებელი")


def test_fold_drops_case_diacritics_and_punctuation() -> None:
    assert fold("Spawacz/Spawaczka – ŁÓDŹ!") == "spawacz spawaczka lodz"
    assert fold("Сварщик ЁЛКА") == "сварщик елка"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("შემდუღებელი", "Geor"),
        ("сварщик", "Cyrl"),
        ("רתך", "Hebr"),
        ("Spawacz", "Latn"),
        ("135", "Zyyy"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Spawacz MIG/MAG (m/w/d) – Niemcy, od 25 zł/h", "Spawacz MIG/MAG"),
        ("Schweißer/in (m/w/d)", "Schweißer"),
        ("Pracownik magazynu (k/m) - Wrocław", "Pracownik magazynu"),
        ("Elektryk - praca od zaraz!", "Elektryk"),
        ("Soudeur (H/F)", "Soudeur"),
        ("מטפל/ת סיעודי/ת", "מטפל סיעודי"),
        ("128 - brukarz", "brukarz"),
        ("Kierowca C+E – transport międzynarodowy", "Kierowca C+E – transport międzynarodowy"),
        ("Monter (instalacje sanitarne)", "Monter (instalacje sanitarne)"),
        ("Praca - Polska", "Praca - Polska"),  # never cleaned away entirely
        # Destinations in their inflected forms, with the preposition before them.
        ("Opiekunka osób starszych w Niemczech 1500 euro", "Opiekunka osób starszych"),
        ("Сварщик в Польше, опыт от 2 лет", "Сварщик"),
        ("Водитель CE, зарплата от 3000 евро", "Водитель CE"),
        ("სამუშაო პოლონეთში - შემდუღებელი", "შემდუღებელი"),
        ("მალიარი ისრაელში ხელფასი 2000$", "მალიარი"),
        ("სვარშიკი, ხელფასი 3000 ლარი", "სვარშიკი"),
        ("მზარეული 5 წლიანი გამოცდილებით", "მზარეული"),
        ("Kucharz, wynagrodzenie: 5000 zł", "Kucharz"),
        ("Нужен сварщик на работу в Польшу", "сварщик"),
        ("გვჭირდება მძღოლი სამუშაოდ გერმანიაში", "მძღოლი"),
        ("Wir suchen Schweißer (m/w/d)", "Schweißer"),
        # Words that only look like noise stay.
        ("Operator wózka widłowego na produkcji", "Operator wózka widłowego na produkcji"),
        ("სამშენებლო სამუშაოების მწარმოებელი", "სამშენებლო სამუშაოების მწარმოებელი"),
    ],
)
def test_clean_title_removes_ad_noise_only(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_extract_requirements_reads_processes_and_licences() -> None:
    assert extract_requirements("Spawacz MIG/MAG 135")["welding_processes"] == ["131", "135"]
    assert extract_requirements("Schweißer WIG 141/111")["welding_processes"] == ["111", "141"]
    assert extract_requirements("Kierowca kat. C+E")["driving"] == ["CE"]
    assert extract_requirements("Elektryk 135 zł")["driving"] == []


@pytest.mark.parametrize(
    ("compound", "restored"),
    [
        ("მძღოლ-ექსპედიტორი", "მძღოლი-ექსპედიტორი"),  # consonant stem: -ი comes back
        ("მზარეულ-კონდიტერი", "მზარეული-კონდიტერი"),
        ("შემდუღებელი-მონტაჟისტი", "შემდუღებელი-მონტაჟისტი"),  # already nominative
        ("ექიმ-ლაბორანტ-ოპერატორი", "ექიმი-ლაბორანტი-ოპერატორი"),
        ("C+E-მძღოლი", "C+E-მძღოლი"),  # only Georgian members
    ],
)
def test_georgian_compounds_get_their_nominative_back(compound: str, restored: str) -> None:
    assert restore_georgian_compound(compound) == restored

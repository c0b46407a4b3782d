"""Reading requirements from vacancy text: small real-looking examples in six languages."""

from __future__ import annotations

import pytest

from matching.records import Cefr, CertificateKind, DrivingCategory, Vacancy
from matching.requirements import (
    REQUIREMENT_COLUMNS,
    CertificateRequirement,
    Document,
    LanguageRequirement,
    TextRequirements,
    batch_extract_requirements,
    extract_requirements,
    requirements_row,
)


def row(text: str) -> dict[str, str]:
    return requirements_row(extract_requirements(text))


# ---------------------------------------------------------------- the brief's examples


def test_polish_driver_ad() -> None:
    r = row(
        "prawo jazdy kat. C+E, świadectwo kwalifikacji (kod 95), karta kierowcy, "
        "min. 2 lata doświadczenia, komunikatywny polski"
    )
    assert r == {
        "driving": "CE",
        "code95": "1",
        "certificates": "driver_card",
        "languages": "pl:A2",
        "min_experience_years": "2",
        "age_min": "",
        "age_max": "",
        "preferred": "",
    }


def test_georgian_category_and_code95() -> None:
    r = row("საჭიროა C+E კატეგორია, კოდი 95")
    assert (r["driving"], r["code95"]) == ("CE", "1")


def test_german_preferred_forklift_is_kept_apart() -> None:
    r = row("Führerschein CE, Staplerschein wünschenswert")
    assert r["driving"] == "CE"
    assert r["certificates"] == ""
    assert r["preferred"] == "forklift"


def test_russian_cyrillic_lookalike_category_and_preferred_language() -> None:
    r = row("требуется опыт от 3 лет, категория СЕ, желательно знание польского")
    assert r["driving"] == "CE"  # Cyrillic С and Е
    assert r["min_experience_years"] == "3"
    assert r["languages"] == ""
    assert r["preferred"] == "pl"


def test_hebrew_advantage_marker_and_age_range() -> None:
    r = row("ניסיון של שנתיים לפחות, רישיון למלגזה – יתרון, אנגלית ברמה טובה, גיל 20-45")
    assert r["min_experience_years"] == "2"
    assert r["languages"] == "en:B1"
    assert (r["age_min"], r["age_max"]) == ("20", "45")
    assert r["preferred"] == "forklift"


def test_georgian_experience_age_and_languages() -> None:
    r = row(
        "3 წლიანი გამოცდილება, ასაკი 25-50, გერმანული ენის საბაზისო ცოდნა, "
        "სასურველია ინგლისური ენის ცოდნა"
    )
    assert r["min_experience_years"] == "3"
    assert (r["age_min"], r["age_max"]) == ("25", "50")
    assert r["languages"] == "de:A1"
    assert r["preferred"] == "en"


def test_english_mixed() -> None:
    r = row(
        "HGV Class 1 (C+E) driver wanted. Valid Driver CPC and digital tachograph card "
        "required. Minimum 2 years experience. Basic English."
    )
    assert r["driving"] == "CE"
    assert r["code95"] == "1"
    assert r["certificates"] == "driver_card"
    assert r["languages"] == "en:A1"
    assert r["min_experience_years"] == "2"


# ---------------------------------------------------------------- driving


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prawo jazdy kat. B", "B"),
        ("kat. B, C, C+E", "B;C;CE"),
        ("Führerschein Klasse C/CE", "C;CE"),
        ("Kraftfahrer C1E für Auslieferung", "C1E"),
        ("Водитель категории С, СЕ", "C;CE"),
        ("მძღოლი B კატეგორიით", "B"),
        ("נהג עם רישיון C1", "C1"),
        ("C category driving license", "C"),
    ],
)
def test_driving_categories(text: str, expected: str) -> None:
    assert row(text)["driving"] == expected


def test_kat_b_alone_gives_nothing_else() -> None:
    r = row("kat. B")
    assert r["driving"] == "B"
    assert r["code95"] == "0"
    assert r["certificates"] == r["languages"] == r["preferred"] == ""


def test_electrical_groups_are_not_driving_categories() -> None:
    r = row("uprawnienia kwalifikacyjne SEP D+E do 1 kV")
    assert r["driving"] == ""
    assert r["certificates"] == "electrical"


def test_categories_need_a_licence_word() -> None:
    # Single letters alone are not categories: "Grupa B", "plan B", "B2B".
    assert row("umowa B2B, plan B, lokal C")["driving"] == ""


# ---------------------------------------------------------------- certificates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spawacz MIG/MAG 135/136, ISO 9606-1", "welding:131;welding:135;welding:136"),
        ("TIG 141, MMA 111", "welding:111;welding:141"),
        ("Сварщик полуавтомат, аргон", "welding:135;welding:141"),
        ("uprawnienia spawalnicze", "welding"),
        ("uprawnienia UDT na wózki widłowe", "forklift"),
        ("Staplerschein", "forklift"),
        ("удостоверение на погрузчик", "forklift"),
        ("ავტოჩამტვირთავის მართვის მოწმობა", "forklift"),
        ("ADR, karta kierowcy", "adr;driver_card"),
        ("ДОПОГ, карта водителя", "adr;driver_card"),
        ("uprawnienia SEP do 1 kV", "electrical"),
        ("Elektrofachkraft", "electrical"),
        ("допуск по электробезопасности", "electrical"),
        ("książeczka sanepid", "sanitary"),
        ("Gesundheitszeugnis", "sanitary"),
        ("санитарная книжка", "sanitary"),
        ("ჯანმრთელობის წიგნაკი", "sanitary"),
        ("სამედიცინო ცნობა", "sanitary"),
    ],
)
def test_certificates(text: str, expected: str) -> None:
    assert row(text)["certificates"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fahrerqualifizierung nach BKrFQG",
        "Modul 95",
        "код 95",
        "კოდი 95",
        "driver CPC",
        "świadectwo kwalifikacji zawodowej",
        "Schlüsselzahl 95",
    ],
)
def test_code95(text: str) -> None:
    r = row(text)
    assert r["code95"] == "1"
    assert r["certificates"] == ""  # code 95 has its own column


def test_forklift_duty_without_licence_is_not_a_certificate() -> None:
    assert row("Obsługa wózka widłowego na magazynie")["certificates"] == ""


def test_welding_keeps_standards_and_processes() -> None:
    req = extract_requirements("Schweißer MAG (135), Prüfung nach EN ISO 9606-1")
    (welding,) = req.certificates
    assert welding.kind is Document.WELDING
    assert welding.processes == ("135",)
    assert welding.standards == ("EN ISO 9606-1",)


def test_phone_numbers_are_not_process_numbers() -> None:
    assert row("Spawacz MAG, kontakt 600 135 141")["certificates"] == "welding:135"


# ---------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("język niemiecki na poziomie B1", "de:B1"),
        ("Deutsch B2, Englisch A2", "de:B2;en:A2"),
        ("dobra znajomość języka angielskiego", "en:B1"),
        ("bardzo dobra znajomość języka angielskiego i polskiego", "en:B2;pl:B2"),
        ("polski i angielski na poziomie B1", "pl:B1;en:B1"),
        ("fluent English and basic German", "en:C1;de:A1"),
        ("Grundkenntnisse Deutsch oder Englisch", "de:A1;en:A1"),
        ("свободный русский и хороший польский", "ru:C1;pl:B1"),
        ("польский язык на уровне А2", "pl:A2"),  # Cyrillic А
        ("ინგლისური ენის კარგი ცოდნა", "en:B1"),
        ("עברית ברמה בסיסית, אנגלית ברמת שיחה", "he:A1;en:A2"),
        ("Polnisch als Muttersprache", "pl:C2"),
        ("angielski B1-B2", "en:B1"),
    ],
)
def test_languages(text: str, expected: str) -> None:
    assert row(text)["languages"] == expected


def test_level_words_need_review_and_explicit_levels_do_not() -> None:
    req = extract_requirements("komunikatywny polski, niemiecki B1")
    by_code = {lang.language: lang for lang in req.languages}
    assert by_code["pl"] == LanguageRequirement("pl", Cefr.A2, True, True, by_code["pl"].spans)
    assert by_code["pl"].needs_review
    assert not by_code["de"].needs_review
    assert req.needs_review


@pytest.mark.parametrize(
    "text",
    [
        "polska firma z 20-letnią tradycją",
        "Praca w Polsce, dobre zarobki",
        "koordynator polskojęzyczny na miejscu",
        "Posiadanie obywatelstwa polskiego",
        "Deutschland, 14 € pro Stunde",
    ],
)
def test_country_and_company_words_are_not_languages(text: str) -> None:
    assert row(text)["languages"] == ""


def test_language_not_required_is_dropped() -> None:
    r = row("Reinigungskraft, Deutschkenntnisse nicht erforderlich, Englisch Grundkenntnisse")
    assert r["languages"] == "en:A1"


# ---------------------------------------------------------------- experience


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min. 2 lata doświadczenia", "2"),
        ("doświadczenie od 1 roku", "1"),
        ("minimum roczne doświadczenie", "1"),
        ("dwuletnie doświadczenie", "2"),
        ("doświadczenie półroczne", "0.5"),
        ("Staż pracy: lata: 3, miesiące: 6", "3.5"),
        ("mindestens 2 Jahre Berufserfahrung", "2"),
        ("Erfahrung von mind. 6 Monaten", "0.5"),
        ("2+ years of experience", "2"),
        ("experience of 2-3 years", "2"),
        ("требуется опыт от 3 лет", "3"),
        ("опыт работы сварщиком от 3-х лет", "3"),
        ("стаж от года", "1"),
        ("3 წლიანი გამოცდილება", "3"),
        ("გამოცდილება მინიმუმ 2 წელი", "2"),
        ("3 שנות ניסיון", "3"),
        ("ניסיון של שנה לפחות", "1"),
    ],
)
def test_experience(text: str, expected: str) -> None:
    assert row(text)["min_experience_years"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "no experience needed",
        "bez doświadczenia",
        "без опыта",
        "Keine Erfahrung nötig",
        "გამოცდილების გარეშე",
        "ללא ניסיון",
        "mehrjährige Berufserfahrung",
        "firma z ponad 25 letnim doświadczeniem na rynku",
        "umowa na 2 lata",
    ],
)
def test_no_minimum_experience(text: str) -> None:
    assert row(text)["min_experience_years"] == ""


# ---------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do 50 lat", ("", "50")),
        ("wiek 18-55", ("18", "55")),
        ("не старше 45", ("", "45")),
        ("возраст от 20 до 45 лет", ("20", "45")),
        ("ასაკი 25-50", ("25", "50")),
        ("ასაკი 18-დან 50 წლამდე", ("18", "50")),
        ("Alter ab 21 Jahre", ("21", "")),
        ("aged 21 to 58", ("21", "58")),
        ("עד גיל 50", ("", "50")),
        ("osoby pełnoletnie", ("18", "")),
        ("женщины 30-60 лет", ("30", "60")),
    ],
)
def test_age_limits(text: str, expected: tuple[str, str]) -> None:
    r = row(text)
    assert (r["age_min"], r["age_max"]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "wynagrodzenie 25-30 zł/h netto",
        "Salary 20-25 EUR/h",
        "praca w godz. 6-14",
        "start 01.03.2026, tel. 600 123 456",
        "Call +995 555 123 456",
        "firma działa od 20 lat",
        "4000-5000 zł brutto",
    ],
)
def test_salaries_dates_and_phones_are_not_ages_or_years(text: str) -> None:
    r = row(text)
    assert (r["age_min"], r["age_max"], r["min_experience_years"]) == ("", "", "")


# ---------------------------------------------------------------- preferred scope


def test_preferred_trailing_marker_covers_its_clause_only() -> None:
    r = row("Kat. C+E wymagana, ADR mile widziane, karta kierowcy")
    assert r["certificates"] == "driver_card"
    assert r["preferred"] == "adr"


def test_preferred_leading_marker_covers_its_sentence() -> None:
    r = row("Prawo jazdy kat. C. Mile widziane doświadczenie 2 lata, ADR. Karta kierowcy.")
    assert r["driving"] == "C"
    assert r["certificates"] == "driver_card"
    assert r["preferred"] == "adr;experience:2"


def test_preferred_colon_header_covers_its_bullet_list() -> None:
    text = (
        "Mile widziane:\n- UDT\n- język niemiecki A2\n"
        "Wymagania:\n- prawo jazdy kat. B\n- uprawnienia SEP"
    )
    r = row(text)
    assert r["driving"] == "B"
    assert r["certificates"] == "electrical"
    assert r["preferred"] == "forklift;de:A2"


def test_preferred_in_parentheses_stays_inside() -> None:
    r = row("wykształcenie techniczne (mile widziane: mechaniczne), prawo jazdy kat. B")
    assert r["driving"] == "B"
    assert r["preferred"] == ""


def test_preferred_dash_marker_qualifies_the_item_before() -> None:
    r = row("uprawnienia na wózki widłowe - mile widziane, komunikatywny niemiecki")
    assert r["preferred"] == "forklift"
    assert r["languages"] == "de:A2"


def test_preferred_in_english_header() -> None:
    r = row("Nice to have: forklift licence, German A2. Required: category B licence.")
    assert r["driving"] == "B"
    assert r["preferred"] == "forklift;de:A2"


def test_item_required_and_preferred_is_only_required() -> None:
    r = row("Führerschein CE. Wünschenswert: Führerschein CE, ADR.")
    assert r["driving"] == "CE"
    assert r["preferred"] == "adr"


# ---------------------------------------------------------------- types and rows


def test_evidence_spans_point_into_the_text() -> None:
    text = "Kierowca kat. C+E, kod 95, język niemiecki B1"
    req = extract_requirements(text)
    assert req.evidence
    for span in req.evidence:
        assert text[span.start : span.end] == span.text
    assert {s.text for s in req.evidence} >= {"C+E", "kod 95", "niemiecki", "B1"}


def test_batch_is_the_primitive_and_empty_text_is_empty() -> None:
    texts = ["kat. B", "", "   ", "Deutsch B1"]
    batch = batch_extract_requirements(texts)
    assert batch == [extract_requirements(t) for t in texts]
    assert batch[1] == TextRequirements()
    assert requirements_row(batch[1])["code95"] == "0"


def test_row_columns_are_fixed() -> None:
    assert tuple(row("")) == REQUIREMENT_COLUMNS
    assert REQUIREMENT_COLUMNS == (
        "driving",
        "code95",
        "certificates",
        "languages",
        "min_experience_years",
        "age_min",
        "age_max",
        "preferred",
    )


def test_certificates_column_order_is_fixed() -> None:
    text = "książeczka sanepid, SEP, karta kierowcy, ADR, UDT, spawanie MAG 135"
    assert row(text)["certificates"] == "welding:135;forklift;adr;driver_card;electrical;sanitary"


def test_vacancy_fields_build_a_vacancy() -> None:
    req = extract_requirements(
        "Kierowca kat. C+E, kod 95, ADR, spawanie TIG 141, Deutsch B1, 2 Jahre Erfahrung"
    )
    vacancy = Vacancy(
        external_id="v1", destination_country="DE", title="Kierowca", **req.vacancy_fields()
    )
    assert vacancy.required_driving == [DrivingCategory.CE]
    assert vacancy.requires_code95
    kinds = {c.kind for c in vacancy.required_certificates}
    assert kinds == {CertificateKind.ADR, CertificateKind.WELDING}
    assert vacancy.required_languages[0].level is Cefr.B1
    assert vacancy.min_experience_years == 2


def test_certificate_requirement_to_records() -> None:
    assert CertificateRequirement(Document.DRIVER_CARD).to_certificates() == []
    assert CertificateRequirement(Document.WELDING).to_certificates() == []
    (sanitary,) = CertificateRequirement(Document.SANITARY).to_certificates()
    assert sanitary.kind is CertificateKind.FOOD_HYGIENE


# ---------------------------------------------------------------- found on unlabelled real ads


def test_words_about_other_people_are_not_requirements() -> None:
    r = row("Pracodawców z Polski i Niemiec; wsparcie pełnoletnich wychowanków")
    assert (r["languages"], r["age_min"]) == ("", "")


def test_annual_reports_are_not_a_year_of_experience() -> None:
    r = row("sporządzanie sprawozdań rocznych, minimum 3-letnie doświadczenie")
    assert r["min_experience_years"] == "3"


def test_collapsed_bullets_after_a_category_letter() -> None:
    r = row("Prawo jazdy kat. C Uprawnienia HDS Mile widziane doświadczenie 2 lata")
    assert r["driving"] == "C"
    assert r["preferred"] == "experience:2"


def test_trailing_marker_in_a_run_on_list_closes_its_item() -> None:
    r = row("tytuł doradcy podatkowego będzie atutem 4-5 lat doświadczenia w doradztwie")
    assert r["min_experience_years"] == "4"


def test_negation_beside_a_preference_keeps_the_preference() -> None:
    r = row("Czynne prawo jazdy kat. B będzie dodatkowym atutem (nie wymagane!)")
    assert (r["driving"], r["preferred"]) == ("", "B")


def test_field_label_with_preferred_does_not_open_a_section() -> None:
    r = row("wykształcenie wyższe, preferowane kierunki: finanse, min. 1 rok doświadczenia")
    assert r["min_experience_years"] == "1"


def test_rows_write_as_the_cli_csv(tmp_path) -> None:
    import csv

    texts = ["Kierowca kat. C+E, kod 95", "Deutsch B1, Staplerschein wünschenswert", ""]
    out = tmp_path / "requirements.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=("row", *REQUIREMENT_COLUMNS))
        writer.writeheader()
        for i, req in enumerate(batch_extract_requirements(texts), start=1):
            writer.writerow({"row": str(i), **requirements_row(req)})
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["driving"] for r in rows] == ["CE", "", ""]
    assert [r["preferred"] for r in rows] == ["", "forklift", ""]
    assert rows[1]["languages"] == "de:B1"

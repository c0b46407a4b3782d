"""Forms found in real Polish ads by the blind fresh_pl3 run (bench/results/requirements.txt):
the labour offices' language form, the office level scale, preferred scope in run-on lists."""

from __future__ import annotations

import pytest

from matching.requirements import extract_requirements, requirements_row


def row(text: str) -> dict[str, str]:
    return requirements_row(extract_requirements(text))


def test_labour_office_language_form_keeps_its_level() -> None:
    r = row(
        "Wymagania konieczne: Wykształcenie: wyższe, brak Język: angielski, w mowie - B2 - "
        "wyższy średnio zaawansowany, w piśmie - B2 - wyższy średnio zaawansowany Miejsce pracy: X"
    )
    assert r["languages"] == "en:B2"


def test_several_languages_in_the_office_form() -> None:
    r = row(
        "Język: rosyjski, w mowie - C2 - biegły, w piśmie - C2 - biegły "
        "Język: angielski, w mowie - A2 - niższy średnio zaawansowany"
    )
    assert r["languages"] == "ru:C2;en:A2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("znajomość języka angielskiego na poziomie średnio-zaawansowanym", "en:B1"),
        ("znajomość języka angielskiego - wyższy średnio zaawansowany", "en:B2"),
        ("język angielski: niższy średnio zaawansowany", "en:A2"),
        ("doskonała znajomość języka polskiego", "pl:C1"),
        ("Bardzo dobra znajomość jęz. niemieckiego – warunek konieczny", "de:B2"),
    ],
)
def test_level_words(text: str, expected: str) -> None:
    assert row(text)["languages"] == expected


def test_not_required_sanitary_book_is_not_read() -> None:
    r = row("KSIĄŻECZKA DO CELÓW SANITARNO-EPIDEMIOLOGICZNYCH NIE JEST KONIECZNA")
    assert r["certificates"] == "" and r["preferred"] == ""


def test_sanitary_book_named_short() -> None:
    assert row("Zapraszamy osoby posiadające książeczkę do celów")["certificates"] == "sanitary"


def test_trailing_marker_in_run_on_list_covers_only_the_last_item() -> None:
    r = row(
        "Wymagania: doświadczenie na trasach Unii Europejskiej prawo jazdy kategorii C+E "
        "karta kierowcy świadectwo kwalifikacji zawodowej aktualny kurs ADR mile widziany"
    )
    assert r["driving"] == "CE"
    assert r["code95"] == "1"
    assert r["certificates"] == "driver_card"
    assert r["preferred"] == "adr"


def test_marker_followed_by_a_verb_opens_the_next_item() -> None:
    r = row(
        "bardzo dobra znajomość języka angielskiego dodatkowym atutem będzie "
        "znajomość języka rosyjskiego"
    )
    assert r["languages"] == "en:B2"
    assert r["preferred"] == "ru"


def test_leading_marker_stops_at_the_next_item_of_a_run_on_list() -> None:
    r = row(
        "Wymagania: mile widziane doświadczenie w pracy na podobnym stanowisku "
        "znajomość języka niemieckiego w dobrym stopniu"
    )
    assert r["languages"] == "de:B1"
    assert r["preferred"] == ""


def test_leading_marker_keeps_language_word_with_its_item() -> None:
    r = row("mile widziana znajomość języka niemieckiego na poziomie A2")
    assert r["languages"] == "" and r["preferred"] == "de:A2"


# --- rules from the fresh_pl4 and written-set error review -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Wymagania: uprawnienia na wózek widłowy",
        "Zezwolenie na kierowanie wózkami jezdniowymi z napędem silnikowym",
        "ავტოჩამტვირთავის მართვის უფლება აუცილებელია",
    ],
)
def test_forklift_in_more_words(text: str) -> None:
    assert row(text)["certificates"] == "forklift"


def test_a_forklift_as_a_duty_is_not_a_licence() -> None:
    assert row("obsługa wózka widłowego w magazynie")["certificates"] == ""


def test_tachograph_card_in_polish() -> None:
    assert row("Karta do tachografu cyfrowego, Świadectwo kwalifikacji")["certificates"] == (
        "driver_card"
    )


def test_years_after_the_job_count_as_experience() -> None:
    r = row("praca w dystrybucji na stanowisku przedstawiciela minimum 2 lata")
    assert r["min_experience_years"] == "2"


def test_enjoying_work_with_children_of_an_age_is_not_experience() -> None:
    r = row("Lubisz pracować z dziećmi w wieku przedszkolnym i szkolnym (4-12 lat).")
    assert r["min_experience_years"] == ""


def test_willingness_to_learn_a_language_is_not_knowing_it() -> None:
    r = row("Czego oczekujemy? chęci uczenia się podstaw języka niemieckiego")
    assert r["languages"] == "" and r["preferred"] == ""


def test_age_range_with_bis_is_not_only_a_maximum() -> None:
    r = row("Erntehelfer: Alter 18 bis 55 Jahre, körperliche Belastbarkeit.")
    assert (r["age_min"], r["age_max"]) == ("18", "55")


def test_must_be_over_18() -> None:
    assert row("No experience required. Must be over 18.")["age_min"] == "18"


def test_german_plus_and_ready_to_obtain_are_preferences() -> None:
    r = row("Englisch in Wort und Schrift (B2) ist ein Plus.")
    assert r["languages"] == "" and r["preferred"] == "en:B2"
    r = row("Busfahrer: Führerschein Klasse D, Modul 95 vorhanden oder bereit zu erwerben.")
    assert r["driving"] == "D" and r["code95"] == "0" and r["preferred"] == "code95"


def test_escaped_emoji_bullets_separate_items() -> None:
    r = row("Wymagania <U+2705>Znajomość języka niemieckiego<U+2705>Prawo jazdy kat. B")
    assert r["driving"] == "B"


# --- from the fresh_pl5 review ------------------------------------------------------------


def test_passenger_transport_qualification_is_code95() -> None:
    r = row("Uprawnienia: Prawo jazdy kat. D , Uprawnienia na Przewóz osób")
    assert (r["driving"], r["code95"]) == ("D", "1")


@pytest.mark.parametrize(
    "text",
    [
        "Wymagania: prawo jazdy kat. B. To oferujemy: Szkolenia kierunkowe, język angielski",
        "Requirements: forklift licence. We offer: free German language course",
        "Oferujemy: kurs języka niemieckiego, zakwaterowanie",
    ],
)
def test_a_language_the_employer_offers_to_teach_is_not_required(text: str) -> None:
    r = row(text)
    assert r["languages"] == "" and r["preferred"] == ""


def test_requirements_after_the_offer_are_read_again() -> None:
    r = row(
        "Oferujemy: kurs języka angielskiego. Wymagania: znajomość języka niemieckiego "
        "na poziomie B1"
    )
    assert r["languages"] == "de:B1"

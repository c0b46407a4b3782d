"""Each statistic on the small registry, against values worked out by hand (see
``small_registry``), and each through suppression."""

from __future__ import annotations

from datetime import date

import pytest
from small_registry import BATUMI, KUTAISI, TODAY, job_seekers, sources

from matching.records import LanguageSkill, Vacancy, WorkExperience
from matching.statistics import (
    STATISTICS,
    PlacementRecord,
    Sources,
    agency_activity,
    course_weeks,
    demand_supply,
    fill_rates,
    gender_by_scheme,
    returnees,
    shortage_sentences,
    shortages,
    suppress,
    training_plan,
)


def test_demand_against_registered_and_qualified_supply():
    table = demand_supply(sources())
    assert table.rows == (
        ("DE", "8332", "", "2026-05", 1, 3, 7, 5, 1.0),
        ("PL", "7212", "", "2026-04", 1, 10, 12, 6, 0.6),
    )
    published = suppress(table)
    assert published.suppressed == frozenset()  # every count of people is 5 or more
    assert suppress(table, 6).rows[0][7:] == (None, None)  # 5 qualified drivers: hidden at 6


def test_demand_by_esco_occupation_counts_only_that_occupation():
    welder = "http://data.europa.eu/esco/occupation/welder"
    seekers = [
        s.model_copy(
            update={
                "experience": [
                    WorkExperience(
                        title="w", years=4, isco_group="7212", esco_uri=welder if i < 3 else None
                    )
                ]
            }
        )
        for i, s in enumerate(job_seekers()[:6])
    ]
    vacancy = Vacancy(
        external_id="PL-E",
        destination_country="PL",
        title="welder",
        isco_group="7212",
        esco_uri=welder,
        positions=2,
    )
    [row] = demand_supply(Sources.of(seekers, [vacancy], today=TODAY)).rows
    assert row[:4] == ("PL", "7212", welder, "undated") and row[6:8] == (3, 3)


def test_fill_rates_per_demand_list():
    table = fill_rates(sources())
    assert table.rows == (
        ("DE-2026-05", "DE", "undated", 1, 3, 5, 1, 0, 0.333),
        ("PL-2026-04", "PL", "2026-02", 1, 10, 6, 5, 3, 0.5),
    )
    published = suppress(table)
    # 1 selected driver, 0 departed: the count and the fill rate it gives away are hidden.
    assert published.rows[0][5:] == (5, None, 0, None)
    assert published.rows[1] == ("PL-2026-04", "PL", "2026-02", 1, 10, 6, 5, None, 0.5)


def test_shortages_name_the_requirements_that_exclude_most():
    table = shortages(sources())
    # Drivers: 5 qualify for 3 positions, no shortage. Welders: 6 of 12 for 10.
    assert table.rows == (
        ("PL", "7212", "PL-W", "spawacz", 10, 12, 6, 4, "language", "Polish A2", 4),
        ("PL", "7212", "PL-W", "spawacz", 10, 12, 6, 4, "certificate", "ISO 9606-1 135", 3),
    )
    published = suppress(table)
    assert [r[10] for r in published.rows] == [None, None]
    assert shortage_sentences(published) == [
        "spawacz (7212) for PL, PL-W: 10 positions, 12 registered, 6 qualify: "
        "<5 lack Polish A2, <5 lack ISO 9606-1 135"
    ]
    assert shortage_sentences(suppress(table, 1))[0].endswith(
        "4 lack Polish A2, 3 lack ISO 9606-1 135"
    )


def test_shortfall_is_hidden_with_the_qualified_count_it_reveals():
    src = sources()
    src.vacancies[1] = src.vacancies[1].model_copy(update={"positions": 9})
    published = suppress(shortages(src))
    drivers = [r for r in published.rows if r[2] == "DE-D"]
    # 7 drivers registered, 5 qualify for 9 positions; 2 lack Code 95, 1 a CE licence.
    assert [r[4:] for r in drivers] == [
        (9, 7, 5, 4, "code95", "Code 95", None),
        (9, 7, 5, 4, "driving", "driving licence CE", None),
    ]
    src.vacancies[1] = src.vacancies[1].model_copy(update={"positions": 40})
    src.job_seekers = [s for s in src.job_seekers if s.external_id != "GE-D5"]
    [first, *_] = [r for r in suppress(shortages(src)).rows if r[2] == "DE-D"]
    assert first[6] is None and first[7] is None  # 4 qualify: 36 short would give it away


def test_training_plan_ranks_courses_by_people_they_qualify():
    table = training_plan(sources())
    # Two CEFR levels short is closable (GatePolicy.language_levels_closable = 2): the
    # welder with no Polish and no ISO 135 needs both courses, so A0→A2 helps one person
    # with another course and qualifies nobody alone, and ISO 135 helps three.
    assert table.rows == (
        ("Polish A1→A2", "language", 10.0, 3, 3, 1, 10),
        ("ISO 9606-1 135", "certificate", 6.0, 2, 3, 1, 10),
        ("Code 95 initial qualification", "code95", 4.0, 1, 1, 1, 3),
        ("Polish A0→A2", "language", 20.0, 0, 1, 1, 10),
    )
    assert suppress(table).rows == (
        ("Polish A1→A2", "language", 10.0, None, None, 1, 10),
        ("ISO 9606-1 135", "certificate", 6.0, None, None, 1, 10),
        ("Code 95 initial qualification", "code95", 4.0, None, None, 1, 3),
        ("Polish A0→A2", "language", 20.0, 0, None, 1, 10),
    )


def test_training_plan_counts_people_needing_two_courses_under_both():
    seekers = [
        s.model_copy(
            update={"languages": [LanguageSkill(language="pl", level="A1")], "certificates": []}
        )
        for s in job_seekers()[:5]
    ]
    table = training_plan(Sources.of(seekers, sources().vacancies[:1], today=TODAY))
    assert [(r[0], r[3], r[4]) for r in table.rows] == [
        ("ISO 9606-1 135", 0, 5),
        ("Polish A1→A2", 0, 5),
    ]


def test_course_weeks_come_from_the_table():
    from matching.statistics import Course

    assert course_weeks(Course("language:de:A0:B1", "German A0→B1")) == 30
    assert course_weeks(Course("certificate:forklift:", "forklift")) == 2
    assert course_weeks(Course("renew:adr:", "renew ADR"), {"renew:other": 1.5}) == 1.5


def test_agencies_per_month():
    table = agency_activity(sources())
    assert table.rows == (
        (BATUMI, "2026-02", 0, 0, 1, 0, 1, 0),
        (BATUMI, "2026-05", 1, 3, 0, 0, 1, 1),
        (KUTAISI, "2026-03", 0, 0, 2, 0, 0, 0),
        (KUTAISI, "2026-04", 1, 10, 3, 3, 0, 0),
    )
    published = suppress(table)
    assert [r[4:6] for r in published.rows] == [(None, 0), (0, 0), (None, 0), (None, None)]
    assert [r[6:] for r in published.rows] == [r[6:] for r in table.rows]  # flags: no people


def test_returnees_by_region_and_occupation():
    table = returnees(sources())
    assert table.rows == (
        ("Imereti", "7212", 1, 0, 0.0),
        ("Imereti", "all", 1, 0, 0.0),
        ("Kakheti", "8332", 5, 3, 0.6),
        ("Kakheti", "all", 5, 3, 0.6),
    )
    published = suppress(table)
    assert published.rows == (
        ("Imereti", "7212", None, 0, None),
        ("Imereti", "all", None, 0, None),
        ("Kakheti", "8332", 5, None, None),
        ("Kakheti", "all", 5, None, None),
    )


def test_gender_per_scheme_and_region():
    table = gender_by_scheme(sources())
    rows = {r[:3]: r[3:] for r in table.rows}
    assert rows[("PL", "Imereti", "female")] == (2, 2, 2, 1)
    assert rows[("PL", "Imereti", "male")] == (10, 4, 3, 2)
    assert rows[("PL", "Imereti", "other")] == (0, 0, 0, 0)
    assert rows[("PL", "Imereti", "all")] == (12, 6, 5, 3)
    assert rows[("PL", "Kakheti", "male")] == (7, 0, 0, 0)
    assert rows[("DE", "Imereti", "all")] == (13, 0, 0, 0)
    assert rows[("DE", "Kakheti", "male")] == (7, 5, 1, 0)
    published = {r[:3]: r[3:] for r in suppress(table).rows}
    # Two women registered for Poland: hidden, and the men's 10 with them, or 12 - 10
    # would give the women away; likewise 2 women and 4 men qualified, 2 + 3 selected.
    assert published[("PL", "Imereti", "female")] == (None, None, None, None)
    assert published[("PL", "Imereti", "male")] == (None, None, None, None)
    assert published[("PL", "Imereti", "all")] == (12, 6, 5, None)
    assert published[("DE", "Kakheti", "all")] == (7, 5, None, 0)
    assert published[("DE", "Kakheti", "male")] == (7, 5, None, 0)


@pytest.mark.parametrize("name", sorted(STATISTICS))
def test_every_statistic_suppresses_every_small_count_of_people(name):
    published = suppress(STATISTICS[name].compute(sources()))
    for r, row in enumerate(published.rows):
        for c, column in enumerate(published.columns):
            value = row[c]
            if column.kind == "people" and isinstance(value, int):
                assert value == 0 or value >= 5, (name, r, column.name)
            if (r, c) in published.suppressed:
                assert value is None and published.text(r, c) == "<5"
    for relation in published.relations:
        hidden = [p in published.suppressed for p in (relation.total, *relation.parts)]
        assert sum(hidden) != 1, (name, relation)


def test_placements_need_only_the_protocol():
    class Row:  # any object with the four attributes plugs in
        def __init__(self, pid, vid, status, day):
            self.job_seeker_id, self.vacancy_id, self.status, self.changed_on = (
                pid,
                vid,
                status,
                day,
            )

    src = sources()
    src.placements = [
        Row(p.job_seeker_id, p.vacancy_id, p.status, p.changed_on) for p in src.placements
    ]
    assert fill_rates(src).rows == fill_rates(sources()).rows
    assert isinstance(PlacementRecord("a", "b", "visa", date(2026, 1, 1)), object)


def test_registered_people_are_those_in_the_occupation_who_would_go():
    from matching.statistics._assess import assess_supply
    from matching.statistics._records import in_occupation, wants

    src = sources()
    for supply in assess_supply(src):
        v = supply.vacancy
        expected = {
            s.external_id
            for s in src.job_seekers
            if in_occupation(s, v) and wants(s, v.destination_country)
        }
        assert supply.registered == expected


def test_statistics_of_the_same_records_share_one_assessment():
    from matching.statistics._assess import assess_supply

    src = sources()
    first = assess_supply(src)
    assert assess_supply(src) is first
    src.vacancies[0] = src.vacancies[0].model_copy(update={"positions": 11})
    assert assess_supply(src) is not first

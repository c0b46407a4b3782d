"""Flags raised against agencies: stored once per run, vacancy and finding; read back in
order; counted by the agencies statistic once per vacancy, agency, month and kind."""

from __future__ import annotations

from datetime import date

import pytest

from matching.batch.results import Flag
from matching.records import Vacancy
from matching.statistics import Sources, agency_activity, sources_from_store
from matching.storage.flags import StoredAgencyFlag, agency_flags_of
from matching.storage.store import Store

MAY, JUNE = date(2026, 5, 4), date(2026, 6, 2)


@pytest.fixture
def store():
    with Store("sqlite://") as opened:
        yield opened


def fee(vacancy_id: str, on: date, run: str, agency: str = "Batumi Jobs") -> StoredAgencyFlag:
    return StoredAgencyFlag(agency, "worker_fee", vacancy_id, on, run)


def test_flags_are_stored_once_per_run_vacancy_and_finding(store: Store) -> None:
    flags = [
        fee("PL-1", MAY, "r1"),
        fee("PL-1", MAY, "r1"),  # the same flag twice in one call
        StoredAgencyFlag("Batumi Jobs", "agency_inactive", "PL-1", MAY, "r1"),
        fee("PL-1", JUNE, "r2"),
    ]
    assert store.record_agency_flags(flags) == 3
    assert store.record_agency_flags(flags) == 0  # a resumed run stores nothing again
    assert store.record_agency_flags([]) == 0
    got = [(f.vacancy_id, f.code, f.kind, f.raised_on, f.run_id) for f in store.iter_agency_flags()]
    assert got == [
        ("PL-1", "worker_fee", "fee", MAY, "r1"),
        ("PL-1", "agency_inactive", "unlicensed", MAY, "r1"),
        ("PL-1", "worker_fee", "fee", JUNE, "r2"),
    ]
    assert [f.run_id for f in store.iter_agency_flags(since=JUNE)] == ["r2"]
    assert list(store.iter_agency_flags(agency="Kutaisi Employment")) == []


def test_only_fair_recruitment_flags_of_a_run_are_kept() -> None:
    from types import SimpleNamespace

    def outcome(vid: str, agency: str | None, *kinds: str) -> SimpleNamespace:
        vacancy = Vacancy(external_id=vid, destination_country="PL", title="x", agency=agency)
        flags = tuple(Flag(vid, k, "") for k in kinds)  # type: ignore[arg-type]
        return SimpleNamespace(vacancy=vacancy, vacancy_id=vid, flags=flags)

    outcomes = [
        outcome("PL-1", "Batumi Jobs", "worker_fee", "below_minimum_wage"),
        outcome("PL-2", None, "unlicensed_agency", "agency_unresolved"),
        outcome("PL-3", "Kutaisi Employment", "no_qualified_candidates"),
    ]
    got = agency_flags_of(outcomes, raised_on=MAY, run_id="r")  # type: ignore[arg-type]
    assert [(f.agency, f.vacancy_id, f.kind) for f in got] == [
        ("Batumi Jobs", "PL-1", "fee"),
        ("(ministry)", "PL-2", "unlicensed"),
        ("(ministry)", "PL-2", "unlicensed"),
    ]


def test_the_agencies_statistic_counts_stored_flags_by_hand(store: Store) -> None:
    # PL-1 charges a fee and was flagged in two runs in May and one in June: 1 in May,
    # 1 in June (not 2 + 1, nor again at the month its work starts). PL-2 charges a fee,
    # never run: counted at its season's month (2026-07). PL-3's agency was found
    # inactive and unresolved in one run: one unlicensed vacancy in May.
    batumi = "Batumi Jobs"
    store.upsert_vacancies(
        [
            Vacancy(
                external_id=vid,
                destination_country="PL",
                title="spawacz",
                agency=batumi,
                worker_fee=fee_,
                season_start=date(2026, 7, 1),
                positions=2,
            )
            for vid, fee_ in (("PL-1", 300), ("PL-2", 100), ("PL-3", None))
        ]
    )
    store.record_agency_flags(
        [
            fee("PL-1", MAY, "r1"),
            fee("PL-1", date(2026, 5, 20), "r2"),
            fee("PL-1", JUNE, "r3"),
            StoredAgencyFlag(batumi, "agency_inactive", "PL-3", MAY, "r1"),
            StoredAgencyFlag(batumi, "agency_unresolved", "PL-3", MAY, "r1"),
        ]
    )
    rows = {(r[0], r[1]): r[2:] for r in agency_activity(sources_from_store(store)).rows}
    # vacancies, positions, selected, departed, fee flags, unlicensed flags
    assert rows == {
        (batumi, "2026-05"): (0, 0, 0, 0, 1, 1),
        (batumi, "2026-06"): (0, 0, 0, 0, 1, 0),
        (batumi, "2026-07"): (3, 6, 0, 0, 1, 0),
    }


def test_a_flag_without_a_vacancy_counts_on_its_own() -> None:
    from matching.statistics import AgencyFlagRecord

    flags = [AgencyFlagRecord("A", "fee", MAY), AgencyFlagRecord("A", "fee", MAY)]
    [row] = agency_activity(Sources.of([], [], agency_flags=flags)).rows
    assert row == ("A", "2026-05", 0, 0, 0, 0, 2, 0)

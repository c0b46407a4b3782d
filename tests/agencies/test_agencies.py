"""The agency register: spellings resolve, standings by date, the register file, the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matching.agencies import Agency, AgencyRegister, agency_key
from matching.agencies.intake import read_agencies
from matching.agencies.records import AgencyStatus
from matching.errors import DataFileError, NotFoundError
from matching.storage.store import Store

KUTAISI = Agency(
    licence_number="PEA-0042",
    legal_name="შპს ქუთაისის დასაქმება",
    other_names=["Kutaisi Employment"],
    valid_from=date(2025, 1, 1),
    valid_until=date(2027, 12, 31),
)
BATUMI = Agency(licence_number="PEA-0007", legal_name="Batumi Jobs LLC", status="suspended")


@pytest.mark.parametrize(
    "written",
    [
        "შპს ქუთაისის დასაქმება",
        "Kutaisis Dasakmeba LLC",
        "KUTAISIS DASAKMEBA",
        "Kutaisi Employment",
        "kutaisi-employment",
    ],
)
def test_a_name_resolves_in_either_script(written: str) -> None:
    found = AgencyRegister([KUTAISI, BATUMI]).resolve(written)
    assert found.agency == KUTAISI and found.matched_by == "name"


def test_a_licence_number_resolves_first() -> None:
    register = AgencyRegister([KUTAISI, BATUMI])
    assert register.resolve("pea 0007").agency == BATUMI
    assert register.resolve("PEA-0007").matched_by == "licence"
    assert register.resolve("Tbilisi Work").agency is None
    assert agency_key("Batumi Jobs LLC") == agency_key("batumi jobs")


def test_standing_on_a_day() -> None:
    assert KUTAISI.active_on(date(2026, 6, 1))
    assert KUTAISI.standing_on(date(2024, 6, 1)) == "not yet valid"
    assert KUTAISI.standing_on(date(2028, 1, 1)) == "expired"
    assert BATUMI.standing_on(date(2026, 1, 1)) == "suspended"


def test_register_file_in_georgian_headers(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "ლიცენზიის ნომერი,დასახელება,სტატუსი,მოქმედია დან,მოქმედია მდე,ელფოსტა\n"
        "PEA-0042,შპს ქუთაისის დასაქმება,აქტიური,2025-01-01,2027-12-31,info@kd.ge\n"
        "PEA-0007,Batumi Jobs LLC,suspended,,,\n"
        "PEA-0099,Bad Dates,active,2027-01-01,2026-01-01,\n"
        "PEA-0100,Bad Status,closed,,,\n",
        encoding="utf-8",
    )
    read = read_agencies(path)
    assert read.rows_read == 4
    assert [a.licence_number for a in read.agencies] == ["PEA-0042", "PEA-0007"]
    assert read.agencies[0].email == "info@kd.ge"
    assert {e.row for e in read.errors} == {4, 5}
    missing = tmp_path / "no_licence.csv"
    missing.write_text("name\nX\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="licence number"):
        read_agencies(missing)


def test_register_in_the_store(store: Store) -> None:
    assert store.upsert_agencies([KUTAISI, BATUMI]).inserted == 2
    reopened = BATUMI.model_copy(update={"status": AgencyStatus.ACTIVE})
    again = store.upsert_agencies([KUTAISI, reopened])
    assert (again.unchanged, again.updated) == (1, 1)
    assert store.get_agency("PEA-0007").status == "active"
    assert store.agency_register().resolve("Kutaisis Dasakmeba").agency == KUTAISI
    with pytest.raises(NotFoundError):
        store.get_agency("PEA-1")

"""File import against the API's one-record parser, on generated rows of every kind of cell.

Import reads a file fast: a column's work is planned once, a cell seen before is not
parsed again (a memo shared by every row), a licence is built once per distinct
licence, and the store writes its rows with a statement compiled once. The API's
:func:`parse_job_seeker` reads one record with none of that (a fresh memo, every value
validated with the record). For each generated row both must agree: the same record
stored, or the same errors (field and code).
"""

from __future__ import annotations

import csv
import itertools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.errors import InvalidRecordError
from matching.intake.cells import parse_bool, parse_date, parse_driving
from matching.intake.importer import import_job_seekers, parse_job_seeker
from matching.records import DrivingLicence
from matching.storage.store import Store

EXAMPLES = max(1, round(150 * float(os.environ.get("INTAKE_EXAMPLES_SCALE", "1"))))

# Each column's cells: good ones in the forms clerks type, bad ones, blanks, a cell the
# export neutralised ("'=..."). Drawn with repeats, so the memo is hit.
CELLS: dict[str, tuple[str, ...]] = {
    "full_name": ("ნინო ბერიძე", "Anna Kowalska", "Георгий Беридзе", " ", "'=Nino"),
    "birth_date": ("1990-05-01", "01.05.1990", "1990-13-01", "", "2150-01-01", "x"),
    "gender": ("male", "female", "კაცი", "ქალი", "ж", "?", ""),
    "region": ("Imereti", "იმერეთი", "Kutaisi", "ზესტაფონი", "Nowhere", ""),
    "phone": ("'+995 555 12 34 56", "+995 555 12 34 56", "abc", ""),
    "email": ("Nino@Example.ge", "not-mail", ""),
    "agency": ("Work Bridge Georgia", ""),
    "experience": ("welder|3|PL; cook|1", "mzareuli|3|GE", "|2", "cook|x", "a|1|2|3", ""),
    "skills": ("welding; cooking", ""),
    "education_isced": ("3", "4", "-1", "abc", "nan", ""),
    "languages": ("pl:A2; en:B1", "ru C1", "რუსული - კარგად", "xx:Z9", "'=pl:A2", ""),
    "driving_licence": ("B, C", "C+E", "B, CE, 95", "ZZ", "kat. C+E", ""),
    "code95": ("yes", "no", "maybe", ""),
    "driving_licence_valid_until": ("2027-01-01", "31.12.2026", "2026-13-01", ""),
    "certificates": ("welding:135; adr", "forklift@2027-01-31", "welding", "adr; adr", ""),
    "destination_preferences": ("PL, DE", "Polska", "Narnia", "DE; DE", ""),
    "available_from": ("2027-03-01", "soon", ""),
    "consent": ("yes", "no", "2026-01-10", "maybe", ""),
    "consent_date": ("2026-01-10", "bad", ""),
    "consent_withdrawn": ("2026-02-01", ""),
    "migration_history": ("PL:2022-03-01..2022-11-30:seasonal", "DE:2023-05-01..", "bad", ""),
}
HEADER = ("external_id", "personal_number", *CELLS)
_ids = itertools.count()

row_cells = st.fixed_dictionaries({name: st.sampled_from(cells) for name, cells in CELLS.items()})


def licence_of(row: dict[str, str]) -> DrivingLicence | None:
    """The licence a row's three cells give, validated field by field (import builds one
    per distinct licence and shares it)."""
    licence, code95, until = (
        row[k].strip() for k in ("driving_licence", "code95", "driving_licence_valid_until")
    )
    if not licence and not code95:
        return None
    categories, named95 = parse_driving(licence) if licence else ([], False)
    return DrivingLicence.model_validate(
        {
            "categories": categories,
            "code95": parse_bool(code95) if code95 else named95,
            "valid_until": parse_date(until) if until else None,
        }
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("paths") / "store.sqlite"
    with Store(f"sqlite:///{path}") as opened:
        yield opened


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(generated=st.lists(row_cells, min_size=1, max_size=15))
def test_import_agrees_with_the_one_record_parser(
    store: Store, tmp_path_factory: pytest.TempPathFactory, generated: list[dict[str, str]]
) -> None:
    rows = []
    for cells in generated:
        n = next(_ids)
        rows.append({"external_id": f"P-{n}", "personal_number": f"{n:011d}", **cells})
    path = tmp_path_factory.mktemp("file") / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)

    report = import_job_seekers(path, store, normalizer=None)

    stored = {
        s.external_id: s
        for s in store.iter_job_seekers(external_ids=[r["external_id"] for r in rows])
    }
    errors: dict[int, set[tuple[str, str]]] = {}
    for error in report.errors:
        errors.setdefault(error.row, set()).add((error.field, error.code))
    for number, row in enumerate(rows, start=2):  # the header is row 1
        try:
            expected = parse_job_seeker(row)
        except InvalidRecordError as refused:
            assert row["external_id"] not in stored
            assert errors.get(number) == {(e.field, e.code) for e in refused.errors}, row
        else:
            assert number not in errors, (row, errors.get(number))
            assert stored[row["external_id"]] == expected, row
            assert expected.driving_licence == licence_of(row), row
    assert report.stored == len(stored)


def test_a_licence_cell_is_one_object_and_a_bad_one_is_reported(tmp_path: Path) -> None:
    """Equal licences share one (frozen) object; a licence whose date cannot be stored
    is still refused by the record's validation, naming the column."""
    path = tmp_path / "people.csv"
    path.write_text(
        "external_id,full_name,driving_licence,driving_licence_valid_until\n"
        'L-1,Nino,"B, C",2027-01-01\n'
        'L-2,Anna,"B, C",2027-01-01\n'
        "L-3,Eka,ZZ,2027-01-01\n",
        encoding="utf-8",
    )
    with Store("sqlite://") as store:
        report = import_job_seekers(path, store, normalizer=None)
        first, second = (store.get_job_seeker(i) for i in ("L-1", "L-2"))
    assert report.stored == 2
    assert first.driving_licence == second.driving_licence
    assert sorted(c.value for c in first.driving_licence.categories) == ["B", "C"]
    assert [(e.row, e.field) for e in report.errors] == [(4, "driving_licence")]

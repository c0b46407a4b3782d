"""Readers never merge rows and never stop at a bad one (issue 13): each damaged row is
reported by number, every other row is stored, in bounded time and memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from damaged_files import DAMAGED, write_damaged, xlsx_bytes

from matching.errors import DataFileError
from matching.intake.importer import import_job_seekers
from matching.intake.tables import BadRow, ReadLimits, open_table
from matching.storage.store import Store


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with Store(f"sqlite:///{tmp_path / 'store.sqlite'}") as store:
        yield store


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_rows_are_reported_and_the_rest_stored(
    name: str, sqlite_store: Store, tmp_path: Path
) -> None:
    case = DAMAGED[name]
    path = write_damaged(tmp_path, name)
    report = import_job_seekers(path, sqlite_store, normalizer=None)
    assert report.rejected_rows == list(case.bad_rows), report.errors
    stored = sorted(s.external_id for s in sqlite_store.iter_job_seekers())
    assert stored == sorted(case.good)
    assert report.stored == len(case.good)


def test_an_unbalanced_quote_never_swallows_the_next_row(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = write_damaged(tmp_path, "unbalanced_quote.csv")
    report = import_job_seekers(path, sqlite_store, normalizer=None)
    assert report.errors[0].reason.startswith("unbalanced quote")
    assert sqlite_store.get_job_seeker("GE-3").full_name == "Person 3"


def test_a_real_multi_line_cell_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('id,full_name,note\nGE-1,"Nino\nBeridze",x\nGE-2,Giorgi,y\n')
    rows = list(open_table(path).rows)
    assert rows == [(2, ["GE-1", "Nino\nBeridze", "x"]), (4, ["GE-2", "Giorgi", "y"])]


def test_the_reasons_name_what_is_wrong(sqlite_store: Store, tmp_path: Path) -> None:
    reasons = {}
    for name in ("oversized_cell.csv", "latin1_in_utf8.csv", "deep.json", "nul_byte.csv"):
        report = import_job_seekers(write_damaged(tmp_path, name), sqlite_store, normalizer=None)
        reasons[name] = report.errors[0].reason
    assert "over 1,048,576 characters" in reasons["oversized_cell.csv"]
    assert "undecodable bytes" in reasons["latin1_in_utf8.csv"]
    assert "nests more than 32 levels" in reasons["deep.json"]
    assert "NUL" in reasons["nul_byte.csv"]


def test_a_cell_over_the_cell_limit_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("id,full_name\nGE-1," + "x" * 40_000 + "\n")
    [(number, bad)] = list(open_table(path).rows)
    assert number == 2 and isinstance(bad, BadRow) and bad.column == "full_name"


def test_too_many_rows_is_one_error_at_the_first_row_not_read(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("id,full_name\n" + "".join(f"GE-{i},P\n" for i in range(10)))
    rows = list(open_table(path, limits=ReadLimits(max_rows=4)).rows)
    assert [n for n, _ in rows] == [2, 3, 4, 5, 6]
    assert isinstance(rows[-1][1], BadRow) and "more than 4 rows" in rows[-1][1].reason


def test_too_many_columns_in_the_header_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(600)) + "\n")
    with pytest.raises(DataFileError, match="more than 500"):
        open_table(path)


def test_xlsx_with_three_million_blank_rows_is_read_quickly(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(
        xlsx_bytes([["id", "full_name"], ["GE-1", "A"], ["GE-2", "B"]], blank_rows=3_000_000)
    )
    began = time.process_time()
    report = import_job_seekers(path, sqlite_store, normalizer=None)
    assert time.process_time() - began < 10
    assert report.stored == 2 and "were not read" in report.errors[0].reason


def test_xlsx_with_a_huge_shared_string_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(xlsx_bytes([["id", "full_name"], ["GE-1", "A"]], shared="x" * (65 << 20)))
    tracemalloc.start()
    try:
        with pytest.raises(DataFileError, match="save the sheet as CSV"):
            open_table(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 << 20


def test_reading_a_huge_cell_holds_bounded_memory(tmp_path: Path) -> None:
    path = write_damaged(tmp_path, "oversized_cell.csv")
    tracemalloc.start()
    try:
        rows = list(open_table(path).rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 3 and peak < 40 << 20


def test_negative_and_infinite_amounts_are_refused_not_flipped_or_dropped(
    sqlite_store: Store, tmp_path: Path
) -> None:
    from matching.intake.importer import import_vacancies

    path = tmp_path / "fees.jsonl"
    path.write_text(
        '{"id": "PL-1", "title": "Spawacz", "country": "PL", "worker_fee": -450}\n'
        '{"id": "PL-2", "title": "Spawacz", "country": "PL", "worker_fee": Infinity}\n'
        '{"id": "PL-3", "title": "Spawacz", "country": "PL", "positions": "-2"}\n'
        '{"id": "PL-4", "title": "Spawacz", "country": "PL", "min_experience_years": "−3 lata"}\n'
        '{"id": "PL-5", "title": "Spawacz", "country": "PL", "worker_fee": 0}\n',
        encoding="utf-8",
    )
    report = import_vacancies(path, sqlite_store, normalizer=None)
    assert report.rejected_rows == [1, 2, 3, 4] and report.stored == 1
    assert all("zero or more" in e.reason for e in report.errors)


def test_a_nul_byte_in_a_json_value_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_text('[{"id": "GE-1", "full_name": "Ni\\u0000no"}]', encoding="utf-8")
    report = import_job_seekers(path, sqlite_store, normalizer=None)
    assert report.rejected_rows == [1] and "NUL" in report.errors[0].reason

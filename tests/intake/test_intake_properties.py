"""Property-based intake: random mixes of good and damaged rows in CSV, XLSX, JSON and JSONL.

For every generated file: every good row is stored exactly once with its values, every
damaged row is reported by its number, and no exception escapes the importer. Four tests
(one per format), 2,000 generated files in all (``EXAMPLES``), measured under 60 s on
one core (see the CHANGELOG).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from damaged_files import xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.intake.importer import import_job_seekers
from matching.storage.store import Store

# Files per format: 2,000 in all, weighted by cost (an XLSX file takes twice a CSV's time).
# INTAKE_EXAMPLES_SCALE=0.1 for a quick local run.
_SCALE = float(os.environ.get("INTAKE_EXAMPLES_SCALE", "1"))
EXAMPLES = {
    fmt: max(1, round(n * _SCALE))
    for fmt, n in {"csv": 600, "xlsx": 300, "json": 500, "jsonl": 600}.items()
}
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZნინოგიორგიბერიძეАнаДавидов"
PUNCTUATION = " ,;\"'-=+@.()"
HEADER = ("id", "full_name", "personal_number", "birth_date")
_ids = itertools.count()


@dataclass(frozen=True)
class Row:
    """One generated row: good (stored with these values) or damaged of some ``kind``."""

    external_id: str
    full_name: str
    personal_number: str
    birth_date: str
    kind: str = "good"


names = st.builds(
    lambda first, rest: (first + rest).strip() or first,
    st.sampled_from(LETTERS),
    st.text(alphabet=LETTERS + PUNCTUATION, max_size=30),
).map(lambda s: " ".join(s.split()))
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31))


@st.composite
def rows(draw: st.DrawFn, damages: tuple[str, ...]) -> list[Row | None]:
    """Good rows, damaged rows of the format's kinds, and blank rows (``None``)."""
    out: list[Row | None] = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(("good", "good", "good", "blank", *damages)))
        if kind == "blank":
            out.append(None)
            continue
        n = next(_ids)
        out.append(
            Row(
                external_id=f"H-{n}",
                full_name=draw(names),
                personal_number=f"{n:011d}",
                birth_date=draw(dates).isoformat(),
                kind=kind,
            )
        )
    return out


def _good_cells(row: Row) -> list[str]:
    return [row.external_id, row.full_name, row.personal_number, row.birth_date]


# ----------------------------------------------------------------------------- writers
CSV_DAMAGES = ("quote", "latin1", "huge", "nul", "wrong_type", "extra_cells")


def csv_bytes(generated: list[Row | None]) -> tuple[bytes, dict[int, Row]]:
    """The file, and the data rows by line number (header = 1)."""
    out = io.BytesIO()
    out.write(b"id,full_name,personal_number,birth_date\n")
    numbered: dict[int, Row] = {}
    line = 1
    for row in generated:
        line += 1
        if row is None:
            out.write(b",,,\n" if line % 2 else b"\n")
            continue
        numbered[line] = row
        cells = _good_cells(row)
        if row.kind == "wrong_type":
            cells[3] = "31.02.1985"
        elif row.kind == "huge":
            cells[1] = "x" * 40_000
        elif row.kind == "nul":
            cells[1] = cells[1] + "\x00"
        elif row.kind == "extra_cells":
            cells += ["surplus", "cells"]
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(cells)
        data = text.getvalue().encode()
        if row.kind == "quote":  # a stray quote opening the name, never closed
            data = f'{row.external_id},"{row.full_name.replace(chr(34), "")},'.encode()
            data += f"{row.personal_number},{row.birth_date}\n".encode()
        elif row.kind == "latin1":
            data = data.replace(b",", b",Jos\xe9 ", 1)
        out.write(data)
    # A file is UTF-8 when any of it is: keep a Georgian word in the header's company.
    return out.getvalue().replace(b"birth_date\n", "birth_date,ნოტა\n".encode(), 1), numbered


XLSX_DAMAGES = ("huge", "wrong_type", "extra_cells", "json_cell")


def xlsx_file(generated: list[Row | None]) -> tuple[bytes, dict[int, Row]]:
    sheet: list[list[object]] = [list(HEADER)]
    numbered: dict[int, Row] = {}
    for number, row in enumerate(generated, start=2):
        if row is None:
            sheet.append([None, "", None])
            continue
        numbered[number] = row
        cells: list[object] = list(_good_cells(row))
        if row.kind == "huge":
            cells[1] = "x" * 40_000
        elif row.kind == "wrong_type":
            cells[3] = "not a date"
        elif row.kind == "extra_cells":
            cells += ["surplus"]
        elif row.kind == "json_cell":
            cells[3] = 10**12  # a number far outside any spreadsheet date
        sheet.append(cells)
    return xlsx_bytes(sheet), numbered


JSON_DAMAGES = ("not_object", "deep", "wrong_type", "huge", "nul")


def _json_item(row: Row) -> object:
    item: dict[str, object] = dict(zip(HEADER, _good_cells(row), strict=True))
    if row.kind == "not_object":
        return [row.external_id, row.full_name]
    if row.kind == "deep":
        nested: object = 1
        for _ in range(40):
            nested = [nested]
        item["skills"] = nested
    elif row.kind == "wrong_type":
        item["full_name"] = {"given": row.full_name}
    elif row.kind == "huge":
        item["full_name"] = "x" * 40_000
    elif row.kind == "nul":
        item["full_name"] = row.full_name + "\x00"
    return item


def json_bytes(generated: list[Row | None]) -> tuple[bytes, dict[int, Row]]:
    present = [row for row in generated if row is not None]
    body = json.dumps([_json_item(row) for row in present], ensure_ascii=False)
    return body.encode(), dict(enumerate(present, start=1))


JSONL_DAMAGES = (*JSON_DAMAGES, "broken")


def jsonl_bytes(generated: list[Row | None]) -> tuple[bytes, dict[int, Row]]:
    lines: list[str] = []
    numbered: dict[int, Row] = {}
    for row in generated:
        if row is None:
            lines.append("")
            continue
        numbered[len(lines) + 1] = row
        text = json.dumps(_json_item(row), ensure_ascii=False)
        lines.append(text[:-3] if row.kind == "broken" else text)
    return ("\n".join(lines) + "\n").encode(), numbered


# ----------------------------------------------------------------------------- the property
@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("properties") / "store.sqlite"
    with Store(f"sqlite:///{path}") as store:
        yield store


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("files")


def check_import(store: Store, path: Path, data: bytes, numbered: dict[int, Row]) -> None:
    path.write_bytes(data)
    report = import_job_seekers(path, store, normalizer=None)  # no exception escapes
    good = {n: r for n, r in numbered.items() if r.kind == "good"}
    damaged = sorted(n for n, r in numbered.items() if r.kind != "good")
    assert report.rejected_rows == damaged, report.errors
    assert report.stored == len(good)
    stored = {
        s.external_id: s
        for s in store.iter_job_seekers(external_ids=[r.external_id for r in numbered.values()])
    }
    assert sorted(stored) == sorted(r.external_id for r in good.values())
    for row in good.values():
        seeker = stored[row.external_id]
        assert (seeker.full_name, seeker.personal_number, seeker.birth_date.isoformat()) == (
            row.full_name,
            row.personal_number,
            row.birth_date,
        )


def fast(fmt: str) -> settings:
    return settings(
        max_examples=EXAMPLES[fmt],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )


@fast("csv")
@given(generated=rows(CSV_DAMAGES))
def test_csv_property(shared_store: Store, workdir: Path, generated: list[Row | None]) -> None:
    data, numbered = csv_bytes(generated)
    check_import(shared_store, workdir / "mix.csv", data, numbered)


@fast("xlsx")
@given(generated=rows(XLSX_DAMAGES))
def test_xlsx_property(shared_store: Store, workdir: Path, generated: list[Row | None]) -> None:
    data, numbered = xlsx_file(generated)
    check_import(shared_store, workdir / "mix.xlsx", data, numbered)


@fast("json")
@given(generated=rows(JSON_DAMAGES))
def test_json_property(shared_store: Store, workdir: Path, generated: list[Row | None]) -> None:
    data, numbered = json_bytes(generated)
    check_import(shared_store, workdir / "mix.json", data, numbered)


@fast("jsonl")
@given(generated=rows(JSONL_DAMAGES))
def test_jsonl_property(shared_store: Store, workdir: Path, generated: list[Row | None]) -> None:
    data, numbered = jsonl_bytes(generated)
    check_import(shared_store, workdir / "mix.jsonl", data, numbered)

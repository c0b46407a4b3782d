"""Damaged job-seeker files as clerks send them, each with the rows that must be stored and
the rows that must be reported. Shared by the intake, CLI and API tests."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = "id,full_name,personal_number\n"


def row(i: int) -> str:
    return f"GE-{i},Person {i},{10_000_000_000 + i}\n"


@dataclass(frozen=True)
class DamagedFile:
    """A file, the ids that must be stored, and the row numbers that must be reported."""

    name: str
    build: Callable[[], bytes]
    good: tuple[str, ...]
    bad_rows: tuple[int, ...]


def _unbalanced_quote() -> bytes:
    return (HEADER + row(1) + 'GE-2,"Nino Beridze,10000000002\n' + row(3) + row(4)).encode()


def _oversized_cell() -> bytes:
    return (HEADER + row(1) + "GE-2," + "x" * 10_000_000 + ",10000000002\n" + row(3)).encode()


def _latin1_in_utf8() -> bytes:
    return (HEADER + "GE-1,ნინო ბერიძე,10000000001\n").encode() + (
        b"GE-2,Jos\xe9 Garc\xeda,10000000002\n" + row(3).encode()
    )


def _deep_json() -> bytes:
    items = [
        '{"id": "GE-1", "full_name": "Person 1"}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": "GE-3", "full_name": "Person 3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "GE-4", "full_name": "Person 4"}',
    ]
    return ("[" + ",".join(items) + "]").encode()


def _non_object_json() -> bytes:
    items = [{"id": "GE-1", "full_name": "Person 1"}, 42, "GE-2", {"id": "GE-4", "full_name": "P"}]
    return json.dumps(items).encode()


def _bad_jsonl() -> bytes:
    return (
        b'{"id": "GE-1", "full_name": "Person 1"}\n{"id": "GE-2", "full_name": \n[1, 2]\n'
        b'{"id": "GE-4", "full_name": "Person 4"}\n'
    )


def _too_many_cells() -> bytes:
    return (HEADER + row(1) + "GE-2,Nino,10000000002,extra,cells\n" + row(3)).encode()


def _nul_and_control() -> bytes:
    return (HEADER + row(1) + "GE-2,Ni\x00no,10000000002\n" + row(3)).encode()


def xlsx_bytes(
    rows: list[list[object]], *, blank_rows: int = 0, shared: str | None = None
) -> bytes:
    """A minimal XLSX, fast to write: rows of inline strings and numbers (``None`` is no
    cell), then ``blank_rows`` empty rows (and, with ``shared``, one shared string in the
    last cell of row 2)."""

    def cell(r: int, c: int, value: object) -> str:
        ref = "ABCDEFGHIJ"[c] + str(r)
        if value is None:
            return ""
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        text = str(value).replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'

    body = io.StringIO()
    for r, values in enumerate(rows, start=1):
        cells = "".join(cell(r, c, v) for c, v in enumerate(values))
        if shared is not None and r == 2:
            cells += f'<c r="{"ABCDEFGHIJ"[len(values)]}{r}" t="s"><v>0</v></c>'
        body.write(f'<row r="{r}">{cells}</row>')
    body.write("<row/>" * blank_rows)  # numbered in order by the reader
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{"ABCDEFGHIJ"[max(map(len, rows)) - 1]}{len(rows) + blank_rows}"/>'
        "<sheetData>"
        f"{body.getvalue()}</sheetData></worksheet>"
    )
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        files["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0"?><sst xmlns="{ns}/spreadsheetml/2006/main" count="1" '
            f'uniqueCount="1"><si><t>{shared}</t></si></sst>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _xlsx_blank_rows() -> bytes:
    rows = [["id", "full_name"], ["GE-1", "Person 1"], ["GE-2", "Person 2"]]
    return xlsx_bytes(rows, blank_rows=3_000_000)


DAMAGED: dict[str, DamagedFile] = {
    case.name: case
    for case in (
        DamagedFile("unbalanced_quote.csv", _unbalanced_quote, ("GE-1", "GE-3", "GE-4"), (3,)),
        DamagedFile("oversized_cell.csv", _oversized_cell, ("GE-1", "GE-3"), (3,)),
        DamagedFile("latin1_in_utf8.csv", _latin1_in_utf8, ("GE-1", "GE-3"), (3,)),
        DamagedFile("deep.json", _deep_json, ("GE-1", "GE-4"), (2, 3)),
        DamagedFile("non_object.json", _non_object_json, ("GE-1", "GE-4"), (2, 3)),
        DamagedFile("bad_line.jsonl", _bad_jsonl, ("GE-1", "GE-4"), (2, 3)),
        DamagedFile("too_many_cells.csv", _too_many_cells, ("GE-1", "GE-3"), (3,)),
        DamagedFile("nul_byte.csv", _nul_and_control, ("GE-1", "GE-3"), (3,)),
    )
}


def write_damaged(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_bytes(DAMAGED[name].build())
    return path

"""Reading tables from CSV, XLSX, JSON and JSONL files, row by row."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.errors import DataFileError

csv.field_size_limit(10_000_000)


# ----------------------------------------------------------------------------- reading files
def detect_encoding(path: Path, chunk_size: int = 1 << 20) -> str:
    """``utf-16`` (with a BOM), else ``utf-8-sig`` if the whole file decodes, else ``cp1251``."""
    with path.open("rb") as f:
        head = f.read(4)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        try:
            while chunk := f.read(chunk_size):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1251"
    return "utf-8-sig"


@dataclass
class Table:
    """A file's header and its data rows as ``(row number, cells by column index)``."""

    path: Path
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    kind: str  # csv, xlsx, json, jsonl
    document: dict[str, Any] | None = None  # a JSON object holding the rows (a demand list)


def open_table(path: str | Path, *, sheet: str | None = None, rows_key: str = "") -> Table:
    """Open a CSV, XLSX, JSON or JSONL file for row-by-row reading.

    Raises:
        DataFileError: The file is missing, of an unknown kind, or has no header.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _open_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    if suffix == ".json":
        return _open_json(path, rows_key)
    if suffix in (".jsonl", ".ndjson"):
        return _open_jsonl(path)
    raise DataFileError(path, f"unknown file kind {suffix!r} (csv, xlsx, json, jsonl)")


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    f = path.open(encoding=encoding, newline="")
    first = ""
    for line in f:
        if line.strip():
            first = line
            break
    if not first:
        f.close()
        raise DataFileError(path, "the file is empty: no header row")
    delimiter = max(",;\t", key=first.count)
    f.seek(0)
    reader = csv.reader(f, delimiter=delimiter)
    headers: list[str] = []
    header_row = 0
    for header_row, cells in enumerate(reader, start=1):  # noqa: B007
        if any(c.strip() for c in cells):
            headers = [c.strip().lstrip("\ufeff") for c in cells]
            break

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with f:
            for number, cells in enumerate(reader, start=header_row + 1):
                if any(c.strip() for c in cells):
                    yield number, cells

    return Table(path, headers, rows(), "csv")


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DataFileError(path, f"not a readable XLSX workbook: {error}") from error
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise DataFileError(path, f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    source = ws.iter_rows(values_only=True)
    headers: list[str] = []
    header_row = 0
    for header_row, cells in enumerate(source, start=1):  # noqa: B007
        if any(c is not None and str(c).strip() for c in cells):
            headers = ["" if c is None else str(c).strip() for c in cells]
            break
    if not headers:
        book.close()
        raise DataFileError(path, "the sheet is empty: no header row")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(source, start=header_row + 1):
                if any(c is not None and str(c).strip() for c in cells):
                    yield number, list(cells)
        finally:
            book.close()

    return Table(path, headers, rows(), "xlsx")


def _object_rows(path: Path, objects: Iterable[tuple[int, Any]]) -> Table:
    """Rows from JSON objects; every key any object has becomes a column."""
    items = list(objects)
    headers: list[str] = []
    seen: set[str] = set()
    for _, obj in items:
        if not isinstance(obj, dict):
            continue
        for key in obj:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    position = {h: i for i, h in enumerate(headers)}

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, obj in items:
            if not isinstance(obj, dict):
                raise DataFileError(path, "expected an object", row=number)
            cells: list[Any] = [None] * len(headers)
            for key, value in obj.items():
                cells[position[key]] = value
            yield number, cells

    return Table(path, headers, rows(), "json")


def _open_json(path: Path, rows_key: str) -> Table:
    try:
        data = json.loads(path.read_text(encoding=detect_encoding(path)))
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"not valid JSON: {error}", row=error.lineno) from error
    document = None
    if isinstance(data, dict):
        for key in (rows_key, "vacancies", "job_seekers", "records", "rows"):
            if key and isinstance(data.get(key), list):
                document = {k: v for k, v in data.items() if k != key}
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise DataFileError(path, "expected a list of objects")
    table = _object_rows(path, enumerate(data, start=1))
    table.document = document
    return table


def _open_jsonl(path: Path) -> Table:
    objects: list[tuple[int, Any]] = []
    with path.open(encoding=detect_encoding(path)) as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                try:
                    objects.append((number, json.loads(line)))
                except json.JSONDecodeError as error:
                    raise DataFileError(path, f"not valid JSON: {error}", row=number) from error
    table = _object_rows(path, objects)
    table.kind = "jsonl"
    return table

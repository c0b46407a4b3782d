"""Cells the project writes to CSV and XLSX, safe to open in a spreadsheet.

Every CSV or XLSX file the project writes goes through these helpers, so that text from
an imported file (a name, a title, a note) never runs as a formula in the clerk's
spreadsheet (CSV/formula injection). CSV text that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'``; XLSX text is written as typed
text, never as a formula, with the characters XML cannot hold removed. Import reads a
leading ``'`` before one of those characters back off (:func:`restore`), so files the
project writes import as they were.

Example:
    >>> neutralize("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize(-1.5), restore(neutralize("+995 599 12 34 56"))
    (-1.5, '+995 599 12 34 56')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(value: object) -> object:
    """A CSV cell: text a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo :func:`neutralize` on a cell read back from a file."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for ``csv.writer``: ``None`` as empty, text neutralised."""
    return ["" if value is None else neutralize(value) for value in values]


def write_csv_rows(
    f: IO[str], header: Sequence[str], rows: Iterable[Iterable[object]], **kwargs: Any
) -> int:
    """Write a header and rows to an open text file as CSV; returns the rows written."""
    writer = csv.writer(f, **kwargs)
    writer.writerow(csv_row(header))
    count = 0
    for row in rows:
        writer.writerow(csv_row(row))
        count += 1
    return count


def xlsx_cell(sheet: Any, value: object) -> Any:
    """A write-only XLSX cell; text is always text (never a formula), XML-safe."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[Any]:
    """A row for a write-only sheet's ``append``."""
    return [xlsx_cell(sheet, value) for value in values]

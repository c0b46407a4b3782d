"""Published tables to CSV and XLSX, with cells that a spreadsheet could run as a formula
neutralised (:func:`matching.spreadsheets.neutralize`) and suppressed cells marked ``<5``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from matching.batch.report import safe_sheet_name
from matching.spreadsheets import neutralize
from matching.statistics._table import Table, require_published


def _cells(table: Table) -> list[list[object]]:
    return [
        [neutralize(table.text(r, c)) for c in range(len(table.columns))]
        for r in range(len(table.rows))
    ]


def to_csv(table: Table) -> str:
    """A published table as CSV text (header row first)."""
    require_published(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    writer.writerows(_cells(table))
    return out.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """Published tables as one workbook, a sheet per table and a sheet of notes."""
    from openpyxl import Workbook

    for table in tables:
        require_published(table)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(safe_sheet_name(table.name, taken))
        sheet.append(table.column_names)
        for row in _cells(table):
            sheet.append(row)
        sheet.freeze_panes = "A2"
    notes = book.create_sheet(safe_sheet_name("notes", taken))
    notes.append(["table", "note"])
    for table in tables:
        notes.append([table.name, neutralize(table.title)])
        notes.append([table.name, f"<{table.min_cell}: fewer than {table.min_cell} people, hidden"])
        for note in table.notes:
            notes.append([table.name, neutralize(note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

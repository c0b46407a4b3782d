"""Published tables to CSV and XLSX, with cells that a spreadsheet could run as a formula
neutralised (:func:`matching.spreadsheets.neutralize`) and suppressed cells marked ``<5``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from matching.batch.report import safe_sheet_name
from matching.spreadsheets import neutralize
from matching.statistics._table import Table, require_published
from matching.statistics.wording import Phrase

Label = Callable[[str], str]


def _cells(table: Table, label: Label | None = None) -> list[list[object]]:
    """Every cell as shown: key values and phrases (requirements, courses) through
    ``label``; without one, a phrase is its English text."""
    keys = {c for c, col in enumerate(table.columns) if col.kind == "key"}

    def shown(r: int, c: int) -> object:
        cell = table.text(r, c)
        if label is not None and isinstance(cell, str) and (c in keys or isinstance(cell, Phrase)):
            return label(cell)
        return str(cell) if isinstance(cell, Phrase) else cell  # openpyxl takes plain str

    return [
        [neutralize(shown(r, c)) for c in range(len(table.columns))] for r in range(len(table.rows))
    ]


def _header(table: Table, label: Label | None) -> list[str]:
    return [neutralize(label(n)) if label else n for n in table.column_names]


def to_csv(table: Table, *, label: Label | None = None) -> str:
    """A published table as CSV text (header row first); ``label`` puts the column names
    and key values in the reader's words (the column names by default)."""
    require_published(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_header(table, label))
    writer.writerows(_cells(table, label))
    return out.getvalue()


def to_xlsx(
    tables: Sequence[Table], *, label: Label | None = None, hidden_note: str | None = None
) -> bytes:
    """Published tables as one workbook, a sheet per table and a sheet of notes;
    ``label`` as in :func:`to_csv` (also for titles and notes)."""
    from openpyxl import Workbook

    for table in tables:
        require_published(table)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(safe_sheet_name(table.name, taken))
        sheet.append(_header(table, label))
        for row in _cells(table, label):
            sheet.append(row)
        sheet.freeze_panes = "A2"
    notes = book.create_sheet(safe_sheet_name("notes", taken))
    notes.append(["table", "note"])
    say = label or str
    for table in tables:
        notes.append([table.name, neutralize(say(table.title))])
        hidden = f"<{table.min_cell}: fewer than {table.min_cell} people, hidden"
        notes.append([table.name, neutralize(hidden_note or hidden)])
        for note in table.notes:
            notes.append([table.name, neutralize(say(note))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

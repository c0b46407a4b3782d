"""What an import tells its caller: the rows stored, and each bad row with its field and reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.records import Vacancy


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class RowError:
    """One bad value in one row of an imported file.

    Attributes:
        row: Row number as a spreadsheet shows it (header = 1), or the JSON object's position.
        field: The column as written in the file, or the record field when no column is.
        reason: What is wrong, in plain words (English).
        code: The reason as a code of :mod:`matching.intake.messages` (``""`` when the
            reason has none, e.g. a record validator's message).
        params: What the code's message needs (the value as typed, a row number ...).
    """

    row: int
    field: str
    reason: str
    code: str = field(default="", compare=False)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, language: str | None = None) -> str:
        """The reason in ``language`` (ka, en, ru; Georgian by default)."""
        from matching.intake.messages import render

        return render(self.code, self.params, language, default=self.reason)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        source: The file.
        rows_read: Data rows read (empty rows are not counted).
        stored: Good rows stored (``inserted + updated + unchanged``).
        inserted, updated, unchanged: As the store counted them.
        errors: One entry per bad value; a row with any error is not stored.
        columns: Source column -> record field, as recognised or mapped.
        ignored_columns: Source columns recognised as no field.
        refused: Ids of good rows another agency's records hold (an agency's import).
        vacancies: A vacancy import's stored records as coded, in file order.
        valid: Rows that passed every check (stored, or in a dry run would be).
        dry_run: Nothing was stored.
        preview: The first valid records as parsed (a dry run's), JSON-ready.
        duplicates: Likely duplicates of the stored rows (see :mod:`matching.intake.people`).
    """

    source: str
    rows_read: int
    stored: int
    inserted: int
    updated: int
    unchanged: int
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)
    valid: int = 0
    dry_run: bool = False
    preview: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[Any] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

"""Reading the agency register from a CSV or XLSX file (Georgian or English headers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from matching.agencies.records import Agency
from matching.errors import DataFileError
from matching.intake.cells import CellError, parse_date, parse_list, parse_text
from matching.intake.errors import Reason
from matching.intake.report import RowError
from matching.intake.tables import open_table
from matching.occupations.text import fold

# Folded header -> field. Georgian headers as the ministry's register spells them.
_HEADERS: dict[str, str] = {
    "licence number": "licence_number",
    "license number": "licence_number",
    "licence": "licence_number",
    "license": "licence_number",
    "licence no": "licence_number",
    "ლიცენზია": "licence_number",
    "ლიცენზიის ნომერი": "licence_number",
    "legal name": "legal_name",
    "name": "legal_name",
    "agency": "legal_name",
    "დასახელება": "legal_name",
    "სახელწოდება": "legal_name",
    "other names": "other_names",
    "also known as": "other_names",
    "სხვა სახელები": "other_names",
    "status": "status",
    "სტატუსი": "status",
    "valid from": "valid_from",
    "licence valid from": "valid_from",
    "მოქმედია დან": "valid_from",
    "valid until": "valid_until",
    "licence valid until": "valid_until",
    "მოქმედია მდე": "valid_until",
    "email": "email",
    "e mail": "email",
    "ელფოსტა": "email",
    "phone": "phone",
    "telephone": "phone",
    "ტელეფონი": "phone",
    "address": "address",
    "მისამართი": "address",
    "contact person": "contact_person",
    "contact": "contact_person",
    "საკონტაქტო პირი": "contact_person",
}
_STATUS = {
    "active": "active",
    "აქტიური": "active",
    "suspended": "suspended",
    "შეჩერებული": "suspended",
    "revoked": "revoked",
    "გაუქმებული": "revoked",
}
_PARSERS = {
    "valid_from": parse_date,
    "valid_until": parse_date,
    "other_names": parse_list,
}


@dataclass
class AgencyFile:
    """The agencies read from a file and each bad value by row and field."""

    agencies: list[Agency] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0


def _status(value: object) -> str:
    text = fold(parse_text(value))
    if text not in _STATUS:
        raise CellError("status", value, Reason.AGENCY_STATUS)
    return _STATUS[text]


def read_agencies(path: str | Path, *, sheet: str | None = None) -> AgencyFile:
    """The register's rows as :class:`Agency` records; a bad row is reported, not stored.

    Raises:
        DataFileError: The file is unreadable or has no licence number or name column.
    """
    table = open_table(path, sheet=sheet)
    columns = {i: _HEADERS.get(fold(h)) for i, h in enumerate(table.headers)}
    present = set(columns.values())
    for needed in ("licence_number", "legal_name"):
        if needed not in present:
            raise DataFileError(path, f"no {needed.replace('_', ' ')} column", row=1)
    out = AgencyFile()
    for row, cells in table.rows:
        out.rows_read += 1
        data: dict[str, Any] = {}
        bad = False
        for i, value in enumerate(cells):
            name = columns.get(i)
            if name is None or value is None or str(value).strip() == "":
                continue
            try:
                parser = _status if name == "status" else _PARSERS.get(name, parse_text)
                data[name] = parser(value)
            except (CellError, ValueError) as error:
                out.errors.append(RowError(row, table.headers[i], str(error)))
                bad = True
        if bad:
            continue
        try:
            out.agencies.append(Agency.model_validate(data))
        except ValidationError as error:
            for e in error.errors():
                out.errors.append(RowError(row, ".".join(map(str, e["loc"])) or "-", e["msg"]))
    return out

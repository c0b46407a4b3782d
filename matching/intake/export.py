"""Export of job seekers and vacancies back to CSV, XLSX and JSON files (what import reads)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from matching.errors import DataFileError, InvalidInputError
from matching.records import (
    Certificate,
    DemandList,
    JobSeeker,
    Vacancy,
)
from matching.spreadsheets import csv_row, write_csv_rows, xlsx_row

# ----------------------------------------------------------------------------- export
JOB_SEEKER_COLUMNS: tuple[str, ...] = (
    "external_id", "full_name", "personal_number", "birth_date", "gender", "region", "phone",
    "email", "agency", "experience", "skills", "education_isced", "languages",
    "driving_licence", "code95", "driving_licence_valid_until", "certificates",
    "destination_preferences", "available_from", "consent", "consent_date",
    "consent_withdrawn", "migration_history",
)  # fmt: skip
VACANCY_COLUMNS: tuple[str, ...] = (
    "external_id", "destination_country", "employer", "agency", "agency_licensed", "title",
    "title_language", "description", "esco_uri", "isco_group", "normalizer_score",
    "required_skills", "optional_skills", "min_experience_years", "required_languages",
    "required_driving", "requires_code95", "required_certificates", "positions",
    "wage_amount", "wage_currency", "wage_period", "contract_months", "season_start",
    "season_end", "housing_provided", "worker_fee", "worker_fee_currency",
)  # fmt: skip
_OCCUPATION_COLUMNS = {"esco_uri", "isco_group", "normalizer_score"}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _flat_text(text: str) -> str:
    # The list separators of the cell formats cannot appear inside an item.
    return re.sub(r"[|;\n]+", "/", text).strip()


def job_seeker_cells(seeker: JobSeeker) -> dict[str, object]:
    """A job seeker as one flat row in the documented cell formats."""
    licence = seeker.driving_licence
    return {
        "external_id": seeker.external_id,
        "full_name": seeker.full_name,
        "personal_number": seeker.personal_number,
        "birth_date": seeker.birth_date,
        "gender": seeker.gender.value,
        "region": seeker.region.value if seeker.region else None,
        "phone": seeker.phone,
        "email": seeker.email,
        "agency": seeker.agency,
        "experience": "; ".join(
            "|".join([_flat_text(e.title), _cell(e.years), e.country or ""]).rstrip("|")
            for e in seeker.experience
        ),
        "skills": "; ".join(_flat_text(s) for s in seeker.skills),
        "education_isced": seeker.education_isced,
        "languages": "; ".join(f"{s.language}:{s.level.name}" for s in seeker.languages),
        "driving_licence": ", ".join(sorted(c.value for c in licence.categories))
        if licence
        else None,
        "code95": licence.code95 if licence else None,
        "driving_licence_valid_until": licence.valid_until if licence else None,
        "certificates": _certificates_cell(seeker.certificates),
        "destination_preferences": ", ".join(seeker.destination_preferences),
        "available_from": seeker.available_from,
        "consent": seeker.consent.given,
        "consent_date": seeker.consent.date,
        "consent_withdrawn": seeker.consent.withdrawn,
        "migration_history": "; ".join(
            f"{m.country}:{m.start.isoformat()}..{m.end.isoformat() if m.end else ''}"
            + (f":{_flat_text(m.scheme)}" if m.scheme else "")
            for m in seeker.migration_history
        ),
    }


def _certificates_cell(certificates: Sequence[Certificate]) -> str:
    return "; ".join(
        c.kind.value
        + (f":{c.code}" if c.code else "")
        + (f"@{c.valid_until.isoformat()}" if c.valid_until else "")
        for c in certificates
    )


def vacancy_cells(vacancy: Vacancy) -> dict[str, object]:
    """A vacancy as one flat row in the documented cell formats."""
    data = {
        name: getattr(vacancy, name) for name in VACANCY_COLUMNS if name in Vacancy.model_fields
    }
    data.update(
        required_skills="; ".join(_flat_text(s) for s in vacancy.required_skills),
        optional_skills="; ".join(_flat_text(s) for s in vacancy.optional_skills),
        required_languages="; ".join(
            f"{s.language}:{s.level.name}" for s in vacancy.required_languages
        ),
        required_driving=", ".join(c.value for c in vacancy.required_driving),
        required_certificates=_certificates_cell(vacancy.required_certificates),
    )
    return data


def write_records(
    path: str | Path,
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None = None,
    cells: Callable[[Any], dict[str, object]] | None = None,
    document: dict[str, Any] | None = None,
) -> int:
    """Write records to CSV or XLSX (flat cells) or JSON / JSONL (lossless); returns the count.

    ``records`` is consumed lazily for CSV, XLSX and JSONL. ``document`` wraps a JSON list
    (``{"external_id": ..., "vacancies": [...]}`` for a demand list).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    count = 0
    if suffix in (".json", ".jsonl"):
        with path.open("w", encoding="utf-8") as f:
            if suffix == ".jsonl":
                for record in records:
                    f.write(record.model_dump_json() + "\n")
                    count += 1
                return count
            items = [record.model_dump(mode="json") for record in records]
            body: Any = items if document is None else {**document, **{"vacancies": items}}
            json.dump(body, f, ensure_ascii=False, indent=1, default=str)
            return len(items)
    if columns is None or cells is None:
        raise InvalidInputError("flat formats need columns and a cells function")
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            return write_csv_rows(
                f, columns, ([_cell(cells(r).get(c)) for c in columns] for r in records)
            )
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(xlsx_row(sheet, columns))
        for record in records:
            row = cells(record)
            # Text cells, so that personal numbers and ids keep their leading zeros.
            sheet.append(xlsx_row(sheet, [_cell(row.get(c)) for c in columns]))
            count += 1
        book.save(path)
        return count
    raise DataFileError(path, f"unknown file kind {suffix!r} (csv, xlsx, json, jsonl)")


def iter_csv(
    records: Iterable[Any],
    *,
    columns: Sequence[str],
    cells: Callable[[Any], dict[str, object]],
    chunk_rows: int = 500,
) -> Iterator[bytes]:
    r"""The CSV :func:`write_records` writes, as UTF-8 chunks of ``chunk_rows`` rows made
    while ``records`` is read: a response streams a million rows in the memory of one
    chunk.

    Example:
        >>> chunks = iter_csv(iter([{"a": 1}]), columns=["a"], cells=dict)
        >>> b"".join(chunks)
        b'a\r\n1\r\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(columns))
    for count, record in enumerate(records, 1):
        row = cells(record)
        writer.writerow(csv_row([_cell(row.get(c)) for c in columns]))
        if count % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def vacancy_columns(*, occupations: bool = True) -> list[str]:
    """The flat columns of a vacancy file (without the coding ones: titles re-coded)."""
    return [c for c in VACANCY_COLUMNS if occupations or c not in _OCCUPATION_COLUMNS]


def write_job_seekers(path: str | Path, records: Iterable[JobSeeker]) -> int:
    """Write job seekers: CSV/XLSX in the cell formats (experience keeps title, years,
    country), JSON/JSONL whole. Returns how many were written."""
    return write_records(path, records, columns=JOB_SEEKER_COLUMNS, cells=job_seeker_cells)


def write_vacancies(
    path: str | Path,
    records: Iterable[Vacancy],
    *,
    occupations: bool = True,
    demand_list: DemandList | None = None,
) -> int:
    """Write vacancies (CSV/XLSX flat, JSON/JSONL whole).

    Args:
        path: Where; the suffix picks the format.
        records: The vacancies.
        occupations: Write the ESCO URI, ISCO group and normaliser score columns of a flat
            file. Without them, an import normalises the titles afresh.
        demand_list: For JSON, write this list's header around the vacancies.
    """
    columns = vacancy_columns(occupations=occupations)
    document = None
    if demand_list is not None:
        document = demand_list.model_dump(mode="json", exclude={"vacancies"})
    if not occupations and Path(path).suffix.lower() in (".json", ".jsonl"):
        records = (v.model_copy(update=dict.fromkeys(_OCCUPATION_COLUMNS)) for v in records)
    return write_records(path, records, columns=columns, cells=vacancy_cells, document=document)


# Kept public for callers that build their own files.


def errors_path(source: str | Path) -> Path:
    """Where the full list of an import's bad rows is written: beside the file."""
    source = Path(source)
    return source.with_name(f"{source.stem}.errors.csv")


def write_row_errors(path: str | Path, errors: Iterable[Any], language: str | None = None) -> int:
    """Write an import's bad rows (row, column, reason) as CSV; returns how many.

    The reasons are in ``language`` (ka, en, ru) when given, else as the report holds them.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        count = write_csv_rows(
            f,
            ("row", "column", "reason"),
            ((e.row, e.field, e.message(language) if language else e.reason) for e in errors),
        )
    tmp.replace(path)
    return count

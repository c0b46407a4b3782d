"""Intake: job seekers and vacancies read from the files clerks and destinations send.

See :mod:`matching.intake.importer` for the file formats, headers and cell forms.
"""

from matching.intake.cells import (
    CellError,
    parse_certificates,
    parse_countries,
    parse_date,
    parse_driving,
    parse_experience,
    parse_languages,
    parse_wage,
)
from matching.intake.export import (
    JOB_SEEKER_COLUMNS,
    VACANCY_COLUMNS,
    job_seeker_cells,
    vacancy_cells,
    write_job_seekers,
    write_records,
    write_vacancies,
)
from matching.intake.headers import JOB_SEEKER_HEADERS, VACANCY_HEADERS, header_key, resolve_columns
from matching.intake.importer import import_job_seekers, import_vacancies
from matching.intake.report import ImportReport, RowError
from matching.intake.tables import Table, detect_encoding, open_table

__all__ = [
    "JOB_SEEKER_COLUMNS",
    "JOB_SEEKER_HEADERS",
    "VACANCY_COLUMNS",
    "VACANCY_HEADERS",
    "CellError",
    "ImportReport",
    "RowError",
    "Table",
    "detect_encoding",
    "header_key",
    "import_job_seekers",
    "import_vacancies",
    "job_seeker_cells",
    "open_table",
    "parse_certificates",
    "parse_countries",
    "parse_date",
    "parse_driving",
    "parse_experience",
    "parse_languages",
    "parse_wage",
    "resolve_columns",
    "vacancy_cells",
    "write_job_seekers",
    "write_records",
    "write_vacancies",
]

"""Import of job seekers and vacancies from CSV, XLSX and JSON files, and export back to them.

A file is read row by row; each row becomes a validated record or is reported as a
:class:`RowError` (row number, field, reason); the good rows are normalised to ESCO
occupations and stored in one transaction, so that a failure stores nothing. Importing
the same file again changes nothing (the store counts those rows as ``unchanged``).

**Files.** ``.csv`` (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251;
delimiter ``,``, ``;``, tab), ``.xlsx`` (first sheet or ``sheet=``), ``.json`` (a list of
objects, an object holding one under ``job_seekers``/``vacancies``, or a demand list
object) and ``.jsonl``. The header is the first non-empty row. Row numbers are as a
spreadsheet shows them (header = row 1); in JSON, the object's 1-based position; in
JSONL, the line.

**Headers** are recognised in English, Georgian, Polish, German, Russian and French,
case, punctuation and diacritics aside (see :data:`JOB_SEEKER_HEADERS` and
:data:`VACANCY_HEADERS`); ``mapping={"my column": "field"}`` adds to or overrides them
(``None`` ignores a column). Columns recognised as nothing are listed in the report.

**Cell formats** for nested fields (JSON may give the structured value instead):

==========================  ===========================================================
languages                   ``pl:A2; en:B1`` (also ``pl A2``, ``Polish B1``, ``რუსული C1``;
                            ``native`` = C2)
driving licence             ``B, C, CE`` (``C+E``, ``kat. C+E``); a token ``95`` or
                            ``code95`` sets Code 95, as does a ``code95`` column ``yes``
certificates                ``welding:135; adr; forklift; welding:141@2027-06-30`` (kind,
                            ``:code``, ``@valid until``); ``MIG/MAG``, ``TIG``, ``UDT``,
                            ``SEP`` ... are understood
experience                  ``title|years|country; ...`` (years and country optional), or
                            a plain number of years beside a ``profession`` column
destinations, countries     ``PL, DE`` or names (``Polska``, ``პოლონეთი``, ``Germany``)
migration history           ``PL:2022-03-01..2022-11-30:seasonal; DE:2023-05-01..``
skills                      ``skill; skill`` (free text or ESCO skill URIs)
dates                       ``2026-05-01``, ``01.05.2026``, ``01/05/2026`` (day first),
                            spreadsheet dates
yes / no                    ``yes/no``, ``true/false``, ``1/0``, ``კი/არა``, ``tak/nie``,
                            ``ja/nein``, ``да/нет``, ``oui/non``, ``x``
wage (one cell)             ``32 zł/h``, ``9 500 PLN brutto/mies.``, ``14,50 €/Std.``,
                            ``35 ₪ לשעה``: amount, currency, period; a range gives its
                            lower bound; no currency means the destination's
season (one cell)           ``15.06.2027 - 15.09.2027`` or ``2027-06-15..2027-09-15``
consent                     ``yes`` with a ``consent date`` column, or the date itself
==========================  ===========================================================

A personal number stored by a spreadsheet as a number (its leading zero lost) is padded
back to 11 digits. A job-seeker file without an id column uses the personal number as
the id; a vacancy file without one names each vacancy ``<demand list or file>-<row>``
(stable while the rows keep their order). Vacancies and experiences that come with an
ESCO URI or ISCO group keep it; the others are normalised: the top match of the injected
normaliser fills ``esco_uri``, ``isco_group`` and ``normalizer_score``.

Example:
    >>> import tempfile, pathlib
    >>> from matching.storage import Store
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seekers.csv"
    >>> _ = path.write_text("id,სახელი,გვარი,ენები\\nGE-1,ნინო,ბერიძე,pl:A2\\nGE-2,,,xx\\n")
    >>> with Store("sqlite://") as store:
    ...     report = import_job_seekers(path, store, normalizer=None)
    >>> report.stored, [(e.row, e.field) for e in report.errors]
    (1, [(3, 'ენები'), (3, 'სახელი')])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from matching.errors import DataFileError, InvalidRecordError
from matching.fileio import chunks
from matching.heap import fewer_collections
from matching.intake.cells import _JOB_SEEKER_PARSERS, _VACANCY_PARSERS, CellError
from matching.intake.headers import (
    _JOB_SEEKER_ALIASES,
    _JOB_SEEKER_EXTRA,
    _VACANCY_ALIASES,
    _VACANCY_EXTRA,
    resolve_columns,
)
from matching.intake.messages import reader_code, render
from matching.intake.people import likely_duplicates, new_job_seeker_id
from matching.intake.report import ImportReport, RowError
from matching.intake.rows import (
    CellReader,
    _job_seeker_data,
    _parse_cells,
    _RowProblems,
    _vacancy_data,
)
from matching.intake.tables import BadRow, Table, open_table
from matching.intake.text_requirements import fill_from_text
from matching.occupations.coding import (
    TitleCache,
    TitleNormalizerLike,
    code_job_seekers,
    code_vacancies,
)
from matching.records import (
    DemandList,
    JobSeeker,
    Vacancy,
)
from matching.scope import EVERYONE, Scope
from matching.storage.results import UpsertReport
from matching.storage.store import Store

# ----------------------------------------------------------------------------- import
# Record fields built from other columns: errors about them name the first such column.
_DERIVED_FROM = {
    "full_name": ("given_name", "surname"),
    "external_id": ("personal_number",),
    "experience": ("occupation", "experience_years"),
    "driving_licence": ("code95", "driving_licence_valid_until"),
    "consent": ("consent_date", "consent_withdrawn"),
    "wage_amount": ("wage",),
    "wage_currency": ("wage",),
    "wage_period": ("wage",),
    "season_start": ("season",),
    "season_end": ("season",),
}


@dataclass
class _Progress:
    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)
    preview_size: int = 5


def _counted(records: Iterator[Any], progress: _Progress) -> Iterator[Any]:
    """The records, counted; the first few kept (as JSON) for a preview."""
    for record in records:
        progress.valid += 1
        if len(progress.preview) < progress.preview_size:
            progress.preview.append(record.model_dump(mode="json", exclude_defaults=True))
        yield record


def _dry(records: Iterator[Any]) -> UpsertReport:
    for _ in records:
        pass
    return UpsertReport()


def _records(
    table: Table,
    columns: Mapping[int, str],
    parsers: Mapping[str, Callable[[object], object]],
    build: Callable[[dict[str, Any], _RowProblems], BaseModel | None],
    progress: _Progress,
) -> Iterator[tuple[int, Any]]:
    """``(row, record)`` of the good rows; bad rows go to ``progress.errors``."""
    sources = {name: table.headers[i] for i, name in columns.items()}
    for derived, inputs in _DERIVED_FROM.items():
        if derived not in sources:
            source = next((sources[name] for name in inputs if name in sources), None)
            if source is not None:
                sources[derived] = source
    first_row: dict[str, int] = {}
    memo: dict[tuple[str, Any], Any] = {}
    reader = CellReader(columns, parsers)
    for number, cells in table.rows:
        progress.rows_read += 1
        problems = _RowProblems(number, sources)
        if isinstance(cells, BadRow):
            code, params = reader_code(cells.reason)
            progress.errors.append(
                RowError(number, cells.column or "row", cells.reason, code, params)
            )
            continue
        try:
            values = reader.read(cells, problems, memo)
            record = build(values, problems)
        except Exception as error:  # one odd row must not stop an import
            problems.add_coded("row", "unreadable_row", error=type(error).__name__)
            record = None
        if record is not None and not problems.errors:
            key = record.external_id  # type: ignore[attr-defined]
            if key in first_row:
                problems.add_coded("external_id", "duplicate_id", id=key, first=first_row[key])
            else:
                first_row[key] = number
        progress.errors.extend(problems.errors)
        if record is not None and not problems.errors:
            yield number, record


def _registered_once(
    pairs: Iterator[tuple[int, JobSeeker]],
    store: Store,
    progress: _Progress,
    *,
    column: str,
    generated_ids: bool,
    scope: str | None,
) -> Iterator[tuple[int, JobSeeker]]:
    """One person, one record: a personal number repeated in the file, or registered
    under another record the caller may see, refuses the row, naming that record.

    A file without an id column updates the record that holds the number, if the
    caller may see it. A number held outside the caller's scope is not mentioned: the
    store keeps the row as a claim for a coordinator (an agency must not learn that a
    number is registered elsewhere).
    """
    first_row: dict[str, int] = {}
    for chunk in chunks(pairs, 500):
        numbers = [r.personal_number for _, r in chunk if r.personal_number]
        held = store.job_seekers_by_personal_number(numbers, agency=scope) if numbers else {}
        for number, record in chunk:
            personal_number = record.personal_number
            if personal_number is not None:
                if personal_number in first_row:
                    progress.errors.append(
                        _row_error(
                            number,
                            column,
                            "personal_number_repeats",
                            first=first_row[personal_number],
                        )
                    )
                    continue
                first_row[personal_number] = number
                holder = held.get(personal_number)
                visible = holder is not None and (scope is None or holder[1] == scope)
                if visible and holder[0] != record.external_id:
                    if generated_ids:
                        record = record.model_copy(update={"external_id": holder[0]})
                    else:
                        progress.errors.append(
                            _row_error(number, column, "personal_number_registered", id=holder[0])
                        )
                        continue
            yield number, record


def _row_error(row: int, column: str, code: str, **params: Any) -> RowError:
    return RowError(row, column, render(code, params, "en"), code, params)


def _source_of(table: Table, columns: Mapping[int, str], name: str) -> str:
    """The header of the column feeding ``name`` (or ``name`` itself)."""
    return next((table.headers[i] for i, field in columns.items() if field == name), name)


def _without_rows(pairs: Iterator[tuple[int, Any]]) -> Iterator[Any]:
    return (record for _, record in pairs)


def parse_job_seeker(fields: Mapping[str, Any]) -> JobSeeker:
    """A job seeker from named fields, read as file import reads a row.

    The one parser behind both doors: each value may be structured (as the record holds
    it) or written as a clerk writes a cell (``"იმერეთი"``, ``"კაცი"``, ``"15.05.1986"``,
    ``"pl:B2; ru:C1"``, ``"B, C"``), and the errors are worded as import words them.

    Raises:
        InvalidRecordError: Unknown fields or bad values, each named.
    """
    known = set(JobSeeker.model_fields) | _JOB_SEEKER_EXTRA
    names = [name for name in fields if name in known]
    problems = _RowProblems(0, {name: name for name in names})
    for name in fields:
        if name not in known:
            problems.add_coded(name, "no_such_field")
    values = _parse_cells(
        [fields[n] for n in names], dict(enumerate(names)), _JOB_SEEKER_PARSERS, problems, {}
    )
    data = _job_seeker_data(values, problems)
    record = None
    try:
        record = JobSeeker.model_validate(data)
    except ValidationError as error:
        problems.add_validation(error, {})
    if record is None or problems.errors:
        raise InvalidRecordError(problems.errors)
    return record


@fewer_collections()
def import_job_seekers(
    source: str | Path,
    store: Store,
    *,
    normalizer: TitleNormalizerLike | None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    agency: str | None = None,
    scope: Scope = EVERYONE,
    batch_size: int = 2000,
    dry_run: bool = False,
) -> ImportReport:
    """Read job seekers from a file, normalise their experience titles, store the good rows.

    Args:
        source: A CSV, XLSX, JSON or JSONL file.
        store: An open store; the good rows are upserted in one transaction.
        normalizer: Maps titles to ESCO occupations (``TitleNormalizer().fit(taxonomy)``);
            ``None`` stores titles as written, unnormalised.
        mapping: Source column -> field, beside the recognised headers.
        sheet: XLSX sheet name (default: the first).
        agency: Agency of rows that do not name one.
        scope: Whose records the caller may write: an agency's import is stamped with
            it, rows whose id another agency holds are refused (``report.refused``), and a
            row whose personal number another record holds names that record only if it
            is in scope.
        batch_size: Rows validated and normalised at a time.
        dry_run: Read and check every row, store nothing; the report's ``preview``
            holds the first rows as parsed.

    Returns:
        The report; bad rows are in ``errors`` and were not stored.

    Raises:
        DataFileError: The file cannot be read at all or has no name column.
        MappingError: ``mapping`` names an unknown field.
        Any store error, in which case nothing was stored.
    """
    table = open_table(source, sheet=sheet, rows_key="job_seekers")
    known = set(JobSeeker.model_fields) | _JOB_SEEKER_EXTRA
    columns, ignored = resolve_columns(table.headers, _JOB_SEEKER_ALIASES, known, mapping)
    present = set(columns.values())
    if not table.headers and table.kind in ("json", "jsonl"):
        pass  # no object in the file: every item is reported as a row
    elif not present & {"full_name", "given_name", "surname"}:
        raise DataFileError(table.path, "no name column (full name, სახელი, imię, name ...)")
    generated_ids = "external_id" not in present

    def build(values: dict[str, Any], problems: _RowProblems) -> JobSeeker | None:
        if generated_ids:  # an opaque id, never one made of personal data
            values["external_id"] = new_job_seeker_id()
        data = _job_seeker_data(values, problems)
        if agency is not None:
            data.setdefault("agency", agency)
        try:
            return JobSeeker.model_validate(data)
        except ValidationError as error:
            problems.add_validation(error, {})
            return None

    progress = _Progress()
    cache = TitleCache(normalizer) if normalizer is not None else None
    pairs = _registered_once(
        _records(table, columns, _JOB_SEEKER_PARSERS, build, progress),
        store,
        progress,
        column=_source_of(table, columns, "personal_number"),
        generated_ids=generated_ids,
        scope=scope.agency,
    )
    born: dict[str, Any] = {}  # id -> birth date of the rows stored, for duplicates
    records = _counted(_noting_births(_without_rows(pairs), born), progress)
    if dry_run:
        return _report(table, progress, _dry(records), columns, ignored, dry_run=True)
    upsert = store.upsert_job_seekers(code_job_seekers(records, cache, batch_size), scope=scope)
    report = _report(table, progress, upsert, columns, ignored)
    report.duplicates.extend(
        pair
        for pair in likely_duplicates(store.job_seekers_born_on(set(born.values()), scope=scope))
        if pair.first_id in born or pair.second_id in born
    )
    return report


def _noting_births(records: Iterator[JobSeeker], born: dict[str, Any]) -> Iterator[JobSeeker]:
    for record in records:
        if record.birth_date is not None:
            born[record.external_id] = record.birth_date
        yield record


@fewer_collections()
def import_vacancies(
    source: str | Path,
    store: Store,
    *,
    normalizer: TitleNormalizerLike | None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    demand_list_id: str | None = None,
    destination_country: str | None = None,
    received: date | None = None,
    scope: Scope = EVERYONE,
    batch_size: int = 2000,
    dry_run: bool = False,
) -> ImportReport:
    """Read vacancies from a file, normalise their titles, store the good rows.

    With ``demand_list_id`` (or a JSON demand-list object as the file) the vacancies
    are saved as that demand list, adding to and updating an earlier import of it (never
    deleting); otherwise they are upserted on their own.

    Args:
        source: A CSV, XLSX, JSON or JSONL file.
        store: An open store; the good rows are written in one transaction.
        normalizer: Maps titles to ESCO occupations; ``None`` leaves them unnormalised.
        mapping: Source column -> field, beside the recognised headers.
        sheet: XLSX sheet name (default: the first).
        demand_list_id: Save the vacancies as this demand list.
        destination_country: Country of rows that do not name one (and of the list).
        received: The demand list's date of receipt.
        scope: Whose records the caller may write (see :func:`import_job_seekers`); an
            agency imports no demand lists.
        batch_size: Rows validated and normalised at a time.
        dry_run: Read and check every row, store nothing.

    Returns:
        The report, with the coded vacancies stored, in file order (``vacancies``).

    Raises:
        DataFileError: The file cannot be read at all, has no title column, or a demand
            list's country is unknown.
        MappingError: ``mapping`` names an unknown field.
        ForbiddenError: An agency's ``scope`` and a demand list.
        Any store error, in which case nothing was stored.
    """
    table = open_table(source, sheet=sheet, rows_key="vacancies")
    known = set(Vacancy.model_fields) | _VACANCY_EXTRA
    columns, ignored = resolve_columns(table.headers, _VACANCY_ALIASES, known, mapping)
    if "title" not in columns.values():
        raise DataFileError(table.path, "no title column (title, stanowisko, Beruf, poste ...)")
    header = dict(table.document or {})
    if demand_list_id is None and "external_id" in header:
        demand_list_id = str(header["external_id"])
    country = destination_country or header.get("destination_country")
    generated_ids = "external_id" not in columns.values()
    prefix = demand_list_id or table.path.stem
    given: dict[str, set[str]] = {}  # per vacancy, the fields its row filled

    def build(values: dict[str, Any], problems: _RowProblems) -> Vacancy | None:
        if generated_ids:  # no id column: the row's place in the file names it
            values["external_id"] = f"{prefix}-{problems.row:05d}"
        try:
            data = _vacancy_data(values, country)
        except (CellError, ValueError) as error:
            problems.add("required_driving", str(error))
            return None
        try:
            vacancy = Vacancy.model_validate(data)
        except ValidationError as error:
            problems.add_validation(error, {})
            return None
        given[vacancy.external_id] = {k for k, v in data.items() if v not in (None, "", [])}
        return vacancy

    progress = _Progress()
    cache = TitleCache(normalizer) if normalizer is not None else None
    checked = _counted(
        _without_rows(_records(table, columns, _VACANCY_PARSERS, build, progress)), progress
    )
    if dry_run:
        return _report(table, progress, _dry(checked), columns, ignored, dry_run=True)
    records = code_vacancies(checked, cache, batch_size)
    vacancies = list(records)  # a demand list: hundreds of rows, not a registry
    # requirements stated only in the text fill the empty fields (never a filled column)
    vacancies = fill_from_text(vacancies, [given.get(v.external_id, ()) for v in vacancies])
    if demand_list_id is None:
        upsert = store.upsert_vacancies(vacancies, scope=scope)
        refused = set(upsert.refused)
        vacancies = [scope.stamp(v) for v in vacancies if v.external_id not in refused]
    else:
        countries = {v.destination_country for v in vacancies}
        list_country = country or (countries.pop() if len(countries) == 1 else None)
        if list_country is None:
            raise DataFileError(
                table.path, "the demand list's destination country is unknown: pass one"
            )
        try:
            demand_list = DemandList(
                external_id=demand_list_id,
                destination_country=list_country,
                source_file=header.get("source_file") or table.path.name,
                received=received or header.get("received"),
                vacancies=vacancies,
            )
        except ValidationError as error:
            raise DataFileError(table.path, f"not a valid demand list: {error}") from error
        upsert = store.save_demand_list(demand_list, prune=False, scope=scope)
        vacancies = list(demand_list.vacancies)
    return _report(table, progress, upsert, columns, ignored, vacancies)


def _report(
    table: Table,
    progress: _Progress,
    upsert: UpsertReport,
    columns: Mapping[int, str],
    ignored: list[str],
    vacancies: list[Vacancy] | None = None,
    *,
    dry_run: bool = False,
) -> ImportReport:
    return ImportReport(
        source=str(table.path),
        rows_read=progress.rows_read,
        stored=upsert.total,
        inserted=upsert.inserted,
        updated=upsert.updated,
        unchanged=upsert.unchanged,
        errors=sorted(progress.errors, key=lambda e: (e.row, e.field)),
        columns={table.headers[i]: name for i, name in columns.items()},
        ignored_columns=ignored,
        refused=list(upsert.refused),
        vacancies=vacancies or [],
        valid=progress.valid,
        dry_run=dry_run,
        preview=progress.preview,
    )

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

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from matching.errors import DataFileError, MatchingError
from matching.occupations.text import fold
from matching.records import (
    WELDING_PROCESSES,
    Cefr,
    Certificate,
    CertificateKind,
    DemandList,
    DrivingCategory,
    GeorgianRegion,
    JobSeeker,
    Vacancy,
    WorkExperience,
)
from matching.storage import Store, UpsertReport, chunks

csv.field_size_limit(10_000_000)


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class RowError:
    """One bad value in one row of an imported file.

    Attributes:
        row: Row number as a spreadsheet shows it (header = 1), or the JSON object's position.
        field: The column as written in the file, or the record field when no column is.
        reason: What is wrong, in plain words.
    """

    row: int
    field: str
    reason: str


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

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


class MappingError(MatchingError):
    """An explicit column mapping names a field that does not exist."""


class TitleMatchLike(Protocol):
    """What the importer reads of a normaliser's match."""

    uri: str
    isco_group: str
    score: float


class TitleNormalizerLike(Protocol):
    """Anything with :meth:`TitleNormalizer.batch_normalize`'s shape."""

    def batch_normalize(
        self,
        titles: Sequence[str],
        descriptions: Sequence[str | None] | None = None,
        top_k: int = 5,
    ) -> Sequence[Sequence[TitleMatchLike]]: ...


# ----------------------------------------------------------------------------- headers
def header_key(text: object) -> str:
    """A header as compared: case, diacritics, punctuation and spacing folded away."""
    return fold(str(text).replace("\ufeff", ""))


JOB_SEEKER_HEADERS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "id", "external id", "seeker id", "job seeker id", "registration number",
        "registration no", "reg no", "number", "no", "#", "სარეგისტრაციო ნომერი",
        "რეგისტრაციის ნომერი", "იდენტიფიკატორი", "№", "nr", "numer", "lp", "номер",
    ),
    "full_name": (
        "full_name", "full name", "name", "name and surname", "სახელი და გვარი",
        "სახელი გვარი", "სრული სახელი", "imię i nazwisko", "nazwisko i imię", "fio", "фио",
        "имя и фамилия", "vor und nachname", "nom complet",
    ),
    "given_name": (
        "given_name", "given name", "first name", "firstname", "სახელი", "imię", "imie",
        "vorname", "имя", "prénom",
    ),
    "surname": (
        "surname", "last name", "lastname", "family name", "გვარი", "nazwisko", "nachname",
        "familienname", "фамилия", "nom de famille",
    ),
    "personal_number": (
        "personal_number", "personal number", "personal no", "personal id", "id number",
        "national id", "pid", "პირადი ნომერი", "პირ ნომერი", "პ ნ", "პნ", "personal code",
        "личный номер", "numer osobisty",
    ),
    "birth_date": (
        "birth_date", "birth date", "date of birth", "dob", "born", "დაბადების თარიღი",
        "დაბ თარიღი", "data urodzenia", "geburtsdatum", "дата рождения", "date de naissance",
    ),
    "gender": ("gender", "sex", "სქესი", "płeć", "plec", "geschlecht", "пол", "sexe"),
    "region": (
        "region", "რეგიონი", "მხარე", "region of residence", "регион", "województwo", "mkhare",
    ),
    "phone": (
        "phone", "telephone", "mobile", "phone number", "tel", "ტელეფონი", "ტელ",
        "ტელეფონის ნომერი", "მობილური", "telefon", "nr telefonu", "телефон", "téléphone",
    ),
    "email": ("email", "e mail", "mail", "ელ ფოსტა", "ელფოსტა", "эл почта", "adres e mail"),
    "agency": (
        "agency", "სააგენტო", "ორგანიზაცია", "agencja", "agentur", "агентство", "agence",
    ),
    "experience": (
        "experience", "work experience", "გამოცდილება", "სამუშაო გამოცდილება", "doświadczenie",
        "berufserfahrung", "опыт работы", "опыт", "expérience",
    ),
    "occupation": (
        "occupation", "profession", "job title", "trade", "პროფესია", "სპეციალობა",
        "თანამდებობა", "zawód", "zawod", "beruf", "профессия", "специальность", "métier",
    ),
    "experience_years": (
        "years of experience", "experience years", "years", "სტაჟი", "გამოცდილება წელი",
        "წლები", "staż pracy", "staż", "lata doświadczenia", "berufsjahre", "стаж",
        "années d expérience",
    ),
    "skills": ("skills", "უნარები", "umiejętności", "fähigkeiten", "навыки", "compétences"),
    "education_isced": (
        "education_isced", "isced", "education level", "განათლება", "განათლების დონე",
        "wykształcenie", "bildung", "образование",
    ),
    "languages": (
        "languages", "language skills", "ენები", "ენის ცოდნა", "ენების ცოდნა", "języki",
        "znajomość języków", "sprachen", "sprachkenntnisse", "языки", "знание языков", "langues",
    ),
    "driving_licence": (
        "driving_licence", "driving licence", "driving license", "licence", "license",
        "licence categories", "driving categories", "მართვის მოწმობა", "მართვის მოწმობის კატეგორია",
        "კატეგორია", "prawo jazdy", "kategoria prawa jazdy", "führerschein", "führerscheinklasse",
        "водительские права", "категория прав", "permis de conduire",
    ),
    "code95": (
        "code95", "code 95", "კოდი 95", "kod 95", "kod95", "świadectwo kwalifikacji",
        "код 95", "code 95 cpc", "cpc",
    ),
    "driving_licence_valid_until": ("driving licence valid until", "licence valid until"),
    "certificates": (
        "certificates", "certifications", "სერტიფიკატები", "სერტიფიკატი", "certyfikaty",
        "uprawnienia", "zertifikate", "nachweise", "сертификаты", "удостоверения", "certificats",
    ),
    "destination_preferences": (
        "destination_preferences", "destinations", "destination", "preferred countries",
        "preferred country", "სასურველი ქვეყანა", "სასურველი ქვეყნები", "ქვეყანა",
        "kraj docelowy", "zielland", "страна назначения", "желаемая страна", "pays souhaité",
    ),
    "available_from": (
        "available_from", "available from", "availability", "start date", "ready from",
        "დაწყების თარიღი", "ხელმისაწვდომია", "dostępny od", "verfügbar ab", "доступен с",
        "disponible à partir du",
    ),
    "consent": ("consent", "თანხმობა", "zgoda", "einwilligung", "согласие", "consentement"),
    "consent_date": (
        "consent_date", "consent date", "თანხმობის თარიღი", "data zgody", "дата согласия",
    ),
    "consent_withdrawn": (
        "consent_withdrawn", "consent withdrawn", "თანხმობის გაუქმება", "cofnięcie zgody",
    ),
    "migration_history": (
        "migration_history", "migration history", "previous work abroad", "work abroad",
        "მიგრაციის ისტორია", "საზღვარგარეთ მუშაობა", "praca za granicą",
    ),
}  # fmt: skip

VACANCY_HEADERS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "id", "vacancy id", "offer id", "job id", "reference", "ref",
        "numer oferty", "nr oferty", "nr", "lp", "stellen id", "referenznummer", "kennziffer",
        "référence", "ვაკანსიის ნომერი", "№", "номер",
    ),
    "destination_country": (
        "destination_country", "country", "destination", "kraj", "państwo", "land", "pays",
        "ქვეყანა", "страна", "riik", "šalis", "מדינה",
    ),
    "employer": (
        "employer", "company", "pracodawca", "nazwa pracodawcy", "firma", "arbeitgeber",
        "unternehmen", "employeur", "entreprise", "დამსაქმებელი", "работодатель", "tööandja",
        "darbdavys", "מעסיק",
    ),
    "agency": (
        "agency", "recruitment agency", "agencja", "agencja pracy", "agentur",
        "personalvermittlung", "agence", "სააგენტო", "агентство",
    ),
    "agency_licensed": (
        "agency_licensed", "agency licensed", "licensed", "licensed agency", "licencja",
        "wpis do kraz", "kraz", "lizenz", "licencié",
    ),
    "title": (
        "title", "job title", "position", "occupation", "job", "stanowisko", "nazwa stanowiska",
        "zawód", "zawod", "beruf", "stellenbezeichnung", "berufsbezeichnung", "stelle",
        "intitulé du poste", "poste", "métier", "ametinimetus", "amet", "pareigos",
        "თანამდებობა", "პროფესია", "ვაკანსია", "должность", "профессия", "вакансия", "תפקיד",
        "משרה",
    ),
    "title_language": ("title_language", "title language", "language of title"),
    "description": (
        "description", "job description", "details", "opis", "opis stanowiska", "wymagania",
        "zakres obowiązków", "obowiązki", "beschreibung", "anforderungen", "aufgaben",
        "description du poste", "exigences", "აღწერა", "მოთხოვნები", "описание", "требования",
        "kirjeldus", "aprašymas", "תיאור", "דרישות",
    ),
    "esco_uri": ("esco_uri", "esco uri", "esco", "esco occupation"),
    "isco_group": ("isco_group", "isco", "isco group", "isco 08", "kod zawodu"),
    "normalizer_score": ("normalizer_score", "normalizer score"),
    "required_skills": ("required_skills", "required skills", "skills", "umiejętności"),
    "optional_skills": ("optional_skills", "optional skills", "nice to have"),
    "min_experience_years": (
        "min_experience_years", "min experience years", "minimum experience",
        "experience years", "experience", "doświadczenie", "wymagane doświadczenie",
        "berufserfahrung", "expérience", "გამოცდილება", "опыт", "опыт работы",
    ),
    "required_languages": (
        "required_languages", "required languages", "languages", "language", "język",
        "języki", "znajomość języka", "sprache", "sprachkenntnisse", "langue", "langues",
        "ენა", "ენები", "язык", "языки", "keel", "kalba", "שפה",
    ),
    "required_driving": (
        "required_driving", "required driving", "driving licence", "driving license",
        "licence", "prawo jazdy", "kategoria prawa jazdy", "führerschein", "führerscheinklasse",
        "permis", "permis de conduire", "მართვის მოწმობა", "водительские права",
        "juhiload", "vairuotojo pažymėjimas", "רישיון נהיגה",
    ),
    "requires_code95": (
        "requires_code95", "requires code95", "code95", "code 95", "kod 95", "kod95",
        "świadectwo kwalifikacji", "fahrerqualifizierung", "fimo", "кодекс 95",
    ),
    "required_certificates": (
        "required_certificates", "required certificates", "certificates", "certyfikaty",
        "uprawnienia", "wymagane uprawnienia", "zertifikate", "nachweise", "certificats",
        "სერტიფიკატები", "сертификаты",
    ),
    "positions": (
        "positions", "number of positions", "vacancies", "openings", "headcount",
        "liczba miejsc", "liczba osób", "ilość osób", "ilość miejsc", "liczba etatów", "anzahl",
        "anzahl stellen", "anzahl der stellen", "nombre de postes", "postes", "kohtade arv",
        "vietų skaičius", "ადგილების რაოდენობა", "რაოდენობა", "количество мест", "количество",
        "מספר משרות",
    ),
    "wage": (
        "wage", "salary", "pay", "wynagrodzenie", "stawka", "płaca", "lohn", "gehalt",
        "vergütung", "stundenlohn", "salaire", "rémunération", "palk", "atlyginimas",
        "ხელფასი", "ანაზღაურება", "зарплата", "заработная плата", "שכר",
    ),
    "wage_amount": ("wage_amount", "wage amount", "salary amount", "kwota"),
    "wage_currency": ("wage_currency", "wage currency", "currency", "waluta", "währung", "devise"),
    "wage_period": ("wage_period", "wage period", "pay period", "okres", "zeitraum"),
    "contract_months": (
        "contract_months", "contract months", "contract length", "duration", "okres umowy",
        "czas trwania umowy", "vertragsdauer", "durée du contrat", "months", "miesiące",
    ),
    "season": ("season", "sezon", "saison", "სეზონი", "сезон", "hooaeg", "sezonas", "עונה"),
    "season_start": (
        "season_start", "season start", "start", "start date", "data rozpoczęcia",
        "początek", "od", "beginn", "arbeitsbeginn", "date de début", "დაწყება",
    ),
    "season_end": (
        "season_end", "season end", "end", "end date", "data zakończenia", "koniec", "do",
        "ende", "date de fin", "დასრულება",
    ),
    "housing_provided": (
        "housing_provided", "housing provided", "housing", "accommodation", "zakwaterowanie",
        "mieszkanie", "unterkunft", "logement", "hébergement", "საცხოვრებელი", "жильё", "жилье",
        "majutus", "apgyvendinimas", "מגורים",
    ),
    "worker_fee": (
        "worker_fee", "worker fee", "fee", "recruitment fee", "fee charged to worker",
        "opłata", "opłata rekrutacyjna", "gebühr", "vermittlungsgebühr", "frais",
        "frais de recrutement", "საფასური", "плата", "комиссия",
    ),
    "worker_fee_currency": ("worker_fee_currency", "worker fee currency", "fee currency"),
}  # fmt: skip

# Fields a mapping may name beyond the record's own (combined into record fields).
_JOB_SEEKER_EXTRA = {
    "given_name",
    "surname",
    "occupation",
    "experience_years",
    "code95",
    "driving_licence_valid_until",
    "consent_date",
    "consent_withdrawn",
}
_VACANCY_EXTRA = {"wage", "season"}


_JOB_SEEKER_FIELDS = frozenset(JobSeeker.model_fields)
_VACANCY_FIELDS = frozenset(Vacancy.model_fields)


def _alias_index(headers: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, aliases in headers.items():
        for alias in (name, *aliases):
            index.setdefault(header_key(alias), name)
    return index


_JOB_SEEKER_ALIASES = _alias_index(JOB_SEEKER_HEADERS)
_VACANCY_ALIASES = _alias_index(VACANCY_HEADERS)


def resolve_columns(
    headers: Sequence[str],
    aliases: Mapping[str, str],
    known_fields: set[str],
    mapping: Mapping[str, str | None] | None = None,
) -> tuple[dict[int, str], list[str]]:
    """Map column positions to field names.

    Args:
        headers: The file's header cells.
        aliases: Folded header -> field.
        known_fields: Every field a column may feed.
        mapping: Explicit source header -> field (``None`` ignores the column); compared
            on folded headers, and tried before the aliases.

    Returns:
        ``({column index: field}, ignored headers)``. A field fed by two columns keeps
        the first, except ``description``, which joins them.

    Raises:
        MappingError: ``mapping`` names an unknown field.
    """
    explicit: dict[str, str | None] = {}
    for source, target in (mapping or {}).items():
        if target is not None and target not in known_fields:
            raise MappingError(
                f"mapping {source!r} -> {target!r}: no such field "
                f"(fields: {', '.join(sorted(known_fields))})"
            )
        explicit[header_key(source)] = target
    columns: dict[int, str] = {}
    ignored: list[str] = []
    taken: set[str] = set()
    for i, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        target = explicit[key] if key in explicit else aliases.get(key)
        if target is None or (target in taken and target != "description"):
            ignored.append(str(header))
            continue
        columns[i] = target
        taken.add(target)
    return columns, ignored


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


# ----------------------------------------------------------------------------- cell parsers
class CellError(ValueError):
    """A cell that cannot be read; the message is the reason given to the user."""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TRUE = {"yes", "y", "true", "t", "1", "x", "კი", "დიახ", "ki", "tak", "ja", "j", "да",
         "oui", "si", "sí", "jah", "taip", "כן", "+", "✓", "✔"}  # fmt: skip
_FALSE = {"no", "n", "false", "f", "0", "არა", "ara", "nie", "nein", "нет", "non", "ei", "ne",
          "לא", "-", "—"}  # fmt: skip


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    key = str(value).strip().casefold().rstrip(".")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(f"not yes or no: {value!r}")


_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,']*\d|\d")


def _number_text(text: str) -> float:
    digits = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        digits = re.sub(r"[.,]", "", digits[:decimal]) + "." + digits[decimal + 1 :]
    elif digits.count(",") == 1 and len(digits.split(",")[1]) != 3:
        digits = digits.replace(",", ".")
    elif digits.count(".") == 1 and len(digits.split(".")[1]) != 3:
        pass
    else:  # 2,500 / 2.500 / 1.234.567: thousands separators
        digits = digits.replace(",", "").replace(".", "")
    return float(digits)


def parse_number(value: object) -> float:
    """A number, also one inside words (``min. 2 lata``, ``10 osób``, ``2,5``)."""
    if isinstance(value, bool):
        raise CellError(f"not a number: {value!r}")
    if isinstance(value, int | float):
        return float(value)
    found = _NUMBER.findall(str(value))
    if len(found) != 1:
        raise CellError(f"not a number: {value!r}")
    return _number_text(found[0])


def parse_int(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise CellError(f"not a whole number: {value!r}")
    return int(number)


_EXCEL_EPOCH = date(1899, 12, 30)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?: .*)?$")


def parse_date(value: object) -> date:
    """ISO, day-first (``01.05.2026``, ``01/05/2026``) or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2_958_465:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"not a date: {value!r}")
    text = str(value).strip()
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DMY_DATE, (3, 2, 1))):
        m = pattern.match(text)
        if m:
            try:
                return date(*(int(m.group(i)) for i in order))
            except ValueError:
                break
    raise CellError(f"not a date (use YYYY-MM-DD or DD.MM.YYYY): {value!r}")


def _split_items(value: object, separators: str = ";,\n") -> list[str]:
    pattern = "[" + re.escape(separators) + "]"
    return [item.strip() for item in re.split(pattern, str(value)) if item.strip()]


_GENDERS = {
    "female": ("female", "f", "woman", "w", "k", "kobieta", "ქალი", "მდედრობითი", "ქ", "ж",
               "женский", "женщина", "weiblich", "femme", "נקבה", "mdedrobiti", "qali"),
    "male": ("male", "m", "man", "mężczyzna", "კაცი", "მამრობითი", "მ", "м", "мужской",
             "мужчина", "männlich", "homme", "h", "זכר", "mamrobiti", "kaci"),
    "other": ("other", "d", "divers", "diverse", "სხვა", "другое", "autre", "x"),
    "undisclosed": ("undisclosed", "unknown", "prefer not to say", "n/a", "?"),
}  # fmt: skip
_GENDER_INDEX = {header_key(a) or a: g for g, aliases in _GENDERS.items() for a in aliases}


def parse_gender(value: object) -> str:
    text = str(value).strip()
    key = header_key(text) or text
    if key in _GENDER_INDEX:
        return _GENDER_INDEX[key]
    raise CellError(f"unknown gender: {value!r} (male, female, other, undisclosed)")


_REGIONS = {
    GeorgianRegion.TBILISI: ("tbilisi", "თბილისი", "tiflis", "тбилиси"),
    GeorgianRegion.ADJARA: (
        "adjara",
        "ajara",
        "achara",
        "აჭარა",
        "batumi",
        "აჭარის ავტონომიური რესპუბლიკა",
        "аджария",
    ),
    GeorgianRegion.GURIA: ("guria", "გურია", "гурия"),
    GeorgianRegion.IMERETI: ("imereti", "იმერეთი", "kutaisi", "имерети"),
    GeorgianRegion.KAKHETI: ("kakheti", "კახეთი", "кахети"),
    GeorgianRegion.KVEMO_KARTLI: ("kvemo kartli", "ქვემო ქართლი", "rustavi", "квемо картли"),
    GeorgianRegion.MTSKHETA_MTIANETI: (
        "mtskheta mtianeti",
        "მცხეთა მთიანეთი",
        "mtskheta",
        "мцхета мтианети",
    ),
    GeorgianRegion.RACHA_LECHKHUMI: (
        "racha lechkhumi and kvemo svaneti",
        "racha lechkhumi",
        "racha",
        "რაჭა ლეჩხუმი და ქვემო სვანეთი",
        "რაჭა ლეჩხუმი",
        "рача лечхуми",
    ),
    GeorgianRegion.SAMEGRELO: (
        "samegrelo zemo svaneti",
        "samegrelo",
        "სამეგრელო ზემო სვანეთი",
        "სამეგრელო",
        "zugdidi",
        "самегрело",
    ),
    GeorgianRegion.SAMTSKHE_JAVAKHETI: (
        "samtskhe javakheti",
        "სამცხე ჯავახეთი",
        "akhaltsikhe",
        "самцхе джавахети",
    ),
    GeorgianRegion.SHIDA_KARTLI: ("shida kartli", "შიდა ქართლი", "gori", "шида картли"),
    GeorgianRegion.ABKHAZIA: ("abkhazia", "აფხაზეთი", "абхазия"),
}
_REGION_INDEX = {header_key(a): r.value for r, aliases in _REGIONS.items() for a in aliases}


def parse_region(value: object) -> str:
    key = header_key(value)
    if key in _REGION_INDEX:
        return _REGION_INDEX[key]
    raise CellError(f"unknown Georgian region: {value!r}")


_COUNTRIES = {
    "PL": (
        "poland",
        "polska",
        "polen",
        "pologne",
        "პოლონეთი",
        "польша",
        "poola",
        "lenkija",
        "פולין",
    ),
    "DE": (
        "germany",
        "deutschland",
        "niemcy",
        "allemagne",
        "გერმანია",
        "германия",
        "saksamaa",
        "vokietija",
        "גרמניה",
    ),
    "IL": ("israel", "izrael", "israël", "ისრაელი", "израиль", "iisrael", "izraelis", "ישראל"),
    "EE": ("estonia", "estland", "eesti", "estonie", "ესტონეთი", "эстония", "estija", "אסטוניה"),
    "FR": (
        "france",
        "frankreich",
        "francja",
        "საფრანგეთი",
        "франция",
        "prantsusmaa",
        "prancūzija",
        "צרפת",
    ),
    "LT": (
        "lithuania",
        "litwa",
        "litauen",
        "lituanie",
        "lietuva",
        "ლიტვა",
        "литва",
        "leedu",
        "ליטא",
    ),
    "GE": (
        "georgia",
        "gruzja",
        "georgien",
        "géorgie",
        "საქართველო",
        "грузия",
        "gruusia",
        "gruzija",
        "גאורגיה",
    ),
    "TR": ("turkey", "türkiye", "turcja", "türkei", "turquie", "თურქეთი", "турция"),
    "RU": ("russia", "rosja", "russland", "russie", "რუსეთი", "россия"),
    "GR": ("greece", "grecja", "griechenland", "grèce", "საბერძნეთი", "греция"),
    "IT": ("italy", "włochy", "italien", "italie", "იტალია", "италия"),
    "ES": ("spain", "hiszpania", "spanien", "espagne", "ესპანეთი", "испания"),
    "CZ": ("czechia", "czech republic", "czechy", "tschechien", "ჩეხეთი", "чехия"),
    "LV": ("latvia", "łotwa", "lettland", "ლატვია", "латвия"),
    "NL": ("netherlands", "holandia", "niederlande", "ნიდერლანდები", "нидерланды"),
    "UA": ("ukraine", "ukraina", "უკრაინა", "украина"),
    "AZ": ("azerbaijan", "აზერბაიჯანი", "азербайджан"),
    "AM": ("armenia", "სომხეთი", "армения"),
    "GB": ("united kingdom", "uk", "great britain", "wielka brytania", "დიდი ბრიტანეთი"),
    "US": ("united states", "usa", "აშშ", "сша"),
}
_COUNTRY_INDEX = {header_key(a): code for code, names in _COUNTRIES.items() for a in names}


def parse_country(value: object) -> str:
    text = str(value).strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    key = header_key(text)
    if key in _COUNTRY_INDEX:
        return _COUNTRY_INDEX[key]
    raise CellError(f"unknown country: {value!r} (use ISO codes such as PL, DE)")


def parse_countries(value: object) -> list[str]:
    if isinstance(value, list):
        return [parse_country(v) for v in value]
    return list(dict.fromkeys(parse_country(v) for v in _split_items(value, ";,/\n")))


_LANGUAGES = {
    "ka": ("georgian", "ქართული", "gruziński", "georgisch", "грузинский", "géorgien", "kartuli"),
    "ru": (
        "russian",
        "რუსული",
        "rosyjski",
        "russisch",
        "русский",
        "russe",
        "vene",
        "rusų",
        "rusuli",
    ),
    "en": (
        "english",
        "ინგლისური",
        "angielski",
        "englisch",
        "английский",
        "anglais",
        "inglise",
        "anglų",
        "inglisuri",
    ),
    "de": (
        "german",
        "გერმანული",
        "niemiecki",
        "deutsch",
        "немецкий",
        "allemand",
        "saksa",
        "vokiečių",
        "germanuli",
    ),
    "pl": (
        "polish",
        "პოლონური",
        "polski",
        "polnisch",
        "польский",
        "polonais",
        "poola",
        "lenkų",
        "polonuri",
    ),
    "fr": (
        "french",
        "ფრანგული",
        "francuski",
        "französisch",
        "французский",
        "français",
        "prantsuse",
        "prancūzų",
    ),
    "he": ("hebrew", "ივრითი", "ebraiczny", "hebräisch", "иврит", "hébreu", "עברית"),
    "et": ("estonian", "ესტონური", "estoński", "estnisch", "эстонский", "estonien", "eesti"),
    "lt": ("lithuanian", "ლიტვური", "litewski", "litauisch", "литовский", "lituanien", "lietuvių"),
    "tr": ("turkish", "თურქული", "turecki", "türkisch", "турецкий", "turc"),
    "az": ("azerbaijani", "აზერბაიჯანული", "azerski", "aserbaidschanisch", "азербайджанский"),
    "hy": ("armenian", "სომხური", "ormiański", "armenisch", "армянский"),
    "uk": ("ukrainian", "უკრაინული", "ukraiński", "ukrainisch", "украинский"),
    "it": ("italian", "იტალიური", "włoski", "italienisch", "итальянский"),
    "es": ("spanish", "ესპანური", "hiszpański", "spanisch", "испанский"),
    "el": ("greek", "ბერძნული", "grecki", "griechisch", "греческий"),
}
_LANGUAGE_INDEX = {header_key(a): code for code, names in _LANGUAGES.items() for a in names}
_NATIVE = {"native", "mother tongue", "მშობლიური", "ojczysty", "muttersprache", "родной"}
_LEVEL = re.compile(r"(?<![A-Za-z])([ABCabc][12])(?![0-9])")


def parse_languages(value: object) -> list[dict[str, str]]:
    """``pl:A2; en:B1`` -> ``[{"language": "pl", "level": "A2"}, ...]``."""
    if isinstance(value, list):
        return value
    skills: list[dict[str, str]] = []
    for item in _split_items(value):
        if ":" in item:  # the documented form: language:level
            name_text, _, level_text = item.partition(":")
            name = header_key(name_text)
            code = name if re.fullmatch(r"[a-z]{2,3}", name) else _LANGUAGE_INDEX.get(name)
            if code is None:
                raise CellError(f"unknown language: {name_text.strip()!r} in {item!r}")
            if header_key(level_text) in _NATIVE:
                level_text = "C2"
            try:
                level = Cefr.parse(level_text).name
            except ValueError:
                raise CellError(f"not a CEFR level (A1..C2): {level_text.strip()!r}") from None
            skills.append({"language": code, "level": level})
            continue
        level_match = _LEVEL.search(item)
        rest = _LEVEL.sub(" ", item) if level_match else item
        name = header_key(rest)
        level = level_match.group(1).upper() if level_match else None
        for native in _NATIVE:
            if native in name:
                name, level = header_key(name.replace(native, " ")), "C2"
        code = name if re.fullmatch(r"[a-z]{2,3}", name) else _LANGUAGE_INDEX.get(name)
        if code is None:
            raise CellError(f"unknown language: {item!r} (write e.g. pl:A2; en:B1)")
        if level is None:
            raise CellError(f"no CEFR level (A1..C2) for {item!r} (write e.g. pl:A2)")
        skills.append({"language": code, "level": level})
    return skills


_CATEGORY_NOISE = re.compile(
    r"\b(kat|kategoria|kategorii|category|categories|cat|klasse|klassen|catégorie|permis|"
    r"კატეგორია|კატ|категория|кат|prawo jazdy)\b\.?",
    re.IGNORECASE,
)
_CODE95 = re.compile(r"^(code|kod|კოდი|код)?\s*95$|^cpc$|^kod95$|^code95$", re.IGNORECASE)


def parse_driving(value: object) -> tuple[list[str], bool]:
    """``B, C, CE`` / ``kat. C+E, 95`` -> (categories, Code 95 held)."""
    if isinstance(value, list):
        return [DrivingCategory.parse(v).value for v in value], False
    text = re.sub(r"\s*\+\s*", "+", _CATEGORY_NOISE.sub(" ", str(value)))
    text = re.sub(r"(?i)\b(code|kod|კოდი|код)\s+95\b", "code95", text)
    categories: list[str] = []
    code95 = False
    for token in re.split(r"[,;/\s]+", text):
        token = token.strip().strip(".")
        if not token:
            continue
        if _CODE95.match(token):
            code95 = True
            continue
        try:
            categories.append(DrivingCategory.parse(token).value)
        except ValueError:
            raise CellError(f"unknown driving licence category: {token!r}") from None
    return list(dict.fromkeys(categories)), code95


_CERT_KINDS = {
    CertificateKind.WELDING: ("welding", "welder", "spawanie", "spawacz", "schweißen",
                              "schweisser", "schweißer", "შედუღება", "შემდუღებელი", "сварка",
                              "soudure", "iso 9606", "iso9606", "keevitus"),
    CertificateKind.ADR: ("adr",),
    CertificateKind.FORKLIFT: ("forklift", "udt", "wózek widłowy", "wózki widłowe", "stapler",
                               "staplerschein", "погрузчик", "caces", "ავტოდამტვირთველი"),
    CertificateKind.CODE95: ("code95", "code 95", "kod 95", "cpc", "świadectwo kwalifikacji"),
    CertificateKind.CRANE: ("crane", "dźwig", "suwnica", "kran", "кран", "ამწე"),
    CertificateKind.ELECTRICAL: ("electrical", "sep", "elektryczne", "elektrofachkraft",
                                 "электробезопасность", "habilitation électrique"),
    CertificateKind.FIRST_AID: ("first_aid", "first aid", "pierwsza pomoc", "erste hilfe",
                                "первая помощь", "პირველადი დახმარება"),
    CertificateKind.FOOD_HYGIENE: ("food_hygiene", "food hygiene", "haccp", "sanepid",
                                   "książeczka sanepidowska", "gesundheitszeugnis",
                                   "санкнижка"),
    CertificateKind.CARE: ("care", "carer", "opiekun", "pflegebasiskurs", "pflegehelfer",
                           "сиделка", "მომვლელი"),
    CertificateKind.OTHER: ("other",),
}  # fmt: skip
_CERT_INDEX = {header_key(a): k.value for k, aliases in _CERT_KINDS.items() for a in aliases}
_WELDING_NAMES = {"mig mag": "135", "mag": "135", "mig": "131", "tig": "141", "mma": "111",
                  "elektroda": "111", "fcaw": "136", "mig/mag": "135"}  # fmt: skip


def parse_certificates(value: object) -> list[dict[str, Any]]:
    """``welding:135; adr; forklift@2027-01-31`` -> certificate objects."""
    if isinstance(value, list):
        return value
    certificates: list[dict[str, Any]] = []
    for item in _split_items(value, ";\n"):
        for part in _split_items(item, ","):
            text, _, valid = part.partition("@")
            kind_text, sep, code = text.partition(":")
            kind_key = header_key(kind_text)
            process: str | None = code.strip() or None
            if not sep:  # "welding 135", "MIG/MAG", "spawanie TIG"
                numbers = re.findall(r"\b\d{2,3}\b", kind_text)
                names = [n for n in _WELDING_NAMES if re.search(rf"\b{re.escape(n)}\b", kind_key)]
                if numbers or names:
                    process = numbers[0] if numbers else _WELDING_NAMES[names[0]]
                    kind_key = header_key(re.sub(r"\b\d{2,3}\b", " ", kind_text))
                    for n in names:
                        kind_key = header_key(kind_key.replace(n, " "))
                    kind_key = kind_key or "welding"
            kind = _CERT_INDEX.get(kind_key)
            if kind is None:
                raise CellError(f"unknown certificate: {part!r} (e.g. welding:135, adr, forklift)")
            if kind == CertificateKind.WELDING and process is not None:
                process = _WELDING_NAMES.get(header_key(process), process)
                if process not in WELDING_PROCESSES:
                    raise CellError(f"unknown welding process {process!r} in {part!r}")
            certificate: dict[str, Any] = {"kind": kind, "code": process}
            if valid.strip():
                certificate["valid_until"] = parse_date(valid)
            certificates.append(certificate)
    return certificates


def parse_experience(value: object) -> list[dict[str, Any]]:
    """``title|years|country; ...`` -> experience objects (years default to 0)."""
    if isinstance(value, list):
        return value
    entries: list[dict[str, Any]] = []
    for item in _split_items(value, ";\n"):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) > 3 or not parts[0]:
            raise CellError(f"experience entry {item!r}: write title|years|country")
        entry: dict[str, Any] = {"title": parts[0], "years": 0.0}
        if len(parts) > 1 and parts[1]:
            entry["years"] = parse_number(parts[1])
        if len(parts) > 2 and parts[2]:
            entry["country"] = parse_country(parts[2])
        entries.append(entry)
    return entries


def parse_migration_history(value: object) -> list[dict[str, Any]]:
    """``PL:2022-03-01..2022-11-30:seasonal; DE:2023-05-01..``."""
    if isinstance(value, list):
        return value
    episodes: list[dict[str, Any]] = []
    for item in _split_items(value, ";\n"):
        country, _, rest = item.partition(":")
        span, _, scheme = rest.partition(":")
        start, dots, end = span.partition("..")
        if not dots or not start.strip():
            raise CellError(f"migration entry {item!r}: write PL:2022-03-01..2022-11-30")
        episode: dict[str, Any] = {
            "country": parse_country(country),
            "start": parse_date(start),
            "end": parse_date(end) if end.strip() else None,
        }
        if scheme.strip():
            episode["scheme"] = scheme.strip()
        episodes.append(episode)
    return episodes


def parse_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return _split_items(value, ";\n")


_CURRENCY_SYMBOLS = {"zł": "PLN", "€": "EUR", "₪": "ILS", "₾": "GEL", "$": "USD", "£": "GBP",
                     "kč": "CZK", 'ש"ח': "ILS", "ש״ח": "ILS"}  # fmt: skip
_CURRENCY_WORDS = {"pln": "PLN", "zl": "PLN", "zlotych": "PLN", "eur": "EUR", "euro": "EUR",
                   "euros": "EUR", "ils": "ILS", "nis": "ILS", "shekel": "ILS", "shekels": "ILS",
                   "שח": "ILS", "gel": "GEL", "lari": "GEL", "usd": "USD", "gbp": "GBP",
                   "czk": "CZK", "ron": "RON", "huf": "HUF", "sek": "SEK", "nok": "NOK",
                   "dkk": "DKK", "chf": "CHF"}  # fmt: skip
_PERIOD_WORDS = {
    "hour": ("h", "godz", "godzina", "godzinę", "godzine", "hour", "hr", "hours", "std",
             "stunde", "stundenlohn", "heure", "tund", "val", "שעה", "לשעה", "час", "საათში",
             "hod"),
    "day": ("day", "dzień", "dzien", "dziennie", "tag", "täglich", "jour", "päev", "diena",
            "יום", "день", "დღეში"),
    "week": ("week", "tydzień", "tydzien", "woche", "semaine", "nädal", "savaitė", "שבוע",
             "неделя"),
    "month": ("month", "mies", "miesiąc", "miesiac", "miesięcznie", "mc", "monat", "monatlich",
              "mois", "kuu", "kuus", "mėn", "men", "חודש", "לחודש", "месяц", "თვეში", "mensuel"),
    "year": ("year", "rok", "rocznie", "jahr", "an", "année", "aasta", "metai", "שנה", "год"),
}  # fmt: skip
_PERIOD_INDEX = {w: period for period, words in _PERIOD_WORDS.items() for w in words}
_LOCAL_CURRENCY = {"PL": "PLN", "DE": "EUR", "EE": "EUR", "FR": "EUR", "LT": "EUR",
                   "IL": "ILS", "GE": "GEL", "CZ": "CZK"}  # fmt: skip


def parse_wage(value: object) -> dict[str, Any]:
    """``od 25 zł/h``, ``9 500 PLN brutto/mies.`` -> amount, currency, period (when stated)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"wage_amount": float(value)}
    text = str(value)
    numbers = _NUMBER.findall(text)
    if not numbers:
        raise CellError(f"no amount in wage {value!r}")
    wage: dict[str, Any] = {"wage_amount": _number_text(numbers[0])}
    lowered = text.casefold()
    for symbol, code in _CURRENCY_SYMBOLS.items():
        if symbol in lowered:
            wage["wage_currency"] = code
            break
    tokens = re.findall(r"[^\W\d_]+", lowered)
    for token in tokens:
        if "wage_currency" not in wage and token in _CURRENCY_WORDS:
            wage["wage_currency"] = _CURRENCY_WORDS[token]
        if "wage_period" not in wage and token in _PERIOD_INDEX:
            wage["wage_period"] = _PERIOD_INDEX[token]
    return wage


_ANY_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}")


def parse_season(value: object) -> dict[str, date]:
    """``15.06.2027 - 15.09.2027`` or ``2027-06-15..2027-09-15``."""
    found = _ANY_DATE.findall(str(value))
    if len(found) != 2:
        raise CellError(f"season {value!r}: write 15.06.2027 - 15.09.2027")
    return {"season_start": parse_date(found[0]), "season_end": parse_date(found[1])}


def parse_personal_number(value: object) -> str:
    # A spreadsheet that took the number for a number dropped its leading zero.
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise CellError(f"not a personal number: {value!r}")
        return str(int(value)).zfill(11)
    return str(value).strip()


def _score(value: object) -> float:
    return parse_number(value)


def _passthrough(value: object) -> object:
    return value


def _consent_cell(value: object) -> object:
    """A consent cell: yes/no, a date (given on that day) or a structured object."""
    if isinstance(value, dict | bool):
        return value
    try:
        return parse_bool(value)
    except CellError:
        try:
            return parse_date(value)
        except CellError:
            raise CellError(f"consent: write yes/no or the date it was given: {value!r}") from None


_JOB_SEEKER_PARSERS: dict[str, Callable[[object], object]] = {
    "external_id": parse_text,
    "full_name": parse_text,
    "given_name": parse_text,
    "surname": parse_text,
    "personal_number": parse_personal_number,
    "birth_date": parse_date,
    "gender": parse_gender,
    "region": parse_region,
    "phone": parse_text,
    "email": parse_text,
    "agency": parse_text,
    "experience": _passthrough,  # a list, a number of years or title|years|country; see below
    "occupation": parse_text,
    "experience_years": parse_number,
    "skills": parse_list,
    "education_isced": parse_int,
    "languages": parse_languages,
    "driving_licence": _passthrough,
    "code95": parse_bool,
    "driving_licence_valid_until": parse_date,
    "certificates": parse_certificates,
    "destination_preferences": parse_countries,
    "available_from": parse_date,
    "consent": _consent_cell,
    "consent_date": parse_date,
    "consent_withdrawn": parse_date,
    "migration_history": parse_migration_history,
}

_VACANCY_PARSERS: dict[str, Callable[[object], object]] = {
    "external_id": parse_text,
    "destination_country": parse_country,
    "employer": parse_text,
    "agency": parse_text,
    "agency_licensed": parse_bool,
    "title": parse_text,
    "title_language": lambda v: parse_text(v).lower(),
    "description": parse_text,
    "esco_uri": parse_text,
    "isco_group": lambda v: parse_text(v).zfill(4) if parse_text(v).isdigit() else parse_text(v),
    "normalizer_score": _score,
    "required_skills": parse_list,
    "optional_skills": parse_list,
    "min_experience_years": parse_number,
    "required_languages": parse_languages,
    "required_driving": _passthrough,
    "requires_code95": parse_bool,
    "required_certificates": parse_certificates,
    "positions": parse_int,
    "wage": parse_wage,
    "wage_amount": parse_number,
    "wage_currency": lambda v: parse_text(v).upper(),
    "wage_period": lambda v: _PERIOD_INDEX.get(header_key(v), parse_text(v).lower()),
    "contract_months": parse_number,
    "season": parse_season,
    "season_start": parse_date,
    "season_end": parse_date,
    "housing_provided": parse_bool,
    "worker_fee": parse_number,
    "worker_fee_currency": lambda v: parse_text(v).upper(),
}


# ----------------------------------------------------------------------------- rows -> records
class _RowProblems:
    """Collects one row's errors, naming the source column where there is one."""

    def __init__(self, row: int, sources: Mapping[str, str]):
        self.row = row
        self.sources = sources
        self.errors: list[RowError] = []

    def add(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.row, self.sources.get(name, name), reason))

    def add_validation(self, error: ValidationError, rename: Mapping[str, str]) -> None:
        for detail in error.errors():
            loc = [str(part) for part in detail["loc"]]
            reason = detail["msg"].removeprefix("Value error, ")
            if loc:
                name = rename.get(loc[0], loc[0])
            else:  # a rule across fields: name the first field the message names
                named = re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", reason)
                name = named[0] if named else "record"
            if len(loc) > 1:
                reason = f"{'.'.join(loc[1:])}: {reason}"
            self.add(name, reason)


# Columns whose cells repeat across rows (regions, languages, dates ...): each distinct
# cell is parsed once per import. Their parsed values are never mutated afterwards.
_MEMO_FIELDS = frozenset(
    {
        "birth_date", "gender", "region", "agency", "languages", "certificates",
        "destination_preferences", "available_from", "consent", "consent_date",
        "consent_withdrawn", "code95", "driving_licence_valid_until", "education_isced",
        "destination_country", "employer", "agency_licensed", "required_languages",
        "required_certificates", "requires_code95", "wage", "season", "season_start",
        "season_end", "housing_provided", "wage_currency", "wage_period", "title_language",
    }
)  # fmt: skip
_MEMO_LIMIT = 100_000
_FAILED = object()


def _parse_cells(
    cells: list[Any],
    columns: Mapping[int, str],
    parsers: Mapping[str, Callable[[object], object]],
    problems: _RowProblems,
    memo: dict[tuple[str, Any], Any],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, name in columns.items():
        raw = cells[index] if index < len(cells) else None
        if _blank(raw):
            continue
        key = (name, raw) if name in _MEMO_FIELDS and isinstance(raw, str) else None
        value = memo.get(key, _FAILED) if key is not None else _FAILED
        if value is _FAILED:
            try:
                value = parsers[name](raw)
            except (CellError, ValueError) as error:
                problems.add(name, str(error))
                continue
            if key is not None:
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                memo[key] = value
        if name == "description" and "description" in values:
            value = f"{values['description']}\n{value}"
        values[name] = value
    return values


def _job_seeker_data(values: dict[str, Any], problems: _RowProblems) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k in _JOB_SEEKER_FIELDS}
    if "full_name" not in data:
        name = " ".join(values[k] for k in ("given_name", "surname") if k in values)
        if name:
            data["full_name"] = name
    if "external_id" not in data and "personal_number" in data:
        data["external_id"] = data["personal_number"]
    experience: list[Any] = []
    raw_experience = values.get("experience")
    years = values.get("experience_years")
    if raw_experience is not None and not isinstance(raw_experience, list):
        try:
            if "occupation" in values and _NUMBER.fullmatch(str(raw_experience).strip()):
                years = parse_number(raw_experience)  # a number of years beside a profession
            else:
                experience = parse_experience(raw_experience)
        except CellError as error:
            problems.add("experience", str(error))
    elif isinstance(raw_experience, list):
        experience = raw_experience
    if "occupation" in values:
        titles = {e.get("title") for e in experience if isinstance(e, dict)}
        if values["occupation"] not in titles:
            experience.insert(0, {"title": values["occupation"], "years": years or 0.0})
    if experience or "experience" in values:
        data["experience"] = experience
    licence = values.get("driving_licence")
    if isinstance(licence, dict):
        data["driving_licence"] = licence
    elif licence is not None or "code95" in values:
        categories: list[str] = []
        code95 = False
        if licence is not None:
            try:
                categories, code95 = parse_driving(licence)
            except (CellError, ValueError) as error:
                problems.add("driving_licence", str(error))
        data["driving_licence"] = {
            "categories": categories,
            "code95": values.get("code95", code95),
            "valid_until": values.get("driving_licence_valid_until"),
        }
    consent = values.get("consent")
    if isinstance(consent, dict):
        data["consent"] = consent
    elif consent is not None or "consent_date" in values:
        given = consent if isinstance(consent, bool) else True
        when = consent if isinstance(consent, date) else values.get("consent_date")
        data["consent"] = {
            "given": given,
            "date": when,
            "withdrawn": values.get("consent_withdrawn"),
        }
    return data


def _vacancy_data(values: dict[str, Any], default_country: str | None) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k in _VACANCY_FIELDS}
    if "destination_country" not in data and default_country:
        data["destination_country"] = default_country
    for key, value in values.get("wage", {}).items():
        data.setdefault(key, value)
    for key, value in values.get("season", {}).items():
        data.setdefault(key, value)
    if data.get("wage_amount") is not None and "wage_currency" not in data:
        local = _LOCAL_CURRENCY.get(str(data.get("destination_country")))
        if local:
            data["wage_currency"] = local
    driving = data.get("required_driving")
    if driving is not None and not isinstance(driving, list):
        categories, code95 = parse_driving(driving)
        data["required_driving"] = categories
        if code95:
            data.setdefault("requires_code95", True)
    return data


# ----------------------------------------------------------------------------- normalising
@dataclass(frozen=True, slots=True)
class _Occupation:
    esco_uri: str
    isco_group: str
    normalizer_score: float


class TitleCache:
    """Normalises each distinct (title, description) once; files repeat titles a lot."""

    def __init__(self, normalizer: TitleNormalizerLike, max_size: int = 200_000):
        self.normalizer = normalizer
        self.max_size = max_size
        self.known: dict[tuple[str, str | None], _Occupation | None] = {}

    def lookup(self, keys: Sequence[tuple[str, str | None]]) -> list[_Occupation | None]:
        missing = list(dict.fromkeys(k for k in keys if k not in self.known))
        if missing:
            if len(self.known) + len(missing) > self.max_size:
                self.known.clear()
            titles = [t for t, _ in missing]
            descriptions = [d for _, d in missing]
            use_descriptions = any(d for d in descriptions)
            results = self.normalizer.batch_normalize(
                titles, descriptions if use_descriptions else None, top_k=1
            )
            if len(results) != len(missing):
                raise MatchingError(
                    f"the normaliser returned {len(results)} results for {len(missing)} titles"
                )
            for key, matches in zip(missing, results, strict=True):
                top = next(iter(matches), None)
                self.known[key] = (
                    None
                    if top is None
                    else _Occupation(
                        top.uri, top.isco_group, round(min(max(float(top.score), 0.0), 1.0), 4)
                    )
                )
        return [self.known[k] for k in keys]


def code_job_seekers(
    records: Iterable[JobSeeker], cache: TitleCache | None, batch_size: int
) -> Iterator[JobSeeker]:
    """Records with each uncoded experience title placed in ESCO by ``cache``'s normaliser."""
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, j, (e.title, e.description))
            for i, seeker in enumerate(chunk)
            for j, e in enumerate(seeker.experience)
            if e.esco_uri is None and e.isco_group is None
        ]
        found = cache.lookup([key for _, _, key in todo])
        updates: dict[int, dict[int, _Occupation]] = {}
        for (i, j, _), occupation in zip(todo, found, strict=True):
            if occupation is not None:
                updates.setdefault(i, {})[j] = occupation
        for i, seeker in enumerate(chunk):
            if i not in updates:
                yield seeker
                continue
            experience = [
                WorkExperience.model_validate(
                    {**e.model_dump(), **_occupation_fields(updates[i][j])}
                    if j in updates[i]
                    else e
                )
                for j, e in enumerate(seeker.experience)
            ]
            yield seeker.model_copy(update={"experience": experience})


def _occupation_fields(occupation: _Occupation) -> dict[str, Any]:
    return {
        "esco_uri": occupation.esco_uri,
        "isco_group": occupation.isco_group,
        "normalizer_score": occupation.normalizer_score,
    }


def code_vacancies(
    records: Iterable[Vacancy], cache: TitleCache | None, batch_size: int
) -> Iterator[Vacancy]:
    """Vacancies with each uncoded title placed in ESCO by ``cache``'s normaliser."""
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, (v.title, v.description))
            for i, v in enumerate(chunk)
            if v.esco_uri is None and v.isco_group is None
        ]
        found = dict(zip([i for i, _ in todo], cache.lookup([k for _, k in todo]), strict=True))
        for i, vacancy in enumerate(chunk):
            occupation = found.get(i)
            if occupation is None:
                yield vacancy
            else:
                yield Vacancy.model_validate(
                    {**vacancy.model_dump(), **_occupation_fields(occupation)}
                )


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


def _records(
    table: Table,
    columns: Mapping[int, str],
    parsers: Mapping[str, Callable[[object], object]],
    build: Callable[[dict[str, Any], _RowProblems], BaseModel | None],
    progress: _Progress,
) -> Iterator[Any]:
    """Validated records of the good rows; bad rows go to ``progress.errors``."""
    sources = {name: table.headers[i] for i, name in columns.items()}
    for derived, inputs in _DERIVED_FROM.items():
        if derived not in sources:
            source = next((sources[name] for name in inputs if name in sources), None)
            if source is not None:
                sources[derived] = source
    first_row: dict[str, int] = {}
    memo: dict[tuple[str, Any], Any] = {}
    for number, cells in table.rows:
        progress.rows_read += 1
        problems = _RowProblems(number, sources)
        values = _parse_cells(cells, columns, parsers, problems, memo)
        record = build(values, problems)
        if record is not None and not problems.errors:
            key = record.external_id  # type: ignore[attr-defined]
            if key in first_row:
                problems.add("external_id", f"duplicate id {key!r} (first in row {first_row[key]})")
            else:
                first_row[key] = number
        progress.errors.extend(problems.errors)
        if record is not None and not problems.errors:
            yield record


def import_job_seekers(
    source: str | Path,
    store: Store,
    *,
    normalizer: TitleNormalizerLike | None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    agency: str | None = None,
    batch_size: int = 2000,
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
        batch_size: Rows validated and normalised at a time.

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
    if not present & {"full_name", "given_name", "surname"}:
        raise DataFileError(table.path, "no name column (full name, სახელი, imię, name ...)")
    if not present & {"external_id", "personal_number"}:
        raise DataFileError(table.path, "no id column (id, personal number, პირადი ნომერი ...)")

    def build(values: dict[str, Any], problems: _RowProblems) -> JobSeeker | None:
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
    records = _records(table, columns, _JOB_SEEKER_PARSERS, build, progress)
    upsert = store.upsert_job_seekers(code_job_seekers(records, cache, batch_size))
    return _report(table, progress, upsert, columns, ignored)


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
    batch_size: int = 2000,
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
        batch_size: Rows validated and normalised at a time.

    Raises:
        DataFileError: The file cannot be read at all, has no title column, or a demand
            list's country is unknown.
        MappingError: ``mapping`` names an unknown field.
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

    def build(values: dict[str, Any], problems: _RowProblems) -> Vacancy | None:
        if generated_ids:  # no id column: the row's place in the file names it
            values["external_id"] = f"{prefix}-{problems.row:05d}"
        try:
            data = _vacancy_data(values, country)
        except (CellError, ValueError) as error:
            problems.add("required_driving", str(error))
            return None
        try:
            return Vacancy.model_validate(data)
        except ValidationError as error:
            problems.add_validation(error, {})
            return None

    progress = _Progress()
    cache = TitleCache(normalizer) if normalizer is not None else None
    records = code_vacancies(
        _records(table, columns, _VACANCY_PARSERS, build, progress), cache, batch_size
    )
    if demand_list_id is None:
        upsert = store.upsert_vacancies(records)
    else:
        vacancies = list(records)
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
        upsert = store.save_demand_list(demand_list, prune=False)
    return _report(table, progress, upsert, columns, ignored)


def _report(
    table: Table,
    progress: _Progress,
    upsert: UpsertReport,
    columns: Mapping[int, str],
    ignored: list[str],
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
    )


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
        raise ValueError("flat formats need columns and a cells function")
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for record in records:
                row = cells(record)
                writer.writerow([_cell(row.get(c)) for c in columns])
                count += 1
        return count
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(list(columns))
        for record in records:
            row = cells(record)
            # Text cells, so that personal numbers and ids keep their leading zeros.
            sheet.append([_cell(row.get(c)) for c in columns])
            count += 1
        book.save(path)
        return count
    raise DataFileError(path, f"unknown file kind {suffix!r} (csv, xlsx, json, jsonl)")


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
    columns = [c for c in VACANCY_COLUMNS if occupations or c not in _OCCUPATION_COLUMNS]
    document = None
    if demand_list is not None:
        document = demand_list.model_dump(mode="json", exclude={"vacancies"})
    if not occupations and Path(path).suffix.lower() in (".json", ".jsonl"):
        records = (v.model_copy(update=dict.fromkeys(_OCCUPATION_COLUMNS)) for v in records)
    return write_records(path, records, columns=columns, cells=vacancy_cells, document=document)


# Kept public for callers that build their own files.
__all__ = [
    "JOB_SEEKER_COLUMNS",
    "JOB_SEEKER_HEADERS",
    "VACANCY_COLUMNS",
    "VACANCY_HEADERS",
    "CellError",
    "ImportReport",
    "MappingError",
    "RowError",
    "Table",
    "TitleMatchLike",
    "TitleNormalizerLike",
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

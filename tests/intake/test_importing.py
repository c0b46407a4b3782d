"""Importing job seekers and vacancies: headers in five languages, encodings, bad rows,
one transaction, idempotent re-import, round trips through CSV, XLSX, JSON and JSONL.

The storage tests run on SQLite and, when MATCHING_TEST_POSTGRES_URL is set, PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from matching.errors import DataFileError, MappingError
from matching.intake.cells import (
    parse_certificates,
    parse_date,
    parse_driving,
    parse_languages,
    parse_wage,
)
from matching.intake.export import write_job_seekers, write_vacancies
from matching.intake.importer import import_job_seekers, import_vacancies
from matching.intake.report import ImportReport, RowError
from matching.intake.tables import detect_encoding
from matching.occupations import Taxonomy
from matching.occupations.normalizer import TitleNormalizer
from matching.records import (
    Certificate,
    Consent,
    DemandList,
    DrivingLicence,
    JobSeeker,
    LanguageSkill,
    MigrationEpisode,
    Vacancy,
    WorkExperience,
)
from matching.storage.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
OCCUPATION = "http://data.europa.eu/esco/occupation/"


@dataclass(frozen=True)
class KeywordMatch:
    uri: str
    isco_group: str
    score: float


class KeywordNormalizer:
    """A stand-in for TitleNormalizer: a title containing a keyword gets that occupation.

    It records every title it is asked about, so tests can check what was normalised.
    """

    RULES = (
        (r"spaw|schwei|soud|keevit|შემდუღ|shemdug|свар", OCCUPATION + "welder", "7212", 0.9),
        (r"kierow|fahrer|chauffeur|autojuht|მძღოლ|mdzgo|водит", OCCUPATION + "driver", "8332", 0.8),
        (r"pfleg|მომვლ|сидел|מטפל", OCCUPATION + "carer", "5322", 0.7),
        (r"murarz|კალატ", OCCUPATION + "bricklayer", "7112", 1.0),
    )

    def __init__(self) -> None:
        self.asked: list[str] = []

    def batch_normalize(
        self,
        titles: Sequence[str],
        descriptions: Sequence[str | None] | None = None,
        top_k: int = 5,
    ) -> list[list[KeywordMatch]]:
        self.asked.extend(titles)
        out: list[list[KeywordMatch]] = []
        for title in titles:
            matches = [
                KeywordMatch(uri, group, score)
                for pattern, uri, group, score in self.RULES
                if re.search(pattern, title.casefold())
            ]
            out.append(matches[:top_k])
        return out


@pytest.fixture
def normalizer() -> KeywordNormalizer:
    return KeywordNormalizer()


@pytest.fixture(scope="module")
def title_normalizer() -> TitleNormalizer:
    from matching.occupations import load_builtin

    taxonomy: Taxonomy = load_builtin()
    return TitleNormalizer().fit(taxonomy)


# ----------------------------------------------------------------------------- a mixed file
KA_ERRORS = [
    RowError(4, "პირადი ნომერი", "personal number must be 11 digits (Georgian ID card)"),
    RowError(
        5, "დაბადების თარიღი", "not a valid date in '31.02.1985' (use YYYY-MM-DD or DD.MM.YYYY)"
    ),
    RowError(
        5, "ენები", "'C3' is not a level of 'pl': write A1..C2 or a word (native, good, basic)"
    ),
    RowError(6, "მართვის მოწმობა", "unknown driving licence category 'X' in 'B, X'"),
    RowError(7, "რეგიონი", "no Georgian region, municipality or town 'მოსკოვი'"),
    RowError(8, "ID", "duplicate id 'GE-001' (first in row 2)"),
    RowError(9, "თანხმობა", "consent given without a date"),
    RowError(
        10,
        "სერტიფიკატები",
        "welding certificate 'welding:999' needs an ISO 4063 process "
        "(111, 114, 121, 131, 135, 136, 138, 141, 15, 311)",
    ),
]


def test_mixed_file_reports_bad_rows_and_stores_good_ones(
    store: Store, normalizer: KeywordNormalizer
) -> None:
    report = import_job_seekers(DATA / "job_seekers_ka.csv", store, normalizer=normalizer)

    assert (report.rows_read, report.stored, report.inserted) == (10, 3, 3)
    assert report.errors == KA_ERRORS
    assert report.rejected_rows == [4, 5, 6, 7, 8, 9, 10]
    assert report.ignored_columns == ["შენიშვნა"]
    assert report.columns["სახელი"] == "given_name" and report.columns["კოდი 95"] == "code95"
    assert [s.external_id for s in store.iter_job_seekers()] == ["GE-001", "GE-002", "GE-009"]

    giorgi = store.get_job_seeker("GE-001")
    assert giorgi.full_name == "გიორგი ბერიძე"
    assert giorgi.birth_date == date(1988, 4, 12) and giorgi.region == "Imereti"
    assert giorgi.languages == [
        LanguageSkill(language="ka", level="C2"),
        LanguageSkill(language="ru", level="B2"),
        LanguageSkill(language="pl", level="A2"),
    ]
    assert giorgi.certificates == [
        Certificate(kind="welding", code="135"),
        Certificate(kind="welding", code="141", valid_until=date(2027, 6, 30)),
    ]
    assert giorgi.destination_preferences == ["PL", "DE"]
    assert giorgi.consent == Consent(given=True, date=date(2026, 9, 1))
    assert giorgi.experience == [
        WorkExperience(
            title="შემდუღებელი",
            years=6,
            esco_uri=OCCUPATION + "welder",
            isco_group="7212",
            normalizer_score=0.9,
        )
    ]
    beka = store.get_job_seeker("GE-009")  # Latin-typed Georgian, consent refused
    assert beka.experience[0].isco_group == "7212" and not beka.consent.active
    assert beka.certificates == [Certificate(kind="welding", code="135")]  # "welding:MAG"


def test_reimporting_the_same_file_changes_nothing(
    store: Store, normalizer: KeywordNormalizer
) -> None:
    first = import_job_seekers(DATA / "job_seekers_ka.csv", store, normalizer=normalizer)
    before = [s.model_dump() for s in store.iter_job_seekers()]
    again = import_job_seekers(DATA / "job_seekers_ka.csv", store, normalizer=normalizer)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.stored)
    assert again.errors == first.errors
    assert [s.model_dump() for s in store.iter_job_seekers()] == before


def test_each_distinct_title_is_normalised_once(store: Store, tmp_path: Path) -> None:
    seekers = [
        JobSeeker(
            external_id=f"GE-{i}",
            full_name="ნინო",
            experience=[
                WorkExperience(title="შემდუღებელი", years=1),
                WorkExperience(title="მძღოლი", years=2),
                WorkExperience(title="already coded", years=1, isco_group="9112"),
            ],
            # "მძღოლი" (driver) alone names no trade: the licence makes it a truck driver
            driving_licence=DrivingLicence(categories=["CE"]),
        )
        for i in range(50)
    ]
    write_job_seekers(tmp_path / "many.jsonl", seekers)
    counting = KeywordNormalizer()
    report = import_job_seekers(tmp_path / "many.jsonl", store, normalizer=counting, batch_size=8)
    assert report.stored == 50
    assert sorted(counting.asked) == sorted(["შემდუღებელი", "მძღოლი"])
    stored = store.get_job_seeker("GE-7").experience
    assert [e.isco_group for e in stored] == ["7212", "8332", "9112"]
    assert stored[2].esco_uri is None and stored[2].normalizer_score is None


class _FailingStore(Store):
    def _write_job_seeker_children(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("connection lost")


def test_nothing_is_stored_when_the_store_fails(database_url: str) -> None:
    with _FailingStore(database_url) as failing, pytest.raises(RuntimeError):
        import_job_seekers(DATA / "job_seekers_ka.csv", failing, normalizer=None)
    with Store(database_url) as store:
        assert store.counts().job_seekers == 0


def test_a_broken_jsonl_line_is_a_row_error_and_the_rest_is_stored(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "broken.jsonl"
    good = JobSeeker(external_id="GE-1", full_name="ნინო").model_dump_json()
    path.write_text(good + "\n{not json\n" + good.replace("GE-1", "GE-2") + "\n")
    report = import_job_seekers(path, store, normalizer=None)
    assert report.stored == 2 and report.rejected_rows == [2]
    assert report.errors[0].reason.startswith("not valid JSON")


# ----------------------------------------------------------------------------- encodings
def test_windows_1251_file_with_russian_headers(store: Store) -> None:
    path = DATA / "job_seekers_cp1251.csv"
    assert detect_encoding(path) == "cp1251"
    report = import_job_seekers(path, store, normalizer=None)
    assert report.stored == 2
    assert report.errors == [
        RowError(4, "Личный номер", "personal number must be 11 digits (Georgian ID card)")
    ]
    # No id column: opaque ids, never the personal number; a second import updates them.
    by_number = store.job_seekers_by_personal_number(["28001012345", "31002023456"])
    assert all(external_id.startswith("js-") for external_id, _ in by_number.values())
    again = import_job_seekers(path, store, normalizer=None)
    assert (again.inserted, again.unchanged) == (0, 2)
    david = store.get_job_seeker(by_number["28001012345"][0])
    assert david.full_name == "Давид Мамедов" and david.region == "Kvemo Kartli"
    assert david.driving_licence == DrivingLicence(categories="B, C, CE", code95=True)
    assert david.experience[0].title == "водитель-дальнобойщик"
    assert david.languages == [
        LanguageSkill(language="ru", level="B2"),
        LanguageSkill(language="en", level="A1"),
    ]
    assert store.get_job_seeker(by_number["31002023456"][0]).region == "Samtskhe-Javakheti"


def test_utf8_bom_semicolon_file_with_english_headers(store: Store) -> None:
    path = DATA / "job_seekers_bom.csv"
    assert detect_encoding(path) == "utf-8-sig"
    report = import_job_seekers(path, store, normalizer=None)
    assert (report.stored, report.errors) == (2, [])
    assert "External ID" in report.columns  # the BOM is not part of the first header
    lasha = store.get_job_seeker("GE-102")
    assert lasha.driving_licence == DrivingLicence(categories=["B", "C", "CE"], code95=True)
    assert lasha.destination_preferences == ["PL"]
    assert lasha.certificates == [Certificate(kind="adr", valid_until=date(2028, 1, 31))]
    assert lasha.available_from == date(2027, 3, 1)


def test_utf16_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_text("id,name\nGE-1,ნინო\n", encoding="utf-16")
    assert detect_encoding(path) == "utf-16"


# ----------------------------------------------------------------------------- vacancies
def test_polish_demand_list(store: Store, normalizer: KeywordNormalizer) -> None:
    report = import_vacancies(
        DATA / "vacancies_pl.csv",
        store,
        normalizer=normalizer,
        demand_list_id="PL-2027-Q1",
        received=date(2026, 11, 2),
    )
    assert (report.rows_read, report.stored) == (5, 3)
    assert report.errors == [
        RowError(5, "Liczba miejsc", "Input should be greater than or equal to 1"),
        RowError(6, "Wynagrodzenie", "no amount in the wage 'do uzgodnienia'"),
    ]
    assert report.ignored_columns == ["Miasto"]
    demand = store.get_demand_list("PL-2027-Q1")
    assert demand.destination_country == "PL" and demand.received == date(2026, 11, 2)
    assert demand.source_file == "vacancies_pl.csv"
    welder, driver, picker = demand.vacancies
    assert welder.isco_group == "7212" and welder.normalizer_score == 0.9
    assert (welder.wage_amount, welder.wage_currency, welder.wage_period) == (32, "PLN", "hour")
    assert welder.required_certificates == [Certificate(kind="welding", code="135")]
    assert welder.min_experience_years == 2 and welder.description.startswith("Spawanie")
    assert driver.required_driving == ["CE"] and driver.requires_code95
    assert (driver.wage_amount, driver.wage_period) == (9500, "month")
    assert driver.required_certificates == [Certificate(kind="adr")]
    assert picker.isco_group is None  # the stand-in knows no fruit pickers
    assert (picker.season_start, picker.season_end) == (date(2027, 6, 15), date(2027, 9, 15))
    # Importing again adds nothing and, with a partial file, deletes nothing.
    again = import_vacancies(
        DATA / "vacancies_pl.csv",
        store,
        normalizer=normalizer,
        demand_list_id="PL-2027-Q1",
        received=date(2026, 11, 2),
    )
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)


def test_german_vacancies_with_semicolons_and_euro_wages(store: Store) -> None:
    report = import_vacancies(DATA / "vacancies_de.csv", store, normalizer=None)
    assert (report.stored, report.errors) == (3, [])
    welder, driver, carer = store.list_vacancies()
    assert (welder.wage_amount, welder.wage_currency, welder.wage_period) == (16.5, "EUR", "hour")
    assert welder.required_languages == [LanguageSkill(language="de", level="A2")]
    assert (driver.wage_amount, driver.wage_period) == (2800, "month")
    assert driver.required_driving == ["CE"] and driver.requires_code95
    assert carer.required_languages == [LanguageSkill(language="de", level="B1")]
    assert carer.housing_provided and not driver.housing_provided


def test_json_demand_list_in_hebrew(store: Store, normalizer: KeywordNormalizer) -> None:
    report = import_vacancies(DATA / "demand_list_il.json", store, normalizer=normalizer)
    assert report.stored == 2
    assert report.errors == [RowError(3, "season_end", "season_end is before season_start")]
    demand = store.get_demand_list("IL-2027-01")
    assert demand.source_file == "pniot.json" and demand.received == date(2026, 11, 1)
    carer, formworker = demand.vacancies
    assert carer.title == "מטפל/ת סיעודי/ת" and carer.isco_group == "5322"
    assert (formworker.wage_amount, formworker.wage_currency) == (38, "ILS")


def test_real_title_normaliser_on_the_polish_list(
    store: Store, title_normalizer: TitleNormalizer
) -> None:
    report = import_vacancies(
        DATA / "vacancies_pl.csv", store, normalizer=title_normalizer, demand_list_id="PL"
    )
    groups = {v.external_id: v.isco_group for v in store.list_vacancies("PL")}
    assert report.stored == 3
    assert groups == {"PL-1": "7212", "PL-2": "8332", "PL-3": "9211"}
    assert all(0 < v.normalizer_score <= 1 for v in store.list_vacancies("PL"))


# ----------------------------------------------------------------------------- mapping
def test_explicit_mapping_adds_overrides_and_ignores(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "agency.csv"
    path.write_text(
        "kod,osoba,pesel,telefon\nA-1,ნინო ბერიძე,01001012345,+995 599 000 000\n",
        encoding="utf-8",
    )
    mapping = {"kod": "external_id", "osoba": "full_name", "pesel": "personal_number"}
    report = import_job_seekers(
        path, store, normalizer=None, mapping={**mapping, "telefon": None}, agency="Agro Praca"
    )
    assert (report.stored, report.ignored_columns) == (1, ["telefon"])
    seeker = store.get_job_seeker("A-1")
    assert (seeker.personal_number, seeker.phone, seeker.agency) == (
        "01001012345",
        None,
        "Agro Praca",
    )
    with pytest.raises(MappingError, match="no such field"):
        import_job_seekers(path, store, normalizer=None, mapping={"kod": "shoe_size"})


def test_files_that_cannot_be_imported_at_all(store: Store, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        import_job_seekers(tmp_path / "missing.csv", store, normalizer=None)
    (tmp_path / "x.pdf").write_text("%PDF")
    with pytest.raises(DataFileError, match="unknown file kind"):
        import_job_seekers(tmp_path / "x.pdf", store, normalizer=None)
    (tmp_path / "noname.csv").write_text("id,phone\n1,555\n")
    with pytest.raises(DataFileError, match="no name column"):
        import_job_seekers(tmp_path / "noname.csv", store, normalizer=None)
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(DataFileError, match="empty"):
        import_job_seekers(tmp_path / "empty.csv", store, normalizer=None)
    (tmp_path / "notitle.csv").write_text("id,kraj\n1,PL\n")
    with pytest.raises(DataFileError, match="no title column"):
        import_vacancies(tmp_path / "notitle.csv", store, normalizer=None)


# ----------------------------------------------------------------------------- round trips
def rich_seekers() -> list[JobSeeker]:
    return [
        JobSeeker(
            external_id="GE-1",
            full_name="მარიამ კაპანაძე",
            personal_number="01001012345",
            birth_date=date(1990, 1, 31),
            gender="female",
            region="Racha-Lechkhumi and Kvemo Svaneti",
            phone="+995 599 12 34 56",
            email="mariam@example.ge",
            agency="SESA",
            experience=[
                WorkExperience(title="მომვლელი, ძიძა", years=4.5, country="IL"),
                WorkExperience(title="сиделка", years=1),
            ],
            skills=["elderly care", "http://data.europa.eu/esco/skill/x"],
            education_isced=4,
            languages=[
                LanguageSkill(language="he", level="A2"),
                LanguageSkill(language="ru", level="C1"),
            ],
            driving_licence=DrivingLicence(categories="B", valid_until=date(2030, 1, 1)),
            certificates=[
                Certificate(kind="care"),
                Certificate(kind="welding", code="141", valid_until=date(2027, 6, 30)),
            ],
            destination_preferences=["IL", "DE"],
            available_from=date(2027, 1, 15),
            migration_history=[
                MigrationEpisode(
                    country="IL", start=date(2019, 3, 1), end=date(2023, 2, 28), scheme="B1"
                ),
                MigrationEpisode(country="PL", start=date(2024, 5, 1)),
            ],
            consent=Consent(given=True, date=date(2026, 5, 1), withdrawn=date(2026, 6, 1)),
        ),
        JobSeeker(external_id="GE-2", full_name="ლევან", personal_number="61001012345"),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".jsonl"])
def test_job_seekers_round_trip(store: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"seekers{suffix}"
    assert write_job_seekers(path, rich_seekers()) == 2
    report = import_job_seekers(path, store, normalizer=None)
    assert (report.stored, report.errors) == (2, [])
    assert list(store.iter_job_seekers()) == rich_seekers()
    again = import_job_seekers(path, store, normalizer=None)
    assert again.unchanged == 2


def rich_vacancies() -> list[Vacancy]:
    return [
        Vacancy(
            external_id="FR-1",
            destination_country="FR",
            employer="Domaine de la Vallée, Bordeaux",
            agency="Agence Sud",
            agency_licensed=False,
            title="Ouvrier agricole saisonnier (H/F) – vendanges",
            title_language="fr",
            description="Récolte; taille\nlogement fourni",
            esco_uri=OCCUPATION + "picker",
            isco_group="9211",
            normalizer_score=0.75,
            required_skills=["harvest grapes"],
            min_experience_years=0.5,
            required_languages=[LanguageSkill(language="fr", level="A1")],
            required_driving=["B"],
            required_certificates=[Certificate(kind="first_aid")],
            positions=30,
            wage_amount=11.88,
            wage_currency="EUR",
            wage_period="hour",
            contract_months=2,
            season_start=date(2027, 9, 1),
            season_end=date(2027, 10, 15),
            housing_provided=True,
            worker_fee=300,
            worker_fee_currency="EUR",
        ),
        Vacancy(external_id="FR-2", destination_country="FR", title="Chauffeur PL"),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".jsonl"])
def test_vacancies_round_trip(store: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"vacancies{suffix}"
    write_vacancies(path, rich_vacancies())
    report = import_vacancies(path, store, normalizer=KeywordNormalizer())
    assert (report.stored, report.errors) == (2, [])
    stored = store.list_vacancies()
    expected = rich_vacancies()
    assert stored[0] == expected[0]  # its ESCO URI came with it: not normalised again
    assert stored[1].isco_group == "8332"  # normalised on import


def test_demand_list_json_round_trip(store: Store, tmp_path: Path) -> None:
    demand = DemandList(
        external_id="FR-2027",
        destination_country="FR",
        source_file="offres.xlsx",
        received=date(2026, 10, 1),
        vacancies=rich_vacancies(),
    )
    path = tmp_path / "fr.json"
    write_vacancies(path, demand.vacancies, demand_list=demand)
    assert json.loads(path.read_text())["external_id"] == "FR-2027"
    import_vacancies(path, store, normalizer=None)
    assert store.get_demand_list("FR-2027") == demand


def test_xlsx_numeric_cells(store: Store, tmp_path: Path) -> None:
    """Spreadsheet numbers and dates: a personal number that lost its leading zero, a
    date cell, a numeric id."""
    book = Workbook()
    sheet = book.active
    sheet.append(["№", "სახელი და გვარი", "პირადი ნომერი", "დაბადების თარიღი", "სტაჟი", "პროფესია"])
    sheet.append([7, "ნინო ბერიძე", 1001012345, date(1990, 5, 1), 3, "მზარეული"])
    sheet.append([8, "დათო", 12345678901234, 45000, None, None])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    report = import_job_seekers(path, store, normalizer=None)
    assert report.errors == [
        RowError(3, "პირადი ნომერი", "personal number must be 11 digits (Georgian ID card)")
    ]
    nino = store.get_job_seeker("7")
    assert nino.personal_number == "01001012345" and nino.birth_date == date(1990, 5, 1)
    assert nino.experience == [WorkExperience(title="მზარეული", years=3)]


# ----------------------------------------------------------------------------- cell formats
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("32 zł/h", (32, "PLN", "hour")),
        ("od 25 zł/h", (25, "PLN", "hour")),
        ("25-28 PLN/godz.", (25, "PLN", "hour")),
        ("9 500 PLN brutto/mies.", (9500, "PLN", "month")),
        ("14,50 €/Std.", (14.5, "EUR", "hour")),
        ("2.800 € brutto/Monat", (2800, "EUR", "month")),
        ("1 800 EUR / mois", (1800, "EUR", "month")),
        ("11,88 € brut/heure", (11.88, "EUR", "hour")),
        ("35 ₪ לשעה", (35, "ILS", "hour")),
        ("1,200.50 USD per month", (1200.5, "USD", "month")),
    ],
)
def test_wage_cells(cell: str, expected: tuple[float, str, str]) -> None:
    wage = parse_wage(cell)
    assert (wage["wage_amount"], wage["wage_currency"], wage["wage_period"]) == expected


def test_language_cells() -> None:
    assert parse_languages("pl:A2; en:B1") == [
        {"language": "pl", "level": "A2"},
        {"language": "en", "level": "B1"},
    ]
    assert parse_languages("Polish B1, რუსული C1, deutsch:a2, ქართული:მშობლიური") == [
        {"language": "pl", "level": "B1"},
        {"language": "ru", "level": "C1"},
        {"language": "de", "level": "A2"},
        {"language": "ka", "level": "C2"},
    ]
    with pytest.raises(ValueError, match=r"no level \(A1..C2 or a word\) for 'polski'"):
        parse_languages("polski")
    with pytest.raises(ValueError, match="unknown language"):
        parse_languages("klingon:B1")


def test_driving_cells() -> None:
    assert parse_driving("B, C, CE") == (["B", "C", "CE"], False)
    assert parse_driving("kat. C + E, code 95") == (["CE"], True)
    assert parse_driving("B C1 C1E 95") == (["B", "C1", "C1E"], True)
    with pytest.raises(ValueError, match="unknown driving licence category"):
        parse_driving("B, Q")


def test_certificate_cells() -> None:
    assert parse_certificates("welding:135; adr; forklift@2027-01-31") == [
        {"kind": "welding", "code": "135"},
        {"kind": "adr", "code": None},
        {"kind": "forklift", "code": None, "valid_until": date(2027, 1, 31)},
    ]
    assert parse_certificates("spawanie TIG, UDT, SEP, welding 111") == [
        {"kind": "welding", "code": "141"},
        {"kind": "forklift", "code": None},
        {"kind": "electrical", "code": None},
        {"kind": "welding", "code": "111"},
    ]
    with pytest.raises(ValueError, match="unknown certificate"):
        parse_certificates("pilot licence")


def test_date_cells() -> None:
    assert parse_date("2026-05-01") == parse_date("01.05.2026") == parse_date("1/5/2026")
    assert parse_date(45000) == date(2023, 3, 15)  # a spreadsheet serial date
    with pytest.raises(ValueError, match="not a valid date"):
        parse_date("May 1st")


def test_import_report_is_typed_data() -> None:
    report = ImportReport("f.csv", 2, 1, 1, 0, 0, [RowError(3, "x", "bad")])
    assert report.rejected_rows == [3]


def test_an_agencys_import_summary_names_only_its_own_likely_duplicates(tmp_path: Path) -> None:
    from matching.scope import Scope

    first = tmp_path / "a.csv"
    first.write_text("id,full name,birth date\nKT-1,გიორგი ბერიძე,15.05.1986\n", "utf-8")
    second = tmp_path / "b.csv"
    second.write_text("id,full name,birth date\nBT-7,Георгий Беридзе,1986-05-15\n", "utf-8")
    with Store("sqlite://") as store:
        import_job_seekers(first, store, normalizer=None, scope=Scope(agency="Kutaisi Jobs"))
        agency = import_job_seekers(
            second, store, normalizer=None, scope=Scope(agency="Batumi Jobs")
        )
        everyone = import_job_seekers(second, store, normalizer=None)
    assert agency.duplicates == []  # another office's person is not named, nor hinted at
    assert [(d.first_id, d.second_id) for d in everyone.duplicates] == [("KT-1", "BT-7")]

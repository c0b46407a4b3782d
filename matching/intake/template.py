"""Blank spreadsheets for clerks: the headers import reads, what each column takes, and
drop-down lists where a column takes one of a few values.

``write_template("job-seekers", "ka", path)`` writes an XLSX with a data sheet (the
headers in Georgian, English or Russian, each one import recognises), a sheet
explaining every column with its allowed values and an example, and data-validation
lists on the columns with a closed set of values (gender, region, yes/no, country).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matching.records import GeorgianRegion

LANGUAGES = ("ka", "en", "ru")
KINDS = ("job-seekers", "vacancies")
ROWS_VALIDATED = 5000


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    """One column: the field it feeds, its header per language, what it takes."""

    field: str
    headers: dict[str, str]
    takes: str
    example: str
    choices: dict[str, tuple[str, ...]] | None = None  # per language, a closed list


_YES_NO = {"ka": ("კი", "არა"), "en": ("yes", "no"), "ru": ("да", "нет")}
_GENDERS = {
    "ka": ("ქალი", "კაცი", "სხვა"),
    "en": ("female", "male", "other", "undisclosed"),
    "ru": ("женский", "мужской", "другое"),
}
_REGIONS = {
    "ka": (
        "თბილისი", "აჭარა", "გურია", "იმერეთი", "კახეთი", "ქვემო ქართლი", "მცხეთა-მთიანეთი",
        "რაჭა-ლეჩხუმი და ქვემო სვანეთი", "სამეგრელო-ზემო სვანეთი", "სამცხე-ჯავახეთი",
        "შიდა ქართლი", "აფხაზეთი",
    ),
    "en": tuple(r.value for r in GeorgianRegion),
    "ru": (
        "Тбилиси", "Аджария", "Гурия", "Имерети", "Кахети", "Квемо Картли", "Мцхета-Мтианети",
        "Рача-Лечхуми", "Самегрело", "Самцхе-Джавахети", "Шида Картли", "Абхазия",
    ),
}  # fmt: skip
_COUNTRIES = {lang: ("PL", "DE", "IL", "EE", "FR", "LT") for lang in LANGUAGES}


def _column(field: str, en: str, ka: str, ru: str, takes: str, example: str, choices=None):
    return TemplateColumn(field, {"en": en, "ka": ka, "ru": ru}, takes, example, choices)


JOB_SEEKER_COLUMNS = (
    _column("external_id", "id", "სარეგისტრაციო ნომერი", "Номер",
            "Your office's own id (letters, digits, . : - _; no /). Leave empty: one is made.",
            "KT-2027-0001"),
    _column("full_name", "full name", "სახელი და გვარი", "ФИО", "Name and surname.",
            "ნინო ბერიძე"),
    _column("personal_number", "personal number", "პირადი ნომერი", "Личный номер",
            "11 digits of the Georgian ID card; one person, one record.", "01001012345"),
    _column("birth_date", "birth date", "დაბადების თარიღი", "Дата рождения",
            "A date: 15.05.1986 or 1986-05-15.", "15.05.1986"),
    _column("gender", "gender", "სქესი", "Пол", "One of the list.", "ქალი", _GENDERS),
    _column("region", "region", "რეგიონი", "Регион", "A region of Georgia, from the list.",
            "იმერეთი", _REGIONS),
    _column("phone", "phone", "ტელეფონი", "Телефон", "A phone number.", "+995 599 12 34 56"),
    _column("email", "email", "ელ-ფოსტა", "Эл. почта", "An e-mail address.",
            "nino@example.ge"),
    _column("occupation", "occupation", "პროფესია", "Профессия",
            "The trade, in any language.", "შემდუღებელი"),
    _column("experience_years", "years of experience", "სტაჟი", "Стаж",
            "Years in that trade (a number).", "6"),
    _column("languages", "languages", "ენის ცოდნის დონე", "Знание языков",
            "language:level pairs, levels A1..C2 (native = C2), separated by ;",
            "pl:A2; ru:B2"),
    _column("driving_licence", "driving licence categories", "მართვის მოწმობის კატეგორიები",
            "Категории водительских прав", "Categories separated by commas; 95 = Code 95.",
            "B, C, CE"),
    _column("certificates", "certificates", "სერტიფიკატები", "Сертификаты",
            "kind[:code][@valid until] separated by ;", "welding:135@2027-06-30; adr"),
    _column("destination_preferences", "preferred countries", "სასურველი ქვეყანა",
            "Желаемая страна", "Country codes or names separated by commas; empty = any.",
            "PL, DE"),
    _column("available_from", "available from", "დაწყების თარიღი", "Доступен с",
            "The first day they can start.", "01.03.2027"),
    _column("consent", "consent", "თანხმობა", "Согласие",
            "Consent to share the record with employers.", "კი", _YES_NO),
    _column("consent_date", "consent date", "თანხმობის თარიღი", "Дата согласия",
            "The day consent was given.", "01.09.2026"),
    _column("education_isced", "education level", "განათლება", "Образование",
            "ISCED level 0-8.", "3"),
)  # fmt: skip

VACANCY_COLUMNS = (
    _column("external_id", "id", "ვაკანსიის ნომერი", "Номер",
            "The employer's or agency's id of the offer (no /).", "PL-2027-001"),
    _column("destination_country", "country", "ქვეყანა", "Страна", "The destination.", "PL",
            _COUNTRIES),
    _column("employer", "employer", "დამსაქმებელი", "Работодатель", "The employer.",
            "Stocznia Remontowa"),
    _column("agency", "agency", "სააგენტო", "Агентство", "The recruitment agency, if any.",
            "Agro Praca"),
    _column("title", "job title", "თანამდებობა", "Должность", "The job, in any language.",
            "Spawacz MIG/MAG 135"),
    _column("description", "description", "აღწერა", "Описание", "Duties and requirements.",
            ""),
    _column("positions", "number of positions", "ადგილების რაოდენობა", "Количество мест",
            "How many people.", "6"),
    _column("wage", "wage", "ხელფასი", "Зарплата", "Amount, currency and period.",
            "32 zł/h"),
    _column("season", "season", "სეზონი", "Сезон", "From - to.", "15.06.2027 - 15.09.2027"),
    _column("required_languages", "languages", "ენები", "Языки",
            "language:level pairs separated by ;", "pl:A2"),
    _column("required_driving", "driving licence", "მართვის მოწმობა", "Водительские права",
            "Categories separated by commas.", "B, C"),
    _column("required_certificates", "certificates", "სერტიფიკატები", "Сертификаты",
            "kind[:code] separated by ;", "welding:135"),
    _column("min_experience_years", "experience", "გამოცდილება", "Опыт",
            "Minimum years.", "2"),
    _column("housing_provided", "housing", "საცხოვრებელი", "Жильё", "Housing provided.",
            "კი", _YES_NO),
    _column("worker_fee", "worker fee", "საფასური", "Плата",
            "A fee charged to the worker (flagged: ILO C181 forbids it).", ""),
)  # fmt: skip

_SHEETS = {
    "ka": ("მონაცემები", "სვეტები", ("სვეტი", "ველი", "რას იღებს", "მაგალითი", "სია")),
    "en": ("data", "columns", ("column", "field", "takes", "example", "allowed values")),
    "ru": ("данные", "столбцы", ("столбец", "поле", "что вписать", "пример", "список")),
}


def template_columns(kind: str) -> tuple[TemplateColumn, ...]:
    if kind not in KINDS:
        raise ValueError(f"no template for {kind!r} ({', '.join(KINDS)})")
    return JOB_SEEKER_COLUMNS if kind == "job-seekers" else VACANCY_COLUMNS


def write_template(kind: str, language: str, path: str | Path) -> Path:
    """Write the XLSX template of ``kind`` with headers in ``language``; returns the path."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if language not in LANGUAGES:
        raise ValueError(f"no template language {language!r} ({', '.join(LANGUAGES)})")
    columns = template_columns(kind)
    data_title, help_title, help_headers = _SHEETS[language]
    book = Workbook()
    data = book.active
    data.title = data_title
    data.append([c.headers[language] for c in columns])
    guide = book.create_sheet(help_title)
    guide.append(list(help_headers))
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    for number, column in enumerate(columns, start=1):
        choices = column.choices[language] if column.choices else ()
        header = column.headers[language]
        guide.append([header, column.field, column.takes, column.example, ", ".join(choices)])
        letter = get_column_letter(number)
        data.column_dimensions[letter].width = max(14, len(column.headers[language]) + 4)
        # Text cells, so that personal numbers keep their leading zeros.
        data.column_dimensions[letter].number_format = "@"
        if choices:
            for i, choice in enumerate(choices, start=1):
                lists[f"{letter}{i}"] = choice
            source = f"{quote_sheetname('lists')}!${letter}$1:${letter}${len(choices)}"
            validation = DataValidation(
                type="list", formula1=source, allow_blank=True, showErrorMessage=True
            )
            validation.error = ", ".join(choices)
            validation.errorTitle = column.headers[language]
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{ROWS_VALIDATED + 1}")
    data.freeze_panes = "A2"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


__all__ = ["KINDS", "LANGUAGES", "TemplateColumn", "template_columns", "write_template"]

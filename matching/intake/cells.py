"""Cell parsers: the forms people type (dates, languages, licences, wages) read as values."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from matching.intake import certificates as _certificates
from matching.intake import countries as _countries
from matching.intake import driving as _driving
from matching.intake import education as _education
from matching.intake import gender as _gender
from matching.intake import languages as _languages
from matching.intake import places as _places
from matching.intake.errors import CellError as ValueCellError
from matching.intake.errors import Reason
from matching.intake.headers import header_key
from matching.records import DrivingCategory, LanguageSkill

# ----------------------------------------------------------------------------- cell parsers
CellError = ValueCellError  # the one cell error, structured (code and values)


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
    raise ValueCellError("", value, Reason.NOT_YES_NO)


_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,']*\d|\d")


_DIGIT_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_DECIMAL_MARKS = re.compile(r"[.,]")


def _number_text(text: str) -> float:
    digits = _DIGIT_GROUPING.sub("", text)
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        digits = _DECIMAL_MARKS.sub("", digits[:decimal]) + "." + digits[decimal + 1 :]
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
        raise ValueCellError("", value, Reason.NOT_A_NUMBER)
    if isinstance(value, int | float):
        return float(value)
    found = _NUMBER.findall(str(value))
    if len(found) != 1:
        raise ValueCellError("", value, Reason.NOT_A_NUMBER)
    return _number_text(found[0])


def parse_int(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise ValueCellError("", value, Reason.NOT_WHOLE)
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
        raise ValueCellError("", value, Reason.UNKNOWN_DATE)
    text = str(value).strip()
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DMY_DATE, (3, 2, 1))):
        m = pattern.match(text)
        if m:
            try:
                return date(*(int(m.group(i)) for i in order))
            except ValueError:
                break
    raise ValueCellError("", value, Reason.UNKNOWN_DATE)


def _split_items(value: object, separators: str = ";,\n") -> list[str]:
    return [item.strip() for item in _separators(separators).split(str(value)) if item.strip()]


@lru_cache(maxsize=32)
def _separators(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(separators) + "]")


def parse_gender(value: object) -> str:
    """``მამრ.``, ``კაცი``, ``ж``, ``female`` ... (see :mod:`matching.intake.gender`)."""
    return _gender.parse_gender(value).value


def parse_region(value: object) -> str:
    """A region, or a municipality, city or town (Georgian, Latin or Russian, inflected as
    typed) read as its region (see :mod:`matching.intake.places`)."""
    return _places.parse_region(value).value


def parse_place(value: object, field: str = "region") -> dict[str, str | None]:
    """A region, or a municipality, city or town -> ``{"region", "municipality"}`` (the
    municipality is ``None`` when only a region is named)."""
    place = _places.default_gazetteer().parse(value, field)
    return {"region": place.region.value, "municipality": place.municipality}


def parse_municipality(value: object) -> str | None:
    """A municipality's or town's name (any script) -> the municipality's gazetteer id."""
    return parse_place(value, "municipality")["municipality"]


def parse_country(value: object, field: str = "destination_country") -> str:
    """An ISO code or a country's name in any CLDR language (see
    :mod:`matching.intake.countries`)."""
    if isinstance(value, str):  # experience and stays abroad repeat a few countries
        return _cached_country(value, field)
    return _countries.parse_country(value, field)


_cached_country = lru_cache(maxsize=4096)(_countries.parse_country)


def parse_countries(value: object) -> list[str]:
    if isinstance(value, list):
        return [parse_country(v) for v in value]
    return list(dict.fromkeys(parse_country(v) for v in _split_items(value, ";,/\n")))


def parse_languages(value: object, field: str = "languages") -> list[dict[str, Any]]:
    """``pl:A2; en:B1``, ``რუსული - კარგად``, ``Deutsch Grundkenntnisse`` -> language
    skills; a level read from a word is marked ``needs_review`` (see
    :mod:`matching.intake.languages`)."""
    if isinstance(value, list):
        return value
    return [
        {"language": r.language, "level": r.level.name}
        | ({"needs_review": True} if r.needs_review else {})
        for r in _languages.parse_languages(value, field)
    ]


_CATEGORY_NOISE = re.compile(
    r"\b(kat|kategoria|kategorii|category|categories|cat|klasse|klassen|catégorie|permis|"
    r"კატეგორია|კატ|категория|кат|prawo jazdy)\b\.?",
    re.IGNORECASE,
)
_CODE95 = re.compile(r"^(code|kod|კოდი|код)?\s*95$|^cpc$|^kod95$|^code95$", re.IGNORECASE)


def parse_driving(value: object) -> tuple[list[str], bool]:
    """Licence categories and whether Code 95 is named: ``B, C, CE``, ``C+E``, Cyrillic
    look-alike letters (``В, С, СЕ``) ... (see :mod:`matching.intake.driving`)."""
    if isinstance(value, list):
        return [DrivingCategory.parse(v).value for v in value], False
    if isinstance(value, str):  # a register repeats a handful of licence cells
        categories, code95 = _driving_text(value)
        return list(categories), code95
    reading = _driving.parse_driving(value)
    return [c.value for c in reading.categories], reading.code95


@lru_cache(maxsize=4096)
def _driving_text(value: str) -> tuple[tuple[str, ...], bool]:
    reading = _driving.parse_driving(value)
    return tuple(c.value for c in reading.categories), reading.code95


def _language_skills(value: object, field: str = "languages") -> list[Any]:
    """:func:`parse_languages` as the records hold it: :class:`LanguageSkill` objects, which
    a record takes without validating them again (import memoises them per distinct cell)."""
    if isinstance(value, list):
        return value
    return [
        LanguageSkill(language=r.language, level=r.level, needs_review=r.needs_review)
        for r in _languages.parse_languages(value, field)
    ]


def _certificate_records(value: object, field: str = "certificates") -> list[Any]:
    """:func:`parse_certificates` as the records hold it (:class:`Certificate` objects)."""
    if isinstance(value, list):
        return value
    return _certificates.parse_certificates(value, field)


def parse_certificates(value: object, field: str = "certificates") -> list[dict[str, Any]]:
    """``welding:135; adr; forklift@2027-01-31``, ``ISO 9606-1 135@2026-03-01``, ``UDT
    wózki`` -> certificate objects (see :mod:`matching.intake.certificates`)."""
    if isinstance(value, list):
        return value
    return [
        {"kind": c.kind.value, "code": c.code}
        | ({"valid_until": c.valid_until} if c.valid_until else {})
        for c in _certificates.parse_certificates(value, field)
    ]


def parse_experience(value: object) -> list[dict[str, Any]]:
    """``title|years|country; ...`` -> experience objects (years default to 0)."""
    if isinstance(value, list):
        return value
    entries: list[dict[str, Any]] = []
    for item in _split_items(value, ";\n"):
        read = _experience_item(item)
        if read is None:
            raise ValueCellError("", value, Reason.EXPERIENCE_FORM, item=item)
        title, years, country = read
        entry: dict[str, Any] = {"title": title, "years": years}
        if country is not None:
            entry["country"] = country
        entries.append(entry)
    return entries


@lru_cache(maxsize=65_536)  # a register repeats its jobs ("mzareuli|3|GE") across rows
def _experience_item(item: str) -> tuple[str, float, str | None] | None:
    """``title|years|country`` read (``None``: not of that form)."""
    parts = [p.strip() for p in item.split("|")]
    if len(parts) > 3 or not parts[0]:
        return None
    years = parse_number(parts[1]) if len(parts) > 1 and parts[1] else 0.0
    country = parse_country(parts[2], "experience.country") if len(parts) > 2 and parts[2] else None
    return parts[0], years, country


def parse_migration_history(value: object) -> list[dict[str, Any]]:
    """``PL:2022-03-01..2022-11-30:seasonal:spawacz; DE:2023-05-01..``: country, span,
    scheme and the occupation worked in (both optional)."""
    if isinstance(value, list):
        return value
    episodes: list[dict[str, Any]] = []
    for item in _split_items(value, ";\n"):
        country, _, rest = item.partition(":")
        span, _, tail = rest.partition(":")
        scheme, _, title = tail.partition(":")
        start, dots, end = span.partition("..")
        if not dots or not start.strip():
            raise ValueCellError("", value, Reason.MIGRATION_FORM, item=item)
        episode: dict[str, Any] = {
            "country": parse_country(country, "migration_history.country"),
            "start": parse_date(start),
            "end": parse_date(end) if end.strip() else None,
        }
        if scheme.strip():
            episode["scheme"] = scheme.strip()
        if title.strip():
            episode["title"] = title.strip()
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
        raise ValueCellError("", value, Reason.NO_WAGE_AMOUNT)
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
        raise ValueCellError("", value, Reason.SEASON_FORM)
    return {"season_start": parse_date(found[0]), "season_end": parse_date(found[1])}


_PAID_BY = {
    "employer": "employer", "pracodawca": "employer", "arbeitgeber": "employer",
    "employeur": "employer", "დამსაქმებელი": "employer", "работодатель": "employer",
    "worker": "worker", "employee": "worker", "pracownik": "worker", "arbeitnehmer": "worker",
    "salarié": "worker", "salarie": "worker", "დასაქმებული": "worker", "работник": "worker",
    "shared": "shared", "split": "shared", "agency": "agency", "agencja": "agency",
    "სააგენტო": "agency", "агентство": "agency",
}  # fmt: skip


def parse_paid_by(value: object) -> str:
    """Who pays travel or housing: ``employer``, ``worker``, ``shared`` or ``agency``."""
    text = parse_text(value).casefold()
    if text not in _PAID_BY:
        raise ValueCellError("", value, Reason.PAID_BY)
    return _PAID_BY[text]


def parse_personal_number(value: object) -> str:
    # A spreadsheet that took the number for a number dropped its leading zero.
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise ValueCellError("", value, Reason.PERSONAL_NUMBER)
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
    except ValueError:
        try:
            return parse_date(value)
        except ValueError:
            raise ValueCellError("", value, Reason.CONSENT_FORM) from None


_JOB_SEEKER_PARSERS: dict[str, Callable[[object], object]] = {
    "external_id": parse_text,
    "full_name": parse_text,
    "given_name": parse_text,
    "surname": parse_text,
    "personal_number": parse_personal_number,
    "birth_date": parse_date,
    "gender": parse_gender,
    "region": parse_place,
    "municipality": parse_municipality,
    "phone": parse_text,
    "email": parse_text,
    "agency": parse_text,
    "experience": _passthrough,  # a list, a number of years or title|years|country; see below
    "occupation": parse_text,
    "experience_years": parse_number,
    "skills": parse_list,
    "education_isced": _education.parse_education,
    "languages": _language_skills,
    "driving_licence": _passthrough,
    "code95": parse_bool,
    "driving_licence_valid_until": parse_date,
    "certificates": _certificate_records,
    "destination_preferences": parse_countries,
    "available_from": parse_date,
    "available_until": parse_date,
    "returned_on": parse_date,
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
    "required_languages": partial(_language_skills, field="required_languages"),
    "required_driving": _passthrough,
    "requires_code95": parse_bool,
    "required_certificates": partial(_certificate_records, field="required_certificates"),
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
    "travel_paid_by": lambda v: parse_paid_by(v),
    "housing_paid_by": lambda v: parse_paid_by(v),
    "min_age": parse_int,
    "max_age": parse_int,
    "reintegration": parse_bool,
}

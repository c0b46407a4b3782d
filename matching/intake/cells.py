"""Cell parsers: the forms people type (dates, languages, licences, wages) read as values."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from matching.intake import countries as _countries
from matching.intake import driving as _driving
from matching.intake import education as _education
from matching.intake import gender as _gender
from matching.intake import places as _places
from matching.intake.headers import header_key
from matching.records import (
    WELDING_PROCESSES,
    Cefr,
    CertificateKind,
    DrivingCategory,
)


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


def parse_gender(value: object) -> str:
    """``მამრ.``, ``კაცი``, ``ж``, ``female`` ... (see :mod:`matching.intake.gender`)."""
    return _gender.parse_gender(value).value


def parse_region(value: object) -> str:
    """A region, or a municipality, city or town (Georgian, Latin or Russian, inflected as
    typed) read as its region (see :mod:`matching.intake.places`)."""
    return _places.parse_region(value).value


def parse_country(value: object) -> str:
    """An ISO code or a country's name in any CLDR language (see
    :mod:`matching.intake.countries`)."""
    return _countries.parse_country(value)


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
    """Licence categories and whether Code 95 is named: ``B, C, CE``, ``C+E``, Cyrillic
    look-alike letters (``В, С, СЕ``) ... (see :mod:`matching.intake.driving`)."""
    if isinstance(value, list):
        return [DrivingCategory.parse(v).value for v in value], False
    reading = _driving.parse_driving(value)
    return [c.value for c in reading.categories], reading.code95


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
            raise CellError(f"migration entry {item!r}: write PL:2022-03-01..2022-11-30")
        episode: dict[str, Any] = {
            "country": parse_country(country),
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
        raise CellError("must be employer, worker, shared or agency")
    return _PAID_BY[text]


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
    "education_isced": _education.parse_education,
    "languages": parse_languages,
    "driving_licence": _passthrough,
    "code95": parse_bool,
    "driving_licence_valid_until": parse_date,
    "certificates": parse_certificates,
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
    "travel_paid_by": lambda v: parse_paid_by(v),
    "housing_paid_by": lambda v: parse_paid_by(v),
    "min_age": parse_int,
    "max_age": parse_int,
    "reintegration": parse_bool,
}

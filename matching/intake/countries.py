"""Countries by name in any of the locales of :data:`~matching.intake._cldr.LOCALES`, from
CLDR through Babel, or by ISO 3166-1 alpha-2 code -> the code.

This replaces the hand-written table of importing.py (20 countries in 4-9 spellings each)
with every country CLDR names, in Georgian, English, Russian, Polish, German, Hebrew,
Ukrainian, French, Estonian and Lithuanian, and their case forms (``პოლონეთში``,
``в Польше``, ``germaniashi``). What CLDR does not hold is in :data:`EXTRA_NAMES`: short
forms (``UK``, ``USA``, ``აშშ``), older names (``Holland``) and Polish locatives.

Example:
    >>> parse_country("პოლონეთი"), parse_country("в Германии"), parse_country("il")
    ('PL', 'DE', 'IL')
    >>> parse_countries("Polska, Niemcy / Litwa")
    ['PL', 'DE', 'LT']
"""

from __future__ import annotations

import re
from functools import cache

from matching.intake._cldr import NameIndex, build_index, territory_names
from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold

# Names people write that CLDR does not list (it has one name per country and locale).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "U.K.", "Great Britain", "Britain", "England", "Anglia", "Англия",
           "ინგლისი", "დიდი ბრიტანეთი", "Wielka Brytania", "Großbritannien"),
    "US": ("USA", "U.S.", "U.S.A.", "United States of America", "America", "აშშ", "ამერიკა",
           "США", "Америка", "Stany Zjednoczone"),
    "CZ": ("Czech Republic", "Чешская Республика", "Czechy", "Tschechien"),
    "NL": ("Holland", "Holandia", "ჰოლანდია", "Голландия"),
    "TR": ("Turkey", "Türkei", "Turcja", "Турция", "თურქეთი"),
    "RU": ("Russian Federation", "РФ", "Российская Федерация"),
    "KR": ("South Korea", "Korea", "Южная Корея", "სამხრეთ კორეა"),
    "AE": ("UAE", "ОАЭ", "Emirates", "Эмираты"),
    # Polish locatives and genitives: "praca w Niemczech", "wyjazd do Niemiec".
    "PL": ("Polsce", "Polski"),
    "DE": ("Niemczech", "Niemiec"),
    "IL": ("Izraelu",),
    "FR": ("Francji",),
    "EE": ("Estonii",),
    "LT": ("Litwie", "Litwy", "ლიტვა"),
    "LV": ("Łotwie", "Łotwy"),
}  # fmt: skip
# Prepositions before a country: в Польше, из Германии, w Polsce, do Niemiec, nach ...
_PREPOSITIONS = frozenset(fold(w) for w in """
    в во из на w we do na z ze in to nach aus en au aux à de
""".split())  # fmt: skip
_SPLIT = re.compile(r"[,;/|\n]+")
_CONJUNCTIONS = re.compile(r"\s+(?:და|и|and|und|i|oraz|et)\s+")


@cache
def country_index() -> NameIndex:
    """Every country name of CLDR's locales and :data:`EXTRA_NAMES`, indexed once."""
    names = territory_names()
    extras = [(code, name) for code, spelled in EXTRA_NAMES.items() for name in spelled]
    return build_index([*names, *extras], {code for code, _ in names})


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a name or code stands for, or ``None`` (also when the
    name is ambiguous)."""
    codes = _codes(text)
    return next(iter(codes)) if len(codes) == 1 else None


def _codes(text: str) -> frozenset[str]:
    index = country_index()
    stripped = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", stripped) and stripped.upper() in index.codes:
        return frozenset({stripped.upper()})
    words = fold(stripped).split()
    while len(words) > 1 and words[0] in _PREPOSITIONS:
        words = words[1:]
    return index.lookup(" ".join(words)) if words else frozenset()


def parse_country(value: object, field: str = "destination_country") -> str:
    """An ISO 3166-1 alpha-2 code from a country name (any locale above, any case) or code.

    Drop-in for importing.py's ``parse_country``, raising :class:`CellError` with a reason.

    Raises:
        CellError: ``unknown_country`` or ``ambiguous_country``.
    """
    text = cell_text(value, field)
    if not text:
        raise CellError(field, value, Reason.EMPTY)
    codes = _codes(text)
    if len(codes) > 1:
        raise CellError(field, value, Reason.AMBIGUOUS_COUNTRY, codes=", ".join(sorted(codes)))
    if not codes:
        raise CellError(field, value, Reason.UNKNOWN_COUNTRY)
    return next(iter(codes))


def parse_countries(value: object, field: str = "destination_preferences") -> list[str]:
    """Several countries in one cell (``PL, DE``; ``Polska / Niemcy``), each once, in order.

    Drop-in for importing.py's ``parse_countries``; a list is parsed item by item.
    """
    if isinstance(value, list):
        return list(dict.fromkeys(parse_country(v, field) for v in value))
    text = cell_text(value, field)
    codes: list[str] = []
    # A part that is a name keeps its "and" ("Bośnia i Hercegowina"); else "and" separates.
    for part in [text] if _codes(text) else _SPLIT.split(text):
        if not part.strip():
            continue
        if _codes(part):
            codes.append(parse_country(part, field))
        else:
            codes += [parse_country(p, field) for p in _CONJUNCTIONS.split(part) if p.strip()]
    return list(dict.fromkeys(codes))

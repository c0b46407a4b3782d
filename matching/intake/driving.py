"""Driving licence categories as typed in Georgia: Latin, Cyrillic and Georgian letters.

Russian-keyboard clerks type ``В, С, СЕ`` in Cyrillic letters that look Latin; Georgian
ones sometimes type ``ბ``, ``ც``. Each letter is read as the Latin category letter it
stands for (Cyrillic ``Д`` and ``М`` are the Russian names of D and of mopeds, EU ``AM``).
Lists are split on ``, ; /``, spaces, ``და``, ``и``, ``and``; ``C+E`` and ``C E`` are CE;
letters run together (``BC``, ``ВСЕ``) are read as the categories they spell. ``Code 95``
(``კოდი 95``, ``код 95``, ``95``) sets the Code 95 flag.

Example:
    >>> reading = parse_driving("В, С, СЕ")
    >>> [c.value for c in reading.categories], reading.code95
    (['B', 'C', 'CE'], False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching.intake.errors import CellError, Reason, cell_text
from matching.records import DrivingCategory

# Letters typed for the Latin category letters.
_LOOKALIKES = str.maketrans({
    "А": "A", "В": "B", "С": "C", "Е": "E", "Д": "D", "Т": "T", "М": "M", "Ю": "", "Ф": "",
    "а": "A", "в": "B", "с": "C", "е": "E", "д": "D", "т": "T", "м": "M",
    "Α": "A", "Β": "B", "Ε": "E", "Τ": "T", "Μ": "M",
    "ა": "A", "ბ": "B", "ც": "C", "ე": "E", "დ": "D", "ტ": "T", "მ": "M",
})  # fmt: skip
_NOISE = re.compile(
    r"(?i)\b(?:kat|kategoria|kategorii|kategorie|category|categories|cat|klasse|klassen|"
    r"catégorie|permis|prawo jazdy|driving licen[cs]e|licen[cs]e|"
    r"კატეგორია|კატეგორიის|კატ|მართვის მოწმობა|მოწმობა|"
    r"категория|категории|кат|права|водительские)\b\.?"
)
_CODE95 = re.compile(r"(?i)(?:\b(?:code|kod|კოდი|код|cpc)\s*)?(?<![\w.])95\b|\bcpc\b")
_SPLIT = re.compile(r"(?i)[,;/|&\s]+|\b(?:და|и|and|und|i|oraz)\b")
_CATEGORIES = sorted((c.value for c in DrivingCategory), key=len, reverse=True)
_TRAILERS = {"B": "BE", "C": "CE", "C1": "C1E", "D": "DE", "D1": "D1E"}


@dataclass(frozen=True, slots=True)
class DrivingReading:
    """The categories a cell lists, in order, and whether it names Code 95."""

    categories: tuple[DrivingCategory, ...]
    code95: bool


def _spell(token: str) -> list[str] | None:
    """``BCE`` -> ``["B", "CE"]``: a run of letters read as categories, longest first."""
    out: list[str] = []
    rest = token
    while rest:
        for category in _CATEGORIES:
            if rest.startswith(category):
                out.append(category)
                rest = rest[len(category) :]
                break
        else:
            return None
    return out


def parse_driving(value: object, field: str = "driving_licence") -> DrivingReading:
    """Licence categories and Code 95 from one cell.

    Raises:
        CellError: ``unknown_driving_category`` naming the token not understood.
    """
    text = cell_text(value, field)
    code95 = bool(_CODE95.search(text))
    text = _CODE95.sub(" ", _NOISE.sub(" ", text))
    text = re.sub(r"\s*\+\s*", "", text)
    categories: list[str] = []
    for raw in _SPLIT.split(text):
        token = raw.translate(_LOOKALIKES).strip(" .-").upper() if raw else ""
        if not token:
            continue
        if token == "E" and categories and categories[-1] in _TRAILERS:
            categories[-1] = _TRAILERS[categories[-1]]  # "C E": the E belongs to the C
            continue
        if token == "M":
            token = "AM"
        spelled = [token] if token in DrivingCategory.__members__.values() else _spell(token)
        if spelled is None:
            raise CellError(field, value, Reason.UNKNOWN_DRIVING_CATEGORY, token=raw.strip())
        categories += spelled
    return DrivingReading(
        tuple(DrivingCategory(c) for c in dict.fromkeys(categories)), code95=code95
    )

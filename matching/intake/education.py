"""Education written in words (ka, en, ru, pl, de, uk) -> ISCED 2011 level, as records store it.

``JobSeeker.education_isced`` is an ``int`` 0-8. Where a word covers more than one level,
the table gives the lowest the word guarantees, so a gate on education never passes on a
guess: ``უმაღლესი``/``высшее``/``higher`` is 6 (a bachelor's or equivalent; a master's must
say so), ``პროფესიული``/``vocational`` and Soviet ``среднее специальное`` are 4
(post-secondary vocational), ``неполное высшее`` (university not finished) is 3.

====  =====================================================================
ISCED Words (examples)
====  =====================================================================
0     no education, без образования, განათლების გარეშე
1     primary, დაწყებითი, начальное, podstawowe
2     lower secondary, basic, საბაზო, არასრული საშუალო, неполное среднее
3     secondary, high school, საშუალო, სრული საშუალო, среднее, średnie, ПТУ
4     vocational, პროფესიული, среднее специальное, техникум, policealne
5     short-cycle, associate, უმაღლესი პროფესიული, колледж (высшее профессиональное)
6     higher, bachelor, უმაღლესი, ბაკალავრი, высшее, бакалавр, wyższe, licencjat
7     master, მაგისტრი, დიპლომირებული სპეციალისტი, магистр, специалист, magister
8     doctorate, PhD, დოქტორი, кандидат наук, доктор наук, doktor
====  =====================================================================

A cell naming several levels (``უმაღლესი, ბაკალავრი``; ``среднее/техникум``) gives the
highest: clerks list what a person completed. A digit 0-8 (``6``, ``ISCED 6``) is taken as is.

Example:
    >>> parse_education("უმაღლესი"), parse_education("среднее специальное")
    (6, 4)
"""

from __future__ import annotations

import math
import re

from matching.intake._forms import latin_key
from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold, script_of

_LEVELS: dict[int, tuple[str, ...]] = {
    0: ("no education", "none", "no formal education", "без образования", "нет образования",
        "განათლების გარეშე", "არ აქვს", "brak", "bez wykształcenia", "keine"),
    1: ("primary", "elementary school", "დაწყებითი", "დაწყებითი განათლება", "начальное",
        "начальное общее", "podstawowe", "grundschule", "початкова"),
    2: ("lower secondary", "basic", "basic general", "საბაზო", "საბაზისო", "არასრული საშუალო",
        "неполное среднее", "основное общее", "основное", "gimnazjalne", "hauptschule",
        "базова середня"),
    3: ("secondary", "upper secondary", "high school", "general secondary", "საშუალო",
        "სრული საშუალო", "ზოგადი საშუალო", "среднее", "полное среднее", "среднее общее",
        "общее среднее", "średnie", "srednie", "liceum", "matura", "abitur", "realschule",
        "повна середня", "середня", "птк", "пту", "профтехучилище", "неполное высшее",
        "არასრული უმაღლესი", "zasadnicze zawodowe", "zawodowe", "berufsschule",
        "ausbildung"),
    4: ("vocational", "post secondary", "post-secondary", "vocational school", "technical school",
        "პროფესიული", "პროფესიული განათლება", "საშუალო პროფესიული", "პროფესიული სასწავლებელი",
        "среднее специальное", "среднее профессиональное", "средне специальное",
        "техникум", "училище", "профессиональное", "policealne", "technikum",
        "fachschule", "професійна", "професійно технічна"),
    5: ("short cycle", "short-cycle tertiary", "associate", "associate degree",
        "უმაღლესი პროფესიული", "higher vocational", "meister"),
    6: ("higher", "higher education", "university", "bachelor", "bachelors", "bachelor's",
        "ba", "bsc", "degree", "უმაღლესი", "უმაღლესი განათლება", "ბაკალავრი",
        "ბაკალავრიატი", "высшее", "высшее образование", "бакалавр", "бакалавриат",
        "wyższe", "wyzsze", "licencjat", "wyższe licencjackie", "inżynier", "inzynier",
        "hochschule", "studium",
        "bachelor of", "вища", "вища освіта"),
    7: ("master", "masters", "master's", "ma", "msc", "mba", "მაგისტრი", "მაგისტრატურა",
        "დიპლომირებული სპეციალისტი", "магистр", "магистратура", "специалист",
        "специалитет", "magister", "mgr", "magisterskie", "wyższe magisterskie", "diplom",
        "магістр"),
    8: ("doctorate", "doctor", "phd", "ph d", "დოქტორი", "დოქტორანტურა", "აკადემიური დოქტორი",
        "кандидат наук", "доктор наук", "аспирантура", "doktor", "dr", "promotion",
        "доктор філософії"),
}  # fmt: skip
# Words that only say "education": dropped before the level words are looked up.
_FILLER = frozenset(fold(w) for w in """
    განათლება განათლებით განათლების образование образования education school level degree
    wykształcenie bildung освіта
""".split())  # fmt: skip
_INDEX: dict[str, int] = {}
for _level, _words in _LEVELS.items():
    for _word in _words:
        _INDEX[fold(_word)] = _level
        if script_of(_word) == "Geor":  # Latin-typed Georgian: umaghlesi, sashualo
            _INDEX.setdefault(latin_key(_word), _level)
_ISCED = re.compile(r"^(?:isced[\s:-]*)?([0-8])$", re.ASCII)
_NUMERIC = re.compile(r"^(?:isced[\s:-]*)?[-+\u2212]?[0-9.,]+$", re.ASCII)


def _lookup(words: list[str]) -> int | None:
    phrase = " ".join(w for w in words if w not in _FILLER)
    if not phrase:
        return None
    if phrase in _INDEX:
        return _INDEX[phrase]
    return _INDEX.get(latin_key(phrase)) if script_of(phrase) == "Latn" else None


def _levels(part: str) -> list[int]:
    """The levels one part names: the whole phrase, else its longest known runs of words."""
    words = fold(part).split()
    whole = _lookup(words)
    if whole is not None:
        return [whole]
    found: list[int] = []
    used: set[int] = set()
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & used:
                continue
            level = _lookup(words[start : start + size])
            if level is not None:
                found.append(level)
                used |= span
    return found


def parse_education(value: object, field: str = "education_isced") -> int:
    """ISCED level 0-8 from a number or words (see the module's table).

    Raises:
        CellError: ``unknown_education`` when no part of the cell names a level.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(field, value, Reason.NOT_FINITE)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if (isinstance(value, float) and not value.is_integer()) or not 0 <= value <= 8:
            raise CellError(field, value, Reason.OUT_OF_RANGE, minimum=0, maximum=8)
        return int(value)
    text = cell_text(value, field)
    digit = _ISCED.match(text.casefold())
    if digit:
        return int(digit.group(1))
    if _NUMERIC.match(text.casefold()):  # -1, 9, 6.5: a number, but no ISCED level
        raise CellError(field, value, Reason.OUT_OF_RANGE, minimum=0, maximum=8)
    levels = [lv for part in re.split(r"[,;/()\n+]|\s-\s", text) for lv in _levels(part)]
    if not levels:
        raise CellError(field, value, Reason.UNKNOWN_EDUCATION)
    return max(levels)

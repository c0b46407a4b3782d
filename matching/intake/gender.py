"""Gender as clerks write it: words, abbreviations and single letters in ka/ru/en/pl/de/fr.

A cut-off word (``მამრ.``, ``муж.``, ``fem``) counts when at least three letters long and
the start of one gender's words only. A cell naming two genders (``მ/ქ``, ``м/ж``) is the
column's legend copied into a row, not a value: it is refused as ambiguous.

Example:
    >>> parse_gender("მამრ."), parse_gender("жен."), parse_gender("K")
    (<Gender.MALE: 'male'>, <Gender.FEMALE: 'female'>, <Gender.FEMALE: 'female'>)
"""

from __future__ import annotations

import re

from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold
from matching.records import Gender

# Full words; single letters only where no language reads them otherwise ("k" is
# Polish kobieta and the Latin ქ of ქალი; "w" German weiblich; "d" German divers).
_WORDS: dict[Gender, tuple[str, ...]] = {
    Gender.MALE: (
        "male", "m", "man", "men", "masculine", "mężczyzna", "męska", "męski", "männlich",
        "mann", "homme", "masculin", "h", "мужской", "мужчина", "муж", "м", "чоловік",
        "чоловіча", "ч", "მამრობითი", "მამრი", "კაცი", "მამაკაცი", "ბატონი", "მ", "mamrobiti",
        "kaci", "mamakaci", "זכר", "ז",
    ),
    Gender.FEMALE: (
        "female", "f", "woman", "women", "feminine", "kobieta", "k", "żeńska", "żeński",
        "weiblich", "w", "frau", "femme", "féminin", "женский", "женщина", "жен", "ж",
        "жіноча", "жінка", "მდედრობითი", "მდედრი", "ქალი", "ქალბატონი", "ქ", "mdedrobiti",
        "qali", "kali", "נקבה", "נ",
    ),
    Gender.OTHER: ("other", "divers", "diverse", "d", "x", "autre", "другое", "სხვა"),
    Gender.UNDISCLOSED: (
        "undisclosed", "unknown", "prefer not to say", "not stated", "n a", "უცნობი",
        "არ არის მითითებული", "не указан", "не указано", "неизвестно", "keine angabe", "?",
    ),
}  # fmt: skip
_INDEX = {fold(w): g for g, words in _WORDS.items() for w in words}
_ABBREVIABLE = {w: g for w, g in _INDEX.items() if len(w) >= 4 and g in (Gender.MALE,
                Gender.FEMALE)}  # fmt: skip
_SEPARATORS = re.compile(r"\s*(?:/|\\|\||,|;| или | або | ან | or | oder | lub )\s*")


def _one(token: str) -> Gender | None:
    key = fold(token)
    if key in _INDEX:
        return _INDEX[key]
    if len(key) >= 3:
        genders = {g for w, g in _ABBREVIABLE.items() if w.startswith(key)}
        if len(genders) == 1:
            return genders.pop()
    return None


def parse_gender(value: object, field: str = "gender") -> Gender:
    """A :class:`~matching.records.Gender` from a word, an abbreviation or a letter.

    Raises:
        CellError: ``unknown_gender``; ``ambiguous_gender`` for ``მ/ქ``, ``м/ж``, ``m/f``.
    """
    text = cell_text(value, field)
    whole = _one(text)
    if whole is not None:
        return whole
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    genders = {_one(p) for p in parts}
    if len(parts) > 1 and None not in genders:
        if len(genders) == 1:
            return genders.pop()  # type: ignore[return-value]
        raise CellError(field, value, Reason.AMBIGUOUS_GENDER)
    raise CellError(field, value, Reason.UNKNOWN_GENDER)

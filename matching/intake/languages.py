"""Languages and levels as clerks write them -> ISO 639-1 and CEFR, flagged for review.

A cell lists languages (``;``, ``,``, newline between them), each a name and a level:
``ინგლისური B1``, ``pl:A2``, ``რუსული - კარგად``, ``Deutsch Grundkenntnisse``,
``польский - базовый``, ``English fluent``. Names are CLDR's (through Babel) in Georgian,
English, Russian, Polish, German, Hebrew, Ukrainian and French, in their case forms
(``რუსულად``, ``по-русски``, ``po polsku``), or ISO codes.

A CEFR code is taken as written. A level in words is read through :data:`LEVEL_WORDS`,
which gives the lowest level the word plausibly means (``good`` is B1, not B2), and the
reading is marked ``needs_review``: a clerk, or a test, should confirm it. ``native`` is C2
and is not marked. Two codes (``A2/B1``) give the lower, marked. A language said not to
be spoken (``German - no``, ``немецкий - нет``) is left out.

Example:
    >>> [(r.language, r.level.name, r.needs_review) for r in parse_languages(
    ...     "რუსული - კარგად; ინგლისური B1; Deutsch Grundkenntnisse")]
    [('ru', 'B1', True), ('en', 'B1', False), ('de', 'A1', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from matching.intake._cldr import NameIndex, build_index, language_names
from matching.intake._forms import latin_key
from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold, script_of
from matching.records import Cefr, LanguageSkill

_NOT_SPOKEN = object()
# Level words -> (CEFR, needs review). Conservative: the lowest level a word plausibly
# means. Every entry is also matched as Latin-typed Georgian where it is Georgian.
LEVEL_WORDS: dict[str, tuple[Cefr, bool]] = {}
_LEVEL_TABLE: tuple[tuple[Cefr, bool, str], ...] = (
    (Cefr.C2, False, "native|native speaker|mother tongue|first language|მშობლიური|დედაენა|"
                     "родной|родной язык|рідна|ojczysty|ojczysta|muttersprache|"
                     "langue maternelle|שפת אם"),
    (Cefr.C1, True, "fluent|fluently|proficient|advanced|perfect|perfectly|თავისუფლად|"
                    "თავისუფალი|სრულყოფილად|свободно|свободный|свободное владение|"
                    "в совершенстве|продвинутый|вільно|biegle|biegły|biegła|doskonale|"
                    "zaawansowany|fließend|verhandlungssicher|perfekt|courant|couramment|"
                    "שוטפת|שוטף"),
    (Cefr.B2, True, "very good|very well|upper intermediate|ძალიან კარგად|ძალიან კარგი|"
                    "очень хорошо|очень хороший|выше среднего|дуже добре|bardzo dobrze|"
                    "bardzo dobry|bardzo dobra|sehr gut|sehr gute kenntnisse|très bien|"
                    "gute bis sehr gute kenntnisse"),
    (Cefr.B1, True, "good|well|intermediate|medium|average|conversational|კარგად|კარგი|"
                    "საშუალოდ|საშუალო|სასაუბრო|хорошо|хороший|средний|средне|разговорный|"
                    "добре|середній|dobrze|dobry|dobra|średnio|średni|średniozaawansowany|"
                    "komunikatywnie|komunikatywny|gut|gute kenntnisse|mittel|bien|moyen|טוב|"
                    "בינוני"),
    (Cefr.A2, True, "elementary|pre intermediate|ниже среднего|элементарный|podstawowy plus"),
    (Cefr.A1, True, "basic|beginner|a little|little|weak|poor|საბაზისო|საწყისი|ცოტა|ცოტათი|"
                    "სუსტად|სუსტი|базовый|базовое|базовые знания|базовый уровень|начальный|"
                    "немного|со словарем|слабо|слабый|плохо|базовий|початковий|трохи|"
                    "podstawowy|podstawowa|podstawy|słabo|słaby|trochę|grundkenntnisse|"
                    "grundlagen|ein bisschen|ein wenig|anfänger|schwach|débutant|notions|"
                    "בסיסי|בסיסית"),
)  # fmt: skip
for _level, _review, _words in _LEVEL_TABLE:
    for _word in _words.split("|"):
        LEVEL_WORDS[fold(_word)] = (_level, _review)
_NOT_SPOKEN_KA = ("არა", "არ ვიცი", "არ ფლობს", "არ იცის")
NOT_SPOKEN_WORDS = frozenset(fold(w) for w in (
    "no", "none", "not spoken", "არა", "არ ვიცი", "არ ფლობს", "არ იცის", "нет", "не владею",
    "не знаю", "nie", "brak", "nein", "keine", "keine kenntnisse", "ні",
))  # fmt: skip
# Georgian level words typed in Latin letters (kargad, tavisuflad, mshobliuri).
_LATIN_LEVELS: dict[str, tuple[Cefr, bool] | object] = {
    **{latin_key(w): v for w, v in LEVEL_WORDS.items() if script_of(w) == "Geor"},
    **{latin_key(w): _NOT_SPOKEN for w in _NOT_SPOKEN_KA},
}
# Words around a language name that only say "language", "knowledge", "level".
_FILLER = frozenset(fold(w) for w in """
    ენა ენის ენაზე ცოდნა დონე язык языка языком знание владение уровень мова мови
    language languages level knowledge sprache sprachkenntnisse kenntnisse język języka
    znajomość poziom langue niveau שפה
""".split())  # fmt: skip
_CEFR = re.compile(r"(?<![^\W\d_])([ABCАВСabcавс])\s?([12])(?![0-9])(\+?)")
# A CEFR-looking code that is none (C3, B0): named as a bad level, not a bad language.
_BAD_CEFR = re.compile(r"(?<![^\W\d_])[ABCАВСabcавс]\s?\d+(?![0-9])")
_CYRILLIC_CEFR = str.maketrans("АВСавс", "ABCabc")
_ITEMS = re.compile(r"[;,\n]+")
_LEVEL_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(w) for w in sorted({*LEVEL_WORDS, *NOT_SPOKEN_WORDS}, key=len, reverse=True)
    )
    + r")(?!\w)"
)


@dataclass(frozen=True, slots=True)
class LanguageReading:
    """One language of a cell: ISO 639-1 code, CEFR level, and whether a person should
    confirm the level (it was read from a word, or from a range)."""

    language: str
    level: Cefr
    needs_review: bool
    text: str

    def skill(self) -> LanguageSkill:
        """The record's language skill."""
        return LanguageSkill(language=self.language, level=self.level)


# Names people write that CLDR does not list (older or colloquial forms).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "he": ("ივრითი", "ebraiczny", "иврит", "hebrew"),
    "lt": ("ლიტვური",),
    "az": ("azerski", "азербайджанский"),
    "el": ("ბერძნული",),
}


@cache
def language_index() -> NameIndex:
    """Every language name of CLDR's locales and :data:`EXTRA_NAMES`, indexed once."""
    names = language_names()
    extras = [(code, name) for code, spelled in EXTRA_NAMES.items() for name in spelled]
    return build_index([*names, *extras], {code for code, _ in names})


def language_code(name: str) -> str | None:
    """ISO 639-1 code for a language name in any of the locales (or a code), else ``None``."""
    codes = _language_codes(fold(name).split())
    return next(iter(codes)) if len(codes) == 1 else None


def _language_codes(words: list[str]) -> frozenset[str]:
    index = language_index()
    words = [w for w in words if w not in _FILLER]
    if not words:
        return frozenset()
    if len(words) == 1 and words[0] in index.codes:
        return frozenset(words)
    return index.lookup(" ".join(words))


def _level_of(item: str) -> tuple[Cefr | object | None, bool, str]:
    """(level, needs review, the item without its level) for one item."""
    codes = [(m.group(1).translate(_CYRILLIC_CEFR).upper() + m.group(2)) for m in
             _CEFR.finditer(item)]  # fmt: skip
    if codes:
        # A word beside the code ("B1 (intermediate)") only repeats it: the code decides.
        rest = _LEVEL_PATTERN.sub(" ", fold(_CEFR.sub(" ", item)))
        levels = sorted(Cefr[c] for c in codes)
        return levels[0], len(set(levels)) > 1, rest
    folded = fold(item)
    match = _LEVEL_PATTERN.search(folded)
    if match is None:
        return _latin_level(folded)
    rest = folded[: match.start()] + " " + folded[match.end() :]
    if match.group(0) in NOT_SPOKEN_WORDS:
        return _NOT_SPOKEN, False, rest
    level, review = LEVEL_WORDS[match.group(0)]
    return level, review, rest


def _latin_level(folded: str) -> tuple[Cefr | object | None, bool, str]:
    words = folded.split()
    if script_of(folded) != "Latn":
        return None, False, folded
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            found = _LATIN_LEVELS.get(latin_key(" ".join(words[start : start + size])))
            if found is not None:
                rest = " ".join(words[:start] + words[start + size :])
                if found is _NOT_SPOKEN:
                    return _NOT_SPOKEN, False, rest
                level, review = found  # type: ignore[misc]
                return level, review, rest
    return None, False, folded


def parse_languages(value: object, field: str = "languages") -> list[LanguageReading]:
    """The languages of one cell, with CEFR levels (see the module docstring).

    Raises:
        CellError: ``unknown_language``, ``ambiguous_language`` or ``no_language_level``
            for the first item that cannot be read.
    """
    text = cell_text(value, field)
    readings: list[LanguageReading] = []
    for item in _ITEMS.split(text):
        if not item.strip():
            continue
        level, review, rest = _level_of(item)
        name = " ".join(fold(rest).split())
        if ":" in item:  # the documented form, language:level: each side read on its own
            name_text, _, level_text = item.partition(":")
            name = " ".join(fold(name_text).split())
            level, review, leftover = _level_of(level_text)
            if level is None or leftover.strip(" -–—.()"):
                raise CellError(field, value, Reason.UNKNOWN_LANGUAGE_LEVEL,
                                name=name_text.strip(), level=level_text.strip())  # fmt: skip
        elif level is None and (bad := _BAD_CEFR.search(item)) is not None:
            raise CellError(field, value, Reason.UNKNOWN_LANGUAGE_LEVEL,
                            name=item[: bad.start()].strip(" -:"), level=bad.group(0))  # fmt: skip
        codes = _language_codes(name.split())
        if not codes:
            raise CellError(field, value, Reason.UNKNOWN_LANGUAGE, name=name or item.strip())
        if len(codes) > 1:
            raise CellError(field, value, Reason.AMBIGUOUS_LANGUAGE, name=name,
                            codes=", ".join(sorted(codes)))  # fmt: skip
        if level is _NOT_SPOKEN:
            continue
        if not isinstance(level, Cefr):
            raise CellError(field, value, Reason.NO_LANGUAGE_LEVEL, name=item.strip())
        readings.append(LanguageReading(next(iter(codes)), level, review, item.strip()))
    return readings

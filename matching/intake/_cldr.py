"""Indexes of country and language names from CLDR (through Babel), in the locales clerks,
job seekers and destination partners write in, with the case forms they write them in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale

from matching.intake._forms import keys, name_forms, query_keys

# Georgian, English, Russian, Polish, German, Hebrew, Ukrainian, French; Estonian and
# Lithuanian for the destinations' own country names (the Baltic schemes).
LOCALES: tuple[str, ...] = ("ka", "en", "ru", "pl", "de", "he", "uk", "fr", "et", "lt")
# CLDR territory codes that are no country (EU, euro area, UN, "Outlying Oceania",
# pseudo-locales, unknown).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Names (every form, folded and as Latin-typed Georgian) -> the codes they name."""

    codes_by_key: Mapping[tuple[str, str], frozenset[str]]
    codes: frozenset[str]

    def lookup(self, text: str) -> frozenset[str]:
        """The codes ``text`` names: by its folded form first, else its loose Latin key."""
        for key in query_keys(text):
            found = self.codes_by_key.get(key)
            if found:
                return found
        return frozenset()


def build_index(names: Iterable[tuple[str, str]], codes: Iterable[str]) -> NameIndex:
    """Index ``(code, name)`` pairs under every case form of each name."""
    by_key: dict[tuple[str, str], set[str]] = {}
    for code, name in names:
        for form in name_forms(name) | _adjective_forms(name):
            for key in keys(form):
                by_key.setdefault(key, set()).add(code)
    return NameIndex({k: frozenset(v) for k, v in by_key.items()}, frozenset(codes))


def _adjective_forms(name: str) -> set[str]:
    """Case forms of language names that are adjectives: русского, по-русски, polskiego,
    po polsku, російською."""
    word = name.casefold()
    forms: set[str] = set()
    if re.search(r"[а-я](?:ий|ый|ой)$", word):  # Russian
        stem = word[:-2]
        forms |= {stem + s for s in ("ого", "ому", "им", "ом", "ая", "ое")}
        forms.add("по " + stem + "и")
    elif re.search(r"ська$|цька$", word):  # Ukrainian
        stem = word[:-1]
        forms |= {stem + s for s in ("ою", "ої", "у")}
        forms.add("по " + word[:-1] + "и")
    elif re.search(r"[a-z](?:ski|cki)$", word):  # Polish
        forms |= {word + "ego", word + "m", "po " + word[:-1] + "u"}
    return forms


@cache
def territory_names() -> list[tuple[str, str]]:
    """``(ISO 3166-1 alpha-2, name)`` for every country name in :data:`LOCALES`."""
    return [
        (code, name)
        for locale in LOCALES
        for code, name in Locale.parse(locale).territories.items()
        if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES
    ]


@cache
def language_names() -> list[tuple[str, str]]:
    """``(ISO 639-1, name)`` for every language name in :data:`LOCALES`."""
    return [
        (code, name)
        for locale in LOCALES
        for code, name in Locale.parse(locale).languages.items()
        if re.fullmatch(r"[a-z]{2}", code)
    ]

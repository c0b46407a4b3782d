"""Resolving the agency a vacancy names against the register, in any spelling.

A demand list names its recruiting agency as someone typed it: a licence number, the
legal name in Georgian (``შპს ქუთაისის დასაქმება``), the same name typed in Latin
(``Kutaisis Dasakmeba LLC``). :func:`agency_key` folds all of these to one key
(Georgian transliterated, legal forms dropped, diacritics and punctuation folded), so
the register finds the agency either way; a name it cannot find is *unresolved* and
flagged, never guessed.

Example:
    >>> register = AgencyRegister([Agency(licence_number="PEA-0042",
    ...     legal_name="შპს ქუთაისის დასაქმება")])
    >>> register.resolve("Kutaisis Dasakmeba LLC").agency.licence_number
    'PEA-0042'
    >>> register.resolve("pea 0042").matched_by
    'licence'
    >>> register.resolve("Nowhere Jobs").agency is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from matching.agencies.records import Agency
from matching.occupations.text import fold, to_latin

# Legal forms, in Georgian before transliteration and in Latin after folding.
_GEORGIAN_FORMS = re.compile(r"(^|\s)(შპს|სს|ი/მ|ა\(ა\)იპ|ააიპ)(?=\s|$)")
_LATIN_FORMS = frozenset({"llc", "ltd", "jsc", "gmbh", "sp z o o", "spzoo", "ooo", "inc", "sia"})


def agency_key(name: str) -> str:
    """The folded key of an agency name: script, case, punctuation and legal form ignored."""
    text = _GEORGIAN_FORMS.sub(" ", name)
    key = fold(to_latin(text))
    for form in sorted(_LATIN_FORMS, key=len, reverse=True):
        key = re.sub(rf"(^|\s){re.escape(form)}(?=\s|$)", " ", key)
    return " ".join(key.split())


def licence_key(text: str) -> str:
    """A licence number without spaces, dashes or case: ``PEA-0042`` → ``pea0042``."""
    return re.sub(r"[\W_]+", "", text).casefold()


@dataclass(frozen=True, slots=True)
class AgencyResolution:
    """What the register says about a name as written.

    Attributes:
        text: The name or licence number as the vacancy gave it.
        agency: The register entry, or ``None`` when unresolved.
        matched_by: ``licence`` or ``name``; ``None`` when unresolved.
    """

    text: str
    agency: Agency | None
    matched_by: Literal["licence", "name"] | None


class AgencyRegister:
    """The register, indexed by licence number and by every name's folded key.

    Args:
        agencies: The register's entries.
    """

    def __init__(self, agencies: Iterable[Agency] = ()):
        self.agencies = list(agencies)
        self._by_licence = {licence_key(a.licence_number): a for a in self.agencies}
        self._by_name: dict[str, Agency] = {}
        for a in self.agencies:
            for name in (a.legal_name, *a.other_names):
                self._by_name.setdefault(agency_key(name), a)

    def __len__(self) -> int:
        return len(self.agencies)

    def resolve(self, text: str) -> AgencyResolution:
        """The entry ``text`` names, by licence number first, then by name."""
        found = self._by_licence.get(licence_key(text))
        if found is not None:
            return AgencyResolution(text, found, "licence")
        found = self._by_name.get(agency_key(text))
        if found is not None:
            return AgencyResolution(text, found, "name")
        return AgencyResolution(text, None, None)

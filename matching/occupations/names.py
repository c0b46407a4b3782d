"""Occupations named in the reader's language: one look-up for reasons, gaps, reports and
pages.

The engine keeps the English ESCO label beside an occupation's identity (its ESCO URI and
ISCO-08 unit group); a reader of Georgian or Russian should read the occupation in their
own language. ESCO has no Georgian and no Russian labels (its 25 translated languages are
EU and EEA ones), so the names come from the project's lexicons
(``matching/occupations/data/lexicon_*.csv``), which name every ESCO occupation of ISCO
major groups 5-9, care work and the schemes' trades, and all 436 ISCO unit groups, in both.

The rule, for a reader of ``language``:

1. the occupation's name in that language: a lexicon's ``preferred`` form, else the first
   ``alternative`` of the coverage lexicon (which writes each occupation's usual name
   first), else the first ``alternative`` of any other lexicon; colloquial, feminine and
   Latin-typed forms never name an occupation;
2. otherwise the name of its ISCO-08 unit group in that language;
3. otherwise the English label, unchanged (always so for English readers).

The look-up is read once per process (:func:`occupation_names`) and answers from a dict.

Example:
    >>> welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    >>> occupation_name("welder", "ka", uri=welder, isco="7212")
    'შემდუღებელი'
    >>> occupation_name("welder", "ru", uri=welder), occupation_name("welder", "en", uri=welder)
    ('сварщик', 'welder')
    >>> occupation_name("welder", "ka")  # no identity (a result written before it was kept)
    'welder'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.occupations.taxonomy import (
    COVERAGE_LEXICONS,
    ISCO_URI_PREFIX,
    LEXICON_COLUMNS,
    _read_rows,
    lexicon_files,
)

# Readers' languages other than English (English readers read ESCO's own label).
NAMED_LANGUAGES: tuple[str, ...] = ("ka", "ru")

# How well a lexicon row names its occupation: lower is better.
_PREFERRED, _COVERAGE, _ALTERNATIVE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class OccupationNames:
    """Names of ESCO occupations and ISCO unit groups in the readers' languages.

    Attributes:
        names: ``(language, concept URI)`` → name; the URI an ESCO occupation's or an ISCO
            group's (``http://data.europa.eu/esco/isco/C7212``).

    Example:
        >>> names = OccupationNames({("ka", ISCO_URI_PREFIX + "7212"): "შემდუღებელი"})
        >>> names.name("welder", "ka", uri="unknown", isco="7212")
        'შემდუღებელი'
    """

    names: Mapping[tuple[str, str], str]

    @classmethod
    def from_lexicons(
        cls, paths: Iterable[Path], languages: Iterable[str] = NAMED_LANGUAGES
    ) -> OccupationNames:
        """The look-up from lexicon files (``concept_uri, isco_group, lang, label, form``).

        Raises:
            DataFileError: A file is missing or malformed.
        """
        wanted = frozenset(languages)
        best: dict[tuple[str, str], tuple[int, str]] = {}
        for path in paths:
            coverage = path.name in COVERAGE_LEXICONS
            for _row_no, row in _read_rows(path, LEXICON_COLUMNS):
                language, form = row["lang"].strip(), row["form"].strip()
                if language not in wanted or form not in ("preferred", "alternative"):
                    continue
                label = row["label"].strip()
                uri = row["concept_uri"].strip()
                if not label or not uri:
                    continue
                rank = (
                    _PREFERRED if form == "preferred" else _COVERAGE if coverage else _ALTERNATIVE
                )
                key = (language, uri)
                if key not in best or rank < best[key][0]:  # the first of a rank wins
                    best[key] = (rank, label)
        return cls({key: label for key, (_rank, label) in best.items()})

    def name(
        self, english: str, language: str, *, uri: str | None = None, isco: str | None = None
    ) -> str:
        """The occupation ``english`` (ESCO URI ``uri``, ISCO unit group ``isco``) named
        for a reader of ``language`` (see the module's rule)."""
        if language == "en":
            return english
        if uri:
            found = self.names.get((language, uri))
            if found is not None:
                return found
        if isco:
            found = self.names.get((language, ISCO_URI_PREFIX + isco))
            if found is not None:
                return found
        return english


@lru_cache(maxsize=1)
def occupation_names() -> OccupationNames:
    """The look-up from the package's lexicons, read once per process."""
    return OccupationNames.from_lexicons(lexicon_files())


def occupation_name(
    english: str, language: str, *, uri: str | None = None, isco: str | None = None
) -> str:
    """``welder`` → ``შემდუღებელი`` for a Georgian reader (see the module's rule)."""
    return occupation_names().name(english, language, uri=uri, isco=isco)

"""Skill labels in every language the engine reads: ESCO's and the project's lexicon."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from matching.errors import DataFileError
from matching.occupations.taxonomy import (
    SKILL_URI_PREFIX,
    Label,
    LabelKind,
    Taxonomy,
    _read_rows,
    _require,
)

PACKAGE_DATA = Path(__file__).parent / "data"
SKILL_LEXICON_COLUMNS = ("skill_uri", "lang", "label")
SKILL_LEXICON_LANGUAGES = frozenset({"ka", "ka-Latn", "ru", "he", "uk", "en", "pl", "de", "fr"})

# A person's skills cell lists several: split on these, never on "/" ("MIG/MAG").
_SEPARATORS = re.compile(r"[;,\n•·|]+|\s+-\s+")
_NON_WORD = re.compile(r"[^\w+]+")


def normalize_skill_text(text: str) -> str:
    """Lower case, NFKC, ``ё`` as ``е``, punctuation as spaces: the key labels are compared by.

    Example:
        >>> normalize_skill_text("  Spawanie MIG/MAG ")
        'spawanie mig mag'
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(_NON_WORD.sub(" ", text).split())


def split_skill_text(text: str) -> list[str]:
    """The skills one cell or one free-text item names, in order.

    Example:
        >>> split_skill_text("сварка; чтение чертежей, MIG/MAG")
        ['сварка', 'чтение чертежей', 'MIG/MAG']
    """
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def skill_lexicon_files(directory: Path = PACKAGE_DATA) -> list[Path]:
    """The project's skill lexicons (``skill_lexicon*.csv``) shipped with the package."""
    return sorted(directory.glob("skill_lexicon*.csv"))


def read_skill_lexicon(path: Path, skills: Mapping[str, object]) -> list[Label]:
    """Labels from a skill lexicon file (``skill_uri,lang,label``).

    ``skill_uri`` is the tail of an ESCO skill URI. Rows naming a skill the loaded
    taxonomy lacks are skipped (the built-in catalogue holds a subset of ESCO); an
    unknown language is an error.
    """
    labels: list[Label] = []
    for row_no, row in _read_rows(path, SKILL_LEXICON_COLUMNS):
        tail = _require(path, row_no, row, "skill_uri")
        uri = tail if tail.startswith(SKILL_URI_PREFIX) else SKILL_URI_PREFIX + tail
        lang = _require(path, row_no, row, "lang")
        if lang not in SKILL_LEXICON_LANGUAGES:
            raise DataFileError(path, f"unknown language {lang!r}", row=row_no, field="lang")
        text = _require(path, row_no, row, "label")
        if uri in skills:
            labels.append(Label(uri, text, lang, LabelKind.LEXICON))
    return labels


def skill_labels(taxonomy: Taxonomy, lexicons: Iterable[Path] | None = None) -> list[Label]:
    """Every label of the taxonomy's skills: ESCO's (preferred, alternative, hidden) and the
    lexicons' (Georgian, Russian, Polish, German, Hebrew, English).

    A taxonomy built without skill labels contributes its skills' preferred labels.
    """
    labels = list(taxonomy.skill_labels) or [
        Label(s.uri, s.preferred_label, "en", LabelKind.PREFERRED) for s in taxonomy.skills.values()
    ]
    for path in skill_lexicon_files() if lexicons is None else lexicons:
        labels.extend(read_skill_lexicon(Path(path), taxonomy.skills))
    return labels

"""What the title normaliser returns, and the pieces of a title it reads before scoring.

:class:`TitleMatch` is one ranked occupation, :class:`NormalizedTitle` a title's ranking.
The helpers turn a cleaned title into the keys it is looked up by (:func:`query_keys`),
its word stems (:func:`word_stems`), and the ISCO groups a driving licence category in it
implies (:func:`implied_groups`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from matching.occupations.taxonomy import ISCO_URI_PREFIX, Label
from matching.occupations.text import (
    extract_requirements,
    fold,
    loose_latin_key,
    restore_georgian_compound,
    script_of,
)

SCRIPT_LANGUAGE = {"Geor": "ka", "Cyrl": "ru", "Hebr": "he", "Latn": "und", "Zyyy": "und"}


def word_stems(key: str, length: int = 6) -> list[str]:
    """Word tokens of a folded key, cut to ``length`` characters: a crude stemmer that
    treats Polish, Russian or Georgian inflections of one word alike."""
    return [w[:length] for w in key.split() if len(w) > 1 or w.isdigit()]


HEADLESS_WEIGHT = 0.85


def georgian_head(key: str) -> str | None:
    """The stem of a multi-word Georgian title's last word (its head noun), else ``None``."""
    words = word_stems(key)
    if len(words) < 2 or script_of(key) != "Geor":
        return None
    return words[-1]


# A driving title that names a licence category names the vehicle, and so the ISCO group:
# C/C1 (with E: and trailer) are heavy goods vehicles, D/D1 buses, B cars and vans.
LICENCE_GROUPS = {"CE": "8332", "C": "8332", "C1E": "8332", "C1": "8332",
                  "DE": "8331", "D": "8331", "D1": "8331", "B": "8322"}  # fmt: skip


def implied_groups(title: str) -> set[str]:
    """ISCO unit groups implied by requirements written into a title (licence categories)."""
    driving = extract_requirements(title)["driving"]
    heaviest = [c for c in ("CE", "C", "C1E", "C1", "DE", "D", "D1", "B") if c in driving]
    return {LICENCE_GROUPS[heaviest[0]]} if heaviest else set()


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """One ranked occupation for a title.

    Attributes:
        uri: ESCO occupation URI; an ISCO group URI only for a residual unit group
            ("not elsewhere classified") or one without ESCO occupations (a title
            matching another group's own label gets the group's best-matching or
            representative occupation, see ``TitleNormalizer.representative``).
        isco_group: ISCO-08 unit group (4 digits).
        preferred_label: English preferred label of the concept.
        matched_label: The label (in its own language) that the title matched best.
        language: Language of ``matched_label`` (``ka-Latn`` for Latin-typed Georgian).
        score: 0..1; 1 is an exact label match.
        needs_review: A person should confirm this (low score or a close runner-up
            in another ISCO group).
    """

    uri: str
    isco_group: str
    preferred_label: str
    matched_label: str
    language: str
    score: float
    needs_review: bool

    @property
    def is_isco_group(self) -> bool:
        return self.uri.startswith(ISCO_URI_PREFIX)


@dataclass(frozen=True, slots=True)
class NormalizedTitle(Sequence[TitleMatch]):
    """A title's ranked occupations (iterable and indexable like a list of matches)."""

    query: str
    cleaned: str
    language: str
    matches: tuple[TitleMatch, ...] = field(default_factory=tuple)

    @property
    def top(self) -> TitleMatch | None:
        return self.matches[0] if self.matches else None

    @property
    def needs_review(self) -> bool:
        return self.top is None or self.top.needs_review

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, index):  # type: ignore[override]
        return self.matches[index]

    def __iter__(self) -> Iterator[TitleMatch]:
        return iter(self.matches)


def latin_georgian(label: Label) -> bool:
    return label.language in ("ka", "ka-Latn")


def residual(isco_code: str) -> bool:
    """ISCO-08's residual unit groups ("... not elsewhere classified") end in 9."""
    return len(isco_code) == 4 and isco_code.endswith("9")


def query_keys(text: str) -> list[str]:
    """The keys a cleaned title is looked up by: its fold, plus the loose key of Latin
    text (Latin-typed Georgian) or the nominative-restored fold of a Georgian compound."""
    keys = [fold(text)]
    script = script_of(text)
    if script == "Latn":
        loose = loose_latin_key(text)
        if loose and loose != keys[0]:
            keys.append(loose)
    elif script == "Geor":
        restored = fold(restore_georgian_compound(text))
        if restored != keys[0]:
            keys.append(restored)
    return [k for k in keys if k]

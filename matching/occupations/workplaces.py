"""Titles that name a workplace, not a trade: ``საცხობის მუშა`` (a bakery's worker).

Georgian clerks and employers often write where a person works and a generic worker noun
(``მუშა`` worker, ``თანამშრომელი`` employee, ``მომუშავე`` one who works, ``ხელოსანი``
craftsman, ``ოსტატი`` master, ``ოპერატორი``, ``დამხმარე`` helper; Russian ``рабочий``,
``работник``, ``сотрудник``, ``оператор``): ``ავტოსახელოსნოს ხელოსანი`` is a motor
vehicle mechanic, ``სათბურში მომუშავე`` a greenhouse worker, ``работник склада`` a
warehouse worker. Scored word by word, the generic noun wins the title for whatever
label shares it (``დაცვის თანამშრომელი``, a security guard).

:func:`workplace_trade` reads such a title: every word must be a generic worker noun, a
filler (``ქალი`` woman, ``სეზონური`` seasonal, ``на``), or part of a workplace in
``data/workplaces_ka_ru.csv`` (each with the ESCO occupation practised there, written
from general knowledge of Georgian and Russian workplaces), words compared on their
stems (:mod:`matching.occupations.stems`: ``ფერმის``, ``ფერმაში``, ``fermashi``,
``на ферму`` are the farm). A workplace that names no trade (``ფაბრიკა`` factory,
``цех`` shop floor) may stand beside one that does (``სამკერვალო ფაბრიკის მუშა``); the
first trade-naming workplace is the one read (the modifier: ``მეცხოველეობის ფერმა`` is
a livestock farm). Any other word (``დაცვის``, ``კომპიუტერის``), or no trade-naming
workplace, and the title is left to the labels.

:func:`promote` then ranks the trade first, unless the title is itself a label or
nearly (an agency's or the lexicon's name for it wins).

Example:
    >>> workplace_trade("საცხობში მომუშავე ქალი").isco_group
    '7512'
    >>> workplace_trade("рабочий на ферму").occupation
    'crop production worker'
    >>> workplace_trade("დაცვის თანამშრომელი") is None
    True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from matching.occupations.stems import title_stems, word_stem
from matching.occupations.taxonomy import ISCO_URI_PREFIX
from matching.occupations.text import fold, loose_latin_key, script_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matching.occupations.normalizer import TitleNormalizer

DATA = Path(__file__).parent / "data" / "workplaces_ka_ru.csv"

# Generic worker nouns: with a workplace they name the trade practised there. Russian
# "мастер" is left out: beside a workplace it is the foreman (мастер цеха).
_GEORGIAN_WORKERS = (
    "მუშა მუშები მუშახელი მუშაკი თანამშრომელი თანამშრომლები მომუშავე ხელოსანი ოსტატი"
    " პერსონალი ოპერატორი დამხმარე მუშაობა სამუშაო"
    " musha mushaki tanamshromeli momushave xelosani khelosani ostati operatori"
).split()
WORKER_NOUNS = frozenset(
    word_stem(w)
    for w in _GEORGIAN_WORKERS
    + "рабочий рабочая рабочие разнорабочий работник работница работники сотрудник"
    " сотрудница персонал оператор помощник подсобный".split()
)
# A Latin-typed title is read only with the Georgian worker noun whole ("operatori", not
# the English or Polish "operator" that stems alike).
LATIN_WORKERS = frozenset(loose_latin_key(w) for w in _GEORGIAN_WORKERS)
# Words that say nothing of the trade: gender, the season, "unskilled", prepositions.
FILLERS = frozenset(
    word_stem(w)
    for w in (
        "ქალი კაცი გოგო ბიჭი ქალბატონი სეზონური შავი qali gogo bichi sezonuri"
        " на в во для по сезонный женщина"
    ).split()
)
WORKPLACE_SCORE = 0.96  # a trade read from the workplace: above any label not the title's
NEAR_SURE = 0.95  # a label scoring this (the title's words reordered) names the title


@dataclass(frozen=True, slots=True)
class Workplace:
    """A workplace of the table: its stems, and the occupation practised there (empty
    for a workplace that names no trade)."""

    stems: tuple[str, ...]
    text: str
    concept_uri: str
    isco_group: str
    occupation: str


@cache
def load_workplaces(path: Path = DATA) -> dict[str, list[Workplace]]:
    """The table, indexed by each workplace's first stem (longest workplaces first)."""
    index: dict[str, list[Workplace]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            text = (row.get("workplace") or "").strip()
            stems = tuple(title_stems(text))
            if not stems:
                raise ValueError(f"{path.name}, row {row_no}: column 'workplace' is empty")
            uri, isco = (row.get("concept_uri") or "").strip(), (row.get("isco_group") or "")
            if bool(uri) != bool(isco.strip()):
                raise ValueError(
                    f"{path.name}, row {row_no}: "
                    "give both 'concept_uri' and 'isco_group', or neither"
                )
            entry = Workplace(stems, text, uri, isco.strip(), (row.get("occupation") or "").strip())
            index.setdefault(stems[0], []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda w: -len(w.stems))
    return index


def workplace_trade(title: str, path: Path = DATA) -> Workplace | None:
    """The trade-naming workplace a generic worker title names, or ``None`` (see the
    module: every word must be a worker noun, a filler or a workplace's)."""
    stems = title_stems(title)
    if not any(s in WORKER_NOUNS for s in stems):
        return None
    if script_of(title) == "Latn" and not any(
        loose_latin_key(w) in LATIN_WORKERS for w in fold(title).split()
    ):
        return None
    rest = [s for s in stems if s not in WORKER_NOUNS and s not in FILLERS]
    index = load_workplaces(path)
    trade: Workplace | None = None
    i = 0
    while i < len(rest):
        match = next(
            (w for w in index.get(rest[i], []) if tuple(rest[i : i + len(w.stems)]) == w.stems),
            None,
        )
        if match is None:
            return None
        if trade is None and match.concept_uri:
            trade = match
        i += len(match.stems)
    return trade


def promote(scores: dict[int, tuple[float, int]], concept: int, title_is_label: bool) -> None:
    """Rank ``concept`` (the workplace's occupation) first in a title's ``scores``
    (concept -> (score, label id)), at :data:`WORKPLACE_SCORE`, keeping any label it
    matched by; nothing changes when the title is a label (``title_is_label``) or a
    label scores :data:`NEAR_SURE`."""
    if title_is_label or max((s for s, _ in scores.values()), default=0.0) >= NEAR_SURE:
        return
    score, label = scores.get(concept, (0.0, -1))
    scores[concept] = (max(score, WORKPLACE_SCORE), label)


def read_workplaces(
    normalizer: TitleNormalizer,
    cleaned: Sequence[str],
    variants: Sequence[Sequence[str]],
    scores_by_title: list[dict[int, tuple[float, int]]],
) -> None:
    """For each cleaned title naming a workplace and a generic worker noun, rank the
    trade practised there first in its scores (the normaliser's concept ids; a
    taxonomy without the occupation gets its unit group). ``variants`` are the keys
    each title was looked up by, to tell a title that is a label."""
    concept_ids = normalizer._concept_ids
    for i, text in enumerate(cleaned):
        if (place := workplace_trade(text)) is None:
            continue
        cid = concept_ids.get(place.concept_uri)
        if cid is None:
            cid = concept_ids.get(ISCO_URI_PREFIX + place.isco_group)
        if cid is not None:
            scores = scores_by_title[i]
            own = any(normalizer._is_title_key(lid, variants[i]) for _, lid in scores.values())
            promote(scores, cid, own)

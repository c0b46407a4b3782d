"""Georgian regions, municipalities and towns as registry clerks type them.

The gazetteer (``data/georgia_places.csv``) holds the 12 first-level units of
:class:`~matching.records.GeorgianRegion`, every municipality (the 64 under the central
government, self-governing cities included, and the de jure ones of Abkhazia and the
Tskhinvali region), Tbilisi's districts and the larger towns that are not a municipality's
namesake. Each place has a Georgian, a Latin (national romanisation) and a Russian name,
plus ``|``-separated variants (older names, other romanisations).

A cell resolves when its words name places of one region: ``ქ. ქუთაისი`` (Kutaisi),
``თელავიდან``, ``ზესტაფონის მუნიციპალიტეტი``, ``г. Зестафони``, ``kutaisshi``,
``Imereti, Tkibuli``. Words such as city, municipality, village, region (in Georgian,
Russian, English and Latin-typed Georgian) are dropped; comma-separated parts that name
no place (a village, a street) are ignored; parts naming places in two regions resolve to
nothing. A region's own name resolves to the region with no municipality, except that
``Tbilisi`` is both and resolves to the city.

Example:
    >>> place = resolve_place("ზესტაფონის მუნიციპალიტეტი")
    >>> place.region.value, place.municipality
    ('Imereti', 'zestafoni')
    >>> resolve_place("Имеретия")
    Place(region=<GeorgianRegion.IMERETI: 'Imereti'>, municipality=None, place_id='region-imereti', kind=<PlaceKind.REGION: 'region'>)
"""  # noqa: E501

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from matching.intake._forms import keys, name_forms, query_keys, russian_adjective_forms
from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold
from matching.records import GeorgianRegion

DEFAULT_PATH = Path(__file__).parent / "data" / "georgia_places.csv"


class PlaceKind(StrEnum):
    REGION = "region"  # mkhare, Tbilisi, the autonomous republics
    CITY = "city"  # a self-governing city: a municipality of its own
    MUNICIPALITY = "municipality"
    TOWN = "town"  # a town or daba inside a municipality, not its namesake
    DISTRICT = "district"  # a district of Tbilisi


# Most specific first: when one word names both a region and a place in it, the place wins.
_SPECIFICITY = {
    PlaceKind.DISTRICT: 0,
    PlaceKind.TOWN: 1,
    PlaceKind.CITY: 2,
    PlaceKind.MUNICIPALITY: 2,
    PlaceKind.REGION: 3,
}


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One row of the gazetteer."""

    place_id: str
    kind: PlaceKind
    region: GeorgianRegion
    municipality_id: str | None
    name_ka: str
    name_latn: str
    name_ru: str
    alt_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_ka, self.name_latn, self.name_ru, *self.alt_names)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a cell says a person lives: a region and, when named, a municipality.

    ``place_id`` and ``kind`` say what the cell named (a town, a district, the
    municipality, the region itself).
    """

    region: GeorgianRegion
    municipality: str | None
    place_id: str
    kind: PlaceKind


def read_places(path: str | Path = DEFAULT_PATH) -> list[PlaceEntry]:
    """The gazetteer's rows, typed.

    Raises:
        ValueError: a row with an unknown kind or region.
    """
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return [
            PlaceEntry(
                place_id=row["place_id"],
                kind=PlaceKind(row["kind"]),
                region=GeorgianRegion(row["region"]),
                municipality_id=row["municipality_id"] or None,
                name_ka=row["name_ka"],
                name_latn=row["name_latn"],
                name_ru=row["name_ru"],
                alt_names=tuple(n.strip() for n in row["alt_names"].split("|") if n.strip()),
            )
            for row in csv.DictReader(handle)
        ]


# Words around a place name that say what kind of place it is; dropped before lookup.
_GENERIC_WORDS = frozenset(fold(w) for w in """
    ქ ქალაქი ქალაქ ქალაქის ქალაქში მუნიციპალიტეტი მუნიციპალიტეტის მუნიციპალიტეტში მუნ მ ტი
    რაიონი რაიონის რაიონში რ ნი რნ დაბა დაბის სოფელი სოფ სოფლის მხარე მხარის მხარეში
    რეგიონი რეგიონის რეგიონში ავტონომიური რესპუბლიკა რესპუბლიკის ა რ თვითმმართველი
    г гор город города городе в во из р н рн район района районе муниципалитет
    муниципалитета муниципалитете пос пгт поселок село с обл область край регион
    city town of the municipality municipaliteti municipalitet mun district raioni rayon
    region village vil in from qalaqi q k mkhare
""".split())  # fmt: skip
_PARTS = re.compile(r"[,;/\n()]+")


def _clean_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in _GENERIC_WORDS]


class Gazetteer:
    """Places looked up by any of their names and case forms.

    Args:
        entries: The gazetteer rows (:func:`read_places`).

    Example:
        >>> gazetteer = Gazetteer.load()
        >>> gazetteer.resolve("თელავიდან").municipality
        'telavi'
        >>> [p and p.municipality for p in gazetteer.batch_resolve(["г. Гори", "Mars"])]
        ['gori', None]
    """

    def __init__(self, entries: Sequence[PlaceEntry]):
        self.entries = entries

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> Gazetteer:
        """Read the gazetteer file and build its index."""
        return cls(read_places(path)).fit()

    def fit(self) -> Gazetteer:
        """Index every name's forms; a key naming places of two regions is left out."""
        self.by_id_: dict[str, PlaceEntry] = {e.place_id: e for e in self.entries}
        self.region_ids_ = {
            e.region: e.place_id for e in self.entries if e.kind is PlaceKind.REGION
        }
        candidates: dict[tuple[str, str], set[str]] = {}
        for entry in self.entries:
            for name in entry.names:
                words = _clean_words(name)
                if not words:
                    continue
                base = " ".join(words)
                forms = name_forms(base, latin_georgian=True)
                if entry.kind is not PlaceKind.REGION:
                    forms |= russian_adjective_forms(base)
                for form in forms:
                    for key in keys(form):
                        candidates.setdefault(key, set()).add(entry.place_id)
        self.index_: dict[tuple[str, str], str] = {}
        for key, place_ids in candidates.items():
            best = self._most_specific(place_ids)
            if best is not None:
                self.index_[key] = best
        return self

    def _most_specific(self, place_ids: Iterable[str]) -> str | None:
        """The smallest place holding all of ``place_ids``: the most specific one when the
        others contain it, else their common municipality, else their region; ``None``
        when they lie in two regions."""
        entries = sorted(
            (self.by_id_[i] for i in set(place_ids)),
            key=lambda e: (_SPECIFICITY[e.kind], e.place_id),
        )
        regions = {e.region for e in entries}
        if len(regions) != 1:
            return None
        first = entries[0]
        if all(self._contains(e, first) for e in entries[1:]):
            return first.place_id
        municipalities = {e.municipality_id for e in entries}
        if len(municipalities) == 1 and None not in municipalities:
            return municipalities.pop()
        return self.region_ids_[regions.pop()]

    @staticmethod
    def _contains(outer: PlaceEntry, inner: PlaceEntry) -> bool:
        if outer.place_id == inner.place_id or outer.kind is PlaceKind.REGION:
            return outer.region is inner.region
        return (
            outer.kind in (PlaceKind.CITY, PlaceKind.MUNICIPALITY)
            and inner.municipality_id == outer.place_id
        )

    def _lookup(self, text: str) -> str | None:
        for key in query_keys(text):
            found = self.index_.get(key)
            if found is not None:
                return found
        return None

    def _part_places(self, part: str) -> list[str]:
        words = _clean_words(part)
        if not words:
            return []
        whole = self._lookup(" ".join(words))
        if whole is not None:
            return [whole]
        found: list[str] = []
        used: set[int] = set()
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                if span & used:
                    continue
                hit = self._lookup(" ".join(words[start : start + size]))
                if hit is not None:
                    found.append(hit)
                    used |= span
        return found

    def place_ids(self, text: str) -> list[str]:
        """Every place a cell names, in the order found."""
        found: list[str] = []
        for part in _PARTS.split(text):
            found += self._part_places(part)
        return list(dict.fromkeys(found))

    def resolve(self, text: str) -> Place | None:
        """The place a cell names, or ``None`` when it names none or places in two regions."""
        return self.batch_resolve([text])[0]

    def batch_resolve(self, texts: Sequence[str]) -> list[Place | None]:
        """:meth:`resolve` for many cells."""
        return [self._resolve_one(text) for text in texts]

    def _resolve_one(self, text: str) -> Place | None:
        found = self.place_ids(text)
        if not found:
            return None
        best = self._most_specific(found)
        if best is None:
            return None
        entry = self.by_id_[best]
        return Place(entry.region, entry.municipality_id, entry.place_id, entry.kind)

    def parse(self, value: object, field: str = "region") -> Place:
        """Like :meth:`resolve`, but a cell naming no place, or two regions, is an error.

        Raises:
            CellError: ``unknown_place``, ``conflicting_places`` or a bad character.
        """
        text = cell_text(value, field)
        if not text:
            raise CellError(field, value, Reason.EMPTY)
        place = self.resolve(text)
        if place is not None:
            return place
        found = self.place_ids(text)
        regions = sorted({self.by_id_[i].region.value for i in found})
        if len(regions) > 1:
            raise CellError(field, value, Reason.CONFLICTING_PLACES, regions=", ".join(regions))
        raise CellError(field, value, Reason.UNKNOWN_PLACE)

    def municipalities(self) -> Mapping[str, PlaceEntry]:
        """Municipality id -> its row (self-governing cities included)."""
        return {
            e.place_id: e
            for e in self.entries
            if e.kind in (PlaceKind.CITY, PlaceKind.MUNICIPALITY)
        }


@cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once."""
    return Gazetteer.load()


def resolve_place(text: str) -> Place | None:
    """The Georgian place a cell names, or ``None`` (see :meth:`Gazetteer.resolve`)."""
    return default_gazetteer().resolve(text)


def parse_region(value: object, field: str = "region") -> GeorgianRegion:
    """Drop-in for the region cell parser: a region, municipality or town -> its region.

    Raises:
        CellError: the cell names no Georgian place, or places in two regions.
    """
    return default_gazetteer().parse(value, field).region

"""People as records: opaque public ids, and likely duplicates across scripts.

A person's public id is opaque: never made of a personal number or a name, because ids
travel in URLs, logs and batch files. Likely duplicates are pairs of records whose
names, transliterated to one Latin form (Georgian, Russian and Latin spellings alike),
and birth dates agree while their personal numbers do not (or one is missing).
"""

from __future__ import annotations

import base64
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matching.records import JobSeeker
from matching.storage.results import PersonFacts


# ----------------------------------------------------------------------------- ids
def new_job_seeker_id() -> str:
    """A fresh opaque id (``js-`` and 13 random base32 letters and digits).

    Example:
        >>> len(new_job_seeker_id()), new_job_seeker_id().startswith("js-")
        (16, True)
    """
    return "js-" + base64.b32encode(secrets.token_bytes(8)).decode().rstrip("=").lower()


# ----------------------------------------------------------------------------- transliteration
# Georgian (Mkhedruli) by the national romanisation (2002), aspirates folded to plain.
_GEORGIAN = dict(
    zip(
        "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
        "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h".split(),
        strict=True,
    )
)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia".split(),
        strict=True,
    )
)


@lru_cache(maxsize=131_072)  # the store and the duplicate check read each name
def name_key(name: str) -> str:
    """A name folded to one Latin spelling: scripts, case, accents and order aside.

    Example:
        >>> name_key("გიორგი ბერიძე") == name_key("Георгий Беридзе") == name_key("Beridze Giorgi")
        True
    """
    words = []
    for word in unicodedata.normalize("NFKD", name.casefold()).split():
        latin = []
        for char in word:
            if char in _GEORGIAN:
                latin.append(_GEORGIAN[char])
            elif char in _CYRILLIC:
                latin.append(_CYRILLIC[char].strip("_"))
            elif char.isalpha() and char.isascii():
                latin.append(char)
        words.append(_simplify("".join(latin)))
    return " ".join(sorted(w for w in words if w))


def _simplify(word: str) -> str:
    """Spelling variants one name takes across scripts, folded together."""
    for old, new in (
        ("kh", "h"), ("gh", "g"), ("ts", "c"), ("dz", "z"), ("sh", "s"), ("ch", "c"),
        ("zh", "z"), ("iy", "i"), ("ii", "i"), ("y", "i"), ("j", "i"), ("q", "k"), ("w", "v"),
    ):  # fmt: skip
        word = word.replace(old, new)
    # Russian renderings of Georgian names: Георгий ~ Giorgi, -ий/-и endings, Гиорги.
    if word.startswith("geor"):
        word = "gior" + word[4:]
    word = word.rstrip("i") or word
    return word[:-1] + "t" if word.endswith("d") else word  # Davit / Давид


# ----------------------------------------------------------------------------- duplicates
@dataclass(frozen=True, slots=True)
class LikelyDuplicate:
    """Two records that are likely one person: same name (across scripts) and birth date."""

    first_id: str
    second_id: str
    name_key: str
    birth_date: date

    def __str__(self) -> str:
        return (
            f"{self.first_id} and {self.second_id}: same name ({self.name_key}) "
            f"and birth date {self.birth_date.isoformat()}"
        )


def likely_duplicates(people: Iterable[JobSeeker | PersonFacts]) -> list[LikelyDuplicate]:
    """Pairs of records with the same folded name and birth date, each pair once.

    Records sharing a personal number cannot both be stored; records with two different
    personal numbers are different people and are not listed.
    """
    groups: dict[tuple[str, date], list[tuple[str, str | None]]] = defaultdict(list)
    for person in people:
        if person.birth_date is not None:
            key = (name_key(person.full_name), person.birth_date)
            groups[key].append((person.external_id, person.personal_number))
    found: list[LikelyDuplicate] = []
    for (key, born), members in groups.items():
        for i, (first, first_number) in enumerate(members):
            for second, second_number in members[i + 1 :]:
                if first_number and second_number and first_number != second_number:
                    continue
                found.append(LikelyDuplicate(first, second, key, born))
    return sorted(found, key=lambda d: (d.first_id, d.second_id))

"""Titles read with evidence: compound titles split per trade, generic titles refined.

A clerk writes what the person says: ``მალიარ-შტუკატური`` (painter-plasterer) is two
trades, ``მძღოლი`` (driver) is none in particular. Both are settled here, when titles are
coded on import (:mod:`matching.occupations.coding`), so that the stored record says which
trade each experience item is and a coordinator sees and can correct it:

* :func:`split_compound` — a title joining trades with a hyphen or a conjunction
  (``слесарь-сантехник``, ``Maler und Lackierer``) becomes one experience item per trade,
  each with the years given.
* :func:`generic_kind` — a title made only of a generic head word (driver, builder,
  worker, master, operator; in Georgian, Latin-typed Georgian, Russian, Polish, German,
  English and Hebrew) and licence tokens says no trade by itself.
* :func:`trade_from_evidence` — such a title is refined by the person's licences,
  certificates and other jobs: C or CE → cargo (heavy truck) driver; D → bus driver;
  B alone → car driver; a forklift certificate → forklift operator; an ISO 9606 welding
  certificate → welder. A title that stays generic is left uncoded and marked
  :data:`TRADE_NOT_SPECIFIED` for review; it is matched to no specific trade.

Example:
    >>> split_compound("მალიარ-შტუკატური")
    ['მალიარი', 'შტუკატური']
    >>> split_compound("malar-shtukaturi")
    ['malari', 'shtukaturi']
    >>> split_compound("Maler und Lackierer")
    ['Maler', 'Lackierer']
    >>> split_compound("Spawacz MIG/MAG")
    []
    >>> generic_kind("მძღოლი"), generic_kind("tiris mdzgholi"), generic_kind("Kierowca C+E")
    ('driver', None, 'driver')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matching.occupations.text import clean_title, fold, restore_georgian_compound
from matching.records import CertificateKind, DrivingCategory, JobSeeker, WorkExperience

OCC = "http://data.europa.eu/esco/occupation/"
CARGO_VEHICLE_DRIVER = OCC + "45037d43-a8f5-4f46-b332-b2935bc305f4"  # ISCO 8332
BUS_DRIVER = OCC + "00cee175-1376-43fb-9f02-ba3d7a910a58"  # ISCO 8331
CAR_AND_VAN_DELIVERY_DRIVER = OCC + "0c408028-c48f-4df8-ba5d-c3d3be15f5a2"  # ISCO 8322
FORKLIFT_OPERATOR = OCC + "eeac6251-1974-42f5-91ed-513c6c883755"  # ISCO 8344
WELDER = OCC + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"  # ISCO 7212

TRADE_NOT_SPECIFIED = "trade not specified"

# Generic head words, folded (see text.fold): a title made only of these (and licence
# tokens) names no trade.
GENERIC_WORDS: dict[str, frozenset[str]] = {
    "driver": frozenset(
        {"მძღოლი", "mdzgholi", "mdzgoli", "mdzholi", "водитель", "шофер", "kierowca"}
        | {"fahrer", "kraftfahrer", "berufskraftfahrer", "driver", "נהג"}
    ),
    "builder": frozenset(
        {"მშენებელი", "mshenebeli", "строитель", "budowlaniec", "bauarbeiter", "builder"} | {"בנאי"}
    ),
    "worker": frozenset(
        {"მუშა", "musha", "მუშახელი", "рабочий", "разнорабочий", "pracownik", "robotnik"}
        | {"arbeiter", "hilfsarbeiter", "helfer", "worker", "labourer", "laborer", "פועל"}
    ),
    "master": frozenset({"ოსტატი", "ostati", "мастер", "mistrz", "meister", "master"}),
    "operator": frozenset({"ოპერატორი", "operatori", "оператор", "operator", "bediener", "מפעיל"}),
}
_GENERIC = {fold(word): kind for kind, words in GENERIC_WORDS.items() for word in words}
# Tokens that qualify a generic title without naming a trade: licence categories and the
# words around them ("kat. C+E", "კატეგორია CE").
_FILLER = frozenset(
    fold(word)
    for word in {"b", "be", "c", "c1", "ce", "c+e", "d", "d1", "de", "d+e", "95", "kod", "code"}
    | {"kat", "kategorii", "kategoria", "категории", "категория", "კატეგორია", "კატეგორიის"}
    | {"m", "w", "general", "ogólnobudowlany", "общий"}
)

_JOINERS = re.compile(r"\s*[-–—]\s*|\s+(?:und|and|и|და|i|oraz)\s+", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{3,}")
# Latin-typed Georgian compounds drop the first member's nominative -i like Mkhedruli ones:
# lower-case ASCII words joined by hyphens, the last in -i.
_HYPHENED_LATIN_GEORGIAN = re.compile(r"^[a-z]+(?:-[a-z]+)*-[a-z]*i$", re.IGNORECASE)


def split_compound(title: str) -> list[str]:
    """The trades a compound title joins, or ``[]`` when it is one title.

    A hyphen, dash or conjunction (und, and, и, და, i, oraz) between two words of at
    least three letters each splits the title; the first member of a Georgian compound
    gets its nominative ending back (``მალიარ-`` → ``მალიარი``). Slashes are not split
    (``MIG/MAG``, ``Elektroniker/in``).
    """
    cleaned = clean_title(restore_georgian_compound(title))
    parts = [p.strip() for p in _JOINERS.split(cleaned) if p and p.strip()]
    if len(parts) < 2 or not all(_LETTERS.search(p) for p in parts):
        return []
    if _HYPHENED_LATIN_GEORGIAN.match(cleaned):  # "malar-shtukaturi": "malari", too
        parts = [p if p[-1].lower() in "aeiou" else p + "i" for p in parts[:-1]] + parts[-1:]
    return parts


def head_kind(title: str) -> str | None:
    """The one generic head word kind a title contains, whatever else it says."""
    kinds = {_GENERIC[t] for t in fold(clean_title(title)).split() if t in _GENERIC}
    return kinds.pop() if len(kinds) == 1 else None


def generic_kind(title: str) -> str | None:
    """The generic head (``driver``, ``builder``, ``worker``, ``master``, ``operator``) a
    title is made of, or ``None`` when it names something more."""
    tokens = fold(clean_title(title)).split()
    if not all(t in _GENERIC or t in _FILLER for t in tokens):
        return None
    return head_kind(title)


_ISCO = {
    CARGO_VEHICLE_DRIVER: "8332",
    BUS_DRIVER: "8331",
    CAR_AND_VAN_DELIVERY_DRIVER: "8322",
    FORKLIFT_OPERATOR: "8344",
    WELDER: "7212",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """The trade a generic title is read as, and why (``None``: not specified)."""

    esco_uri: str | None
    reason: str

    @property
    def isco_group(self) -> str | None:
        return _ISCO.get(self.esco_uri or "")


_HEAVY = frozenset({DrivingCategory.C, DrivingCategory.C1, DrivingCategory.CE, DrivingCategory.C1E})
_BUS = frozenset({DrivingCategory.D, DrivingCategory.D1, DrivingCategory.DE, DrivingCategory.D1E})


def trade_from_evidence(kind: str, seeker: JobSeeker, others: Sequence[WorkExperience]) -> Evidence:
    """Read a generic title of ``kind`` from the person's licences, certificates and
    other (coded) jobs.

    Args:
        kind: What :func:`generic_kind` returned.
        seeker: The person (licence and certificates are read).
        others: The person's other experience items, already coded.

    Returns:
        The occupation (``esco_uri``) and the evidence, or ``esco_uri=None`` with
        :data:`TRADE_NOT_SPECIFIED` when nothing settles it.
    """
    held = seeker.driving_licence.categories if seeker.driving_licence else frozenset()
    certificates = {c.kind for c in seeker.certificates}
    code95 = bool(seeker.driving_licence and seeker.driving_licence.code95) or (
        CertificateKind.CODE95 in certificates
    )
    if kind == "driver":
        heavy, bus = bool(held & _HEAVY), bool(held & _BUS)
        if heavy and not bus:
            why = "licence " + "+".join(sorted(c.value for c in held & _HEAVY))
            return Evidence(CARGO_VEHICLE_DRIVER, why + (" and Code 95" if code95 else ""))
        if bus and not heavy:
            return Evidence(BUS_DRIVER, "licence " + "+".join(sorted(c.value for c in held & _BUS)))
        if heavy and bus:
            for other in others:  # both licences: the other jobs decide
                if other.esco_uri in (CARGO_VEHICLE_DRIVER, BUS_DRIVER):
                    why = f"licences C and D; also worked as {other.title}"
                    return Evidence(other.esco_uri, why)
            return Evidence(None, f"{TRADE_NOT_SPECIFIED}: holds truck and bus licences")
        if CertificateKind.FORKLIFT in certificates:
            return Evidence(FORKLIFT_OPERATOR, "forklift certificate")
        if DrivingCategory.B in held:
            return Evidence(CAR_AND_VAN_DELIVERY_DRIVER, "licence B only")
        return Evidence(None, f"{TRADE_NOT_SPECIFIED}: a driver without a recorded licence")
    if CertificateKind.WELDING in certificates:
        return Evidence(WELDER, "ISO 9606 welding certificate")
    if CertificateKind.FORKLIFT in certificates and kind in ("operator", "worker"):
        return Evidence(FORKLIFT_OPERATOR, "forklift certificate")
    return Evidence(None, f"{TRADE_NOT_SPECIFIED}: a generic title ({kind})")

"""Certificates as typed: standard numbers, process numbers and validity dates.

``ISO 9606-1 135@2026-03-01``, ``ISO 9606-1 135 до 01.03.2026``, ``PN-EN ISO 9606-1 136
P FW FM1``, ``spawanie TIG``, ``UDT wózki``, ``ADR``, ``Code 95``, ``კოდი 95`` -> records'
:class:`~matching.records.Certificate` (kind, ``code`` = the ISO 4063 process for welding,
``valid_until``). The standard's own numbers (``9606-1``, ``287-1``) are never read as a
process. A cell may list several certificates (``;``, ``,``, newline); a welding
certificate naming several processes (``135/136``) is one certificate per process. A date
in an item is its expiry (the later one when an issue date comes first).

Example:
    >>> [(c.kind.value, c.code, str(c.valid_until)) for c in
    ...  parse_certificates("ISO 9606-1 135 до 01.03.2026; ADR")]
    [('welding', '135', '2026-03-01'), ('adr', None, 'None')]
"""

from __future__ import annotations

import re
from datetime import date

from matching.intake.errors import CellError, Reason, cell_text
from matching.occupations.text import fold
from matching.records import WELDING_PROCESSES, Certificate, CertificateKind

# Words naming each kind, folded; the longest phrase found in an item decides.
_KIND_WORDS: dict[CertificateKind, tuple[str, ...]] = {
    CertificateKind.WELDING: (
        "welding", "welder", "iso 9606", "en 287", "spawanie", "spawacz", "spawalnicze",
        "schweißen", "schweisser", "schweißer", "schweisserpruefung", "schweißerprüfung",
        "შედუღება", "შედუღების", "შემდუღებელი", "сварка", "сварщик", "сварщика", "soudure",
        "soudeur", "keevitus", "mig", "mag", "tig", "mma", "fcaw", "elektroda",
    ),
    CertificateKind.ADR: ("adr", "допог", "adr basic", "adr cysterny", "ადრ"),
    CertificateKind.FORKLIFT: (
        "forklift", "forklift operator", "udt", "udt wózki", "wózek widłowy", "wózki widłowe",
        "wózki jezdniowe", "wózki", "stapler", "staplerschein", "gabelstapler", "погрузчик",
        "водитель погрузчика", "caces", "ავტოდამტვირთველი", "ჩანგლიანი დამტვირთველი",
    ),
    CertificateKind.CODE95: (
        "code 95", "code95", "kod 95", "kod95", "კოდი 95", "код 95", "cpc", "driver cpc",
        "świadectwo kwalifikacji", "kwalifikacja wstępna", "fahrerqualifizierung",
        "berufskraftfahrer", "95",
    ),
    CertificateKind.CRANE: (
        "crane", "crane operator", "dźwig", "suwnica", "suwnice", "udt suwnice", "hds",
        "udt hds", "żuraw", "kran", "kranführer", "кран", "крановщик", "ამწე", "ამწის",
    ),
    CertificateKind.ELECTRICAL: (
        "electrical", "electrician licence", "sep", "sep e", "sep d", "uprawnienia sep",
        "elektryczne", "elektrofachkraft", "электробезопасность", "допуск по электробезопасности",
        "habilitation électrique", "ელექტროუსაფრთხოება",
    ),
    CertificateKind.FIRST_AID: (
        "first aid", "first_aid", "pierwsza pomoc", "erste hilfe", "первая помощь",
        "პირველადი დახმარება", "secourisme",
    ),
    CertificateKind.FOOD_HYGIENE: (
        "food hygiene", "food_hygiene", "haccp", "sanepid", "książeczka sanepidowska",
        "książeczka sanitarna", "gesundheitszeugnis", "санкнижка", "санитарная книжка",
        "სანიტარული წიგნაკი",
    ),
    CertificateKind.CARE: (
        "care", "carer", "caregiver", "opiekun", "opiekunka", "opiekun medyczny",
        "pflegebasiskurs", "pflegehelfer", "сиделка", "მომვლელი", "ძიძა",
    ),
    CertificateKind.OTHER: ("other", "სხვა", "другое", "inne", "sonstige", "autre"),
}  # fmt: skip
_KIND_INDEX = {fold(w): kind for kind, words in _KIND_WORDS.items() for w in words}
_KIND_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in sorted(_KIND_INDEX, key=len, reverse=True))
    + r")(?!\w)"
)
# Welding process names and the ISO 4063 numbers they stand for.
_PROCESS_NAMES = {"mig": "131", "mag": "135", "mig mag": "135", "tig": "141", "mma": "111",
                  "elektroda": "111", "fcaw": "136", "gas": "311"}  # fmt: skip
# Standard numbers, removed before process numbers are looked for.
_STANDARDS = re.compile(
    r"(?i)\b(?:pn[\s-]*)?(?:en[\s-]*)?(?:iso[\s-]*)?(?:9606|287|14732|1418|9013)"
    r"(?:[\s-]*\d)?(?::\d{4})?\b"
)
_DATE = re.compile(
    r"(?<!\d)(?:(\d{4})[-./](\d{1,2})[-./](\d{1,2})|(\d{1,2})[-./](\d{1,2})[-./](\d{4}))(?!\d)"
)
# A process number stands alone: not the 10 of "t10" (thickness) nor the 1 of "FM1".
_PROCESS = re.compile(r"(?<![\w.])(\d{2,3})(?![\w.])")
_ITEMS = re.compile(r"[;\n]+")


def _dates(item: str, field: str, value: object) -> tuple[list[date], str]:
    found: list[date] = []
    for m in _DATE.finditer(item):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (
            m.group(6), m.group(5), m.group(4))  # fmt: skip
        try:
            found.append(date(int(y), int(mo), int(d)))
        except ValueError:
            raise CellError(field, value, Reason.UNKNOWN_DATE) from None
    return found, _DATE.sub(" ", item)


def _kind(folded: str) -> tuple[CertificateKind | None, str]:
    """The kind the longest known phrase names, and the item without it."""
    matches = sorted(_KIND_PATTERN.finditer(folded), key=lambda m: -len(m.group(0)))
    if not matches:
        return None, folded
    best = matches[0]
    kind = _KIND_INDEX[best.group(0)]
    if kind is CertificateKind.FORKLIFT and any(
        _KIND_INDEX[m.group(0)] is CertificateKind.CRANE for m in matches
    ):
        kind = CertificateKind.CRANE  # "UDT suwnice", "UDT HDS": UDT alone means forklift
    return kind, folded


def _processes(text: str, folded: str) -> list[str]:
    numbers = _PROCESS.findall(_STANDARDS.sub(" ", text))
    names = [p for name, p in _PROCESS_NAMES.items() if re.search(rf"(?<!\w){name}(?!\w)", folded)]
    if "mig mag" in folded:
        names = [p for p in names if p not in ("131",)]
    return list(dict.fromkeys([*numbers, *names]))


def parse_certificate_item(item: str, field: str = "certificates", *, value: object = None
                           ) -> list[Certificate]:  # fmt: skip
    """The certificates one item names (several for ``ISO 9606-1 135/136``).

    Raises:
        CellError: ``unknown_certificate``, ``welding_process`` or ``unknown_date``.
    """
    value = item if value is None else value
    _, at, valid_text = item.partition("@")
    if at and not _DATE.fullmatch(valid_text.strip()):  # "forklift@soon": not dropped
        raise CellError(field, value, Reason.UNKNOWN_DATE)
    dates, rest = _dates(item, field, value)
    valid_until = max(dates) if dates else None
    rest = rest.replace("@", " ")
    rest = re.sub(r"(?i)\b(?:до|do|bis|until|valid until|ważny do|gültig bis|jusqu'au|მდე)\b",
                  " ", rest)  # fmt: skip
    folded = fold(rest)
    kind, _ = _kind(folded)
    processes = _processes(rest, folded)
    if kind is None and processes and all(p in WELDING_PROCESSES for p in processes):
        kind = CertificateKind.WELDING  # "135", "141": a process number alone
    if kind is None:
        raise CellError(field, value, Reason.UNKNOWN_CERTIFICATE)
    if kind is not CertificateKind.WELDING:
        return [Certificate(kind=kind, valid_until=valid_until)]
    known = ", ".join(sorted(WELDING_PROCESSES))
    if not processes or any(p not in WELDING_PROCESSES for p in processes):
        raise CellError(field, value, Reason.WELDING_PROCESS, known=known)
    return [Certificate(kind=kind, code=p, valid_until=valid_until) for p in processes]


def parse_certificates(value: object, field: str = "certificates") -> list[Certificate]:
    """Every certificate a cell lists (see the module docstring).

    Items are split on ``;`` and newlines, then on commas unless the comma sits between
    welding process numbers (``ISO 9606-1 135, 141``). An item made only of process
    numbers continues the welding certificate before it.

    Raises:
        CellError: for the first item that cannot be read, naming the whole cell.
    """
    text = cell_text(value, field)
    certificates: list[Certificate] = []
    for item in _ITEMS.split(text):
        parts = [p.strip() for p in re.split(r",(?!\s*\d{2,3}\b(?![.\d]))", item) if p.strip()]
        for part in parts:
            certificates += parse_certificate_item(part, field, value=value)
    return list(dict.fromkeys(certificates))

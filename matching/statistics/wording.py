"""The statistics' requirement and course names as data, worded per reader.

A shortage's requirement (``Polish A2``) and a training plan's course (``Polish A0→A2``)
are :class:`Phrase` cells: each is its English text, so a table's JSON, CSV and XLSX are
what they always were for a caller who names no language, and it keeps a ``kind`` and
``params`` from which :func:`phrase_text` words it in Georgian, English or Russian through
the catalogue (CLDR language names via Babel, as :mod:`matching.rules.wording` does for
reasons).

Example:
    >>> from matching.i18n import translator
    >>> p = Phrase("Polish A2", "language", language="pl", level="A2")
    >>> p, phrase_text(p, translator("ka")), phrase_text(p, translator("ru"))
    ('Polish A2', 'პოლონური A2', 'польский A2')
"""

from __future__ import annotations

from typing import Any

from matching.i18n import N_, Translator
from matching.rules import wording

# Every message a phrase may be worded with (tests/statistics check each catalogue).
PHRASE_MESSAGES: dict[str, str] = {
    "code95_course": N_("Code 95 initial qualification"),
    "driving": N_("driving licence %(categories)s"),
    "renew": N_("renew %(certificate)s"),
}

KINDS = (
    "language",
    "language_course",
    "certificate",
    "renew",
    "code95",
    "code95_course",
    "driving",
    "experience",
    "gate",
)


class Phrase(str):
    """A requirement or course: its English text, with the data to word it again.

    Args:
        text: The English text (what a caller without a language reads).
        kind: One of :data:`KINDS`.
        **params: The values it names (codes, levels, years), never words.
    """

    kind: str
    params: dict[str, Any]

    def __new__(cls, text: str, kind: str, **params: Any) -> Phrase:
        if kind not in KINDS:
            raise ValueError(f"unknown phrase kind {kind!r}")
        self = super().__new__(cls, text)
        self.kind = kind
        self.params = params
        return self

    def __reduce__(self):
        return (_rebuild, (str(self), self.kind, self.params))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "params": dict(self.params)}


def _rebuild(text: str, kind: str, params: dict[str, Any]) -> Phrase:
    return Phrase(text, kind, **params)


def phrase_text(phrase: Any, t: Translator) -> str:
    """``phrase`` in ``t``'s language; any other value as its text."""
    if not isinstance(phrase, Phrase):
        return "" if phrase is None else str(phrase)
    p, kind = phrase.params, phrase.kind
    if kind == "language":
        return f"{wording.language_label(p['language'], t)} {p['level']}"
    if kind == "language_course":
        return f"{wording.language_label(p['language'], t)} {p['start']}→{p['level']}"
    if kind == "certificate":
        return wording.certificate_label(p["certificate"], p.get("code"), t)
    if kind == "renew":
        name = wording.certificate_label(p["certificate"], p.get("code"), t)
        return t.gettext(PHRASE_MESSAGES["renew"]) % {"certificate": name}
    if kind == "code95":
        return wording.gate_name("code95", t)
    if kind == "code95_course":
        return t.gettext(PHRASE_MESSAGES["code95_course"])
    if kind == "driving":
        return t.gettext(PHRASE_MESSAGES["driving"]) % {"categories": p["categories"]}
    if kind == "experience":
        years = float(p["years"])
        n = int(years) if years.is_integer() else 2  # 1.5 years: the plural
        return t.ngettext("%(num)s year of experience", "%(num)s years of experience", n) % {
            "num": wording.number_text(years, t)
        }
    return wording.gate_name(p["gate"], t)  # "gate": a requirement named by its gate

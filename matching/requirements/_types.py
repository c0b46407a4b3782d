"""Typed results of reading requirements from a vacancy's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from matching.records import (
    Cefr,
    Certificate,
    CertificateKind,
    DrivingCategory,
    LanguageSkill,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where in the text an item was read from: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


class Document(StrEnum):
    """A certificate or document an ad asks for, in the fixed order of the CSV column.

    ``matching.records.CertificateKind`` has no driver card and no sanitary book, so this
    enum names what ads ask for and maps onto ``CertificateKind`` where it can
    (:attr:`certificate_kind`). ``CODE95`` has a column of its own and is never written
    into the ``certificates`` column.
    """

    WELDING = "welding"
    FORKLIFT = "forklift"
    ADR = "adr"
    DRIVER_CARD = "driver_card"  # digital tachograph card (karta kierowcy, Fahrerkarte)
    ELECTRICAL = "electrical"  # SEP (PL), Elektrofachkraft (DE), допуск по электробезопасности
    SANITARY = "sanitary"  # sanitary book / Gesundheitszeugnis, a food-handling health record
    CODE95 = "code95"  # driver CPC

    @property
    def certificate_kind(self) -> CertificateKind | None:
        """The ``matching.records`` kind this document is held as, or ``None`` (driver card)."""
        return _KIND.get(self)


_KIND: dict[Document, CertificateKind] = {
    Document.WELDING: CertificateKind.WELDING,
    Document.FORKLIFT: CertificateKind.FORKLIFT,
    Document.ADR: CertificateKind.ADR,
    Document.ELECTRICAL: CertificateKind.ELECTRICAL,
    Document.SANITARY: CertificateKind.FOOD_HYGIENE,
    Document.CODE95: CertificateKind.CODE95,
}


@dataclass(frozen=True, slots=True)
class DrivingRequirement:
    """A driving licence category the ad asks for."""

    category: DrivingCategory
    required: bool
    spans: tuple[Span, ...] = ()

    @property
    def token(self) -> str:
        return self.category.value


@dataclass(frozen=True, slots=True)
class CertificateRequirement:
    """A certificate or document the ad asks for.

    Attributes:
        kind: what is asked for.
        processes: ISO 4063 process numbers for welding (``("135", "141")``), else empty.
        standards: qualification standards named beside it (``"ISO 9606-1"``, ``"EN 287"``).
        required: ``False`` when the ad only prefers it (``mile widziane``, ``wünschenswert``).
        spans: where it was read from.
    """

    kind: Document
    processes: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    required: bool = True
    spans: tuple[Span, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        """Column tokens: ``welding:135``, one per process, or the bare kind."""
        if self.kind is Document.WELDING and self.processes:
            return tuple(f"welding:{p}" for p in self.processes)
        return (self.kind.value,)

    def to_certificates(self) -> list[Certificate]:
        """As ``matching.records.Certificate`` values; empty when records cannot hold it.

        A welding requirement without a process number and a driver card have no
        ``Certificate`` form (records require a process for welding).
        """
        kind = self.kind.certificate_kind
        if kind is None:
            return []
        if self.kind is Document.WELDING:
            return [Certificate(kind=kind, code=p) for p in self.processes]
        return [Certificate(kind=kind)]


@dataclass(frozen=True, slots=True)
class LanguageRequirement:
    """A language the ad asks for, with the CEFR level if one was stated.

    Attributes:
        language: ISO 639-1 code.
        level: the CEFR level, or ``None`` when the ad names the language only.
        required: ``False`` when the ad only prefers it.
        from_word: the level was read from a word ("komunikatywny", "fließend") through
            the documented table in ``_patterns.LEVEL_WORDS``, not from an explicit A1..C2.
        spans: where it was read from.
    """

    language: str
    level: Cefr | None
    required: bool
    from_word: bool = False
    spans: tuple[Span, ...] = ()

    @property
    def needs_review(self) -> bool:
        """A person should confirm a level read from a word before it gates anyone."""
        return self.from_word

    @property
    def token(self) -> str:
        return self.language if self.level is None else f"{self.language}:{self.level.name}"

    def to_skill(self) -> LanguageSkill:
        """As a ``LanguageSkill``; a language named without a level counts as A1."""
        return LanguageSkill(language=self.language, level=self.level or Cefr.A1)


@dataclass(frozen=True, slots=True)
class ExperienceRequirement:
    """A minimum length of experience, in years (six months is 0.5)."""

    years: float
    required: bool
    spans: tuple[Span, ...] = ()

    @property
    def token(self) -> str:
        return f"experience:{format_years(self.years)}"


@dataclass(frozen=True, slots=True)
class AgeLimit:
    """An age limit; either bound may be open."""

    minimum: int | None
    maximum: int | None
    spans: tuple[Span, ...] = ()


Requirement = (
    DrivingRequirement
    | CertificateRequirement
    | LanguageRequirement
    | ExperienceRequirement
    | AgeLimit
)


@dataclass(frozen=True, slots=True)
class TextRequirements:
    """What one text asks of a candidate.

    The top-level fields hold the REQUIRED items only; items the text merely prefers are
    in :attr:`preferred`; :attr:`items` keeps every item as read, in text order, with its
    spans, so that a user interface can show where each one came from.

    Example:
        >>> from matching.requirements import extract_requirements
        >>> req = extract_requirements("Prawo jazdy kat. C+E, kod 95, mile widziane ADR")
        >>> [c.value for c in req.driving], req.code95
        (['CE'], True)
        >>> [p.tokens for p in req.preferred]
        [('adr',)]
    """

    driving: tuple[DrivingCategory, ...] = ()
    code95: bool = False
    certificates: tuple[CertificateRequirement, ...] = ()
    languages: tuple[LanguageRequirement, ...] = ()
    min_experience_years: float | None = None
    age_min: int | None = None
    age_max: int | None = None
    preferred: tuple[
        DrivingRequirement | CertificateRequirement | LanguageRequirement | ExperienceRequirement,
        ...,
    ] = ()
    items: tuple[Requirement, ...] = field(default=(), repr=False)

    @property
    def evidence(self) -> tuple[Span, ...]:
        """Every span any item was read from, in text order."""
        return tuple(sorted({s for item in self.items for s in item.spans}, key=_span_key))

    @property
    def needs_review(self) -> bool:
        """Whether any language level was read from a word rather than stated as A1..C2."""
        return any(lang.needs_review for lang in self.languages)

    def vacancy_fields(self) -> dict[str, object]:
        """The required items as keyword arguments of ``matching.records.Vacancy``.

        Returns:
            ``required_driving``, ``requires_code95``, ``required_certificates``,
            ``required_languages`` and ``min_experience_years`` (0 when absent).
        """
        certificates = [c for req in self.certificates for c in req.to_certificates()]
        return {
            "required_driving": list(self.driving),
            "requires_code95": self.code95,
            "required_certificates": certificates,
            "required_languages": [lang.to_skill() for lang in self.languages],
            "min_experience_years": self.min_experience_years or 0.0,
        }


def format_years(years: float) -> str:
    """``2.0`` → ``"2"``, ``0.5`` → ``"0.5"``."""
    return f"{years:g}"


def _span_key(span: Span) -> tuple[int, int]:
    return (span.start, span.end)

"""Validated records: job seekers, vacancies and a destination's demand list.

These are the engine's input records. Storage (``matching.storage``), import
(``matching.intake``), the synthetic population and the matching core all use them.

Gender is kept for fairness reports only: no ranking code reads it.

Example:
    >>> seeker = JobSeeker(
    ...     external_id="GE-1", full_name="გიორგი ბერიძე", personal_number="01001012345",
    ...     birth_date=date(1990, 5, 1), gender="male", region="Imereti",
    ...     languages=[LanguageSkill(language="pl", level="A2")],
    ...     consent=Consent(given=True, date=date(2026, 1, 10)),
    ... )
    >>> seeker.language_level("pl").name
    'A2'
"""

from __future__ import annotations

import re
from datetime import date
from enum import IntEnum, StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

# Any letters and digits (Georgian, Cyrillic ...), "." ":" "-" "_"; never "/", which no
# URL path could carry to read or erase the record.
ExternalId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:-]+$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 (or -3)")]
EscoUri = Annotated[str, Field(pattern=r"^http://data\.europa\.eu/esco/(occupation|skill|isco)/")]
# ``Consent`` has a field named ``date``, which shadows the type inside its class body.
_Date = date


class Cefr(IntEnum):
    """CEFR language levels, ordered so that levels compare (``Cefr.B1 > Cefr.A2``)."""

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6

    @classmethod
    def parse(cls, value: object) -> Cefr:
        """Read ``"B1"``, ``"b1"``, ``3`` or a ``Cefr``."""
        if isinstance(value, Cefr):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        text = str(value).strip().upper()
        if text in cls.__members__:
            return cls[text]
        raise ValueError(f"not a CEFR level (A1..C2): {value!r}")


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class GeorgianRegion(StrEnum):
    """Georgia's regions (mkhare), Tbilisi and the two autonomous republics."""

    TBILISI = "Tbilisi"
    ADJARA = "Adjara"
    GURIA = "Guria"
    IMERETI = "Imereti"
    KAKHETI = "Kakheti"
    KVEMO_KARTLI = "Kvemo Kartli"
    MTSKHETA_MTIANETI = "Mtskheta-Mtianeti"
    RACHA_LECHKHUMI = "Racha-Lechkhumi and Kvemo Svaneti"
    SAMEGRELO = "Samegrelo-Zemo Svaneti"
    SAMTSKHE_JAVAKHETI = "Samtskhe-Javakheti"
    SHIDA_KARTLI = "Shida Kartli"
    ABKHAZIA = "Abkhazia"


class DrivingCategory(StrEnum):
    """EU driving licence categories (Georgia's licences follow the same scheme)."""

    AM = "AM"
    A1 = "A1"
    A2 = "A2"
    A = "A"
    B = "B"
    BE = "BE"
    C1 = "C1"
    C1E = "C1E"
    C = "C"
    CE = "CE"
    D1 = "D1"
    D1E = "D1E"
    D = "D"
    DE = "DE"
    T = "T"

    @classmethod
    def parse(cls, value: object) -> DrivingCategory:
        """Read ``"C+E"``, ``"ce"``, ``"C E"`` as ``CE``."""
        text = re.sub(r"[\s+]", "", str(value)).upper()
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"unknown driving licence category: {value!r}") from None


# ISO 9606-1 / ISO 4063 welding process reference numbers.
WELDING_PROCESSES: dict[str, str] = {
    "111": "manual metal arc (MMA/SMAW)",
    "114": "self-shielded flux-cored arc",
    "121": "submerged arc",
    "131": "metal inert gas (MIG)",
    "135": "metal active gas (MAG, solid wire)",
    "136": "flux-cored wire, active gas (FCAW)",
    "138": "metal-cored wire, active gas",
    "141": "tungsten inert gas (TIG/GTAW)",
    "15": "plasma arc",
    "311": "oxy-acetylene (gas welding)",
}


class CertificateKind(StrEnum):
    WELDING = "welding"  # ISO 9606-1, with a process number
    ADR = "adr"  # dangerous goods by road
    FORKLIFT = "forklift"
    CODE95 = "code95"  # driver CPC; also held as a flag on the licence
    CRANE = "crane"
    ELECTRICAL = "electrical"  # e.g. SEP (PL), Elektrofachkraft (DE)
    FIRST_AID = "first_aid"
    FOOD_HYGIENE = "food_hygiene"
    CARE = "care"  # carer / nursing-assistant course
    OTHER = "other"


class Certificate(BaseModel):
    """A certificate a person holds or a vacancy requires.

    For welding, ``code`` is the ISO 4063 process number (111, 135, 136, 141 ...).
    """

    model_config = ConfigDict(frozen=True)

    kind: CertificateKind
    code: str | None = Field(default=None, max_length=32)
    valid_until: date | None = None

    @model_validator(mode="after")
    def _welding_needs_process(self) -> Certificate:
        if self.kind is CertificateKind.WELDING and self.code not in WELDING_PROCESSES:
            known = ", ".join(sorted(WELDING_PROCESSES))
            raise ValueError(f"welding certificate needs an ISO 4063 process number ({known})")
        return self

    def satisfies(self, required: Certificate, on: date | None = None) -> bool:
        """Whether this certificate meets ``required``: same kind and code, still valid."""
        if self.kind is not required.kind:
            return False
        if required.code is not None and self.code != required.code:
            return False
        return not (on is not None and self.valid_until is not None and self.valid_until < on)


class LanguageSkill(BaseModel):
    model_config = ConfigDict(frozen=True)

    language: LanguageCode
    level: Cefr
    needs_review: bool = Field(
        default=False,
        description="the level was read from a word or a range: a person should confirm it",
        exclude_if=lambda review: not review,
    )

    @field_validator("level", mode="before")
    @classmethod
    def _parse_level(cls, value: object) -> Cefr:
        return Cefr.parse(value)

    @field_serializer("level")
    def _level_name(self, level: Cefr) -> str:
        return level.name  # "B2", as people write it (and Cefr.parse reads it back)


class DrivingLicence(BaseModel):
    model_config = ConfigDict(frozen=True)

    categories: frozenset[DrivingCategory] = frozenset()
    code95: bool = False
    valid_until: date | None = None

    @field_serializer("categories", when_used="json")
    def _sorted_categories(self, categories: frozenset[DrivingCategory]) -> list[str]:
        # Sorted, so that a record's JSON (and its stored content hash) is deterministic.
        return sorted(c.value for c in categories)

    @field_validator("categories", mode="before")
    @classmethod
    def _parse_categories(cls, value: object) -> frozenset[DrivingCategory]:
        if isinstance(value, str):
            value = re.split(r"[,;/]\s*|\s{2,}", value.strip()) if value.strip() else []
        return frozenset(DrivingCategory.parse(v) for v in value)  # type: ignore[union-attr]


class WorkExperience(BaseModel):
    """One job, as the person wrote it; the normaliser fills the ESCO fields on import."""

    title: str = Field(min_length=1, max_length=300)
    years: float = Field(ge=0, le=60)
    country: CountryCode | None = None
    description: str | None = Field(default=None, max_length=5000)
    esco_uri: EscoUri | None = None
    isco_group: str | None = Field(default=None, pattern=r"^\d{4}$")
    normalizer_score: float | None = Field(default=None, ge=0, le=1)
    # How the title was read when it was coded, where more than the title decided it:
    # "one trade of a compound title", "licence CE and Code 95", "trade not specified: ...".
    coding_note: str | None = Field(default=None, max_length=200)


def _unset(value: object) -> bool:
    """Fields added after the first stored records are left out of a record's JSON while
    they hold their default: records stored before keep their JSON, and content hash."""
    return value is None or value is False or (isinstance(value, list) and not value)


class MigrationEpisode(BaseModel):
    """A previous stay abroad for work (returned migrants are a target group of the schemes)."""

    country: CountryCode
    start: date
    end: date | None = None
    scheme: str | None = Field(default=None, max_length=120)
    # The occupation worked in: legal work abroad in a vacancy's occupation counts as
    # experience in it (and the reasons say so).
    title: str | None = Field(default=None, max_length=300, exclude_if=_unset)
    esco_uri: EscoUri | None = Field(default=None, exclude_if=_unset)
    isco_group: str | None = Field(default=None, pattern=r"^\d{4}$", exclude_if=_unset)

    @model_validator(mode="after")
    def _ordered(self) -> MigrationEpisode:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Consent(BaseModel):
    """Consent to processing of personal data (GDPR art. 6/7; Georgia's data protection law)."""

    given: bool
    date: _Date | None = None
    withdrawn: _Date | None = None

    @model_validator(mode="after")
    def _dated(self) -> Consent:
        if self.given and self.date is None:
            raise ValueError("consent given without a date")
        return self

    @property
    def active(self) -> bool:
        return self.given and self.withdrawn is None


_WHITESPACE = re.compile(r"\s")
_PERSONAL_NUMBER = re.compile(r"^\d{11}$")
_PHONE = re.compile(r"^\+?[\d\s()-]{7,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class JobSeeker(BaseModel):
    """A person registered with the ministry or an agency, looking for work abroad.

    Example:
        >>> JobSeeker(external_id="x", full_name="ნინო", personal_number="123").personal_number
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for JobSeeker
        personal_number
          Value error, personal number must be 11 digits ...
    """

    model_config = ConfigDict(str_strip_whitespace=True)

    external_id: ExternalId
    full_name: str = Field(min_length=1, max_length=200)
    personal_number: str | None = None
    birth_date: date | None = None
    gender: Gender = Gender.UNDISCLOSED
    region: GeorgianRegion | None = None
    municipality: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[a-z0-9_-]+$",
        description="the municipality's gazetteer id (``zestafoni``, ``kutaisi``), "
        "read with the region from a town or municipality's name",
        exclude_if=_unset,
    )
    phone: str | None = None
    email: str | None = None
    agency: str | None = Field(default=None, max_length=120)
    experience: list[WorkExperience] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list, description="free text or ESCO skill URIs")
    education_isced: int | None = Field(default=None, ge=0, le=8)
    languages: list[LanguageSkill] = Field(default_factory=list)
    driving_licence: DrivingLicence | None = None
    certificates: list[Certificate] = Field(default_factory=list)
    destination_preferences: list[CountryCode] = Field(
        default_factory=list, description="empty means any destination"
    )
    available_from: date | None = None
    available_until: date | None = Field(
        default=None,
        description="last day the person can work abroad (a contract's end)",
        exclude_if=_unset,
    )
    migration_history: list[MigrationEpisode] = Field(default_factory=list)
    consent: Consent = Field(default_factory=lambda: Consent(given=False))
    returned_on: date | None = Field(
        default=None,
        description="day a returnee came back from a placement abroad",
        exclude_if=_unset,
    )

    @property
    def returnee(self) -> bool:
        """Came back from legal work abroad: a recorded return or an ended stay."""
        return self.returned_on is not None or any(
            m.end is not None for m in self.migration_history
        )

    @field_validator("personal_number")
    @classmethod
    def _personal_number(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = _WHITESPACE.sub("", value)
        if not _PERSONAL_NUMBER.match(value):
            raise ValueError("personal number must be 11 digits (Georgian ID card)")
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: date | None) -> date | None:
        if value is not None and not date(1930, 1, 1) <= value <= date.today():
            raise ValueError("birth date out of range")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not _PHONE.match(value):
            raise ValueError("not a phone number")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not _EMAIL.match(value):
            raise ValueError("not an e-mail address")
        return value.lower()

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``, or ``None`` when the birth date is unknown."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def language_level(self, language: str) -> Cefr | None:
        """The person's CEFR level in ``language``, or ``None``."""
        levels = [s.level for s in self.languages if s.language == language]
        return max(levels) if levels else None

    def total_years(self, esco_uri: str | None = None, isco_group: str | None = None) -> float:
        """Years of experience, all of it or only in one occupation or ISCO unit group."""
        return sum(
            e.years
            for e in self.experience
            if (esco_uri is None or e.esco_uri == esco_uri)
            and (isco_group is None or e.isco_group == isco_group)
        )


PaidBy = Literal["employer", "worker", "shared", "agency"]


class Vacancy(BaseModel):
    """One line of a destination's demand list: a job with a number of positions."""

    model_config = ConfigDict(str_strip_whitespace=True)

    external_id: ExternalId
    destination_country: CountryCode
    employer: str | None = Field(default=None, max_length=200)
    agency: str | None = Field(default=None, max_length=120)
    agency_licensed: bool | None = Field(
        default=None, description="recruiting agency is on the licensed register"
    )
    title: str = Field(min_length=1, max_length=300)
    title_language: LanguageCode | None = None
    description: str | None = Field(default=None, max_length=20_000)
    esco_uri: EscoUri | None = None
    isco_group: str | None = Field(default=None, pattern=r"^\d{4}$")
    normalizer_score: float | None = Field(default=None, ge=0, le=1)
    required_skills: list[str] = Field(default_factory=list)
    optional_skills: list[str] = Field(default_factory=list)
    min_experience_years: float = Field(default=0, ge=0, le=40)
    required_languages: list[LanguageSkill] = Field(default_factory=list)
    required_driving: list[DrivingCategory] = Field(default_factory=list)
    requires_code95: bool = False
    required_certificates: list[Certificate] = Field(default_factory=list)
    positions: int = Field(default=1, ge=1, le=10_000)
    wage_amount: float | None = Field(default=None, ge=0)
    wage_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    wage_period: Literal["hour", "day", "week", "month", "year"] | None = None
    contract_months: float | None = Field(default=None, gt=0, le=120)
    season_start: date | None = None
    season_end: date | None = None
    housing_provided: bool | None = None
    worker_fee: float | None = Field(
        default=None, ge=0, description="any fee charged to the worker (ILO C181: should be 0)"
    )
    worker_fee_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    travel_paid_by: PaidBy | None = Field(default=None, exclude_if=_unset)
    housing_paid_by: PaidBy | None = Field(default=None, exclude_if=_unset)
    min_age: int | None = Field(default=None, ge=16, le=80, exclude_if=_unset)
    max_age: int | None = Field(default=None, ge=16, le=80, exclude_if=_unset)
    reintegration: bool = Field(
        default=False,
        description="a domestic vacancy of a returnee reintegration programme",
        exclude_if=_unset,
    )
    qualification_recognised_required: bool = Field(
        default=False,
        description="the destination must recognise the worker's qualification",
        exclude_if=_unset,
    )
    read_from_text: list[str] = Field(
        default_factory=list,
        description="requirement fields filled from the description on import, not a column",
        exclude_if=_unset,
    )
    needs_review: bool = Field(
        default=False,
        description="something read from the text needs a person's check (a language "
        "level read from a word, an age limit)",
        exclude_if=_unset,
    )

    @field_validator("required_driving", mode="before")
    @classmethod
    def _parse_driving(cls, value: object) -> list[DrivingCategory]:
        if isinstance(value, str):
            value = [v for v in re.split(r"[,;/]\s*", value.strip()) if v]
        return [DrivingCategory.parse(v) for v in value]  # type: ignore[union-attr]

    @model_validator(mode="after")
    def _season(self) -> Vacancy:
        if self.season_start and self.season_end and self.season_end < self.season_start:
            raise ValueError("season_end is before season_start")
        if self.wage_amount is not None and self.wage_currency is None:
            raise ValueError("wage_amount given without wage_currency")
        if self.min_age and self.max_age and self.max_age < self.min_age:
            raise ValueError("max_age is below min_age")
        return self

    @property
    def charges_worker_fee(self) -> bool:
        return bool(self.worker_fee)


class DemandList(BaseModel):
    """A destination's batch of vacancies, as received in one file."""

    external_id: ExternalId
    destination_country: CountryCode
    source_file: str | None = None
    received: date | None = None
    vacancies: list[Vacancy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> DemandList:
        seen: set[str] = set()
        for v in self.vacancies:
            if v.external_id in seen:
                raise ValueError(f"vacancy id {v.external_id!r} appears twice")
            seen.add(v.external_id)
        return self

    @property
    def positions(self) -> int:
        return sum(v.positions for v in self.vacancies)

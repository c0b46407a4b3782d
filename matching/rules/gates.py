"""Gates: the conditions that exclude a job seeker from a vacancy, each with its reason.

A gate is not a score. A person who fails one is never on the vacancy's shortlist. Some
failures can be closed before departure (a language course, a certificate, Code 95, a
little more experience, a later start); a person who fails *only* such gates, and no
more than two, is a near miss, listed apart with what would close each gap. Consent,
legal age, destination and driving licence are never closable here.

The per-pair functions below are the reference: :class:`matching.ranking.Matcher`
applies the same rules to numpy arrays and is tested against them.

Example:
    >>> from datetime import date
    >>> from matching.records import JobSeeker, Vacancy, Consent, LanguageSkill
    >>> seeker = JobSeeker(
    ...     external_id="GE-1", full_name="ნინო", birth_date=date(1995, 1, 1),
    ...     languages=[LanguageSkill(language="pl", level="A1")],
    ...     consent=Consent(given=True, date=date(2026, 1, 1)))
    >>> vacancy = Vacancy(
    ...     external_id="PL-1", destination_country="PL", title="spawacz",
    ...     required_languages=[LanguageSkill(language="pl", level="A2")])
    >>> [f.reason for f in check_gates(seeker, vacancy, on=date(2026, 5, 1))]
    ['Polish A1, needs A2']
    >>> check_gates(seeker, vacancy, on=date(2026, 5, 1))[0].remedy
    'Polish course A1→A2'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matching.config import Settings

from matching.records import (
    WELDING_PROCESSES,
    Cefr,
    Certificate,
    CertificateKind,
    DrivingCategory,
    JobSeeker,
    Vacancy,
)

DC = DrivingCategory

# What a category entitles its holder to drive beyond itself (EU Directive 2006/126/EC
# art. 6): a CE holder may drive C, C1E, C1, BE and B vehicles; a C holder C1 and B.
_DIRECT_IMPLICATIONS: dict[DrivingCategory, frozenset[DrivingCategory]] = {
    DC.CE: frozenset({DC.C, DC.C1E, DC.BE}),
    DC.C: frozenset({DC.C1, DC.B}),
    DC.C1E: frozenset({DC.C1, DC.BE}),
    DC.C1: frozenset({DC.B}),
    DC.DE: frozenset({DC.D, DC.D1E, DC.BE}),
    DC.D: frozenset({DC.D1, DC.B}),
    DC.D1E: frozenset({DC.D1, DC.BE}),
    DC.D1: frozenset({DC.B}),
    DC.BE: frozenset({DC.B}),
    DC.B: frozenset({DC.AM}),
    DC.A: frozenset({DC.A2}),
    DC.A2: frozenset({DC.A1}),
    DC.A1: frozenset({DC.AM}),
    DC.T: frozenset({DC.AM}),
}


def implied_categories(held: frozenset[DrivingCategory] | set[DrivingCategory]) -> frozenset:
    """The categories a licence covers: those held and everything they imply.

    Example:
        >>> sorted(c.value for c in implied_categories({DrivingCategory.CE}))
        ['AM', 'B', 'BE', 'C', 'C1', 'C1E', 'CE']
    """
    out = set(held)
    stack = list(held)
    while stack:
        for implied in _DIRECT_IMPLICATIONS.get(stack.pop(), ()):
            if implied not in out:
                out.add(implied)
                stack.append(implied)
    return frozenset(out)


# Georgia: a returnee is offered domestic vacancies (reintegration programmes among them)
# whatever destinations they once asked for.
HOME_COUNTRY = "GE"

CATEGORY_BIT: dict[DrivingCategory, int] = {c: 1 << i for i, c in enumerate(DrivingCategory)}


def category_mask(categories: frozenset[DrivingCategory] | set[DrivingCategory]) -> int:
    """Bit mask of ``categories`` (bits as in :data:`CATEGORY_BIT`)."""
    mask = 0
    for c in categories:
        mask |= CATEGORY_BIT[c]
    return mask


LANGUAGE_NAMES: dict[str, str] = {
    "pl": "Polish",
    "de": "German",
    "he": "Hebrew",
    "et": "Estonian",
    "fr": "French",
    "en": "English",
    "ru": "Russian",
    "ka": "Georgian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "cs": "Czech",
    "sk": "Slovak",
    "nl": "Dutch",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "it": "Italian",
    "es": "Spanish",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def level_name(level: int) -> str:
    """``A2`` for 2; ``no`` for 0 (the language is not spoken at all)."""
    return Cefr(level).name if level > 0 else "none"


class GateKind(StrEnum):
    CONSENT = "consent"
    AGE = "age"
    AVAILABILITY = "availability"
    DESTINATION = "destination"
    DRIVING = "driving"
    CODE95 = "code95"
    CERTIFICATE = "certificate"
    LANGUAGE = "language"
    EXPERIENCE = "experience"


@dataclass(frozen=True, slots=True)
class GateFailure:
    """One reason a person cannot be shortlisted for a vacancy.

    Attributes:
        kind: Which gate failed.
        reason: Plain words a coordinator can read out ("Polish A1, needs A2").
        closable: Whether a course, a certificate or a little more experience closes
            the gap before departure; only closable failures make a near miss.
        remedy: What would close it ("Polish course A1→A2"), when closable.
        params: The values behind ``reason`` and ``remedy`` (``language``, ``held``,
            ``required``, ``weeks`` ...), for a message catalogue to render them in
            Georgian, English or Russian; ``reason`` is the English default.
    """

    kind: GateKind
    reason: str
    closable: bool = False
    remedy: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class GatePolicy:
    """How strict the gates are.

    The defaults are the coordinators' rules for what pre-departure work can close
    (``bench/data/judged/README.md``): a language one or two CEFR levels short, at most a
    year short of the experience, a start up to 60 days late within the season, and no
    more than two such gaps together.

    Attributes:
        minimum_age: Legal age for work abroad (``Settings.minimum_age``).
        language_levels_closable: A language this many CEFR levels below the requirement
            (or fewer) is a closable gap; further below, it is not a near miss.
        experience_slack_years: Experience this much short of the minimum is closable ...
        experience_slack_fraction: ... or this fraction of the minimum, whichever is larger.
        availability_slack_days: Available this many days after the start (or fewer, and
            not after the season's end) is closable: the employer may agree a later start.
        max_closable_gaps: More closable gaps than this together make no near miss.
    """

    minimum_age: int = 18
    language_levels_closable: int = 2
    experience_slack_years: float = 1.0
    experience_slack_fraction: float = 0.0
    availability_slack_days: int = 60
    max_closable_gaps: int = 2
    language_training_weeks: tuple[tuple[str, int], ...] = (
        ("A1", 8), ("A2", 10), ("B1", 12), ("B2", 14), ("C1", 16), ("C2", 20),
    )  # fmt: skip

    @classmethod
    def from_settings(cls, settings: Settings) -> GatePolicy:
        """Minimum age, closable language levels and training weeks of ``settings``."""
        return cls(
            minimum_age=settings.minimum_age,
            language_levels_closable=settings.language_levels_closable,
            language_training_weeks=tuple(sorted(settings.language_training_weeks.items())),
        )

    def experience_slack(self, minimum: float) -> float:
        return max(self.experience_slack_years, self.experience_slack_fraction * minimum)

    def training_weeks(self, held: int, required: int) -> int:
        """Weeks of course from level ``held`` (0: none) up to ``required``."""
        weeks = dict(self.language_training_weeks)
        return sum(weeks.get(Cefr(level).name, 0) for level in range(held + 1, required + 1))


def reference_date(vacancy: Vacancy, today: date) -> date:
    """The day gates are checked on: the season start, or ``today`` when it is unknown."""
    return vacancy.season_start if vacancy.season_start is not None else today


def certificate_name(cert: Certificate) -> str:
    """Plain name of a certificate: ``ISO 9606-1 135 (MAG)`` for welding process 135."""
    if cert.kind is CertificateKind.WELDING:
        return f"ISO 9606-1 {cert.code}"
    names = {
        CertificateKind.ADR: "ADR (dangerous goods)",
        CertificateKind.FORKLIFT: "forklift licence",
        CertificateKind.CODE95: "Code 95 (driver CPC)",
        CertificateKind.CRANE: "crane operator licence",
        CertificateKind.ELECTRICAL: "electrical qualification",
        CertificateKind.FIRST_AID: "first aid",
        CertificateKind.FOOD_HYGIENE: "food hygiene",
        CertificateKind.CARE: "care assistant course",
        CertificateKind.OTHER: "certificate",
    }
    name = names[cert.kind]
    return f"{name} {cert.code}" if cert.code else name


def certificate_remedy(cert: Certificate, expired: bool) -> str:
    if expired:
        return f"renew {certificate_name(cert)}"
    if cert.kind is CertificateKind.WELDING:
        process = WELDING_PROCESSES.get(cert.code or "", "")
        return f"ISO 9606-1 {cert.code} certification ({process})"
    return f"{certificate_name(cert)} course and exam"


def language_gap(language: str, held: int, required: int, policy: GatePolicy) -> GateFailure | None:
    """The failure for a language held at ``held`` (0 = none) against ``required``."""
    if held >= required:
        return None
    name = language_name(language)
    reason = f"{name} {level_name(held)}, needs {level_name(required)}"
    closable = required - held <= policy.language_levels_closable
    weeks = policy.training_weeks(held, required)
    remedy = f"{name} course {level_name(held) if held else 'A0'}→{level_name(required)}"
    if required - held > 1:  # one level is a short course; more is a plan, in weeks
        remedy += f" (about {weeks} weeks)"
    params = {
        "language": language,
        "held": level_name(held),
        "required": level_name(required),
        "levels": required - held,
        "weeks": weeks,
    }
    return GateFailure(GateKind.LANGUAGE, reason, closable, remedy if closable else None, params)


def occupation_facts(key: str, label: str, uri: str | None, isco: str | None) -> dict[str, Any]:
    """An occupation as a fact names it: its English label under ``key``, and beside it
    its ESCO URI (``key_uri``) and ISCO unit group (``key_isco``) when known, so that
    :mod:`matching.rules.wording` names it in the reader's language."""
    values: dict[str, Any] = {key: label}
    if uri:
        values[f"{key}_uri"] = uri
    if isco:
        values[f"{key}_isco"] = isco
    return values


def experience_gap(
    years: float,
    minimum: float,
    occupation: str,
    policy: GatePolicy,
    *,
    occupation_uri: str | None = None,
    occupation_isco: str | None = None,
) -> GateFailure | None:
    """The failure for ``years`` of relevant experience against ``minimum``; the
    occupation's ESCO URI and ISCO unit group, when given, are kept beside its English
    label so that the gap is worded with the occupation's name in the reader's language."""
    if years >= minimum - 1e-9:
        return None
    short = minimum - years
    reason = f"{years:g} years as {occupation}, needs {minimum:g}"
    closable = short <= policy.experience_slack(minimum) + 1e-9
    remedy = f"{short:.1f} more years as {occupation}, or the employer's waiver"
    params = {
        "years": years,
        "minimum": minimum,
        **occupation_facts("occupation", occupation, occupation_uri, occupation_isco),
    }
    return GateFailure(GateKind.EXPERIENCE, reason, closable, remedy if closable else None, params)


def check_gates(
    seeker: JobSeeker,
    vacancy: Vacancy,
    *,
    on: date,
    policy: GatePolicy | None = None,
    relevant_years: float | None = None,
    occupation_label: str = "in the occupation",
    occupation_uri: str | None = None,
    occupation_isco: str | None = None,
) -> list[GateFailure]:
    """Every gate ``seeker`` fails for ``vacancy``, checked on day ``on``.

    Args:
        seeker: The job seeker.
        vacancy: The vacancy.
        on: The reference day (see :func:`reference_date`): age, availability and the
            validity of licences and certificates are judged on it.
        policy: Strictness; defaults to :class:`GatePolicy`'s defaults.
        relevant_years: Years of experience that count for the vacancy's occupation
            (computed by the scorer); the experience gate is skipped when ``None``.
        occupation_label: Names the occupation in the experience gap's wording.
        occupation_uri: Its ESCO occupation, kept in the gap's values (for its name in
            the reader's language).
        occupation_isco: Its ISCO unit group, likewise.

    Returns:
        The failures, in a fixed order; empty when the person passes.
    """
    policy = policy or GatePolicy()
    failures: list[GateFailure] = []
    if not seeker.consent.active:
        failures.append(
            GateFailure(
                GateKind.CONSENT, "no active consent to data processing", params={"consent": False}
            )
        )
    age = seeker.age_on(on)
    minimum_age = max(policy.minimum_age, vacancy.min_age or 0)
    if age is None:
        failures.append(GateFailure(GateKind.AGE, "birth date not recorded", params={"age": None}))
    elif age < minimum_age:
        failures.append(
            GateFailure(
                GateKind.AGE,
                f"aged {age} on {on}, under {minimum_age}",
                params={"age": age, "on": on.isoformat(), "minimum": minimum_age},
            )
        )
    elif vacancy.max_age is not None and age > vacancy.max_age:
        failures.append(
            GateFailure(
                GateKind.AGE,
                f"aged {age} on {on}, over {vacancy.max_age}",
                params={"age": age, "on": on.isoformat(), "maximum": vacancy.max_age},
            )
        )
    if seeker.available_from is not None and seeker.available_from > on:
        late = (seeker.available_from - on).days
        closable = late <= policy.availability_slack_days and (
            vacancy.season_end is None or seeker.available_from <= vacancy.season_end
        )
        failures.append(
            GateFailure(
                GateKind.AVAILABILITY,
                f"available from {seeker.available_from}, {late} days after the start {on}",
                closable,
                f"a start {late} days later, agreed with the employer" if closable else None,
                params={
                    "available_from": seeker.available_from.isoformat(),
                    "on": on.isoformat(),
                    "days_late": late,
                },
            )
        )
    end = vacancy.season_end
    if seeker.available_until is not None and end is not None and seeker.available_until < end:
        failures.append(
            GateFailure(
                GateKind.AVAILABILITY,
                f"available until {seeker.available_until}, season ends {end}",
                params={
                    "available_until": seeker.available_until.isoformat(),
                    "end": end.isoformat(),
                },
            )
        )
    prefs = seeker.destination_preferences
    home = vacancy.destination_country == HOME_COUNTRY and seeker.returnee
    if prefs and vacancy.destination_country not in prefs and not home:
        failures.append(
            GateFailure(
                GateKind.DESTINATION,
                f"wants {', '.join(prefs)}, not {vacancy.destination_country}",
                params={"wants": list(prefs), "destination": vacancy.destination_country},
            )
        )
    licence = seeker.driving_licence
    licence_valid = licence is not None and (
        licence.valid_until is None or licence.valid_until >= on
    )
    if vacancy.required_driving:
        covered = implied_categories(licence.categories) if licence_valid and licence else set()
        missing = [c.value for c in vacancy.required_driving if c not in covered]
        if missing:
            why = "licence expired" if licence is not None and not licence_valid else "no licence"
            if licence_valid:
                why = "holds " + (
                    ", ".join(sorted(c.value for c in licence.categories)) or "no category"
                )
            failures.append(
                GateFailure(
                    GateKind.DRIVING,
                    f"needs category {', '.join(missing)} ({why})",
                    params={
                        "missing": missing,
                        "why": why,
                        "licence": "held" if licence_valid else "expired" if licence else "none",
                        "held": sorted(c.value for c in licence.categories) if licence else [],
                    },
                )
            )
    if vacancy.requires_code95 and not _has_code95(seeker, on):
        failures.append(
            GateFailure(
                GateKind.CODE95,
                "no valid Code 95 (driver CPC)",
                True,
                "Code 95 initial qualification (driver CPC)",
                {"certificate": "code95"},
            )
        )
    for required in vacancy.required_certificates:
        held = [c for c in seeker.certificates if c.satisfies(required)]
        if any(c.satisfies(required, on=on) for c in held):
            continue
        expired = bool(held)
        reason = f"{'expired' if expired else 'no'} {certificate_name(required)}"
        failures.append(
            GateFailure(
                GateKind.CERTIFICATE,
                reason,
                True,
                certificate_remedy(required, expired),
                {"kind": required.kind.value, "code": required.code, "expired": expired},
            )
        )
    for req in vacancy.required_languages:
        held_level = seeker.language_level(req.language)
        gap = language_gap(req.language, int(held_level or 0), int(req.level), policy)
        if gap is not None:
            failures.append(gap)
    if relevant_years is not None and vacancy.min_experience_years > 0:
        gap = experience_gap(
            relevant_years,
            vacancy.min_experience_years,
            occupation_label,
            policy,
            occupation_uri=occupation_uri,
            occupation_isco=occupation_isco,
        )
        if gap is not None:
            failures.append(gap)
    return failures


def _has_code95(seeker: JobSeeker, on: date) -> bool:
    licence = seeker.driving_licence
    if (
        licence is not None
        and licence.code95
        and (licence.valid_until is None or licence.valid_until >= on)
    ):
        return True
    required = Certificate(kind=CertificateKind.CODE95)
    return any(c.satisfies(required, on=on) for c in seeker.certificates)


def describe_gaps(failures: Iterable[GateFailure]) -> str:
    """``Polish A1, needs A2 (Polish course A1→A2); no valid Code 95 (...)``."""
    return "; ".join(f"{g.reason} ({g.remedy})" if g.remedy else g.reason for g in failures)


def is_near_miss(failures: list[GateFailure], policy: GatePolicy | None = None) -> bool:
    """Whether every failure is closable, and there are one to ``max_closable_gaps``."""
    limit = (policy or GatePolicy()).max_closable_gaps
    return 0 < len(failures) <= limit and all(f.closable for f in failures)

"""Which requirement each failed gate stands for, and the course that would close it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from matching.records import Cefr, CertificateKind, JobSeeker, Vacancy
from matching.rules.gates import (
    GateFailure,
    GateKind,
    certificate_name,
    language_name,
    reference_date,
)
from matching.statistics.wording import Phrase


@dataclass(frozen=True, slots=True, order=True)
class Course:
    """A course that closes a gap: ``language:pl:A1:A2``, ``certificate:welding:135``,
    ``code95``; ``renew`` when a held certificate only expired. ``label`` is its name,
    a :class:`~matching.statistics.wording.Phrase` worded per reader."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Unmet:
    """One failed gate as a requirement: ``Polish A2``, ``ISO 9606-1 135``, ``consent``
    (a :class:`~matching.statistics.wording.Phrase`)."""

    kind: GateKind
    requirement: Phrase
    course: Course | None


def unmet_requirements(
    seeker: JobSeeker, vacancy: Vacancy, failures: list[GateFailure], today
) -> list[Unmet]:
    """``failures`` (from :func:`~matching.rules.gates.check_gates`, in its order) as the
    requirements they stand for, with the course closing each closable one."""
    on = reference_date(vacancy, today)
    languages = iter(
        r
        for r in vacancy.required_languages
        if int(seeker.language_level(r.language) or 0) < int(r.level)
    )
    certificates = iter(
        r
        for r in vacancy.required_certificates
        if not any(c.satisfies(r, on=on) for c in seeker.certificates)
    )
    out = []
    for failure in failures:
        course = None
        if failure.kind is GateKind.LANGUAGE:
            req = next(languages)
            held = int(seeker.language_level(req.language) or 0)
            name = language_name(req.language)
            level = req.level.name
            requirement = Phrase(f"{name} {level}", "language", language=req.language, level=level)
            if failure.closable:
                start = Cefr(held).name if held else "A0"
                course = Course(
                    f"language:{req.language}:{start}:{level}",
                    Phrase(
                        f"{name} {start}→{level}",
                        "language_course",
                        language=req.language,
                        start=start,
                        level=level,
                    ),
                )
        elif failure.kind is GateKind.CERTIFICATE:
            req = next(certificates)
            which = {"certificate": req.kind.value, "code": req.code}
            name = certificate_name(req)
            requirement = Phrase(name, "certificate", **which)
            expired = any(c.satisfies(req) for c in seeker.certificates)
            code = f"{req.kind.value}:{req.code or ''}"
            course = (
                Course(f"renew:{code}", Phrase(f"renew {name}", "renew", **which))
                if expired
                else Course(f"certificate:{code}", requirement)
            )
        elif failure.kind is GateKind.CODE95:
            requirement = Phrase("Code 95", "code95")
            course = Course("code95", Phrase("Code 95 initial qualification", "code95_course"))
        elif failure.kind is GateKind.DRIVING:
            cats = "+".join(c.value for c in vacancy.required_driving)
            requirement = Phrase(f"driving licence {cats}", "driving", categories=cats)
        elif failure.kind is GateKind.EXPERIENCE:
            years = vacancy.min_experience_years
            requirement = Phrase(
                f"{years:g} year{'' if years == 1 else 's'} of experience",
                "experience",
                years=years,
            )
        else:
            requirement = Phrase(failure.kind.value, "gate", gate=failure.kind.value)
        out.append(Unmet(failure.kind, requirement, course))
    return out


@cache
def course_weeks_table() -> dict[str, float]:
    """Weeks per course kind from ``matching/statistics/data/course_weeks.csv``."""
    text = resources.files("matching.statistics").joinpath("data/course_weeks.csv").read_text()
    return {row["course"]: float(row["weeks"]) for row in csv.DictReader(text.splitlines())}


def course_weeks(course: Course, table: dict[str, float] | None = None) -> float:
    """How many weeks ``course`` takes: a language course per CEFR level climbed, a
    certificate by its kind (``certificate:welding``), renewals and Code 95 as listed."""
    table = course_weeks_table() if table is None else table
    parts = course.key.split(":")
    if parts[0] == "language":
        start = 0 if parts[2] == "A0" else int(Cefr[parts[2]])
        return table["language_level"] * (int(Cefr[parts[3]]) - start)
    if parts[0] in ("certificate", "renew"):
        kind = CertificateKind(parts[1]).value
        return table.get(f"{parts[0]}:{kind}", table[f"{parts[0]}:other"])
    return table[parts[0]]

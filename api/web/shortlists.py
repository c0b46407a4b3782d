"""What a vacancy's page shows beyond the run's results: words, placements, "why not".

:class:`Wording` hands the templates the renderers of :mod:`matching.rules.wording` bound
to the reader's language; :func:`placements_of` reads the placements of the people a
page lists; :func:`verdict_of` is the gate-by-gate verdict of anyone of the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from api.web.runs import VacancyResult
from matching.i18n import N_, NC_, Translator
from matching.placements import Placement, PlacementStatus, allowed_next
from matching.ranking.exclusions import PairVerdict
from matching.rules import wording
from matching.service import Engine
from matching.statistics import Course, course_weeks

PLACEMENT_NAMES: dict[str, str] = {
    "shortlisted": N_("shortlisted"),
    "contacted": N_("contacted"),
    "interviewed": N_("interviewed"),
    "selected": NC_("placement status", "selected"),
    "visa": N_("work permit granted"),
    "departed": NC_("placement status", "departed"),
    "returned": N_("returned"),
    "declined": N_("declined by the person"),
    "rejected": N_("rejected by the employer"),
    "withdrawn": N_("withdrawn"),
}


def training_weeks(gap: Mapping[str, Any]) -> float | None:
    """Weeks of training that close a closable gap: a language course as the gate
    policy counts it, a certificate, a renewal or Code 95 from the course table
    (``matching/statistics/data/course_weeks.csv``); ``None`` for a gap no course
    closes (a later start, experience)."""
    if not gap.get("closable"):
        return None
    kind, p = gap.get("kind"), gap.get("params") or {}
    if kind == "language":
        return float(p.get("weeks") or 0) or None
    if kind == "code95":
        return course_weeks(Course("code95", ""))
    if kind == "certificate":
        prefix = "renew" if p.get("expired") else "certificate"
        return course_weeks(Course(f"{prefix}:{p.get('kind', 'other')}:{p.get('code') or ''}", ""))
    return None


@dataclass(frozen=True)
class Wording:
    """The renderers of reasons, gaps, remedies, flags and names in one language."""

    t: Translator

    def reasons(self, candidate: Mapping[str, Any]) -> list[str]:
        return wording.reasons_of(candidate, self.t)

    def explained(self, explanation: Any) -> list[str]:
        """An engine :class:`~matching.rules.explain.Explanation`'s reasons."""
        return wording.explanation_reasons(explanation, self.t)

    def gap(self, gap: Any) -> str:
        """A gap: a run's mapping or the engine's ``GateFailure``."""
        return wording.gap_text(gap, self.t)

    def remedy(self, gap: Any) -> str | None:
        return wording.remedy_text(gap, self.t)

    def flag(self, kind: str) -> str:
        return wording.flag_text(kind, self.t)

    def gate(self, kind: str) -> str:
        return wording.gate_name(kind, self.t)

    def verdict(self, name: str) -> str:
        return self.t.gettext(wording.VERDICT_NAMES.get(name, name))

    def country(self, code: str) -> str:
        return wording.country_label(code, self.t)

    def weeks(self, gap: Mapping[str, Any]) -> float | None:
        return training_weeks(gap)

    def training(self, candidate: Mapping[str, Any]) -> float | None:
        """Weeks of training a near miss needs, courses one after another."""
        weeks = [training_weeks(g) for g in candidate.get("gaps", ())]
        known = [w for w in weeks if w]
        return sum(known) if known else None


@dataclass(frozen=True)
class PersonPlacement:
    """A listed person's placement for the vacancy (``None``: none yet) and next steps."""

    placement: Placement | None
    allowed: tuple[PlacementStatus, ...]


def placements_of(engine: Engine, vacancy_id: str, people: Iterable[str]) -> dict[str, Any]:
    """For each of ``people``: their placement for the vacancy and the allowed steps."""
    found = {p.job_seeker_id: p for p in engine.store.list_placements(vacancy_id=vacancy_id)}
    return {
        person: PersonPlacement(
            found.get(person), allowed_next(found[person].status if person in found else None)
        )
        for person in people
    }


def verdict_of(engine: Engine, result: VacancyResult, job_seeker_id: str) -> PairVerdict:
    """Every gate of ``job_seeker_id`` for the run's vacancy, as it stands today."""
    from matching.policy.engine import explain_pair

    return explain_pair(engine, result.vacancy["external_id"], job_seeker_id)

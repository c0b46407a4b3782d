"""Why people are excluded from a vacancy: counts per gate, and the full verdict of a pair.

:func:`gate_exclusions` counts, among the people a vacancy considers, those each gate
excludes ("212 considered: 120 no Polish A2, 40 no consent, 30 not available before
2027-03-01"); a person failing two gates counts under both. :func:`pair_verdict` is the
gate-by-gate verdict of one (person, vacancy) pair, passed gates included: the answer to
"why not this person?".

Each count is structured (a gate kind and the requirement's values) and rendered in
English by :func:`exclusion_text`, so that a message catalogue can render it otherwise.

Example:
    >>> ex = Exclusion("language", (("language", "pl"), ("required", "A2")), 120)
    >>> exclusion_text(ex)
    '120 no Polish A2'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.rules.gates import (
    GateFailure,
    GateKind,
    certificate_name,
    language_name,
    level_name,
)

if TYPE_CHECKING:
    from matching.ranking.matcher import Matcher
    from matching.records import Vacancy
    from matching.rules.explain import Explanation

# English renderings of an exclusion by gate kind (the values by name).
EXCLUSION_MESSAGES: dict[str, str] = {
    "consent": "{count} no consent",
    "age": "{count} outside the age limits",
    "age_minimum": "{count} under {minimum}",
    "age_maximum": "{count} over {maximum}",
    "age_unknown": "{count} birth date not recorded",
    "availability": "{count} not available before {on}",
    "availability_until": "{count} not available until {end}",
    "destination": "{count} not asking for {destination}",
    "driving": "{count} no licence {missing}",
    "code95": "{count} no Code 95",
    "certificate": "{count} no {certificate}",
    "language": "{count} no {language_name} {required}",
    "experience": "{count} under {minimum:g} years' experience",
    "engaged": "{count} engaged elsewhere",
}


@dataclass(frozen=True, slots=True)
class Exclusion:
    """How many considered people one requirement excludes.

    Attributes:
        kind: The message key (a gate kind, refined: ``age_minimum``, ``engaged`` ...).
        values: The requirement's values, sorted by name (``(("language", "pl"), ...)``).
        count: People it excludes.
    """

    kind: str
    values: tuple[tuple[str, Any], ...]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "values": dict(self.values), "count": self.count}


@dataclass(frozen=True)
class GateExclusions:
    """A vacancy's considered people and the exclusions among them, largest first."""

    vacancy_id: str
    considered: int
    qualified: int
    exclusions: tuple[Exclusion, ...] = field(default=())

    def summary(self, catalogue: Mapping[str, str] = EXCLUSION_MESSAGES) -> str:
        """``212 considered: 120 no Polish A2, 40 no consent``."""
        parts = [exclusion_text(e, catalogue) for e in self.exclusions]
        head = f"{self.considered} considered, {self.qualified} qualified"
        return head + (": " + ", ".join(parts) if parts else "")


def exclusion_text(exclusion: Exclusion, catalogue: Mapping[str, str] = EXCLUSION_MESSAGES) -> str:
    values = dict(exclusion.values)
    if "language" in values:
        values["language_name"] = language_name(values["language"])
    template = catalogue.get(exclusion.kind) or EXCLUSION_MESSAGES[exclusion.kind]
    return template.format(count=exclusion.count, **values)


def _key(failure: GateFailure, vacancy: Vacancy) -> tuple[str, tuple]:
    """The requirement a failure is counted under (not the person's own values)."""
    p = failure.params
    kind = failure.kind
    if kind is GateKind.AGE:
        if "minimum" in p:
            return "age_minimum", (("minimum", p["minimum"]),)
        if "maximum" in p:
            return "age_maximum", (("maximum", p["maximum"]),)
        return "age_unknown", ()
    if kind is GateKind.AVAILABILITY:
        if "end" in p:
            return "availability_until", (("end", p["end"]),)
        return "availability", (("on", p.get("on", "")),)
    if kind is GateKind.DESTINATION:
        return "destination", (("destination", p.get("destination", "")),)
    if kind is GateKind.DRIVING:  # counted under the vacancy's requirement
        return "driving", (("missing", ", ".join(c.value for c in vacancy.required_driving)),)
    if kind is GateKind.CERTIFICATE:
        name = failure.reason.removeprefix("expired ").removeprefix("no ")
        return "certificate", (("certificate", name),)
    if kind is GateKind.LANGUAGE:
        return "language", (("language", p.get("language", "")), ("required", p.get("required")))
    if kind is GateKind.EXPERIENCE:
        return "experience", (("minimum", p.get("minimum", 0)),)
    return kind.value, ()


def gate_exclusions(
    matcher: Matcher,
    vacancy: Vacancy,
    *,
    engaged: Collection[str] = (),
    among: np.ndarray | None = None,
) -> GateExclusions:
    """Count, per requirement, the considered people of ``vacancy`` it excludes.

    On the matcher's arrays: one pass, whatever the number of people.

    Args:
        matcher: A fitted matcher.
        vacancy: The vacancy, coded.
        engaged: People engaged elsewhere: counted as ``engaged`` when they qualify.
        among: Only these matcher rows (one agency's people).
    """
    vp = matcher.profile_vacancy(vacancy)
    queries = matcher._query_vectors([vp])
    query = None if queries is None else queries[0]
    rows = matcher.candidate_rows(vp, query)
    if among is not None:
        rows = np.intersect1d(rows, among, assume_unique=True)
    masks: dict[tuple[str, tuple], np.ndarray] = {}
    scored = matcher._evaluate(vp, rows, query, masks)
    counts: Counter[tuple[str, tuple]] = Counter()
    for key, mask in masks.items():
        n = int(np.count_nonzero(np.asarray(mask, bool) & scored.plausible))
        if n:
            counts[key] = n
    return _exclusions(matcher, vacancy, scored, counts, engaged)


def gate_exclusions_pairwise(
    matcher: Matcher,
    vacancy: Vacancy,
    *,
    engaged: Collection[str] = (),
    among: np.ndarray | None = None,
) -> GateExclusions:
    """The slow reference of :func:`gate_exclusions`: every failing considered person
    assessed one pair at a time and counted under each requirement they fail."""
    vp = matcher.profile_vacancy(vacancy)
    queries = matcher._query_vectors([vp])
    query = None if queries is None else queries[0]
    rows = matcher.candidate_rows(vp, query)
    if among is not None:
        rows = np.intersect1d(rows, among, assume_unique=True)
    scored = matcher._evaluate(vp, rows, query)
    failing = np.flatnonzero(scored.plausible & (scored.hard_fail | (scored.closable_fail > 0)))
    counts: Counter[tuple[str, tuple]] = Counter()
    for i in failing.tolist():
        row = int(scored.rows[i])
        sim = None if scored.similarity is None else float(scored.similarity[i])
        _, assessment = matcher._assess_row(row, vp, sim)
        for key in dict.fromkeys(_key(f, vacancy) for f in assessment.failures):
            counts[key] += 1
    return _exclusions(matcher, vacancy, scored, counts, engaged)


def _exclusions(
    matcher: Matcher,
    vacancy: Vacancy,
    scored: Any,
    counts: Counter[tuple[str, tuple]],
    engaged: Collection[str],
) -> GateExclusions:
    ok = np.flatnonzero(scored.plausible & ~scored.hard_fail & (scored.closable_fail == 0))
    ids = matcher.population_.ids
    promised = set(engaged)
    n_engaged = sum(1 for i in ok.tolist() if ids[int(scored.rows[i])] in promised)
    if n_engaged:
        counts[("engaged", ())] = n_engaged
    exclusions = tuple(
        Exclusion(kind, values, n)
        for (kind, values), n in sorted(counts.items(), key=lambda t: (-t[1], t[0][0], t[0][1]))
    )
    return GateExclusions(
        vacancy.external_id,
        int(scored.plausible.sum()),
        len(ok) - n_engaged,
        exclusions,
    )


# ----------------------------------------------------------------------------- one pair
@dataclass(frozen=True, slots=True)
class GateCheck:
    """One gate of a pair's verdict: passed, or failed with its reason and remedy."""

    kind: str
    passed: bool
    reason: str = ""
    closable: bool = False
    remedy: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PairVerdict:
    """The full gate-by-gate verdict of one person for one vacancy.

    Attributes:
        vacancy_id, job_seeker_id: The pair.
        on: The day the gates were checked on.
        verdict: ``qualified``, ``near_miss`` (only closable gaps), ``excluded``,
            ``engaged`` (qualifies, promised elsewhere), ``blocked`` (the vacancy may
            get nobody) or ``not_considered`` (no experience near the occupation).
        considered: Whether their experience makes them a candidate at all.
        score: The total fit.
        gates: Every gate, passed or not, in a fixed order.
        explanation: Reasons, skills and gaps.
        engaged_to: The vacancy the person is engaged to, when engaged.
        vacancy_findings: Messages of the vacancy's own blocking findings.
    """

    vacancy_id: str
    job_seeker_id: str
    on: date
    verdict: str
    considered: bool
    score: float
    gates: tuple[GateCheck, ...]
    explanation: Explanation
    engaged_to: str | None = None
    vacancy_findings: tuple[str, ...] = ()


_ORDER: Sequence[GateKind] = tuple(GateKind)


def pair_verdict(
    matcher: Matcher,
    vacancy: Vacancy,
    job_seeker_id: str,
    *,
    engaged_to: str | None = None,
    vacancy_findings: Sequence[str] = (),
    blocked: bool = False,
) -> PairVerdict:
    """Every gate of one pair, passed ones too, and the overall verdict.

    Raises:
        NotFoundError: The person is not among the matcher's people.
    """
    vp = matcher.profile_vacancy(vacancy)
    sp, assessment = matcher._pair(vp, matcher._row(job_seeker_id))
    from matching.rules.explain import explain

    failed: dict[GateKind, list[GateFailure]] = {}
    for f in assessment.failures:
        failed.setdefault(f.kind, []).append(f)
    applicable = _applicable(vacancy)
    gates: list[GateCheck] = []
    for kind in _ORDER:
        if kind in failed:
            gates += [
                GateCheck(kind.value, False, f.reason, f.closable, f.remedy, dict(f.params))
                for f in failed[kind]
            ]
        elif kind in applicable:
            text, values = _evidence(kind, sp.seeker, vacancy, vp.on, assessment.relevant_years)
            gates.append(GateCheck(kind.value, True, text, params=values))
    if blocked:
        verdict = "blocked"
    elif not assessment.plausible:
        verdict = "not_considered"
    elif assessment.qualified:
        verdict = "engaged" if engaged_to and engaged_to != vacancy.external_id else "qualified"
    elif assessment.near_miss:
        verdict = "near_miss"
    else:
        verdict = "excluded"
    return PairVerdict(
        vacancy_id=vacancy.external_id,
        job_seeker_id=job_seeker_id,
        on=vp.on,
        verdict=verdict,
        considered=assessment.plausible,
        score=assessment.components.total,
        gates=tuple(gates),
        explanation=explain(matcher.scorer_, sp, vp, assessment),
        engaged_to=engaged_to,
        vacancy_findings=tuple(vacancy_findings),
    )


def _evidence(
    kind: GateKind, seeker: Any, vacancy: Vacancy, on: date, relevant_years: float
) -> tuple[str, dict[str, Any]]:
    """What a passed gate saw (English default, and the values behind it)."""
    if kind is GateKind.CONSENT:
        given = seeker.consent.date.isoformat() if seeker.consent.date else None
        return f"consent given {given}", {"consent": True, "date": given}
    if kind is GateKind.AGE:
        age = seeker.age_on(on)
        return f"aged {age} on {on}", {"age": age, "on": on.isoformat()}
    if kind is GateKind.AVAILABILITY:
        since = seeker.available_from.isoformat() if seeker.available_from else None
        return (f"available from {since}" if since else "available now"), {"available_from": since}
    if kind is GateKind.DESTINATION:
        wants = list(seeker.destination_preferences)
        text = f"asks for {', '.join(wants)}" if wants else "any destination"
        return text, {"wants": wants, "destination": vacancy.destination_country}
    if kind is GateKind.DRIVING:
        held = sorted(c.value for c in seeker.driving_licence.categories)
        return f"licence {', '.join(held)}", {"held": held}
    if kind is GateKind.CODE95:
        return "holds Code 95 (driver CPC)", {"certificate": "code95"}
    if kind is GateKind.CERTIFICATE:
        names = [certificate_name(c) for c in vacancy.required_certificates]
        return f"holds {', '.join(names)}", {"certificates": names}
    if kind is GateKind.LANGUAGE:
        parts = [
            f"{language_name(r.language)} {level_name(int(seeker.language_level(r.language) or 0))}"
            f" ≥ {r.level.name}"
            for r in vacancy.required_languages
        ]
        return "; ".join(parts), {}
    minimum = vacancy.min_experience_years
    return (
        f"{relevant_years:g} relevant years ≥ {minimum:g}",
        {"years": relevant_years, "minimum": minimum},
    )


def _applicable(vacancy: Vacancy) -> set[GateKind]:
    out = {GateKind.CONSENT, GateKind.AGE, GateKind.AVAILABILITY, GateKind.DESTINATION}
    if vacancy.required_driving:
        out.add(GateKind.DRIVING)
    if vacancy.requires_code95:
        out.add(GateKind.CODE95)
    if vacancy.required_certificates:
        out.add(GateKind.CERTIFICATE)
    if vacancy.required_languages:
        out.add(GateKind.LANGUAGE)
    if vacancy.min_experience_years > 0:
        out.add(GateKind.EXPERIENCE)
    return out


@dataclass(frozen=True, slots=True)
class NearestPerson:
    """A considered person who does not qualify, best fit first, and what they lack."""

    job_seeker_id: str
    score: float
    gaps: tuple[GateFailure, ...]


def nearest_people(
    matcher: Matcher, vacancy: Vacancy, k: int = 5, *, among: np.ndarray | None = None
) -> list[NearestPerson]:
    """When nobody qualifies: the ``k`` best-fitting considered people and every gap of
    each (closable or not), so that a coordinator sees how far the registry is."""
    vp = matcher.profile_vacancy(vacancy)
    queries = matcher._query_vectors([vp])
    query = None if queries is None else queries[0]
    rows = matcher.candidate_rows(vp, query)
    if among is not None:
        rows = np.intersect1d(rows, among, assume_unique=True)
    scored = matcher._evaluate(vp, rows, query)
    order = scored.order(scored.plausible & (scored.hard_fail | (scored.closable_fail > 0)))
    out = []
    for i in order[:k].tolist():
        row = int(scored.rows[i])
        sim = None if scored.similarity is None else float(scored.similarity[i])
        _, assessment = matcher._assess_row(row, vp, sim)
        out.append(
            NearestPerson(matcher.population_.ids[row], float(scored.total[i]), assessment.failures)
        )
    return out

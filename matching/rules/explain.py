"""Explanations a coordinator can defend: the evidence behind a match, in plain words.

Example:
    >>> from matching.occupations import load_builtin
    >>> from matching.records import JobSeeker, Vacancy, WorkExperience, LanguageSkill
    >>> from matching.rules.scoring import PairScorer
    >>> welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    >>> scorer = PairScorer().fit(load_builtin())
    >>> seeker = JobSeeker(external_id="GE-1", full_name="გიორგი", experience=[
    ...     WorkExperience(title="შემდუღებელი", years=6, esco_uri=welder, isco_group="7212")],
    ...     languages=[LanguageSkill(language="pl", level="B1")])
    >>> vacancy = Vacancy(external_id="PL-1", destination_country="PL", title="spawacz",
    ...     esco_uri=welder, isco_group="7212",
    ...     required_languages=[LanguageSkill(language="pl", level="A2")])
    >>> sp, vp = scorer.profile_seeker(seeker), scorer.profile_vacancy(vacancy)
    >>> explanation = explain(scorer, sp, vp, scorer.assess(sp, vp))
    >>> explanation.reasons[:2]
    ('6 years as welder (ESCO: welder, ISCO 7212)', 'Polish B1 ≥ required A2')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.rules.gates import (
    GateFailure,
    certificate_name,
    describe_gaps,
    implied_categories,
    language_name,
    level_name,
    occupation_facts,
)
from matching.rules.scoring import (
    LEVEL_MINOR,
    LEVEL_SAME,
    LEVEL_SUB_MAJOR,
    Assessment,
    ExperienceItem,
    OccupationFit,
    PairScorer,
    SeekerProfile,
    VacancyProfile,
)

_LISTED_SKILLS = 5  # matched and missing skills an explanation names at most


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason as data: its kind and the values it names, for a catalogue to render
    in the reader's language (:func:`matching.rules.wording.reason_text`).

    Attributes:
        kind: ``experience``, ``abroad``, ``no_experience``, ``relevant_years``,
            ``language``, ``licence``, ``code95``, ``certificate``, ``skills``,
            ``text_similarity``, ``available``, ``wants`` or ``gap``.
        params: The values (numbers, codes, ESCO labels; never an English sentence).
    """

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a person fits (or nearly fits) a vacancy.

    Attributes:
        reasons: Plain-language statements, strongest evidence first
            ("6 years as welder (ESCO: welder, ISCO 7212)", "Polish B1 ≥ required A2").
        matched_skills: ESCO labels of vacancy skills the person holds: declared ones
            first, then heaviest first.
        missing_skills: ESCO labels of the vacancy skills the person lacks, most
            relevant first (see ``PairScorer.rank_missing``), at most five.
        gaps: Failed gates, each with its reason and, when closable, what closes it.
        facts: ``reasons`` as data, one :class:`Reason` per reason, in the same order.
    """

    reasons: tuple[str, ...]
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    gaps: tuple[GateFailure, ...]
    facts: tuple[Reason, ...] = ()

    @property
    def gap_summary(self) -> str:
        """``qualifies except: Polish A1, needs A2 (Polish course A1→A2)``, or ``""``."""
        if not self.gaps:
            return ""
        return "qualifies except: " + describe_gaps(self.gaps)


def _relation(
    scorer: PairScorer, assessment: Assessment, item: ExperienceItem, vp: VacancyProfile
) -> tuple[str, dict[str, Any]]:
    """How the best experience item stands to the vacancy's occupation: in words, and
    as data (``relation`` names it; ``related_trade`` marks a related trade)."""
    level, fit = assessment.best_level, assessment.fit
    if level >= LEVEL_SAME:
        return "", {}
    code = vp.isco_group or ""
    occupation = vp.occupation_label
    of = occupation_facts("of", occupation, vp.occupation_uri, vp.isco_group)
    if fit is OccupationFit.BROADER_NARROWER:
        if item.occupation_uri is None:
            return (
                f"; coded only to ISCO unit group {code}, which holds {occupation}",
                {"relation": "unit_group_only", "code": code, **of},
            )
        return (
            f"; broader or narrower ESCO occupation of {occupation}",
            {"relation": "broader_narrower", **of},
        )
    groups = scorer.taxonomy_.isco_groups
    if fit is OccupationFit.SHARED_SKILLS:
        return (
            f"; same ISCO unit group as {occupation}, sharing most of its essential skills",
            {"relation": "shared_skills", **of},
        )
    if fit is OccupationFit.SCHEME and vp.widening is not None:
        return (
            f"; qualifies under the scheme rule for ISCO {vp.widening[0]}",
            {"relation": "scheme", "code": vp.widening[0]},
        )
    trade = "; related trade, not the same trade" if assessment.related_trade else ""
    marks: dict[str, Any] = {"related_trade": True} if assessment.related_trade else {}
    held = item.isco_group or ""
    if level >= LEVEL_MINOR and code[:3] == held[:3]:
        if held == code:
            return (
                f"; same ISCO unit group {code}, few shared essential skills" + trade,
                {"relation": "unit_group_few_skills", "code": code, **marks},
            )
        minor = groups.get(code[:3])
        return (
            f"; same ISCO minor group {code[:3]}"
            + (f" ({minor.preferred_label})" if minor else "")
            + trade,
            {
                "relation": "minor_group",
                "code": code[:3],
                "group": minor.preferred_label if minor else "",
                **marks,
            },
        )
    if level >= LEVEL_SUB_MAJOR:
        return (
            f"; same ISCO sub-major group {code[:2]}" + trade,
            {"relation": "sub_major_group", "code": code[:2], **marks},
        )
    return trade, marks


def explain(
    scorer: PairScorer, sp: SeekerProfile, vp: VacancyProfile, assessment: Assessment
) -> Explanation:
    """Build the explanation of an assessed pair.

    Args:
        scorer: The fitted scorer (for labels).
        sp: The job seeker's profile.
        vp: The vacancy's profile.
        assessment: ``scorer.assess(sp, vp, ...)``.

    Returns:
        Reasons, matched and missing skill labels, and the gaps with their remedies.
    """
    taxonomy = scorer.taxonomy_
    seeker, vacancy = sp.seeker, vp.vacancy
    reasons: list[str] = []
    facts: list[Reason] = []

    def add(text: str, kind: str, **params: Any) -> None:
        reasons.append(text)
        facts.append(Reason(kind, params))

    item = assessment.best_item
    if item is not None:
        if item.occupation_uri is not None:
            label = taxonomy.occupations[item.occupation_uri].preferred_label
            concept = f"ESCO: {label}, ISCO {item.isco_group}"
            named = occupation_facts("occupation", label, item.occupation_uri, item.isco_group)
        else:
            group = taxonomy.isco_groups.get(item.isco_group or "")
            label = group.preferred_label if group else item.title
            concept = f"ISCO {item.isco_group}"
            # a title the taxonomy cannot place is the person's own words: kept as written
            named = occupation_facts("occupation", label, None, item.isco_group if group else None)
        relation, related = _relation(scorer, assessment, item, vp)
        add(
            f"{item.years:g} years as {label} ({concept}{relation})",
            "experience",
            years=item.years,
            concept=concept,
            **named,
            **related,
        )
        if item.abroad is not None:
            add(
                f"legal work abroad counted as experience: {label}, {item.abroad}",
                "abroad",
                where=item.abroad,
                **named,
            )
    elif vp.coded:
        add(
            f"no recorded experience near {vp.occupation_label}",
            "no_experience",
            **occupation_facts("occupation", vp.occupation_label, vp.occupation_uri, vp.isco_group),
        )
    if vacancy.min_experience_years > 0 and vp.coded:
        enough = assessment.relevant_years >= vacancy.min_experience_years
        add(
            f"{assessment.relevant_years:g} relevant years {'≥' if enough else '<'} required "
            f"{vacancy.min_experience_years:g}",
            "relevant_years",
            years=assessment.relevant_years,
            minimum=vacancy.min_experience_years,
            enough=enough,
        )
    for req in vacancy.required_languages:
        held = int(seeker.language_level(req.language) or 0)
        enough = held >= int(req.level)
        add(
            f"{language_name(req.language)} {level_name(held)} {'≥' if enough else '<'} "
            f"required {req.level.name}",
            "language",
            language=req.language,
            held=level_name(held),
            required=req.level.name,
            enough=enough,
        )
    licence = seeker.driving_licence
    if vacancy.required_driving and licence is not None:
        covered = implied_categories(licence.categories)
        held_categories = sorted(c.value for c in licence.categories)
        ok = [c.value for c in vacancy.required_driving if c in covered]
        if ok:
            add(
                f"licence {', '.join(held_categories)} covers required {', '.join(ok)}",
                "licence",
                held=held_categories,
                covered=ok,
            )
    failed = {f.kind for f in assessment.failures}
    if vacancy.requires_code95 and "code95" not in failed:
        add("holds Code 95 (driver CPC)", "code95")
    for req in vacancy.required_certificates:
        if any(c.satisfies(req, on=vp.on) for c in seeker.certificates):
            add(
                f"holds {certificate_name(req)}",
                "certificate",
                certificate=req.kind.value,
                code=req.code,
            )
    if vp.skill_weights:
        text, values = _skills_reason(sp, vp, assessment, taxonomy.skill_label)
        add(text, "skills", **values)
    similarity = assessment.components.text_similarity
    if similarity is not None:
        add(f"experience text similarity {similarity:.2f}", "text_similarity", value=similarity)
    if seeker.available_from is not None and "availability" not in failed:
        add(
            f"available from {seeker.available_from} (needed by {vp.on})",
            "available",
            available_from=seeker.available_from.isoformat(),
            on=vp.on.isoformat(),
        )
    if seeker.destination_preferences and "destination" not in failed:
        add(
            f"wants to work in {', '.join(seeker.destination_preferences)}",
            "wants",
            countries=list(seeker.destination_preferences),
        )
    for gap in assessment.failures:
        add(
            f"gap: {gap.reason}" + (f" — closed by {gap.remedy}" if gap.remedy else ""),
            "gap",
            gap=gap.kind.value,
            closable=gap.closable,
            values=dict(gap.params),
        )
    return Explanation(
        reasons=tuple(reasons),
        matched_skills=tuple(
            taxonomy.skill_label(s) for s in assessment.matched_skills[: 4 * _LISTED_SKILLS]
        ),
        missing_skills=tuple(
            taxonomy.skill_label(s) for s in assessment.missing_skills[:_LISTED_SKILLS]
        ),
        gaps=assessment.failures,
        facts=tuple(facts),
    )


def _skills_reason(
    sp: SeekerProfile, vp: VacancyProfile, assessment: Assessment, label: Callable[[str], str]
) -> tuple[str, dict[str, Any]]:
    """``declared 3 of 8 essential skills of welder (welding techniques, ...); 5 inferred
    from the occupation``: what the person said apart from what their job title implies;
    and the values behind it."""
    essential = vp.essential_skills
    kind = "essential skills" if essential else "skills"
    wanted = essential or tuple(vp.skill_weights)
    declared = [s for s in assessment.matched_skills if s in sp.declared_skills and s in wanted]
    inferred = sum(1 for s in wanted if s in sp.skills and s not in sp.declared_skills)
    text = f"declared {len(declared)} of {len(wanted)} {kind} of {vp.occupation_label}"
    listed = [label(s) for s in declared[:3]]
    if declared:
        text += f" ({', '.join(listed)}{', ...' if len(declared) > 3 else ''})"
    if inferred:
        text += f"; {inferred} inferred from the occupation"
    values = {
        "declared": len(declared),
        "wanted": len(wanted),
        "essential": bool(essential),
        **occupation_facts("occupation", vp.occupation_label, vp.occupation_uri, vp.isco_group),
        "listed": listed,
        "more": len(declared) > 3,
        "inferred": inferred,
    }
    return text, values

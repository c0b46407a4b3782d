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

from collections.abc import Callable
from dataclasses import dataclass

from matching.rules.gates import (
    GateFailure,
    certificate_name,
    describe_gaps,
    implied_categories,
    language_name,
    level_name,
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
    """

    reasons: tuple[str, ...]
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    gaps: tuple[GateFailure, ...]

    @property
    def gap_summary(self) -> str:
        """``qualifies except: Polish A1, needs A2 (Polish course A1→A2)``, or ``""``."""
        if not self.gaps:
            return ""
        return "qualifies except: " + describe_gaps(self.gaps)


def _relation(
    scorer: PairScorer, assessment: Assessment, item: ExperienceItem, vp: VacancyProfile
) -> str:
    """How the best experience item stands to the vacancy's occupation, in words."""
    level, fit = assessment.best_level, assessment.fit
    if level >= LEVEL_SAME:
        return ""
    code = vp.isco_group or ""
    if fit is OccupationFit.BROADER_NARROWER:
        if item.occupation_uri is None:
            return f"; coded only to ISCO unit group {code}, which holds {vp.occupation_label}"
        return f"; broader or narrower ESCO occupation of {vp.occupation_label}"
    groups = scorer.taxonomy_.isco_groups
    if fit is OccupationFit.SHARED_SKILLS:
        return (
            f"; same ISCO unit group as {vp.occupation_label}, sharing most of its essential skills"
        )
    if fit is OccupationFit.SCHEME and vp.widening is not None:
        return f"; qualifies under the scheme rule for ISCO {vp.widening[0]}"
    trade = "; related trade, not the same trade" if assessment.related_trade else ""
    held = item.isco_group or ""
    if level >= LEVEL_MINOR and code[:3] == held[:3]:
        if held == code:
            return f"; same ISCO unit group {code}, few shared essential skills" + trade
        minor = groups.get(code[:3])
        return (
            f"; same ISCO minor group {code[:3]}"
            + (f" ({minor.preferred_label})" if minor else "")
            + trade
        )
    if level >= LEVEL_SUB_MAJOR:
        return f"; same ISCO sub-major group {code[:2]}" + trade
    return trade


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
    item = assessment.best_item
    if item is not None:
        if item.occupation_uri is not None:
            label = taxonomy.occupations[item.occupation_uri].preferred_label
            concept = f"ESCO: {label}, ISCO {item.isco_group}"
        else:
            group = taxonomy.isco_groups.get(item.isco_group or "")
            label = group.preferred_label if group else item.title
            concept = f"ISCO {item.isco_group}"
        relation = _relation(scorer, assessment, item, vp)
        reasons.append(f"{item.years:g} years as {label} ({concept}{relation})")
        if item.abroad is not None:
            reasons.append(f"legal work abroad counted as experience: {label}, {item.abroad}")
    elif vp.coded:
        reasons.append(f"no recorded experience near {vp.occupation_label}")
    if vacancy.min_experience_years > 0 and vp.coded:
        sign = "≥" if assessment.relevant_years >= vacancy.min_experience_years else "<"
        reasons.append(
            f"{assessment.relevant_years:g} relevant years {sign} required "
            f"{vacancy.min_experience_years:g}"
        )
    for req in vacancy.required_languages:
        held = int(seeker.language_level(req.language) or 0)
        sign = "≥" if held >= int(req.level) else "<"
        reasons.append(
            f"{language_name(req.language)} {level_name(held)} {sign} required {req.level.name}"
        )
    licence = seeker.driving_licence
    if vacancy.required_driving and licence is not None:
        covered = implied_categories(licence.categories)
        held_text = ", ".join(sorted(c.value for c in licence.categories))
        ok = [c.value for c in vacancy.required_driving if c in covered]
        if ok:
            reasons.append(f"licence {held_text} covers required {', '.join(ok)}")
    failed = {f.kind for f in assessment.failures}
    if vacancy.requires_code95 and "code95" not in failed:
        reasons.append("holds Code 95 (driver CPC)")
    for req in vacancy.required_certificates:
        if any(c.satisfies(req, on=vp.on) for c in seeker.certificates):
            reasons.append(f"holds {certificate_name(req)}")
    if vp.skill_weights:
        reasons.append(_skills_reason(sp, vp, assessment, taxonomy.skill_label))
    if assessment.components.text_similarity is not None:
        reasons.append(f"experience text similarity {assessment.components.text_similarity:.2f}")
    if seeker.available_from is not None and "availability" not in failed:
        reasons.append(f"available from {seeker.available_from} (needed by {vp.on})")
    if seeker.destination_preferences and "destination" not in failed:
        reasons.append(f"wants to work in {', '.join(seeker.destination_preferences)}")
    for gap in assessment.failures:
        reasons.append(f"gap: {gap.reason}" + (f" — closed by {gap.remedy}" if gap.remedy else ""))
    return Explanation(
        reasons=tuple(reasons),
        matched_skills=tuple(
            taxonomy.skill_label(s) for s in assessment.matched_skills[: 4 * _LISTED_SKILLS]
        ),
        missing_skills=tuple(
            taxonomy.skill_label(s) for s in assessment.missing_skills[:_LISTED_SKILLS]
        ),
        gaps=assessment.failures,
    )


def _skills_reason(
    sp: SeekerProfile, vp: VacancyProfile, assessment: Assessment, label: Callable[[str], str]
) -> str:
    """``declared 3 of 8 essential skills of welder (welding techniques, ...); 5 inferred
    from the occupation``: what the person said apart from what their job title implies."""
    essential = vp.essential_skills
    kind = "essential skills" if essential else "skills"
    wanted = essential or tuple(vp.skill_weights)
    declared = [s for s in assessment.matched_skills if s in sp.declared_skills and s in wanted]
    inferred = sum(1 for s in wanted if s in sp.skills and s not in sp.declared_skills)
    text = f"declared {len(declared)} of {len(wanted)} {kind} of {vp.occupation_label}"
    if declared:
        listed = ", ".join(label(s) for s in declared[:3])
        text += f" ({listed}{', ...' if len(declared) > 3 else ''})"
    if inferred:
        text += f"; {inferred} inferred from the occupation"
    return text

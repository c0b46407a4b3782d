"""Explanations name the evidence and every gap with what would close it."""

from __future__ import annotations

from datetime import date

import pytest
from matching_population import SOLDERER, WELDER, experience, seeker, vacancy

from matching.occupations import Taxonomy
from matching.records import Certificate, DrivingLicence, LanguageSkill, WorkExperience
from matching.rules.explain import explain
from matching.rules.scoring import PairScorer


@pytest.fixture(scope="module")
def scorer(builtin_taxonomy: Taxonomy) -> PairScorer:
    return PairScorer().fit(builtin_taxonomy)


def explained(scorer, person, job):
    sp, vp = scorer.profile_seeker(person), scorer.profile_vacancy(job)
    return explain(scorer, sp, vp, scorer.assess(sp, vp))


def test_reasons_a_coordinator_can_defend(scorer, builtin_taxonomy):
    person = seeker(
        experience=[experience(WELDER, 6, builtin_taxonomy, title="შემდუღებელი")],
        languages=[LanguageSkill(language="pl", level="B1")],
        certificates=[Certificate(kind="welding", code="135")],
        driving_licence=DrivingLicence(categories=["CE"]),
    )
    job = vacancy(
        required_languages=[LanguageSkill(language="pl", level="A2")],
        required_certificates=[Certificate(kind="welding", code="135")],
        required_driving=["B"],
        min_experience_years=2,
    )
    e = explained(scorer, person, job)
    assert e.reasons[0] == "6 years as welder (ESCO: welder, ISCO 7212)"
    assert "Polish B1 ≥ required A2" in e.reasons
    assert "holds ISO 9606-1 135" in e.reasons
    assert "6 relevant years ≥ required 2" in e.reasons
    assert "licence CE covers required B" in e.reasons
    # nothing declared: the essential skills are the occupation's, and said to be
    assert "declared 0 of 36 essential skills of welder; 36 inferred from the occupation" in (
        e.reasons
    )
    assert e.gaps == () and e.gap_summary == ""
    essential = {builtin_taxonomy.skill_label(s) for s in builtin_taxonomy.essential_skills(WELDER)}
    assert len(e.missing_skills) == 5 and not essential & set(e.missing_skills)  # optional ones
    assert "welding techniques" in e.matched_skills


def test_relation_is_named_when_not_the_same_occupation(scorer, builtin_taxonomy):
    e = explained(scorer, seeker(experience=[experience(SOLDERER, 3, builtin_taxonomy)]), vacancy())
    assert e.reasons[0] == (
        "3 years as solderer (ESCO: solderer, ISCO 7212; same ISCO unit group 7212, few shared"
        " essential skills; related trade, not the same trade)"
    )
    group = seeker(experience=[WorkExperience(title="x", years=3, isco_group="7212")])
    assert explained(scorer, group, vacancy()).reasons[0] == (
        "3 years as Welders and flamecutters (ISCO 7212; coded only to ISCO unit group 7212,"
        " which holds welder)"
    )


def test_gaps_are_named_with_what_closes_them(scorer, builtin_taxonomy):
    person = seeker(
        experience=[experience(WELDER, 1.5, builtin_taxonomy)],
        languages=[LanguageSkill(language="pl", level="A1")],
    )
    job = vacancy(
        required_languages=[LanguageSkill(language="pl", level="A2")],
        required_certificates=[Certificate(kind="welding", code="135")],
        min_experience_years=2,
    )
    e = explained(scorer, person, job)
    assert [(g.reason, g.remedy) for g in e.gaps] == [
        ("no ISO 9606-1 135", "ISO 9606-1 135 certification (metal active gas (MAG, solid wire))"),
        ("Polish A1, needs A2", "Polish course A1→A2"),
        ("1.5 years as welder, needs 2", "0.5 more years as welder, or the employer's waiver"),
    ]
    assert e.gap_summary.startswith("qualifies except: no ISO 9606-1 135 (ISO 9606-1 135 cert")
    assert "gap: Polish A1, needs A2 — closed by Polish course A1→A2" in e.reasons


def test_missing_skills_are_the_most_relevant_five(scorer, builtin_taxonomy):
    e = explained(scorer, seeker(skills=["welding techniques"]), vacancy())
    essential = {builtin_taxonomy.skill_label(s) for s in builtin_taxonomy.essential_skills(WELDER)}
    assert len(e.missing_skills) == 5  # of 35 essential and the optional ones
    assert set(e.missing_skills) <= essential - {"welding techniques"}
    assert e.matched_skills == ("welding techniques",)
    assert e.reasons[0] == "no recorded experience near welder"
    assert "declared 1 of 36 essential skills of welder (welding techniques)" in e.reasons


def test_declared_skills_in_georgian_are_named_apart_from_inferred(scorer, builtin_taxonomy):
    person = seeker(
        experience=[experience(WELDER, 4, builtin_taxonomy)],
        skills=["ელექტროშედუღება, ნახაზების კითხვა"],
    )
    e = explained(scorer, person, vacancy())
    reason = next(r for r in e.reasons if r.startswith("declared"))
    assert reason.startswith("declared ") and reason.endswith("inferred from the occupation")
    assert not reason.startswith("declared 0 ")


def test_age_and_consent_gaps_have_no_remedy(scorer):
    e = explained(scorer, seeker(birth_date=date(2010, 1, 1)), vacancy())
    assert [g.kind.value for g in e.gaps] == ["age"] and e.gaps[0].remedy is None

"""Score components of single pairs: occupation levels, skills, experience, language, weights."""

from __future__ import annotations

from datetime import date

import pytest
from matching_population import (
    COOK,
    OCC,
    SOLDERER,
    WELDER,
    experience,
    seeker,
    vacancy,
)

from matching.config import Settings
from matching.occupations import Taxonomy
from matching.records import LanguageSkill, WorkExperience
from matching.rules.scoring import (
    LEVEL_MINOR,
    LEVEL_RELATED,
    LEVEL_SAME,
    LEVEL_SUB_MAJOR,
    LEVEL_UNIT,
    NotFittedError,
    OccupationFit,
    PairScorer,
    Weights,
    language_credit,
    years_factor,
)

ELECTRICIAN = OCC + "4910419f-b4af-4f59-b544-9dbebc8a74f0"  # 7411, broader of ...
BUILDING_ELECTRICIAN = OCC + "33960bab-4423-4808-af6c-ec2b485dba41"  # 7411
AUTOMOTIVE_ELECTRICIAN = OCC + "6656337f-67eb-4f48-b1e4-ecccdfa44dd2"  # 7412
BUS_DRIVER = OCC + "00cee175-1376-43fb-9f02-ba3d7a910a58"  # 8331
TRAM_DRIVER = OCC + "03e02554-15d1-4697-960c-8909e7d36f7e"  # 8331


@pytest.fixture(scope="module")
def scorer(builtin_taxonomy: Taxonomy) -> PairScorer:
    return PairScorer().fit(builtin_taxonomy)


def assess(scorer, person, job, sim=None):
    return scorer.assess(scorer.profile_seeker(person), scorer.profile_vacancy(job), sim)


def occupation_of(scorer, taxonomy, target, job, years=5.0):
    person = seeker(experience=[experience(target, years, taxonomy)])
    return assess(scorer, person, job).components.occupation


def test_occupation_levels_follow_the_hierarchy(scorer, builtin_taxonomy):
    job = vacancy(esco_uri=ELECTRICIAN, isco_group="7411", title="elektryk")
    levels = [
        occupation_of(scorer, builtin_taxonomy, target, job)
        for target in (ELECTRICIAN, BUILDING_ELECTRICIAN, "7411", AUTOMOTIVE_ELECTRICIAN, "7421")
    ]
    assert levels == [LEVEL_SAME, LEVEL_RELATED, LEVEL_UNIT, LEVEL_MINOR, LEVEL_SUB_MAJOR]
    assert occupation_of(scorer, builtin_taxonomy, COOK, job) == 0.0


def test_same_unit_group_qualifies_only_with_most_essential_skills(scorer, builtin_taxonomy):
    # a solderer holds few of a welder's essential skills: a related trade, never qualified
    person = seeker(experience=[experience(SOLDERER, 5, builtin_taxonomy)])
    a = assess(scorer, person, vacancy())
    assert a.components.occupation == LEVEL_MINOR and a.fit is OccupationFit.RELATED_TRADE
    assert not a.plausible and a.related_trade and a.relevant_years == 0
    assert scorer.skill_share_of(builtin_taxonomy.essential_skills(SOLDERER), WELDER) < 0.5
    # a tram driver holds most of a bus driver's: qualifies at the unit-group level
    assert TRAM_DRIVER in scorer.close_occupations(BUS_DRIVER)
    assert scorer.skill_share_of(builtin_taxonomy.essential_skills(TRAM_DRIVER), BUS_DRIVER) >= 0.5
    bus = vacancy(esco_uri=BUS_DRIVER, isco_group="8331", title="kierowca autobusu")
    tram = assess(scorer, seeker(experience=[experience(TRAM_DRIVER, 5, builtin_taxonomy)]), bus)
    assert tram.fit is OccupationFit.SHARED_SKILLS and tram.plausible
    assert tram.components.occupation == LEVEL_UNIT and tram.relevant_years == 5
    # a higher threshold makes the tram driver a related trade
    strict = PairScorer(skill_share=1.0).fit(builtin_taxonomy)
    person = seeker(experience=[experience(TRAM_DRIVER, 5, builtin_taxonomy)])
    assert assess(strict, person, bus).related_trade


def test_scheme_widening_is_stated_and_off_when_emptied(builtin_taxonomy):
    picker = vacancy(esco_uri=None, isco_group="9211", title="zbieracz owoców")
    worker = seeker(experience=[WorkExperience(title="x", years=3, isco_group="9213")])
    widened = PairScorer().fit(builtin_taxonomy)
    a = assess(widened, worker, picker)
    assert a.plausible and a.fit is OccupationFit.SCHEME and a.relevant_years == 3
    assert "scheme rule for ISCO 921" in widened.fit_rule(widened.profile_vacancy(picker))
    plain = PairScorer(scheme_widening={}).fit(builtin_taxonomy)
    assert assess(plain, worker, picker).related_trade
    with pytest.raises(ValueError):
        PairScorer(scheme_widening={"92": 7}).fit(builtin_taxonomy)


def test_isco_only_vacancy_takes_any_occupation_of_its_group(scorer, builtin_taxonomy):
    job = vacancy(esco_uri=None, isco_group="7212")
    assert occupation_of(scorer, builtin_taxonomy, SOLDERER, job) == LEVEL_SAME
    job_by_uri = vacancy(esco_uri="http://data.europa.eu/esco/isco/C7212", isco_group=None)
    assert occupation_of(scorer, builtin_taxonomy, WELDER, job_by_uri) == LEVEL_SAME


def test_years_weight_the_best_item(scorer, builtin_taxonomy):
    assert years_factor(0) == pytest.approx(0.7) and years_factor(5) == years_factor(12) == 1.0
    short = occupation_of(scorer, builtin_taxonomy, WELDER, vacancy(), years=1)
    long = occupation_of(scorer, builtin_taxonomy, WELDER, vacancy(), years=4)
    assert short < long < 1.0
    person = seeker(
        experience=[
            experience(WELDER, 0.5, builtin_taxonomy),
            WorkExperience(title="x", years=8, isco_group="7212"),
        ]
    )
    a = assess(scorer, person, vacancy())
    # best of 1.0 × 0.73 (half a year as welder) and 0.7 × 1.0 (8 years in ISCO 7212)
    assert a.components.occupation == pytest.approx(years_factor(0.5))
    assert a.relevant_years == 8.5
    solderer = seeker(
        experience=[*person.experience[:1], experience(SOLDERER, 8, builtin_taxonomy)]
    )
    assert assess(scorer, solderer, vacancy()).relevant_years == 0.5  # a related trade's years


def test_text_similarity_is_blended_into_occupation(scorer, builtin_taxonomy):
    person = seeker(experience=[WorkExperience(title="x", years=5, isco_group="7212")])
    plain = assess(scorer, person, vacancy()).components
    blended = assess(scorer, person, vacancy(), sim=0.9).components
    assert blended.occupation == pytest.approx(0.8 * LEVEL_UNIT + 0.2 * 0.9)
    assert blended.text_similarity == 0.9 and plain.text_similarity is None
    assert assess(scorer, person, vacancy(), sim=-0.3).components.occupation == pytest.approx(
        0.8 * LEVEL_UNIT
    )


def test_essential_skills_weigh_more_than_optional(scorer, builtin_taxonomy):
    essential = [builtin_taxonomy.skill_label(s) for s in builtin_taxonomy.essential_skills(WELDER)]
    optional = [builtin_taxonomy.skill_label(s) for s in builtin_taxonomy.optional_skills(WELDER)]
    k = 5
    with_essential = assess(scorer, seeker(skills=essential[:k]), vacancy()).components.skills
    with_optional = assess(scorer, seeker(skills=optional[:k]), vacancy()).components.skills
    assert with_essential == pytest.approx(2 * with_optional)
    assert 0 < with_optional < with_essential < 1


def test_skills_implied_by_occupation_and_free_text(scorer, builtin_taxonomy):
    welder = seeker(experience=[experience(WELDER, 3, builtin_taxonomy)])
    a = assess(scorer, welder, vacancy())
    essential = set(builtin_taxonomy.essential_skills(WELDER))
    assert not essential & set(a.missing_skills)  # a welder holds the welder's essential skills
    assert a.components.skills > 0.2
    assert a.declared_skill_share == 0 and a.inferred_skill_share > 0.4
    listed = seeker(skills=["  WELDING techniques "])
    b = assess(scorer, listed, vacancy())
    uri = scorer.lookup_skill("welding techniques")
    assert uri in b.matched_skills and uri not in b.missing_skills
    assert scorer.lookup_skill("welding technique") == uri  # inflected
    assert scorer.lookup_skill("quantum chromodynamics") is None  # no shared word stem


def test_inferred_skills_count_less_than_declared(builtin_taxonomy):
    from matching.rules.scoring import PairScorer

    essential = list(builtin_taxonomy.essential_skills(WELDER))
    inferred = seeker(experience=[experience(WELDER, 3, builtin_taxonomy)])
    declared = seeker(experience=[experience(WELDER, 3, builtin_taxonomy)], skills=essential)
    for credit in (0.0, 0.5, 1.0):
        scorer = PairScorer(inferred_skill_credit=credit).fit(builtin_taxonomy)
        a = assess(scorer, inferred, vacancy())
        b = assess(scorer, declared, vacancy())
        assert a.components.skills == pytest.approx(credit * b.components.skills)
        assert b.declared_skill_share == pytest.approx(b.components.skills)


def test_skills_in_six_languages_map_to_the_same_esco_skill(scorer):
    forklift = scorer.lookup_skill("operate forklift")
    for text in (
        "ავტოჩამტვირთველის მართვა",
        "работа на погрузчике",
        "obsługa wózka widłowego",
        "Gabelstapler fahren",
        "forklift driving",
        "נהיגה על מלגזה",
    ):
        assert scorer.lookup_skill(text) == forklift, text


def test_missing_skills_rank_the_vacancys_own_first_then_essential(scorer, builtin_taxonomy):
    job = vacancy(required_skills=["укладка плитки"])
    a = assess(scorer, seeker(), job)
    tiles = scorer.lookup_skill("lay tiles")
    assert a.missing_skills[0] == tiles
    weights = [scorer.profile_vacancy(job).skill_weights[s] for s in a.missing_skills]
    assert weights == sorted(weights, reverse=True)  # essential before optional


def test_vacancy_without_skills_scores_skills_one(scorer):
    job = vacancy(esco_uri=None, isco_group=None, title="praca")
    assert assess(scorer, seeker(), job).components.skills == 1.0


def test_experience_against_minimum(scorer, builtin_taxonomy):
    job = vacancy(min_experience_years=4)
    two = seeker(experience=[experience(WELDER, 2, builtin_taxonomy)])
    assert assess(scorer, two, job).components.experience == 0.5
    minor = seeker(experience=[WorkExperience(title="x", years=4, isco_group="7213")])
    assert assess(scorer, minor, job).relevant_years == 0.0  # a related trade counts nothing
    assert assess(scorer, seeker(), vacancy()).components.experience == 0.0


def test_language_partial_credit_one_level_below(scorer):
    assert [language_credit(h, 3) for h in (4, 3, 2, 1, 0)] == [1, 1, 0.5, 0, 0]
    job = vacancy(
        required_languages=[
            LanguageSkill(language="pl", level="B1"),
            LanguageSkill(language="de", level="A2"),
        ]
    )
    person = seeker(languages=[LanguageSkill(language="pl", level="A2")])
    assert assess(scorer, person, job).components.language == 0.25
    assert assess(scorer, seeker(), vacancy()).components.language == 1.0


def test_total_is_the_weighted_mean_with_settings_weights(builtin_taxonomy):
    settings = Settings(
        weight_occupation=1, weight_skills=0, weight_experience=0, weight_language=0
    )
    only_occupation = PairScorer.from_settings(settings).fit(builtin_taxonomy)
    person = seeker(experience=[WorkExperience(title="x", years=5, isco_group="7212")])
    c = assess(only_occupation, person, vacancy()).components
    assert c.total == c.occupation == LEVEL_UNIT
    assert Weights.from_settings(Settings()) == Weights()


def test_gender_name_region_age_never_enter_a_score(scorer, builtin_taxonomy):
    items = [experience(WELDER, 3, builtin_taxonomy)]
    base = assess(scorer, seeker(experience=items), vacancy()).components
    for change in (
        {"gender": "male"},
        {"full_name": "გიორგი"},
        {"region": "Adjara"},
        {"birth_date": date(1965, 1, 1)},
    ):
        assert assess(scorer, seeker(experience=items, **change), vacancy()).components == base


def test_unfitted_scorer_raises():
    with pytest.raises(NotFittedError):
        PairScorer().profile_seeker(seeker())

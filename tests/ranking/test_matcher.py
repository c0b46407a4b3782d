"""The matcher: retrieval equals brute force, gates hold, near misses, both directions,
invariance to gender and to gendered vacancy titles."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_population import (
    COOK,
    MOVING_DRIVER,
    SEASON,
    SOLDERER,
    TODAY,
    WELDER,
    experience,
    random_seekers,
    random_vacancies,
    seeker,
    vacancy,
)

from matching.config import Settings
from matching.errors import NotFittedError, NotFoundError
from matching.index import HashingEncoder
from matching.occupations import Taxonomy
from matching.ranking.matcher import Matcher
from matching.records import (
    Certificate,
    Consent,
    DrivingLicence,
    Gender,
    JobSeeker,
    LanguageSkill,
    Vacancy,
)
from matching.rules.gates import check_gates


@pytest.fixture(scope="module")
def population(builtin_taxonomy: Taxonomy) -> list[JobSeeker]:
    return random_seekers(builtin_taxonomy, 1200, seed=3)


@pytest.fixture(scope="module")
def vacancies(builtin_taxonomy: Taxonomy) -> list[Vacancy]:
    return random_vacancies(builtin_taxonomy, 40, seed=4)


@pytest.fixture(scope="module")
def matcher(population, builtin_taxonomy) -> Matcher:
    return Matcher(today=TODAY).fit(population, builtin_taxonomy)


def same_lists(a, b):
    assert a.vacancy_id == b.vacancy_id
    assert a.job_seeker_ids == b.job_seeker_ids
    np.testing.assert_allclose([m.score for m in a.matches], [m.score for m in b.matches])
    assert [n.job_seeker_id for n in a.near_misses] == [n.job_seeker_id for n in b.near_misses]
    assert [n.gaps for n in a.near_misses] == [n.gaps for n in b.near_misses]
    assert (a.n_considered, a.n_qualified) == (b.n_considered, b.n_qualified)
    assert np.array_equal(a.qualified_rows, b.qualified_rows)
    related = [(r.job_seeker_id, r.trade, r.shared_skills, r.retraining) for r in a.related_trades]
    assert related == [
        (r.job_seeker_id, r.trade, r.shared_skills, r.retraining) for r in b.related_trades
    ]
    np.testing.assert_allclose(
        [r.score for r in a.related_trades], [r.score for r in b.related_trades]
    )
    assert a.fit_rule == b.fit_rule


def test_retrieval_equals_brute_force_and_pairwise(matcher, vacancies):
    fast = matcher.batch_match_vacancies(vacancies, k=15)
    brute = matcher.score_all(vacancies, k=15)
    assert any(sl.near_misses for sl in fast) and sum(sl.n_qualified for sl in fast) > 100
    assert any(sl.related_trades for sl in fast)
    for i, vac in enumerate(vacancies):
        same_lists(fast[i], brute[i])
        same_lists(fast[i], matcher.match_pairwise(vac, k=15))
        for m in fast[i].matches:
            assert m.components == brute[i].matches[m.rank - 1].components


@pytest.mark.parametrize(
    ("depth", "skill_share", "widening"),
    [(2, 0.5, None), (4, 0.5, None), (3, 0.0, {}), (3, 1.0, {"7": 1, "83": 2})],
)
def test_retrieval_equals_brute_force_at_other_depths(
    population, vacancies, builtin_taxonomy, depth, skill_share, widening
):
    m = Matcher(
        today=TODAY, min_isco_depth=depth, skill_share=skill_share, scheme_widening=widening
    ).fit(population[:500], builtin_taxonomy)
    fast = m.batch_match_vacancies(vacancies[:15], k=10)
    # Two empty lists agree: the comparison means something only with people in them.
    assert sum(len(sl.matches) + len(sl.near_misses) for sl in fast) > 10
    for a, b, vac in zip(fast, m.score_all(vacancies[:15], k=10), vacancies[:15], strict=True):
        same_lists(a, b)
        same_lists(a, m.match_pairwise(vac, k=10))


@pytest.mark.parametrize("use_vector_index", [False, True])
def test_retrieval_with_encoder_equals_brute_force(
    population, vacancies, builtin_taxonomy, use_vector_index
):
    m = Matcher(
        today=TODAY,
        encoder=HashingEncoder(dim=256),
        text_threshold=0.3,
        use_vector_index=use_vector_index,
        text_candidates=len(population),  # the index then returns everyone: exact
    ).fit(population, builtin_taxonomy)
    fast = m.batch_match_vacancies(vacancies[:20], k=10)
    brute = m.score_all(vacancies[:20], k=10)
    assert sum(len(sl.matches) for sl in fast) > 20  # two empty lists would agree too
    for a, b in zip(fast, brute, strict=True):
        same_lists(a, b)
    assert all(x.components.text_similarity is not None for sl in fast for x in sl.matches)
    plain = Matcher(today=TODAY).fit(population, builtin_taxonomy)
    considered = [sl.n_considered for sl in plain.batch_match_vacancies(vacancies[:20])]
    # the text speaks only for people the taxonomy cannot place: never a related trade
    assert sum(sl.n_considered for sl in fast) >= sum(considered)


def test_nobody_gated_out_is_shortlisted_and_near_misses_are_closable(matcher, vacancies):
    for sl, vac in zip(matcher.batch_match_vacancies(vacancies, k=50), vacancies, strict=True):
        for m in sl.matches:
            failures = check_gates(
                matcher.population_.job_seekers[matcher.population_.row_of[m.job_seeker_id]],
                vac,
                on=sl.on,
                relevant_years=matcher.assess(vac, m.job_seeker_id).relevant_years,
            )
            assert failures == []
        for n in sl.near_misses:
            assert n.gaps and all(g.closable for g in n.gaps)
            assert {g.kind.value for g in n.gaps}.isdisjoint({"consent", "age"})
            assert n.job_seeker_id not in sl.job_seeker_ids


# --- property test: random people and requirements, no gated-out person is shortlisted ---
_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1))
_levels = st.integers(min_value=1, max_value=6)


@st.composite
def people_and_vacancy(draw):
    people = []
    n = draw(st.integers(min_value=1, max_value=25))
    for i in range(n):
        langs = draw(st.dictionaries(st.sampled_from(["pl", "de", "he"]), _levels, max_size=2))
        certs = draw(
            st.lists(
                st.builds(
                    Certificate,
                    kind=st.just("welding"),
                    code=st.sampled_from(["135", "141"]),
                    valid_until=st.none() | _dates,
                ),
                max_size=2,
            )
        )
        cats = draw(st.sets(st.sampled_from(["B", "C", "CE", "C1", "D"]), max_size=2))
        people.append(
            seeker(
                f"P{i}",
                birth_date=draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2010, 1, 1))),
                gender=draw(st.sampled_from(list(Gender))),
                consent=draw(
                    st.sampled_from(
                        [Consent(given=True, date=date(2025, 1, 1)), Consent(given=False)]
                    )
                ),
                available_from=draw(st.none() | _dates),
                destination_preferences=draw(
                    st.lists(st.sampled_from(["PL", "DE", "IL"]), max_size=2)
                ),
                languages=[LanguageSkill(language=k, level=v) for k, v in langs.items()],
                certificates=certs,
                driving_licence=(
                    DrivingLicence(
                        categories=cats,
                        code95=draw(st.booleans()),
                        valid_until=draw(st.none() | _dates),
                    )
                    if cats
                    else None
                ),
                experience=[
                    experience(uri, draw(st.sampled_from([0, 0.5, 1, 2, 4])), TAXONOMY)
                    for uri in draw(
                        st.lists(
                            st.sampled_from([WELDER, SOLDERER, COOK, "7213", "7233"]), max_size=2
                        )
                    )
                ],
            )
        )
    job = vacancy(
        destination_country=draw(st.sampled_from(["PL", "DE"])),
        season_start=draw(st.none() | _dates),
        min_experience_years=draw(st.sampled_from([0, 1, 2])),
        required_languages=[
            LanguageSkill(language=k, level=v)
            for k, v in draw(
                st.dictionaries(st.sampled_from(["pl", "de"]), _levels, max_size=2)
            ).items()
        ],
        required_driving=draw(st.lists(st.sampled_from(["B", "C", "CE"]), max_size=1)),
        requires_code95=draw(st.booleans()),
        required_certificates=draw(
            st.lists(
                st.builds(
                    Certificate, kind=st.just("welding"), code=st.sampled_from(["135", "141"])
                ),
                max_size=1,
            )
        ),
    )
    return people, job


TAXONOMY: Taxonomy | None = None


@pytest.fixture(autouse=True, scope="module")
def _taxonomy_for_strategies(builtin_taxonomy):
    global TAXONOMY
    TAXONOMY = builtin_taxonomy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=people_and_vacancy())
def test_property_no_gated_out_person_is_shortlisted(case):
    people, job = case
    m = Matcher(today=TODAY).fit(people, TAXONOMY)
    sl = m.match_vacancy(job, k=len(people))
    by_id = {p.external_id: p for p in people}
    for match in sl.matches:
        a = m.assess(job, match.job_seeker_id)
        assert a.failures == () and a.plausible
        assert (
            check_gates(by_id[match.job_seeker_id], job, on=sl.on, relevant_years=a.relevant_years)
            == []
        )
    for near in sl.near_misses:
        assert all(g.closable for g in near.gaps)
    shortlisted = set(sl.job_seeker_ids) | {n.job_seeker_id for n in sl.near_misses}
    for p in people:
        a = m.assess(job, p.external_id)
        if p.external_id not in shortlisted and a.plausible:
            assert a.failures and not a.near_miss
    same_lists(sl, m.match_pairwise(job, k=len(people)))


def test_near_miss_names_the_gap_and_what_closes_it(builtin_taxonomy):
    people = [
        seeker(
            "A",
            experience=[experience(WELDER, 4, builtin_taxonomy)],
            languages=[LanguageSkill(language="pl", level="A2")],
        ),
        seeker(
            "B",
            experience=[experience(WELDER, 9, builtin_taxonomy)],
            languages=[LanguageSkill(language="pl", level="A1")],
        ),
        seeker(
            "C",
            experience=[experience(WELDER, 9, builtin_taxonomy)],
            consent=Consent(given=False),
            languages=[LanguageSkill(language="pl", level="B2")],
        ),
        seeker(
            "D",
            experience=[experience(WELDER, 9, builtin_taxonomy)],
            birth_date=date(2009, 1, 1),
            languages=[LanguageSkill(language="pl", level="B2")],
        ),
        seeker(
            "E",
            experience=[experience(COOK, 9, builtin_taxonomy)],
            languages=[LanguageSkill(language="pl", level="B2")],
        ),
    ]
    job = vacancy(required_languages=[LanguageSkill(language="pl", level="A2")])
    sl = Matcher(today=TODAY).fit(people, builtin_taxonomy).match_vacancy(job)
    assert sl.job_seeker_ids == ["A"]
    assert [n.job_seeker_id for n in sl.near_misses] == ["B"]
    assert (
        sl.near_misses[0].explanation.gap_summary
        == "qualifies except: Polish A1, needs A2 (Polish course A1→A2)"
    )
    assert sl.n_considered == 4  # the cook is not a candidate for a welder vacancy
    assert sl.matches[0].explanation.reasons[0] == "4 years as welder (ESCO: welder, ISCO 7212)"


def test_match_job_seeker_agrees_with_shortlists(matcher, vacancies, population):
    shortlists = matcher.batch_match_vacancies(vacancies, k=len(population), explanations=False)
    for person in population[:60]:
        recs = matcher.match_job_seeker(person, vacancies, k=len(vacancies))
        expected = {
            sl.vacancy_id: m.score
            for sl in shortlists
            for m in sl.matches
            if m.job_seeker_id == person.external_id
        }
        assert {m.vacancy_id: m.score for m in recs.matches} == pytest.approx(expected)
        scores = [m.score for m in recs.matches]
        assert scores == sorted(scores, reverse=True)
        near = {
            sl.vacancy_id
            for sl in shortlists
            for n in sl.near_misses
            if n.job_seeker_id == person.external_id
        }
        assert near <= {n.vacancy_id for n in recs.near_misses}


def test_match_job_seeker_for_a_new_person_with_an_encoder(builtin_taxonomy, population, vacancies):
    m = Matcher(today=TODAY, encoder=HashingEncoder(dim=128)).fit(
        population[:200], builtin_taxonomy
    )
    newcomer = seeker(
        "NEW",
        experience=[experience(MOVING_DRIVER, 5, builtin_taxonomy)],
        driving_licence=DrivingLicence(categories=["CE"], code95=True),
    )
    recs = m.match_job_seeker(newcomer, vacancies, k=5)
    assert recs.matches and all(x.components.text_similarity is not None for x in recs.matches)
    assert recs.matches[0].explanation.reasons[0].startswith("5 years as moving truck driver")


def test_changing_only_gender_changes_no_ranking(population, vacancies, builtin_taxonomy):
    genders = list(Gender)
    flipped = [
        p.model_copy(update={"gender": genders[(genders.index(p.gender) + 1) % len(genders)]})
        for p in population
    ]
    a = (
        Matcher(today=TODAY)
        .fit(population, builtin_taxonomy)
        .batch_match_vacancies(vacancies, k=30)
    )
    b = Matcher(today=TODAY).fit(flipped, builtin_taxonomy).batch_match_vacancies(vacancies, k=30)
    for x, y in zip(a, b, strict=True):
        assert x.job_seeker_ids == y.job_seeker_ids
        assert [m.score for m in x.matches] == [m.score for m in y.matches]


@pytest.fixture(scope="module")
def normalizer(builtin_taxonomy):
    from matching.occupations.normalizer import TitleNormalizer

    return TitleNormalizer().fit(builtin_taxonomy)


@pytest.mark.parametrize(
    "titles",
    [("spawacz", "spawaczka"), ("Schweißer", "Schweißer/in"), ("Schweißer", "Schweißerin (m/w/d)")],
)
def test_gendered_title_changes_no_ranking(titles, normalizer, population, builtin_taxonomy):
    m = Matcher(today=TODAY, encoder=HashingEncoder(dim=256)).fit(population, builtin_taxonomy)
    results = []
    for title in titles:
        top = normalizer.normalize(title).top
        job = vacancy(
            title=title,
            esco_uri=top.uri,
            isco_group=top.isco_group,
            description="MAG, konstrukcje stalowe",
        )
        results.append(m.match_vacancy(job, k=30))
    assert results[0].job_seeker_ids == results[1].job_seeker_ids
    assert [x.score for x in results[0].matches] == [x.score for x in results[1].matches]


def test_per_vacancy_k_and_errors(matcher, vacancies, builtin_taxonomy):
    lists = matcher.batch_match_vacancies(vacancies[:3], k=[1, 2, 3], explanations=False)
    assert [len(sl.matches) <= k for sl, k in zip(lists, [1, 2, 3], strict=True)] == [True] * 3
    assert all(m.explanation is None for sl in lists for m in sl.matches)
    with pytest.raises(ValueError):
        matcher.batch_match_vacancies(vacancies[:3], k=[1, 2])
    with pytest.raises(NotFittedError):
        Matcher().match_vacancy(vacancies[0])
    with pytest.raises(ValueError):
        Matcher().fit([seeker("X"), seeker("X")], builtin_taxonomy)
    with pytest.raises(NotFoundError):
        matcher.assess(vacancies[0], "nobody")
    assert len(matcher.match_vacancy(vacancies[0]).matches) <= Settings().shortlist_size


def test_uncoded_vacancy_considers_everyone(matcher, population):
    job = vacancy(esco_uri=None, isco_group=None, title="praca sezonowa", season_start=SEASON)
    sl = matcher.match_vacancy(job)
    assert sl.n_considered == len(population)
    same_lists(sl, matcher.score_all([job])[0])


def test_an_agency_pool_is_ranked_and_near_missed_within_itself(population, builtin_taxonomy):
    # Half the people belong to agency A; its shortlist must be what a matcher fitted on
    # A's people alone gives, near misses included (not A's share of everyone's top).
    people = [
        p.model_copy(update={"agency": "A" if i % 2 else "B"}) for i, p in enumerate(population)
    ]
    everyone = Matcher(today=TODAY, near_miss_size=3).fit(people, builtin_taxonomy)
    alone = Matcher(today=TODAY, near_miss_size=3).fit(
        [p for p in people if p.agency == "A"], builtin_taxonomy
    )
    rows = everyone.rows_of_agency("A")
    assert len(rows) == len(population) // 2 and len(everyone.rows_of_agency("C")) == 0
    vacancies = random_vacancies(builtin_taxonomy, 25, seed=9)
    pooled = everyone.batch_match_vacancies(vacancies, k=8, among=rows)
    for own, reference in zip(pooled, alone.batch_match_vacancies(vacancies, k=8), strict=True):
        assert own.job_seeker_ids == reference.job_seeker_ids
        assert [m.rank for m in own.matches] == list(range(1, len(own.matches) + 1))
        np.testing.assert_allclose(own.scores, reference.scores)
        near = [n.job_seeker_id for n in own.near_misses]
        assert near == [n.job_seeker_id for n in reference.near_misses]
        assert (own.n_considered, own.n_qualified) == (
            reference.n_considered,
            reference.n_qualified,
        )
    assert sum(len(sl.near_misses) for sl in pooled) > 0


def test_related_trades_are_listed_apart_with_what_they_share(matcher, vacancies):
    shortlists = matcher.batch_match_vacancies(vacancies, k=50)
    seen = 0
    for sl, vac in zip(shortlists, vacancies, strict=True):
        shortlisted = set(sl.job_seeker_ids) | {n.job_seeker_id for n in sl.near_misses}
        for r in sl.related_trades:
            seen += 1
            assert r.job_seeker_id not in shortlisted
            a = matcher.assess(vac, r.job_seeker_id)
            assert a.related_trade and not a.plausible and all(g.closable for g in r.gaps)
            assert r.explanation is not None and "related trade" in r.explanation.reasons[0]
            assert set(r.shared_skills).isdisjoint(r.retraining)
        assert sl.fit_rule.startswith("qualifies: ") or sl.fit_rule.startswith("uncoded")
    assert seen


def test_declared_skills_in_any_language_and_a_skill_encoder_keep_matcher_equal_to_oracle(
    builtin_taxonomy,
):
    from matching.skills import SkillMapper

    people = random_seekers(builtin_taxonomy, 300, seed=8)
    written = ["ელექტროშედუღება; ნახაზების კითხვა", "работа на погрузчике", "Altenpflege"]
    people = [
        p.model_copy(update={"skills": [*p.skills, written[i % 3]]}) if i % 2 else p
        for i, p in enumerate(people)
    ]
    mapper = SkillMapper(HashingEncoder(dim=64), encoder_weight=0.3)
    matcher = Matcher(Settings(inferred_skill_credit=0.3), today=TODAY, skill_mapper=mapper).fit(
        people, builtin_taxonomy
    )
    assert matcher.scorer_.inferred_skill_credit == 0.3
    for v in random_vacancies(builtin_taxonomy, 12, seed=9):
        same_lists(matcher.match_vacancy(v), matcher.match_pairwise(v))

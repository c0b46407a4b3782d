"""Allocation: nobody promised twice, capacities kept, optimal ≥ greedy, reserve lists."""

from __future__ import annotations

import pytest
from matching_population import (
    SOLDERER,
    TODAY,
    WELDER,
    experience,
    random_seekers,
    random_vacancies,
    seeker,
    vacancy,
)

from matching.ranking.allocation import allocate, allocate_greedy
from matching.ranking.matcher import Matcher
from matching.records import DemandList


@pytest.fixture(scope="module")
def matcher(builtin_taxonomy) -> Matcher:
    return Matcher(today=TODAY).fit(
        random_seekers(builtin_taxonomy, 1500, seed=7), builtin_taxonomy
    )


@pytest.fixture(scope="module")
def demand(builtin_taxonomy):
    return random_vacancies(builtin_taxonomy, 40, seed=8)


def check_valid(result, matcher, vacancies):
    people = [m.job_seeker_id for v in result.vacancies for m in v.assigned]
    assert len(people) == len(set(people)), "someone is promised twice"
    assert result.filled == len(people)
    shortlists = {
        sl.vacancy_id: sl
        for sl in matcher.batch_match_vacancies(vacancies, k=10_000, explanations=False)
    }
    for va, vac in zip(result.vacancies, vacancies, strict=True):
        assert va.vacancy_id == vac.external_id and va.filled <= vac.positions
        qualified = set(shortlists[va.vacancy_id].job_seeker_ids)
        assert {m.job_seeker_id for m in va.assigned} <= qualified
        assert {r.job_seeker_id for r in va.reserve}.isdisjoint(
            m.job_seeker_id for m in va.assigned
        )
    assert result.total_fit == pytest.approx(
        sum(m.score for v in result.vacancies for m in v.assigned)
    )


@pytest.mark.parametrize("seed", [8, 9, 10])
def test_optimal_beats_or_equals_greedy_and_never_assigns_twice(matcher, builtin_taxonomy, seed):
    vacancies = random_vacancies(builtin_taxonomy, 40, seed=seed)
    optimal = allocate(matcher, vacancies)
    greedy = allocate_greedy(matcher, vacancies)
    check_valid(optimal, matcher, vacancies)
    check_valid(greedy, matcher, vacancies)
    assert optimal.total_fit >= greedy.total_fit - 1e-9
    assert optimal.method == "optimal" and greedy.method == "greedy"


def test_milp_equals_linear_sum_assignment(matcher, demand):
    a = allocate(matcher, demand, method="milp")
    b = allocate(matcher, demand, method="assignment")
    assert a.total_fit == pytest.approx(b.total_fit)
    with pytest.raises(ValueError):
        allocate(matcher, demand, method="simplex")


def test_optimal_resolves_the_conflict_greedy_gets_wrong(builtin_taxonomy):
    # W can do both jobs, S only the soldering one; greedy gives the first job to W and
    # leaves the second empty, the optimum gives each job a person.
    people = [
        seeker(
            "W",
            experience=[
                experience(WELDER, 6, builtin_taxonomy),
                experience(SOLDERER, 6, builtin_taxonomy),
            ],
        ),
        seeker("S", experience=[experience(SOLDERER, 1, builtin_taxonomy)]),
    ]
    m = Matcher(today=TODAY, min_isco_depth=4).fit(people, builtin_taxonomy)
    jobs = DemandList(
        external_id="DL-1",
        destination_country="PL",
        vacancies=[
            vacancy("V-SOLD", esco_uri=SOLDERER, title="lutowacz"),
            vacancy("V-WELD", esco_uri=WELDER, title="spawacz", min_experience_years=3),
        ],
    )
    greedy = allocate_greedy(m, jobs)
    optimal = allocate(m, jobs)
    assert greedy.assignments() == {"W": "V-SOLD"} and greedy.filled == 1
    assert optimal.assignments() == {"W": "V-WELD", "S": "V-SOLD"} and optimal.filled == 2
    assert optimal.total_fit > greedy.total_fit
    # the reserve of V-SOLD lists W, marked as allocated elsewhere
    sold = optimal.vacancies[0]
    assert [(r.job_seeker_id, r.allocated_to) for r in sold.reserve] == [("W", "V-WELD")]


def test_reserve_lists_free_people_first(matcher, demand):
    result = allocate(matcher, demand, reserve_size=8)
    allocated = result.assignments()
    for va in result.vacancies:
        assert len(va.reserve) <= 8
        flags = [r.allocated_to is not None for r in va.reserve]
        assert flags == sorted(flags), "free people come before people allocated elsewhere"
        for r in va.reserve:
            assert r.allocated_to == allocated.get(r.job_seeker_id)
        assert [r.rank for r in va.reserve] == list(range(1, len(va.reserve) + 1))


def test_explanations_on_request(matcher, demand):
    result = allocate(matcher, demand[:5], explanations=True)
    assigned = [m for v in result.vacancies for m in v.assigned]
    assert assigned and all(m.explanation is not None and m.explanation.reasons for m in assigned)


def test_pools_made_beforehand_give_the_same_allocation(matcher, demand):
    # A batch run has each vacancy's shortlist at the pool's depth already.
    depths = [v.positions * 3 + 10 + 5 for v in demand]  # pool_factor 3, pool_extra 10, reserve 5
    made = matcher.batch_match_vacancies(demand, depths, explanations=False)
    again = allocate(matcher, demand, reserve_size=5)
    reused = allocate(matcher, demand, reserve_size=5, pools=[sl.pool() for sl in made])
    assert reused.vacancies == again.vacancies and reused.total_fit == again.total_fit
    with pytest.raises(ValueError, match="same order"):
        allocate(matcher, demand, reserve_size=5, pools=[sl.pool() for sl in made[::-1]])
    shallow = matcher.batch_match_vacancies(demand, 1, explanations=False)
    assert any(sl.n_qualified > 1 for sl in shallow)
    with pytest.raises(ValueError, match="allocation pool needs"):
        allocate(matcher, demand, reserve_size=5, pools=[sl.pool() for sl in shallow])

"""Incremental refit: a matcher updated with new, changed and removed people answers
exactly as one fitted afresh on the same people in the same order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_population import TODAY, random_seekers, random_vacancies

from matching.index import HashingEncoder
from matching.occupations import Taxonomy
from matching.ranking.matcher import Matcher
from matching.records import JobSeeker, Vacancy


@pytest.fixture(scope="module")
def people(builtin_taxonomy: Taxonomy) -> list[JobSeeker]:
    return random_seekers(builtin_taxonomy, 300, seed=11)


@pytest.fixture(scope="module")
def others(builtin_taxonomy: Taxonomy) -> list[JobSeeker]:
    """Other records: new people and changed versions of the first ones come from here."""
    return random_seekers(builtin_taxonomy, 300, seed=12)


@pytest.fixture(scope="module")
def vacancies(builtin_taxonomy: Taxonomy) -> list[Vacancy]:
    return random_vacancies(builtin_taxonomy, 25, seed=13)


def identical(a, b) -> None:
    """Two shortlists are the same list: ids, ranks, scores, gaps, counts and rows."""
    assert [(m.job_seeker_id, m.rank, m.score) for m in a.matches] == [
        (m.job_seeker_id, m.rank, m.score) for m in b.matches
    ]
    assert [m.components for m in a.matches] == [m.components for m in b.matches]
    assert [(n.job_seeker_id, n.score, n.gaps) for n in a.near_misses] == [
        (n.job_seeker_id, n.score, n.gaps) for n in b.near_misses
    ]
    assert [(r.job_seeker_id, r.score, r.retraining) for r in a.related_trades] == [
        (r.job_seeker_id, r.score, r.retraining) for r in b.related_trades
    ]
    assert (a.n_considered, a.n_qualified) == (b.n_considered, b.n_qualified)
    assert np.array_equal(a.rows, b.rows)
    assert np.array_equal(a.qualified_rows, b.qualified_rows)


def edited(
    people: list[JobSeeker], others: list[JobSeeker], data: st.DataObject, tag: str
) -> tuple[list[JobSeeker], list[str], list[JobSeeker]]:
    """Random edits: (given people, removed ids, everyone after, in fit order)."""
    n = len(people)
    removed = data.draw(st.sets(st.integers(0, n - 1), max_size=15), label="removed")
    changed = data.draw(st.sets(st.integers(0, n - 1), max_size=20), label="changed")
    new = data.draw(st.integers(0, 20), label="new")
    given = []
    for i in sorted(changed):  # someone else's record under this person's id
        other = others[data.draw(st.integers(0, len(others) - 1))]
        given.append(other.model_copy(update={"external_id": people[i].external_id}))
    starts = data.draw(st.integers(0, len(others) - new))
    given += [
        o.model_copy(update={"external_id": f"{tag}-{o.external_id}"})
        for o in others[starts : starts + new]
    ]
    given = data.draw(st.permutations(given), label="order")
    after = {p.external_id: p for i, p in enumerate(people) if i not in removed - changed}
    for g in given:
        after[g.external_id] = g  # a changed person keeps their place, a new one goes last
    return given, [people[i].external_id for i in removed], list(after.values())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_update_equals_a_fresh_fit(people, others, vacancies, builtin_taxonomy, data):
    matcher = Matcher(today=TODAY).fit(people, builtin_taxonomy)
    rounds = data.draw(st.integers(1, 3), label="rounds")
    current = people
    for round_ in range(rounds):
        given, removed, current = edited(current, others, data, f"NEW{round_}")
        matcher.update(given, removed)
    fresh = Matcher(today=TODAY).fit(current, builtin_taxonomy)
    assert matcher.population_.ids == fresh.population_.ids
    for a, b in zip(
        matcher.batch_match_vacancies(vacancies, k=15),
        fresh.batch_match_vacancies(vacancies, k=15),
        strict=True,
    ):
        identical(a, b)
    agency = next((p.agency for p in current if p.agency), None)
    if agency is not None:
        among = matcher.rows_of_agency(agency)
        assert np.array_equal(among, fresh.rows_of_agency(agency))
        identical(
            matcher.match_vacancy(vacancies[0], among=among),
            fresh.match_vacancy(vacancies[0], among=fresh.rows_of_agency(agency)),
        )
    person = current[len(current) // 2]
    a = matcher.match_job_seeker(person, vacancies, 10)
    b = fresh.match_job_seeker(person, vacancies, 10)
    assert a == b


@pytest.mark.parametrize("use_vector_index", [False, True])
def test_update_with_an_encoder_equals_a_fresh_fit(
    people, others, vacancies, builtin_taxonomy, use_vector_index
):
    options = {
        "today": TODAY,
        "encoder": HashingEncoder(dim=128),
        "text_threshold": 0.3,
        "use_vector_index": use_vector_index,
        "text_candidates": 700,
    }
    matcher = Matcher(**options).fit(people, builtin_taxonomy)
    changed = [others[0].model_copy(update={"external_id": people[5].external_id})]
    new = [o.model_copy(update={"external_id": f"NEW-{o.external_id}"}) for o in others[1:30]]
    matcher.update(changed + new, [people[0].external_id, people[7].external_id])
    after = [
        p for p in people if p.external_id not in {people[0].external_id, people[7].external_id}
    ]
    after[4] = changed[0]
    fresh = Matcher(**options).fit(after + new, builtin_taxonomy)
    assert matcher.population_.ids == fresh.population_.ids
    np.testing.assert_array_equal(matcher.text_vectors_, fresh.text_vectors_)
    for a, b in zip(
        matcher.batch_match_vacancies(vacancies, k=10),
        fresh.batch_match_vacancies(vacancies, k=10),
        strict=True,
    ):
        identical(a, b)


def test_update_refuses_repeated_ids(people, builtin_taxonomy):
    from matching.errors import InvalidInputError

    matcher = Matcher(today=TODAY).fit(people[:10], builtin_taxonomy)
    with pytest.raises(InvalidInputError):
        matcher.update([people[20], people[20]])
    assert len(matcher) == 10  # nothing half-applied

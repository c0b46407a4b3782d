"""Age limits, availability windows, multi-level language gaps, exclusion counts, the
pair verdict, and an allocation that skips engaged people and blocked vacancies."""

from __future__ import annotations

from datetime import date

import pytest
from matching_population import SEASON, TODAY, WELDER, experience, seeker, vacancy

from matching.config import Settings
from matching.occupations import Taxonomy
from matching.ranking import Matcher
from matching.ranking.allocation import allocate
from matching.ranking.exclusions import gate_exclusions, nearest_people, pair_verdict
from matching.records import Certificate, LanguageSkill
from matching.rules.gates import GateKind, GatePolicy, check_gates


def welder(i: int, taxonomy: Taxonomy, **fields) -> object:
    base = {
        "experience": [experience(WELDER, 3 + i, taxonomy)],
        "certificates": [Certificate(kind="welding", code="135")],
        "languages": [LanguageSkill(language="pl", level="B1")],
    }
    return seeker(f"GE-{i}", **{**base, **fields})


@pytest.fixture
def people(builtin_taxonomy: Taxonomy) -> list:
    return [
        welder(1, builtin_taxonomy),
        welder(2, builtin_taxonomy),
        welder(3, builtin_taxonomy, birth_date=date(1960, 1, 1)),  # 66 in 2026
        welder(4, builtin_taxonomy, available_until=date(2026, 6, 30)),
        welder(5, builtin_taxonomy, languages=[LanguageSkill(language="pl", level="A1")]),
        welder(6, builtin_taxonomy, languages=[]),  # no Polish at all: three levels short
    ]


@pytest.fixture
def matcher(people, builtin_taxonomy: Taxonomy) -> Matcher:
    return Matcher(Settings(esco_dir=None), today=TODAY).fit(people, builtin_taxonomy)


def test_age_limits_and_the_availability_window_are_gates(people) -> None:
    job = vacancy(max_age=60, season_end=date(2026, 9, 30))
    reasons = {p.external_id: check_gates(p, job, on=SEASON) for p in people[:4]}
    assert reasons["GE-1"] == [] and reasons["GE-2"] == []
    [age] = reasons["GE-3"]
    assert age.kind is GateKind.AGE and age.params == {
        "age": 66, "on": "2026-05-01", "maximum": 60,
    }  # fmt: skip
    [until] = reasons["GE-4"]
    assert until.kind is GateKind.AVAILABILITY and "season ends 2026-09-30" in until.reason
    young = check_gates(people[0], vacancy(min_age=40), on=SEASON)
    assert young[0].params["minimum"] == 40


def test_the_matcher_applies_them_like_the_reference(matcher: Matcher) -> None:
    job = vacancy(
        max_age=60,
        season_end=date(2026, 9, 30),
        required_languages=[LanguageSkill(language="pl", level="A2")],
        required_certificates=[Certificate(kind="welding", code="135")],
    )
    fast = matcher.match_vacancy(job, k=10)
    slow = matcher.match_pairwise(job, k=10)
    assert fast.job_seeker_ids == slow.job_seeker_ids == ["GE-2", "GE-1"]
    assert [n.job_seeker_id for n in fast.near_misses] == [
        n.job_seeker_id for n in slow.near_misses
    ]


def test_several_language_levels_are_a_near_miss_with_the_weeks_they_take() -> None:
    policy = GatePolicy.from_settings(Settings(esco_dir=None))
    assert policy.language_levels_closable == 2
    person = seeker(languages=[LanguageSkill(language="pl", level="A1")])
    [gap] = check_gates(person, vacancy(required_languages=[{"language": "pl", "level": "B1"}]),
                        on=SEASON, policy=policy)  # fmt: skip
    assert gap.closable and gap.remedy == "Polish course A1→B1 (about 22 weeks)"
    assert gap.params["weeks"] == 22 and gap.params["levels"] == 2
    [far] = check_gates(person, vacancy(required_languages=[{"language": "pl", "level": "B2"}]),
                        on=SEASON, policy=policy)  # fmt: skip
    assert not far.closable and far.remedy is None
    assert policy.training_weeks(0, 2) == 18  # A0→A2: 8 + 10


def test_exclusions_are_counted_per_requirement(matcher: Matcher) -> None:
    job = vacancy(
        max_age=60,
        season_end=date(2026, 9, 30),
        required_languages=[LanguageSkill(language="pl", level="A2")],
    )
    counted = gate_exclusions(matcher, job, engaged={"GE-1"})
    assert counted.considered == 6 and counted.qualified == 1  # GE-2; GE-1 is engaged
    summary = counted.summary()
    assert summary.startswith("6 considered, 1 qualified: ")
    for part in ("2 no Polish A2", "1 over 60", "1 not available until 2026-09-30",
                 "1 engaged elsewhere"):  # fmt: skip
        assert part in summary
    nearest = nearest_people(matcher, job, k=2)
    assert len(nearest) == 2 and all(p.gaps for p in nearest)


def test_the_full_verdict_of_a_pair(matcher: Matcher) -> None:
    job = vacancy(required_languages=[LanguageSkill(language="pl", level="A2")])
    verdict = pair_verdict(matcher, job, "GE-5")
    assert verdict.verdict == "near_miss"
    kinds = {g.kind: g for g in verdict.gates}
    assert kinds["consent"].passed and not kinds["language"].passed
    assert kinds["consent"].reason == "consent given 2026-01-10"  # what a passed gate saw
    assert kinds["age"].reason == "aged 36 on 2026-05-01"
    assert kinds["language"].remedy == "Polish course A1→A2"
    assert pair_verdict(matcher, job, "GE-1", engaged_to="PL-9").verdict == "engaged"
    assert pair_verdict(matcher, job, "GE-1", blocked=True).verdict == "blocked"
    assert pair_verdict(matcher, job, "GE-1").verdict == "qualified"


def test_allocation_skips_engaged_people_and_blocked_vacancies(matcher: Matcher) -> None:
    demand = [vacancy("PL-A", positions=2), vacancy("PL-FEE", positions=2)]
    free = allocate(matcher, demand)
    assert free.filled == 4
    held = allocate(matcher, demand, engaged={"GE-6": "DE-1", "GE-5": "PL-Z"}, blocked={"PL-FEE"})
    first, fee = held.vacancies
    assert fee.assigned == () and fee.reserve == ()
    assigned = {m.job_seeker_id for m in first.assigned}
    assert assigned.isdisjoint({"GE-5", "GE-6"}) and len(assigned) == 2
    reserve = {r.job_seeker_id: r.allocated_to for r in first.reserve}
    assert reserve.get("GE-6") == "DE-1"  # shown as engaged, last
    assert first.reserve[-1].job_seeker_id in {"GE-5", "GE-6"}


def test_exclusion_counts_equal_the_pairwise_reference(builtin_taxonomy: Taxonomy) -> None:
    from matching_population import random_seekers, random_vacancies

    from matching.ranking.exclusions import gate_exclusions_pairwise

    people = random_seekers(builtin_taxonomy, 400, seed=11)
    m = Matcher(Settings(esco_dir=None), today=TODAY).fit(people, builtin_taxonomy)
    engaged = {p.external_id for p in people[::7]}
    for job in random_vacancies(builtin_taxonomy, 25, seed=12):
        job = job.model_copy(update={"max_age": 50, "season_end": date(2026, 10, 1)})
        fast = gate_exclusions(m, job, engaged=engaged)
        slow = gate_exclusions_pairwise(m, job, engaged=engaged)
        assert fast == slow, job.external_id

"""Fairness reports: rates against the qualified pool, the four-fifths rule, small groups."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matching_population import TODAY, random_seekers, random_vacancies, seeker

from matching.ranking.allocation import allocate
from matching.ranking.fairness import allocation_fairness, fairness_report, shortlist_fairness
from matching.ranking.matcher import Matcher


@pytest.fixture(scope="module")
def small(builtin_taxonomy) -> Matcher:
    people = [
        seeker(f"F{i}", gender="female", region="Adjara", birth_date=date(2000, 1, 1))
        for i in range(10)
    ] + [
        seeker(f"M{i}", gender="male", region="Guria", birth_date=date(1970, 1, 1))
        for i in range(10)
    ]
    people.append(seeker("O", gender="other", region=None, birth_date=None))
    return Matcher(today=TODAY).fit(people, builtin_taxonomy)


def test_rates_ratios_and_four_fifths_flag(small):
    report = fairness_report(small, np.arange(3, 12), np.arange(21), on=date(2026, 5, 1))
    gender = {r.group: r for r in report.by("gender")}
    assert (gender["female"].qualified, gender["female"].selected) == (10, 7)
    assert (gender["male"].qualified, gender["male"].selected) == (10, 2)
    assert gender["female"].ratio == 1.0 and not gender["female"].flagged
    assert gender["male"].ratio == pytest.approx(2 / 7) and gender["male"].flagged
    assert gender["male"].p_value < 0.1 < 0.5 < gender["female"].p_value
    # a group of one is reported but never flagged or used as the reference
    assert gender["other"].qualified == 1 and not gender["other"].flagged
    assert {r.group for r in report.by("region")} == {"Adjara", "Guria", "unknown"}
    bands = {r.group: r.qualified for r in report.by("age_band")}
    assert bands == {"25-34": 10, "55+": 10, "unknown": 1}
    assert report.flagged and all(r.flagged for r in report.flagged)
    assert (report.selected, report.qualified) == (9, 21)


def test_equal_rates_are_not_flagged(small):
    rows = np.r_[np.arange(0, 5), np.arange(10, 15)]
    report = fairness_report(small, rows, np.arange(20), on=TODAY)
    assert report.flagged == ()


def test_shortlist_and_allocation_reports(builtin_taxonomy):
    people = random_seekers(builtin_taxonomy, 1000, seed=11)
    vacancies = random_vacancies(builtin_taxonomy, 20, seed=12)
    m = Matcher(today=TODAY).fit(people, builtin_taxonomy)
    shortlists = m.batch_match_vacancies(vacancies, k=10, explanations=False)
    one = shortlist_fairness(m, shortlists[0])
    assert one.subject == f"shortlist {shortlists[0].vacancy_id}"
    assert one.selected == len(shortlists[0].matches) and one.qualified == shortlists[0].n_qualified
    batch = shortlist_fairness(m, shortlists)
    assert batch.selected == sum(len(s.matches) for s in shortlists)
    assert batch.qualified == sum(s.n_qualified for s in shortlists)
    assert all(0 <= r.rate <= 1 for r in batch.rates)
    result = allocate(m, vacancies)
    report = allocation_fairness(m, result)
    assert report.selected == result.filled and report.qualified == len(result.qualified_rows)

"""The statistics' qualified people are the matcher's, among the people registered in the
vacancy's occupation (both apply the reference gates; the matcher is their fast path)."""

from __future__ import annotations

from matching.config import Settings
from matching.ranking.matcher import Matcher
from matching.statistics import Sources
from matching.statistics._assess import assess_supply
from matching.synth.generator import PopulationGenerator


def test_qualified_supply_agrees_with_the_matcher(builtin_taxonomy):
    population = (
        PopulationGenerator(seed=2, vacancies_per_country=4).fit(builtin_taxonomy).generate(800)
    )
    today = population.reference_date
    matcher = Matcher(Settings(esco_dir=None, _env_file=None), today=today)
    matcher.fit(population.job_seekers, builtin_taxonomy)
    shortlists = matcher.score_all(population.vacancies, explanations=False)
    supplies = assess_supply(Sources.of(population.job_seekers, population.vacancies, today=today))
    assert sum(len(s.qualified) for s in supplies) > 50  # not trivially empty
    for shortlist, supply in zip(shortlists, supplies, strict=True):
        by_matcher = {matcher.population_.ids[r] for r in shortlist.qualified_rows}
        assert by_matcher & supply.registered == supply.qualified, shortlist.vacancy_id
        assert len(supply.qualified) <= shortlist.n_qualified

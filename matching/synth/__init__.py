"""A seeded synthetic population: Georgian job seekers and destination demand lists.

The job seekers look like registrations at the State Employment Support Agency and
private agencies: Georgian, Azerbaijani and Armenian names in Georgian script, weighted
by region (Tbilisi about a third; Kvemo Kartli and Samtskhe-Javakheti with their
Azerbaijani and Armenian communities), 11-digit personal numbers, trades weighted toward
those the circular-migration schemes recruit (welders, C+E drivers, bricklayers, carers,
farm workers ...), experience titles typed the way people type them (Georgian script,
Latin-typed Georgian or Russian, with typos), CEFR levels, licences with Code 95 for
drivers, ISO 9606 welding certificates, forklift tickets, destination preferences,
availability and consent (mostly given).

The demand lists are ads from Poland, Germany, Israel, Estonia, France and Lithuania in
their own languages, with gender markers, cities, local wages, season dates, and a few
that charge the worker a fee or come through an unlicensed agency. Each vacancy carries
its true ESCO occupation and hard requirements.

**Known-qualified candidates.** For every vacancy, the generator records the job seekers
who meet its hard requirements (:func:`qualifies`): active consent; the destination among
their preferences (or none stated); available by the start date; experience in the
vacancy's ISCO unit group of at least the minimum years; every required language at the
required CEFR level or above; every required licence category, and Code 95 if required;
every required certificate, valid on the start date. Ranking quality is measured
against these sets.

Generation is deterministic in ``seed`` and works in fixed chunks of
:data:`CHUNK_SIZE` seekers, each from its own random stream: the first ``k`` seekers
of any population with the same seed are the same, and a million seekers are generated
lazily, chunk by chunk, with the attributes that decide qualification drawn as numpy
arrays and the qualified sets computed on those arrays.

Example:
    >>> population = PopulationGenerator(seed=7).fit().generate(200)
    >>> countries = {d.destination_country for d in population.demand_lists}
    >>> len(population.job_seekers), sorted(countries)
    (200, ['DE', 'EE', 'FR', 'IL', 'LT', 'PL'])
    >>> vacancy = population.demand_lists[0].vacancies[0]
    >>> seekers = {s.external_id: s for s in population.job_seekers}
    >>> all(qualifies(seekers[i], vacancy) for i in population.qualified[vacancy.external_id])
    True
"""

from matching.synth.command import SynthSummary, synth_command
from matching.synth.generator import (
    PopulationGenerator,
    SeekerChunk,
    SyntheticPopulation,
    qualifies,
)
from matching.synth.trades import REFERENCE_DATE, TRADES, Trade

__all__ = [
    "REFERENCE_DATE",
    "TRADES",
    "PopulationGenerator",
    "SeekerChunk",
    "SynthSummary",
    "SyntheticPopulation",
    "Trade",
    "qualifies",
    "synth_command",
]

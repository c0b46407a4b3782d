"""Each open vacancy against the people registered in its occupation, once per call.

"Registered supply" of a vacancy is the people with experience in its occupation who
would go to its destination; "qualified supply" those of them who pass every gate.
People are indexed by occupation once, so each vacancy checks the gates of its own
occupation's people only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from matching.records import JobSeeker, Vacancy
from matching.rules.gates import GateFailure
from matching.statistics._records import Sources, gate_failures, wants


@dataclass(frozen=True)
class VacancySupply:
    """One vacancy's registered people, and the gates each of them fails.

    Attributes:
        vacancy: The vacancy.
        failures: Registered person's external id → the gates they fail (empty: qualified).
    """

    vacancy: Vacancy
    failures: dict[str, list[GateFailure]]

    @property
    def registered(self) -> set[str]:
        return set(self.failures)

    @property
    def qualified(self) -> set[str]:
        return {pid for pid, failed in self.failures.items() if not failed}


def _by_occupation(seekers: list[JobSeeker]) -> dict[str, list[JobSeeker]]:
    """People under each ESCO occupation URI and ISCO unit group of their experience."""
    index: dict[str, list[JobSeeker]] = defaultdict(list)
    for seeker in seekers:
        keys = {e.esco_uri for e in seeker.experience if e.esco_uri}
        keys |= {f"isco:{e.isco_group}" for e in seeker.experience if e.isco_group}
        for key in keys:
            index[key].append(seeker)
    return index


def assess_supply(sources: Sources) -> list[VacancySupply]:
    """Every vacancy of ``sources`` with its registered and qualified people (computed once
    for the same records, day and policy)."""
    key = (
        tuple(map(id, sources.job_seekers)),
        tuple(map(id, sources.vacancies)),
        sources.today,
        sources.policy,
    )
    memo = sources._memo
    if memo.get("key") == key:
        return memo["supply"]  # type: ignore[return-value]
    out = _assess(sources)
    # The records are kept with the result: while they live, no other object has their id.
    memo.update(key=key, records=(tuple(sources.job_seekers), tuple(sources.vacancies)))
    memo["supply"] = out
    return out


def _assess(sources: Sources) -> list[VacancySupply]:
    index = _by_occupation(sources.job_seekers)
    out = []
    for vacancy in sources.vacancies:
        if vacancy.esco_uri is not None:
            people = index.get(vacancy.esco_uri, [])
        elif vacancy.isco_group is not None:
            people = index.get(f"isco:{vacancy.isco_group}", [])
        else:
            people = []
        failures = {
            seeker.external_id: gate_failures(seeker, vacancy, sources.today, sources.policy)
            for seeker in people
            if wants(seeker, vacancy.destination_country)
        }
        out.append(VacancySupply(vacancy, failures))
    return out

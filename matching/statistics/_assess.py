"""Each open vacancy against the people registered in its occupation, once per call.

"Registered supply" of a vacancy is the people with experience in its occupation who
would go to its destination; "qualified supply" those of them who pass every gate.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.records import JobSeeker, Vacancy
from matching.rules.gates import GateFailure
from matching.statistics._records import Sources, gate_failures, in_occupation, wants


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


def assess_supply(sources: Sources) -> list[VacancySupply]:
    """Every vacancy of ``sources`` with its registered and qualified people."""
    by_id: dict[str, JobSeeker] = {s.external_id: s for s in sources.job_seekers}
    out = []
    for vacancy in sources.vacancies:
        failures = {
            pid: gate_failures(seeker, vacancy, sources.today, sources.policy)
            for pid, seeker in by_id.items()
            if in_occupation(seeker, vacancy) and wants(seeker, vacancy.destination_country)
        }
        out.append(VacancySupply(vacancy, failures))
    return out

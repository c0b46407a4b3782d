"""All the checks of one vacancy before anyone is sent: :func:`check_vacancy`.

Fair recruitment binds (ILO C181 art. 7, the ILO General Principles for Fair
Recruitment): a vacancy that charges the worker any fee, or whose agency is not active
on the register, is *blocked*: it gets no allocation and is never recommended without
its warning. A wage below the destination's statutory minimum, a season shorter than
the contract, travel or housing at the worker's cost and a fee the scheme wants
declared but the list does not declare are flagged, not blocked.

Example:
    >>> from datetime import date
    >>> from matching.records import Vacancy
    >>> v = Vacancy(external_id="PL-9", destination_country="PL", title="Spawacz",
    ...             worker_fee=500, worker_fee_currency="EUR")
    >>> checks = check_vacancy(v, on=date(2026, 5, 1))
    >>> checks.blocked, [(f.code, f.params["amount"]) for f in checks.blocking]
    (True, [('worker_fee', '500 €')])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from matching.agencies.register import AgencyRegister
from matching.policy.findings import Finding, money
from matching.policy.wages import MinimumWage, wage_findings
from matching.records import Vacancy

if TYPE_CHECKING:  # matching.schemes imports matching.policy.findings
    from matching.config import Settings
    from matching.schemes import Scheme


@dataclass(frozen=True)
class VacancyChecks:
    """A vacancy as its scheme reads it, and what was found.

    Attributes:
        vacancy: The vacancy with its scheme's requirements applied (Code 95 ...).
        findings: Every finding, blocking ones first.
        binding: Whether blocking findings block (the policy in Settings).
    """

    vacancy: Vacancy
    findings: tuple[Finding, ...]
    binding: bool = True

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def blocked(self) -> bool:
        """No allocation, no recommendation without its warning."""
        return self.binding and bool(self.blocking)


def fair_recruitment_findings(
    vacancy: Vacancy,
    *,
    on: date,
    register: AgencyRegister | None = None,
) -> list[Finding]:
    """Fees charged to the worker; the agency's standing on the register."""
    findings: list[Finding] = []
    if vacancy.charges_worker_fee:
        amount = money(vacancy.worker_fee or 0, vacancy.worker_fee_currency)
        findings.append(Finding("worker_fee", {"amount": amount}, blocking=True))
    name = vacancy.agency
    if name and register is not None and len(register):
        found = register.resolve(name)
        if found.agency is None:
            findings.append(Finding("agency_unresolved", {"agency": name}, blocking=True))
        elif not found.agency.active_on(on):
            findings.append(
                Finding(
                    "agency_inactive",
                    {
                        "agency": name,
                        "licence": found.agency.licence_number,
                        "standing": found.agency.standing_on(on),
                        "on": on.isoformat(),
                    },
                    blocking=True,
                )
            )
    elif vacancy.agency_licensed is False:
        findings.append(
            Finding("unlicensed_agency", {"agency": name or "the recruiting agency"}, blocking=True)
        )
    return findings


def demand_list_findings(
    vacancies: Sequence[Vacancy], schemes: Mapping[str, Scheme] | None
) -> list[Finding]:
    """Findings about a whole demand list: fees undeclared where a scheme wants them declared."""
    undeclared: dict[str, int] = {}
    for v in vacancies:
        scheme = (schemes or {}).get(v.destination_country)
        if v.worker_fee is None and scheme is not None and scheme.fee_declaration_required:
            undeclared[scheme.name] = undeclared.get(scheme.name, 0) + 1
    return [
        Finding("fee_undeclared", {"scheme": name, "count": count, "total": len(vacancies)})
        for name, count in undeclared.items()
    ]


def contract_findings(vacancy: Vacancy) -> list[Finding]:
    """A season shorter than the contract; travel or housing at the worker's cost."""
    findings: list[Finding] = []
    if vacancy.season_start and vacancy.season_end and vacancy.contract_months:
        days = (vacancy.season_end - vacancy.season_start).days + 1
        if days + 3 < vacancy.contract_months * 30.4:
            findings.append(
                Finding(
                    "season_shorter_than_contract",
                    {
                        "start": vacancy.season_start.isoformat(),
                        "end": vacancy.season_end.isoformat(),
                        "days": days,
                        "months": vacancy.contract_months,
                    },
                )
            )
    if vacancy.travel_paid_by in ("worker", "shared"):
        findings.append(Finding("travel_paid_by_worker", {"paid_by": vacancy.travel_paid_by}))
    if vacancy.housing_paid_by in ("worker", "shared"):
        findings.append(Finding("housing_paid_by_worker", {"paid_by": vacancy.housing_paid_by}))
    return findings


def check_vacancy(
    vacancy: Vacancy,
    *,
    on: date,
    register: AgencyRegister | None = None,
    wages: Mapping[str, list[MinimumWage]] | None = None,
    schemes: Mapping[str, Scheme] | None = None,
    binding: bool = True,
) -> VacancyChecks:
    """Every check of one vacancy, with its destination's scheme applied.

    Args:
        vacancy: The vacancy.
        on: The day it is checked on (an agency's licence must be valid then).
        register: The agency register; without entries, ``agency_licensed`` decides.
        wages: Statutory minimum wages by country (:func:`load_minimum_wages`).
        schemes: Schemes by destination country (:func:`matching.schemes.load_schemes`).
        binding: The fair-recruitment policy (``Settings.fair_recruitment_binding``).
    """
    scheme = (schemes or {}).get(vacancy.destination_country)
    findings: list[Finding] = []
    if scheme is not None:
        vacancy, scheme_findings = scheme.apply(vacancy)
    else:
        scheme_findings = []
    findings += fair_recruitment_findings(vacancy, on=on, register=register)
    if wages is not None:
        findings += wage_findings(vacancy, dict(wages), vacancy.season_start or on)
    findings += contract_findings(vacancy)
    findings += scheme_findings
    findings.sort(key=lambda f: not f.blocking)
    return VacancyChecks(vacancy, tuple(findings), binding)


class VacancyPolicy:
    """The checks with their data loaded once: minimum wages, schemes, the register.

    Args:
        register: The agency register (``store.agency_register()``).
        wages: Minimum wages by country; the shipped table by default.
        schemes: Schemes by country; the shipped ones by default.
        binding: Whether blocking findings block.

    Example:
        >>> from datetime import date
        >>> from matching.records import Vacancy
        >>> policy = VacancyPolicy().fit()
        >>> policy.check(Vacancy(external_id="PL-2", destination_country="PL", title="Kierowca",
        ...     required_driving=["CE"]), on=date(2026, 5, 1)).vacancy.requires_code95
        True
    """

    def __init__(
        self,
        register: AgencyRegister | None = None,
        wages: Mapping[str, list[MinimumWage]] | None = None,
        schemes: Mapping[str, Scheme] | None = None,
        binding: bool = True,
    ):
        self.register = register
        self.wages = wages
        self.schemes = schemes
        self.binding = binding

    @classmethod
    def from_settings(
        cls, settings: Settings, register: AgencyRegister | None = None
    ) -> VacancyPolicy:
        """The policy the settings configure (data files, binding), fitted."""
        from matching.policy.wages import load_minimum_wages
        from matching.schemes import load_schemes

        return cls(
            register,
            load_minimum_wages(settings.minimum_wages_file),
            load_schemes(settings.schemes_dir),
            settings.fair_recruitment_binding,
        ).fit()

    def fit(self) -> VacancyPolicy:
        """Load the shipped data for whatever was not given; returns self."""
        from matching.policy.wages import load_minimum_wages
        from matching.schemes import load_schemes

        self.wages_ = self.wages if self.wages is not None else load_minimum_wages()
        self.schemes_ = self.schemes if self.schemes is not None else load_schemes()
        self.register_ = self.register if self.register is not None else AgencyRegister()
        return self

    def check_list(self, vacancies: Sequence[Vacancy]) -> list[Finding]:
        """:func:`demand_list_findings` with this policy's schemes."""
        return demand_list_findings(vacancies, self.schemes_)

    def check(self, vacancy: Vacancy, *, on: date) -> VacancyChecks:
        """:func:`check_vacancy` with this policy's data."""
        return check_vacancy(
            vacancy,
            on=on,
            register=self.register_,
            wages=self.wages_,
            schemes=self.schemes_,
            binding=self.binding,
        )

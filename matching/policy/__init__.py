"""Rules a vacancy must meet before anyone is sent: fair recruitment, wages, contract terms.

Each check returns :class:`Finding` records (a code and its values); a *blocking*
finding means the vacancy gets no allocation while the fair-recruitment policy binds
(``Settings.fair_recruitment_binding``, on by default). :func:`check_vacancy` runs them
all for one vacancy.
"""

from matching.policy.checks import VacancyChecks, VacancyPolicy, check_vacancy
from matching.policy.findings import MESSAGES, Finding, money, render
from matching.policy.wages import MinimumWage, load_minimum_wages, wage_findings

__all__ = [
    "MESSAGES",
    "Finding",
    "MinimumWage",
    "VacancyChecks",
    "VacancyPolicy",
    "check_vacancy",
    "load_minimum_wages",
    "money",
    "render",
    "wage_findings",
]

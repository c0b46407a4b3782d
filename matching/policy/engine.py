"""The checks as the engine's callers need them: with the stored register and the settings.

The CLI's ``matching match`` and ``matching explain``, and the API's recommendations
and candidate verdicts all ask the same two questions: what does the policy say about
these vacancies, and who is engaged elsewhere. Both are answered here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from matching.placements.records import Engagement
from matching.policy.checks import VacancyChecks, VacancyPolicy
from matching.records import Vacancy

if TYPE_CHECKING:
    from matching.ranking.exclusions import PairVerdict
    from matching.service import Engine


def policy_of(engine: Engine) -> VacancyPolicy:
    """The policy of the engine's settings, with the register as stored now."""
    return VacancyPolicy.from_settings(engine.settings, engine.store.open().agency_register())


def check_vacancies(
    engine: Engine, vacancies: Sequence[Vacancy], today: date | None = None
) -> dict[str, VacancyChecks]:
    """Vacancy id → its checks, each on its season start (or ``today``)."""
    policy = policy_of(engine)
    day = today or date.today()
    return {v.external_id: policy.check(v, on=v.season_start or day) for v in vacancies}


def engagement_of(engine: Engine, job_seeker_id: str) -> Engagement | None:
    """The person's engaged placement, if they are promised to a vacancy."""
    return engine.store.open().engaged_job_seekers().get(job_seeker_id)


def explain_pair(engine: Engine, vacancy_id: str, job_seeker_id: str) -> PairVerdict:
    """The full gate-by-gate verdict of one person for one vacancy, with the vacancy's
    scheme rules applied, its blocking findings and the person's engagement.

    Raises:
        NotFoundError: No such vacancy or person.
    """
    from matching.ranking.exclusions import pair_verdict

    store = engine.store.open()
    store.get_job_seeker(job_seeker_id)  # a missing person is NotFound, not a matcher error
    [coded] = engine.code_vacancies([engine.vacancy(vacancy_id)])
    today = engine.matcher_options.get("today")
    checks = check_vacancies(engine, [coded], today if isinstance(today, date) else None)[
        coded.external_id
    ]
    engaged = engagement_of(engine, job_seeker_id)
    return pair_verdict(
        engine.matcher(),
        checks.vacancy,
        job_seeker_id,
        engaged_to=engaged.vacancy_id if engaged else None,
        vacancy_findings=[f.message() for f in checks.findings],
        blocked=checks.blocked,
    )

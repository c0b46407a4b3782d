"""The checks as the engine's callers need them: with the stored register and the settings.

The CLI's ``matching match`` and ``matching explain``, and the API's recommendations
and candidate verdicts all ask the same two questions: what does the policy say about
these vacancies, and who is engaged elsewhere. Both are answered here, once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matching.config import Settings
from matching.placements.records import Engagement
from matching.policy.checks import VacancyChecks, VacancyPolicy
from matching.records import Vacancy

if TYPE_CHECKING:
    from matching.ranking.exclusions import PairVerdict
    from matching.service import Engine


_POLICY_DATA: dict[tuple[Any, ...], tuple[Mapping[str, Any], Mapping[str, Any]]] = {}
_POLICY_DATA_LOCK = threading.Lock()


def _data_files_state(settings: Settings) -> tuple[Any, ...] | None:
    """What the settings' wage table and scheme files are now (paths, sizes, times), or
    ``None`` when one cannot be read (the loaders then report it)."""
    try:
        files: list[Path] = []
        if settings.minimum_wages_file is not None:
            files.append(Path(settings.minimum_wages_file))
        if settings.schemes_dir is not None:
            directory = Path(settings.schemes_dir)
            files += [directory, *sorted(directory.glob("*.toml"))]
        return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return None


def _policy_data(settings: Settings) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The minimum wages and schemes the settings name, read once per state of their files
    (a shortlist asked of the API used to parse every scheme file again: about a third
    of the request's cost beside the matcher). Both are read-only once loaded."""
    from matching.policy.wages import load_minimum_wages
    from matching.schemes import load_schemes

    state = _data_files_state(settings)
    key = (settings.minimum_wages_file, settings.schemes_dir, state)
    with _POLICY_DATA_LOCK:
        cached = _POLICY_DATA.get(key) if state is not None else None
    if cached is not None:
        return cached
    loaded = (load_minimum_wages(settings.minimum_wages_file), load_schemes(settings.schemes_dir))
    with _POLICY_DATA_LOCK:
        if len(_POLICY_DATA) >= 8:
            _POLICY_DATA.clear()
        _POLICY_DATA[key] = loaded
    return loaded


def policy_of(engine: Engine) -> VacancyPolicy:
    """The policy of the engine's settings, with the register as stored now."""
    wages, schemes = _policy_data(engine.settings)
    register = engine.store.open().agency_register()
    return VacancyPolicy(register, wages, schemes, engine.settings.fair_recruitment_binding).fit()


def check_vacancies(
    engine: Engine, vacancies: Sequence[Vacancy], today: date | None = None
) -> dict[str, VacancyChecks]:
    """Vacancy id → its checks, each on its season start (or ``today``)."""
    policy = policy_of(engine)
    day = today or date.today()
    return {v.external_id: policy.check(v, on=v.season_start or day) for v in vacancies}


def engagement_of(engine: Engine, job_seeker_id: str) -> Engagement | None:
    """The person's engaged placement, if they are promised to a vacancy."""
    return engine.store.open().engaged_job_seekers([job_seeker_id]).get(job_seeker_id)


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

"""Liveness (no key needed) and counts (any role; an agency's own records)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep, PrincipalDep
from api.schemas import Health, StatsPublic
from api.security import Principal
from matching import __version__
from matching.service import Engine

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health)
def health(engine: EngineDep) -> Health:
    """The service is up and its database answers."""
    return Health(version=__version__, database_revision=engine.store.schema_revision())


def registry_counts(engine: Engine, principal: Principal) -> StatsPublic:
    """The counts ``principal`` may see: everything, or an agency's own records."""
    store, scope = engine.store, principal.scope
    vacancies = store.list_vacancies(scope=scope)
    if scope.everyone:
        return StatsPublic.from_counts(
            store.counts(),
            with_consent=store.count_job_seekers(consent_active=True),
            positions=sum(v.positions for v in vacancies),
        )
    return StatsPublic(
        job_seekers=store.count_job_seekers(scope=scope),
        job_seekers_with_consent=store.count_job_seekers(scope=scope, consent_active=True),
        vacancies=len(vacancies),
        positions=sum(v.positions for v in vacancies),
    )


@router.get("/stats", response_model=StatsPublic)
def stats(engine: EngineDep, principal: PrincipalDep) -> StatsPublic:
    """How many people (with active consent), vacancies and positions are stored."""
    return registry_counts(engine, principal)

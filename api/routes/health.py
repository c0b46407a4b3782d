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
    store = engine.store
    scope = principal.agency_scope
    vacancies = [v for v in store.list_vacancies() if principal.sees(v.agency)]
    positions = sum(v.positions for v in vacancies)
    if scope is None:
        return StatsPublic.from_counts(
            store.counts(),
            with_consent=store.count_job_seekers(consent_active=True),
            positions=positions,
        )
    return StatsPublic(
        job_seekers=store.count_job_seekers(agency=scope),
        job_seekers_with_consent=store.count_job_seekers(agency=scope, consent_active=True),
        vacancies=len(vacancies),
        positions=positions,
    )


@router.get("/stats", response_model=StatsPublic)
def stats(engine: EngineDep, principal: PrincipalDep) -> StatsPublic:
    """How many people (with active consent), vacancies and positions are stored."""
    return registry_counts(engine, principal)

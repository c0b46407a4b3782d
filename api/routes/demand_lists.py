"""Demand lists: the ministry's lists of vacancies from a destination, as received.

They carry no personal data and are published: every key reads them, and every agency
matches its own people against their vacancies (see :mod:`matching.scope`).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep, PrincipalDep
from api.schemas import DemandListPublic, DemandListSummary
from matching.records import ExternalId

router = APIRouter(prefix="/demand-lists", tags=["demand lists"])


@router.get("", response_model=list[DemandListSummary])
def list_demand_lists(
    engine: EngineDep, principal: PrincipalDep, destination_country: str | None = None
) -> list[DemandListSummary]:
    """Every stored demand list (optionally of one destination), with its size."""
    store = engine.store
    return [
        DemandListSummary.from_core(store.get_demand_list(list_id))
        for list_id in store.list_demand_list_ids(destination_country)
    ]


@router.get("/{demand_list_id}", response_model=DemandListPublic)
def get_demand_list(
    demand_list_id: ExternalId, engine: EngineDep, principal: PrincipalDep
) -> DemandListPublic:
    """A demand list with its vacancies in list order."""
    return DemandListPublic.model_validate(engine.store.get_demand_list(demand_list_id))

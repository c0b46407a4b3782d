"""Demand lists: the ministry's lists of vacancies from a destination, as received.

They carry no personal data and are published: every key reads them, and every agency
matches its own people against their vacancies (see :mod:`matching.scope`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import EngineDep, PageDep, PrincipalDep
from api.pagination import decode_cursor, encode_cursor, link_next
from api.schemas import DemandListPublic, DemandListSummary
from matching.records import ExternalId

_KIND = "demand-lists"  # the list a cursor belongs to

router = APIRouter(prefix="/demand-lists", tags=["demand lists"])


@router.get("", response_model=list[DemandListSummary])
def list_demand_lists(
    request: Request,
    response: Response,
    engine: EngineDep,
    principal: PrincipalDep,
    page: PageDep,
    destination_country: str | None = None,
) -> list[DemandListSummary]:
    """Stored demand lists (optionally of one destination), oldest first, with their
    sizes; ``limit`` at a time, the next page's cursor in the ``Link`` header."""
    store = engine.store
    after = None if page.after is None else decode_cursor(_KIND, page.after, (int,))[0]
    ids, key = store.page_demand_list_ids(destination_country, after=after, limit=page.limit)
    link_next(request, response, None if key is None else encode_cursor(_KIND, (key,)))
    return [DemandListSummary.from_core(store.get_demand_list(list_id)) for list_id in ids]


@router.get("/{demand_list_id}", response_model=DemandListPublic)
def get_demand_list(
    demand_list_id: ExternalId, engine: EngineDep, principal: PrincipalDep
) -> DemandListPublic:
    """A demand list with its vacancies in list order."""
    return DemandListPublic.model_validate(engine.store.get_demand_list(demand_list_id))

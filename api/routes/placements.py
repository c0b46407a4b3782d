"""Placements after the shortlist: record, list, move along the lifecycle.

Staff only (coordinators, agencies); an agency sees and moves the placements of its own
people only (others answer 404). An illegal move answers 409 naming the allowed
statuses; so does a second engagement of an engaged person. Every change is written to
the placement's history and to the audit log, naming the caller.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from api.deps import EngineDep, PageDep, StaffDep
from api.pagination import decode_cursor, encode_cursor, link_next
from api.placement_schemas import (
    PlacementChange,
    PlacementCreate,
    PlacementList,
    PlacementPublic,
)
from api.problems import Problem
from matching.placements.lifecycle import PlacementStatus
from matching.records import ExternalId

_KIND = "placements"  # the list a cursor belongs to

router = APIRouter(prefix="/placements", tags=["placements"])

PlacementId = Annotated[int, Path(ge=1, description="The placement's id.")]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PlacementPublic)
def create_placement(
    body: PlacementCreate, engine: EngineDep, principal: StaffDep, response: Response
) -> PlacementPublic:
    """Record a (person, vacancy) pair at its first status (``shortlisted`` by default)."""
    store = engine.store
    scope = principal.scope
    existing = store.list_placements(
        job_seeker_id=body.job_seeker_id, vacancy_id=body.vacancy_id, scope=scope
    )
    if existing:
        raise Problem(
            409,
            f"placement {existing[0].id} of this pair exists: PATCH /placements/{existing[0].id}",
            type="conflict",
            placement_id=existing[0].id,
        )
    placed = store.set_placement_status(
        body.job_seeker_id,
        body.vacancy_id,
        body.status,
        on=body.date,
        by=principal.name,
        note=body.note,
        scope=scope,
    )
    response.headers["Location"] = f"/placements/{placed.id}"
    return PlacementPublic.from_core(placed, store.placement_history(placed.id))


@router.get("", response_model=PlacementList)
def list_placements(
    request: Request,
    response: Response,
    engine: EngineDep,
    principal: StaffDep,
    page: PageDep,
    vacancy: Annotated[ExternalId | None, Query(description="A vacancy's id.")] = None,
    job_seeker: Annotated[ExternalId | None, Query(description="A person's id.")] = None,
    status: Annotated[PlacementStatus | None, Query(description="Only this status.")] = None,
) -> PlacementList:
    """Placements, oldest first, ``limit`` at a time after the cursor ``after`` (an
    agency's: those of its own people)."""
    filters = {
        "vacancy_id": vacancy,
        "job_seeker_id": job_seeker,
        "status": status,
        "scope": principal.scope,
    }
    store = engine.store
    total = len(store.list_placements(**filters))
    cursor = None
    if page.offset:  # deprecated: reads the rows it skips
        items = store.list_placements(**filters)[page.offset : page.offset + page.limit]
    else:
        after = None if page.after is None else decode_cursor(_KIND, page.after, (int,))[0]
        items = store.list_placements(**filters, after=after, limit=page.limit + 1)
        if len(items) > page.limit:
            items = items[: page.limit]
            cursor = encode_cursor(_KIND, (items[-1].id,))
    return PlacementList(
        total=total,
        items=[PlacementPublic.from_core(p) for p in items],
        next=link_next(request, response, cursor),
    )


@router.get("/{placement_id}", response_model=PlacementPublic)
def get_placement(
    placement_id: PlacementId, engine: EngineDep, principal: StaffDep
) -> PlacementPublic:
    """A placement with its history."""
    placed = engine.store.get_placement(placement_id, scope=principal.scope)
    return PlacementPublic.from_core(placed, engine.store.placement_history(placed.id))


@router.patch("/{placement_id}", response_model=PlacementPublic)
def change_placement(
    placement_id: PlacementId, body: PlacementChange, engine: EngineDep, principal: StaffDep
) -> PlacementPublic:
    """Move a placement to a new status (409 naming the allowed ones if it may not)."""
    placed = engine.store.change_placement(
        placement_id,
        body.status,
        on=body.date,
        by=principal.name,
        note=body.note,
        scope=principal.scope,
    )
    if placed.status is PlacementStatus.RETURNED:
        engine.people_written()  # the returnee's record changed: taken in incrementally
    return PlacementPublic.from_core(placed, engine.store.placement_history(placed.id))

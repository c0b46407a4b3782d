"""The register of licensed agencies: coordinators only.

An entry is known by its licence number. Vacancies name their agency as typed; batch
runs resolve the name against this register (Georgian or Latin spelling, or the licence
number) and give a vacancy whose agency is not active no allocation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from api.deps import CoordinatorDep, EngineDep, PageDep
from api.pagination import decode_cursor, encode_cursor, link_next
from api.placement_schemas import AgencyCreate, AgencyPatch, AgencyPublic
from api.problems import Problem
from matching.agencies.records import Agency
from matching.errors import NotFoundError

_KIND = "agencies"  # the list a cursor belongs to

router = APIRouter(prefix="/agencies", tags=["agencies"])

Licence = Annotated[str, Path(min_length=1, max_length=64, description="The licence number.")]


@router.get("", response_model=list[AgencyPublic])
def list_agencies(
    request: Request, response: Response, engine: EngineDep, _: CoordinatorDep, page: PageDep
) -> list[Agency]:
    """The register, by name, ``limit`` at a time; the next page's cursor in the ``Link``
    header."""
    after = None if page.after is None else decode_cursor(_KIND, page.after, (str, int))
    agencies, key = engine.store.page_agencies(after=after, limit=page.limit)  # type: ignore[arg-type]
    link_next(request, response, None if key is None else encode_cursor(_KIND, key))
    return agencies


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AgencyPublic)
def create_agency(
    body: AgencyCreate, engine: EngineDep, _: CoordinatorDep, response: Response
) -> Agency:
    """Add an agency to the register."""
    try:
        engine.store.get_agency(body.licence_number)
    except NotFoundError:
        pass
    else:
        raise Problem(409, f"agency {body.licence_number!r} already exists", type="conflict")
    engine.store.upsert_agencies([body])
    response.headers["Location"] = f"/agencies/{body.licence_number}"
    return engine.store.get_agency(body.licence_number)


@router.get("/{licence_number}", response_model=AgencyPublic)
def get_agency(licence_number: Licence, engine: EngineDep, _: CoordinatorDep) -> Agency:
    return engine.store.get_agency(licence_number)


@router.patch("/{licence_number}", response_model=AgencyPublic)
def patch_agency(
    licence_number: Licence, body: AgencyPatch, engine: EngineDep, _: CoordinatorDep
) -> Agency:
    """Change fields of an entry (its status, validity, contacts ...)."""
    current = engine.store.get_agency(licence_number)
    changed = Agency.model_validate({**current.model_dump(), **body.model_dump(exclude_unset=True)})
    engine.store.upsert_agencies([changed])
    return engine.store.get_agency(licence_number)

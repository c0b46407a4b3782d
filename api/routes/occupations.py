"""Titles to ESCO occupations: batch normalisation and a search box. Any role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import EngineDep, PrincipalDep
from api.schemas import NormalizedTitlePublic, NormalizeRequest, OccupationPublic

router = APIRouter(tags=["occupations"])


@router.post("/normalize", response_model=list[NormalizedTitlePublic])
def normalize_titles(
    body: NormalizeRequest, engine: EngineDep, principal: PrincipalDep
) -> list[NormalizedTitlePublic]:
    """Rank ESCO occupations for each job title (any language the taxonomy covers)."""
    return [NormalizedTitlePublic.from_core(t) for t in engine.normalize(body.titles, body.top_k)]


@router.get("/occupations/search", response_model=list[OccupationPublic])
def search_occupations(
    engine: EngineDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(min_length=1, max_length=300, description="A job title.")],
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
) -> list[OccupationPublic]:
    """Occupations whose labels match ``q``, best first."""
    (title,) = engine.normalize([q], top_k=limit)
    return [OccupationPublic.model_validate(m) for m in title]

"""An analyst's page: counts only, never a person."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import EngineDep
from api.routes.batches import RegistryDep
from api.routes.health import registry_counts
from api.web.auth import WebPrincipal
from api.web.rendering import render
from api.web.routing import BrowserRoute

router = APIRouter(route_class=BrowserRoute)


@router.get("/stats", response_class=Response)
def stats_page(
    request: Request, engine: EngineDep, registry: RegistryDep, principal: WebPrincipal
) -> Response:
    counts = registry_counts(engine, principal)
    # Runs are the ministry's (an agency has none): their counts name nobody.
    runs = registry.runs() if principal.scope.everyone else []
    done = [r for r in runs if r.state == "done"]
    context = {
        "counts": counts,
        "runs_done": len(done),
        "positions": sum(r.positions or 0 for r in done),
        "filled": sum(r.filled or 0 for r in done),
    }
    return render(request, "stats.html", context)

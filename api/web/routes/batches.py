"""A coordinator's batch runs: history, a new run, its live progress, its shortlists.

Runs are started and followed through the API's :class:`~api.routes.batches.BatchRegistry`;
downloads are the API's own ``/batches/{id}/files/{format}``, which accepts the session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from api.deps import Auditor, EngineDep
from api.problems import Problem
from api.routes.batches import BatchRegistry, RegistryDep
from api.schemas import BatchPublic
from api.web import forms
from api.web.auth import CsrfChecked, PageError, WebCoordinator
from api.web.rendering import render
from api.web.routing import BrowserRoute
from api.web.runs import (
    FORMATS,
    named_people,
    run_results,
    run_status,
    shortlist_of,
    vacancies_of,
)
from matching.i18n import N_

router = APIRouter(prefix="/batches", route_class=BrowserRoute)

RunId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{8,64}$")]
FLAG_NAMES = {
    "unknown_occupation": N_("occupation not recognised"),
    "low_confidence_occupation": N_("occupation uncertain: check it"),
    "worker_fee": N_("a fee is charged to the worker"),
    "unlicensed_agency": N_("recruiting agency not licensed"),
    "no_qualified_candidates": N_("nobody qualifies"),
}
GAP_NAMES = {
    "consent": N_("no active consent"),
    "age": N_("age"),
    "availability": N_("not available in time"),
    "destination": N_("does not want this country"),
    "driving": N_("driving licence"),
    "code95": N_("Code 95"),
    "certificate": N_("certificate"),
    "language": N_("language level"),
    "experience": N_("experience"),
}
STATE_NAMES = {
    "queued": N_("queued"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}


def _status(registry: BatchRegistry, run_id: str) -> BatchPublic:
    status = run_status(registry, run_id)
    if status is None:
        raise PageError(404, N_("There is no such run."))
    return status


@router.get("", response_class=Response)
def batch_history(request: Request, registry: RegistryDep, principal: WebCoordinator) -> Response:
    return render(request, "batches/list.html", {"runs": registry.runs(), "states": STATE_NAMES})


@router.get("/new", response_class=Response)
def new_batch(request: Request, principal: WebCoordinator) -> Response:
    countries = {c: forms.COUNTRY_NAMES[c] for c in forms.DESTINATIONS}
    return render(request, "batches/new.html", {"countries": countries, "error": None})


@router.post("/new", response_class=Response, dependencies=[CsrfChecked])
def start_batch(
    request: Request,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
    file: Annotated[UploadFile, File()],
    destination_country: Annotated[str, Form(pattern=r"^([A-Z]{2})?$")] = "",
) -> Response:
    try:
        run = registry.start(
            engine, file, principal.name, destination_country=destination_country or None
        )
    except Problem:
        countries = {c: forms.COUNTRY_NAMES[c] for c in forms.DESTINATIONS}
        context = {"countries": countries, "error": N_("Upload a CSV or XLSX file.")}
        return render(request, "batches/new.html", context, status_code=415)
    return RedirectResponse(f"/batches/{run.run_id}", status_code=303)


def _run_context(registry: BatchRegistry, run_id: str) -> dict:
    status = _status(registry, run_id)
    results = run_results(registry, run_id) if status.state == "done" else None
    return {
        "run": status,
        "results": results,
        "vacancies": vacancies_of(results) if results else [],
        "states": STATE_NAMES,
        "flag_names": FLAG_NAMES,
        "formats": [f for f in FORMATS if f in status.files],
    }


@router.get("/{run_id}", response_class=Response)
def run_page(
    request: Request, run_id: RunId, registry: RegistryDep, principal: WebCoordinator
) -> Response:
    return render(request, "batches/run.html", _run_context(registry, run_id))


@router.get("/{run_id}/progress", response_class=Response)
def run_progress(
    request: Request, run_id: RunId, registry: RegistryDep, principal: WebCoordinator
) -> Response:
    """The part of the run page htmx polls until the run has ended."""
    return render(request, "partials/run_progress.html", _run_context(registry, run_id))


@router.get("/{run_id}/vacancies/{index}", response_class=Response)
def shortlist_page(
    request: Request,
    run_id: RunId,
    index: Annotated[int, PathParam(ge=0, le=100_000)],
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
) -> Response:
    status = _status(registry, run_id)
    results = run_results(registry, run_id)
    result = shortlist_of(engine, results, index) if results else None
    if result is None:
        raise PageError(404, N_("This run has no such vacancy."))
    route = "GET /batches/{run_id}/vacancies/{index} (workspace)"
    Auditor(engine, principal, route).record(
        "read", named_people(result), detail={"run_id": run_id}
    )
    context = {
        "run": status,
        "result": result,
        "regions": forms.REGION_NAMES,
        "gap_names": GAP_NAMES,
        "flag_names": FLAG_NAMES,
        "countries": forms.COUNTRY_NAMES,
    }
    return render(request, "batches/shortlist.html", context)

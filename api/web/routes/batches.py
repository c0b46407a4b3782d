"""A coordinator's batch runs: history, a new list and its columns, live progress, results.

A new demand list is uploaded, its columns shown as read (``/batches/new/{token}``,
nothing stored) and confirmed, which starts the run through the API's
:class:`~api.routes.batches.BatchRegistry`; downloads are the API's own
``/batches/{id}/files/{format}``, which accepts the session. A vacancy's page lists its
allocated people, reserves and near misses with reasons and gaps in the reader's language
(:mod:`matching.rules.wording`), a placement status form per person, and "why not" for
anyone of the registry.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from api.deps import Auditor, EngineDep
from api.problems import Problem
from api.routes.batches import BatchRegistry, RegistryDep
from api.schemas import BatchPublic
from api.security import Principal
from api.web import demand_upload, forms
from api.web.auth import CsrfChecked, PageError, WebCoordinator
from api.web.people import PageNotFound, PeopleDesk
from api.web.rendering import render, request_language, request_translator
from api.web.routing import BrowserRoute
from api.web.runs import (
    FORMATS,
    VacancyResult,
    named_people,
    run_results,
    run_status,
    shortlist_of,
    vacancies_of,
)
from api.web.shortlists import PLACEMENT_NAMES, Wording, placements_of, verdict_of
from matching.errors import IllegalTransitionError, MatchingError
from matching.i18n import N_
from matching.placements import PlacementStatus

router = APIRouter(prefix="/batches", route_class=BrowserRoute)

RunId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{8,64}$")]
Token = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]
Index = Annotated[int, PathParam(ge=0, le=100_000)]
STATE_NAMES = {
    "queued": N_("queued"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}


def _status(registry: BatchRegistry, run_id: str, language: str | None = None) -> BatchPublic:
    status = run_status(registry, run_id, language)
    if status is None:
        raise PageError(404, N_("There is no such run."))
    return status


@router.get("", response_class=Response)
def batch_history(request: Request, registry: RegistryDep, principal: WebCoordinator) -> Response:
    return render(request, "batches/list.html", {"runs": registry.runs(), "states": STATE_NAMES})


def _new_form(request: Request, error: str | None = None, status_code: int = 200) -> Response:
    countries = {c: forms.COUNTRY_NAMES[c] for c in forms.DESTINATIONS}
    context = {"countries": countries, "error": error}
    return render(request, "batches/new.html", context, status_code=status_code)


@router.get("/new", response_class=Response)
def new_batch(request: Request, principal: WebCoordinator) -> Response:
    return _new_form(request)


@router.post("/new", response_class=Response, dependencies=[CsrfChecked])
def upload_batch(
    request: Request,
    engine: EngineDep,
    principal: WebCoordinator,
    file: Annotated[UploadFile, File()],
    destination_country: Annotated[str, Form(pattern=r"^([A-Z]{2})?$")] = "",
) -> Response:
    """Keep the file and show how its columns were read; nothing runs yet."""
    try:
        staged = demand_upload.stage(engine, file, principal.name, destination_country or None)
    except Problem:
        return _new_form(request, N_("Upload a CSV or XLSX file."), 415)
    return RedirectResponse(f"/batches/new/{staged.token}", status_code=303)


def _staged(engine: Any, token: str, principal: Principal) -> demand_upload.StagedList:
    staged = demand_upload.load_staged(engine, token, principal.name)
    if staged is None:
        raise PageError(404, N_("This upload is no longer here. Upload the file again."))
    return staged


def _columns_page(
    request: Request,
    staged: demand_upload.StagedList,
    reading: demand_upload.ColumnReading,
    mapping: dict[str, str | None],
    status_code: int = 200,
) -> Response:
    t = request_translator(request)
    report = reading.report
    preview = report.preview[: demand_upload.PREVIEW_ROWS] if report else []
    context = {
        "staged": staged,
        "reading": reading,
        "mapping": mapping,
        "fields": demand_upload.field_choices(t, (f for _i, _h, f in reading.columns)),
        "preview": preview,
        "preview_fields": demand_upload.preview_fields(preview),
        "field_names": demand_upload.field_names(t),
        "errors": (report.errors[: demand_upload.ERRORS_SHOWN] if report else []),
        "cell": lambda name, value: demand_upload.preview_cell(value, t, name),
    }
    return render(request, "batches/columns.html", context, status_code=status_code)


@router.get("/new/{token}", response_class=Response)
def batch_columns(
    request: Request, token: Token, engine: EngineDep, principal: WebCoordinator
) -> Response:
    staged = _staged(engine, token, principal)
    return _columns_page(request, staged, demand_upload.read_columns(engine, staged), {})


@router.post("/new/{token}", response_class=Response, dependencies=[CsrfChecked])
async def confirm_columns(
    request: Request,
    token: Token,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
) -> Response:
    """``action=preview`` reads the file again with the columns set on the page;
    ``action=confirm`` starts the run with them."""
    staged = _staged(engine, token, principal)
    form = await request.form()
    automatic = demand_upload.read_columns(engine, staged)
    mapping = demand_upload.posted_mapping(form, automatic, automatic)
    reading = demand_upload.read_columns(engine, staged, mapping) if mapping else automatic
    if form.get("action") != "confirm" or reading.report is None:
        return _columns_page(request, staged, reading, mapping)
    run = registry.start(
        engine,
        demand_upload.as_upload(staged),
        principal.name,
        destination_country=staged.destination_country,
        mapping=mapping or None,
    )
    demand_upload.discard(staged)
    return RedirectResponse(f"/batches/{run.run_id}", status_code=303)


def _run_context(request: Request, registry: BatchRegistry, run_id: str) -> dict:
    status = _status(registry, run_id, request_language(request))
    results = run_results(registry, run_id) if status.state == "done" else None
    return {
        "run": status,
        "results": results,
        "vacancies": vacancies_of(results) if results else [],
        "states": STATE_NAMES,
        "words": Wording(request_translator(request)),
        "formats": [f for f in FORMATS if f in status.files],
    }


@router.get("/{run_id}", response_class=Response)
def run_page(
    request: Request, run_id: RunId, registry: RegistryDep, principal: WebCoordinator
) -> Response:
    return render(request, "batches/run.html", _run_context(request, registry, run_id))


@router.get("/{run_id}/progress", response_class=Response)
def run_progress(
    request: Request, run_id: RunId, registry: RegistryDep, principal: WebCoordinator
) -> Response:
    """The part of the run page htmx polls until the run has ended."""
    context = _run_context(request, registry, run_id)
    return render(request, "partials/run_progress.html", context)


def _vacancy(engine: Any, registry: BatchRegistry, run_id: str, index: int) -> VacancyResult:
    results = run_results(registry, run_id)
    result = shortlist_of(engine, results, index) if results else None
    if result is None:
        raise PageError(404, N_("This run has no such vacancy."))
    return result


def _shortlist_context(request: Request, engine: Any, run: BatchPublic, result: VacancyResult):
    vacancy_id = result.vacancy["external_id"]
    return {
        "run": run,
        "result": result,
        "words": Wording(request_translator(request)),
        "placements": placements_of(engine, vacancy_id, named_people(result)),
        "placement_names": PLACEMENT_NAMES,
        "exits": ("declined", "rejected", "withdrawn"),  # behind "Other outcome"
        "regions": forms.REGION_NAMES,
    }


@router.get("/{run_id}/vacancies/{index}", response_class=Response)
def shortlist_page(
    request: Request,
    run_id: RunId,
    index: Index,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
) -> Response:
    status = _status(registry, run_id)
    result = _vacancy(engine, registry, run_id, index)
    route = "GET /batches/{run_id}/vacancies/{index} (workspace)"
    named = named_people(result) + [c["job_seeker_id"] for c in result.data["near_misses"]]
    Auditor(engine, principal, route).record("read", named, detail={"run_id": run_id})
    context = _shortlist_context(request, engine, status, result)
    return render(request, "batches/shortlist.html", context)


@router.post(
    "/{run_id}/vacancies/{index}/placements",
    response_class=Response,
    dependencies=[CsrfChecked],
)
def mark_placement(
    request: Request,
    run_id: RunId,
    index: Index,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
    job_seeker_id: Annotated[str, Form(max_length=200)],
    status: Annotated[PlacementStatus, Form()],
) -> Response:
    """Move a listed person's placement for this vacancy to ``status``; htmx swaps the
    person's status cell, a browser without JavaScript comes back to the page."""
    run = _status(registry, run_id)
    result = _vacancy(engine, registry, run_id, index)
    if job_seeker_id not in named_people(result):
        raise PageError(404, N_("This person is not on this vacancy's list."))
    vacancy_id = result.vacancy["external_id"]
    error = None
    try:
        engine.store.set_placement_status(
            job_seeker_id, vacancy_id, status, by=principal.name, scope=principal.scope
        )
    except IllegalTransitionError:
        error = N_("This step does not follow the person's current status.")
    if status is PlacementStatus.RETURNED:
        engine.invalidate()
    if "hx-request" not in request.headers:
        return RedirectResponse(f"/batches/{run_id}/vacancies/{index}", status_code=303)
    context = _shortlist_context(request, engine, run, result)
    context.update(person_id=job_seeker_id, error=error)
    return render(request, "partials/placement_cell.html", context)


@router.get("/{run_id}/vacancies/{index}/why-not", response_class=Response)
def why_not_page(
    request: Request,
    run_id: RunId,
    index: Index,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
) -> Response:
    run = _status(registry, run_id)
    result = _vacancy(engine, registry, run_id, index)
    context = {"run": run, "result": result, "query": "", "found": None, "verdict": None}
    return render(request, "batches/why_not.html", context)


@router.post(
    "/{run_id}/vacancies/{index}/why-not",
    response_class=Response,
    dependencies=[CsrfChecked],
)
def why_not(
    request: Request,
    run_id: RunId,
    index: Index,
    engine: EngineDep,
    registry: RegistryDep,
    principal: WebCoordinator,
    q: Annotated[str, Form(max_length=200)] = "",
    person: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Search the registry (``q``, a POST: names stay out of URLs), or show the verdict
    of the chosen ``person`` for this vacancy: every gate and what closes each gap."""
    run = _status(registry, run_id)
    result = _vacancy(engine, registry, run_id, index)
    route = "POST /batches/{run_id}/vacancies/{index}/why-not (workspace)"
    auditor = Auditor(engine, principal, route)
    desk = PeopleDesk(engine, principal, auditor)
    context: dict[str, Any] = {
        "run": run,
        "result": result,
        "query": q,
        "found": None,
        "verdict": None,
        "words": Wording(request_translator(request)),
    }
    if person:
        try:
            chosen = desk.get(person, action="explained")
        except PageNotFound:
            raise PageError(404, N_("There is no such person in your registry.")) from None
        try:
            verdict = verdict_of(engine, result, chosen.external_id)
        except MatchingError:
            raise PageError(404, N_("This run has no such vacancy.")) from None
        facts = [f.to_dict() for f in verdict.explanation.facts]
        reasons = {"facts": facts, "reasons": verdict.explanation.reasons}
        context.update(
            verdict=verdict, person=chosen, verdict_reasons=context["words"].reasons(reasons)
        )
    elif q.strip():
        context["found"] = desk.search(q, 20)
    return render(request, "batches/why_not.html", context)

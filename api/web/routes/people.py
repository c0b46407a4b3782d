"""An agency clerk's (and a coordinator's) pages for job seekers.

Every page reads and writes through :class:`~api.web.people.PeopleDesk`, built from
the signed-in principal: an agency sees and changes only its own people.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from api.deps import Auditor, EngineDep
from api.problems import Problem
from api.uploads import save_upload
from api.web import forms
from api.web.auth import CsrfChecked, PageError, WebStaff
from api.web.forms import FormErrors, PersonForm
from api.web.people import PageNotFound, PeopleDesk
from api.web.rendering import render, request_language, request_translator
from api.web.shortlists import Wording
from matching.i18n import N_

if TYPE_CHECKING:
    from matching.records import JobSeeker

router = APIRouter(prefix="/people")

PersonId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[\w.:/-]+$")]
LIST_SIZE = 50


def get_desk(request: Request, engine: EngineDep, principal: WebStaff) -> PeopleDesk:
    route = getattr(request.scope.get("route"), "path", request.url.path)
    auditor = Auditor(engine, principal, f"{request.method} {route} (workspace)")
    return PeopleDesk(engine, principal, auditor)


Desk = Annotated[PeopleDesk, Depends(get_desk)]


def _form_context(form: PersonForm, errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "form": form,
        "errors": errors or {},
        "regions": forms.REGION_NAMES,
        "genders": forms.GENDER_NAMES,
        "countries": {c: forms.COUNTRY_NAMES[c] for c in forms.DESTINATIONS},
        "language_names": {c: forms.LANGUAGE_NAMES[c] for c in forms.LANGUAGES},
        "levels": [(level, level) for level in forms.CEFR_LEVELS],
        "experience_rows": range(1, forms.EXPERIENCE_ROWS + 1),
        "language_rows": range(1, forms.LANGUAGE_ROWS + 1),
    }


def _found(desk: PeopleDesk, person_id: str, action: str = "read") -> JobSeeker:
    try:
        return desk.get(person_id, action=action)
    except PageNotFound:
        raise PageError(404, N_("There is no such person in your registry.")) from None


def _listing(
    desk: PeopleDesk, page: int, people: list[JobSeeker] | None = None, query: str = ""
) -> dict[str, Any]:
    total = desk.count()
    pages = max(1, -(-total // LIST_SIZE))
    page = min(page, pages)
    if people is None:
        people = desk.page((page - 1) * LIST_SIZE, LIST_SIZE)
    return {
        "people": people,
        "total": total,
        "query": query,
        "searched": bool(query.strip()),
        "page": page,
        "pages": pages,
    }


@router.get("", response_class=Response)
def people_list(
    request: Request, desk: Desk, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1
) -> Response:
    return render(request, "people/list.html", _listing(desk, page))


@router.post("", response_class=Response, dependencies=[CsrfChecked])
def people_search(
    request: Request, desk: Desk, q: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """Search by a POSTed query: names and personal numbers never go into a URL."""
    found = desk.search(q, LIST_SIZE) if q.strip() else None
    context = _listing(desk, 1, found, q)
    htmx = "hx-request" in request.headers  # the live search swaps the results only
    return render(request, "partials/people_rows.html" if htmx else "people/list.html", context)


@router.get("/new", response_class=Response)
def new_person(request: Request, principal: WebStaff) -> Response:
    return render(request, "people/form.html", {**_form_context(PersonForm()), "person": None})


def _posted_form(form_data: FormData) -> PersonForm:
    values = {k: v for k, v in form_data.items() if isinstance(v, str)}
    values["destinations"] = [d for d in form_data.getlist("destinations") if isinstance(d, str)]
    values["consent"] = form_data.get("consent") == "yes"
    return PersonForm.model_validate(values)


@router.post("/new", response_class=Response, dependencies=[CsrfChecked])
async def create_person(request: Request, desk: Desk) -> Response:
    form = _posted_form(await request.form())
    external_id = f"W-{uuid.uuid4().hex[:12]}"  # opaque: no personal data in URLs
    try:
        record = form.to_record(external_id)
    except FormErrors as error:
        context = {**_form_context(form, error.errors), "person": None}
        return render(request, "people/form.html", context, status_code=422)
    saved = desk.save(record, action="created")
    return RedirectResponse(f"/people/{saved.external_id}", status_code=303)


@router.get("/import", response_class=Response)
def import_page(request: Request, principal: WebStaff) -> Response:
    return render(request, "people/import.html", {"report": None, "refused": []})


@router.post("/import", response_class=Response, dependencies=[CsrfChecked])
def import_people(
    request: Request,
    desk: Desk,
    file: Annotated[UploadFile, File()],
) -> Response:
    with tempfile.TemporaryDirectory(prefix="matching-web-") as directory:
        try:
            path = save_upload(file, Path(directory))
        except Problem:
            raise PageError(415, N_("Upload a CSV or XLSX file.")) from None
        report, refused = desk.import_file(path)
    context = {"report": report, "refused": refused, "language": request_language(request)}
    return render(request, "people/import.html", context)


@router.get("/{person_id}", response_class=Response)
def person_page(request: Request, desk: Desk, person_id: PersonId) -> Response:
    person = _found(desk, person_id)
    recommendations = desk.recommendations(person_id)
    ids = [m.vacancy_id for m in (*recommendations.matches, *recommendations.near_misses)]
    context = {
        "person": person,
        "recommendations": recommendations,
        "vacancy_titles": desk.vacancy_titles(ids),
        "municipality": forms.municipality_name(person.municipality, request_language(request)),
        "regions": forms.REGION_NAMES,
        "countries": forms.COUNTRY_NAMES,
        "language_names": forms.LANGUAGE_NAMES,
        "words": Wording(request_translator(request)),  # reasons and gaps in their language
    }
    return render(request, "people/detail.html", context)


@router.get("/{person_id}/edit", response_class=Response)
def edit_person(request: Request, desk: Desk, person_id: PersonId) -> Response:
    person = _found(desk, person_id)
    context = {**_form_context(PersonForm.from_record(person)), "person": person}
    return render(request, "people/form.html", context)


@router.post("/{person_id}/edit", response_class=Response, dependencies=[CsrfChecked])
async def update_person(request: Request, desk: Desk, person_id: PersonId) -> Response:
    current = _found(desk, person_id)
    form = _posted_form(await request.form())
    try:
        record = form.to_record(person_id, current)
    except FormErrors as error:
        context = {**_form_context(form, error.errors), "person": current}
        return render(request, "people/form.html", context, status_code=422)
    desk.save(record, action="updated")
    return RedirectResponse(f"/people/{person_id}", status_code=303)

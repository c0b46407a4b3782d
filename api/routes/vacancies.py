"""Vacancies: create, read, list, replace, patch, delete, import; shortlists and statistics.

Vacancies carry no personal data: analysts may read them and their match statistics.
Shortlists name people, so they are for coordinators and agencies, and audited.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from api.deps import (
    AuditDep,
    EngineDep,
    PageDep,
    PrincipalDep,
    ReasonsLanguageDep,
    StaffDep,
    VacancyId,
    check_same_id,
)
from api.exports import EXPORT_RESPONSES, ExportFormat, stream_records
from api.pagination import decode_cursor, encode_cursor, link_next
from api.problems import Problem
from api.responses import language_headers, model_response
from api.schemas import (
    ImportReportPublic,
    MatchStatsPublic,
    MergePatch,
    ShortlistPublic,
    VacancyCreate,
    VacancyPage,
    VacancyPublic,
    patched,
)
from api.security import Principal
from api.uploads import save_upload
from matching.errors import NotFoundError
from matching.intake.export import vacancy_cells, vacancy_columns
from matching.policy.engine import check_vacancies
from matching.records import Vacancy
from matching.service import Engine

_KIND = "vacancies"  # the list a cursor belongs to

router = APIRouter(prefix="/vacancies", tags=["vacancies"])

ShortlistSize = Annotated[int | None, Query(ge=1, le=200, description="Shortlist length.")]


def _exists(engine: Engine, vacancy_id: str) -> bool:
    try:
        engine.store.get_vacancy(vacancy_id)
    except NotFoundError:
        return False
    return True


def _save(engine: Engine, record: Vacancy, principal: Principal) -> Vacancy:
    engine.save_vacancies([record], scope=principal.scope)
    return engine.store.get_vacancy(record.external_id, scope=principal.scope)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=VacancyPublic)
def create_vacancy(
    body: VacancyCreate, engine: EngineDep, principal: StaffDep, response: Response
) -> Vacancy:
    """Add a vacancy; its title is coded to an ESCO occupation unless it already is."""
    if _exists(engine, body.external_id):
        raise Problem(409, f"vacancy {body.external_id!r} already exists", type="conflict")
    saved = _save(engine, body, principal)
    response.headers["Location"] = f"/vacancies/{quote(saved.external_id, safe='')}"
    return saved


@router.get("", response_model=VacancyPage)
def list_vacancies(
    request: Request,
    response: Response,
    engine: EngineDep,
    principal: PrincipalDep,
    page: PageDep,
    destination_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    isco_group: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    demand_list_id: Annotated[str | None, Query(max_length=64)] = None,
) -> VacancyPage:
    """Vacancies in demand-list order, ``limit`` at a time after the cursor ``after``; an
    agency sees the public ones and its own."""
    filters = {
        "destination_country": destination_country,
        "isco_group": isco_group,
        "scope": principal.scope,
    }
    cursor = None
    if page.offset:  # deprecated: reads the rows it skips
        visible = engine.store.list_vacancies(demand_list_id, **filters)
        items, total = visible[page.offset : page.offset + page.limit], len(visible)
    else:
        after = None if page.after is None else decode_cursor(_KIND, page.after, (int, int, int))
        items, key, total = engine.store.page_vacancies(
            demand_list_id, after=after, limit=page.limit, **filters
        )
        cursor = None if key is None else encode_cursor(_KIND, key)
    return VacancyPage(
        items=items,
        total=total,
        limit=page.limit,
        offset=page.offset,
        next=link_next(request, response, cursor),
    )


@router.get("/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES)
def export_vacancies(
    engine: EngineDep,
    principal: PrincipalDep,
    format: ExportFormat = "csv",
    destination_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    isco_group: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    demand_list_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The vacancies the filters select (an agency: public ones and its own), in list
    order, as CSV (streamed) or XLSX, in the columns a file import reads."""
    vacancies = engine.store.iter_vacancies(
        demand_list_id,
        destination_country=destination_country,
        isco_group=isco_group,
        scope=principal.scope,
    )
    return stream_records(
        vacancies,
        columns=vacancy_columns(),
        cells=vacancy_cells,
        format=format,
        filename=demand_list_id or "vacancies",
    )


@router.get("/{vacancy_id}", response_model=VacancyPublic)
def get_vacancy(vacancy_id: VacancyId, engine: EngineDep, principal: PrincipalDep) -> Vacancy:
    return engine.store.get_vacancy(vacancy_id, scope=principal.scope)


@router.put("/{vacancy_id}", response_model=VacancyPublic)
def replace_vacancy(
    vacancy_id: VacancyId, body: VacancyCreate, engine: EngineDep, principal: StaffDep
) -> Vacancy:
    """Replace a vacancy as a whole (the id cannot change)."""
    check_same_id(vacancy_id, body.external_id)
    engine.store.get_vacancy(vacancy_id, scope=principal.scope, to_write=True)
    return _save(engine, body, principal)


@router.patch("/{vacancy_id}", response_model=VacancyPublic)
def patch_vacancy(
    vacancy_id: VacancyId, patch: MergePatch, engine: EngineDep, principal: StaffDep
) -> Vacancy:
    """Change some fields (JSON merge patch). A new title keeps the old ESCO code unless
    the patch resets ``esco_uri`` and ``isco_group`` to null."""
    current = engine.store.get_vacancy(vacancy_id, scope=principal.scope, to_write=True)
    merged = patched(current, patch)
    check_same_id(vacancy_id, merged.external_id)
    return _save(engine, merged, principal)


@router.delete("/{vacancy_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_vacancy(vacancy_id: VacancyId, engine: EngineDep, principal: StaffDep) -> None:
    engine.store.delete_vacancy(vacancy_id, scope=principal.scope)


@router.post("/import", response_model=ImportReportPublic)
def import_vacancies(
    file: Annotated[UploadFile, File(description="CSV, XLSX, JSON or JSONL.")],
    engine: EngineDep,
    principal: StaffDep,
    demand_list_id: Annotated[str | None, Form(max_length=64, pattern=r"^[\w.:/-]+$")] = None,
    destination_country: Annotated[str | None, Form(pattern=r"^[A-Z]{2}$")] = None,
) -> ImportReportPublic:
    """Import a file of vacancies (as a demand list with ``demand_list_id``).

    An agency's vacancies are stamped with its agency and are never a demand list
    (demand lists are shared: a coordinator imports them).
    """
    if not principal.scope.everyone and demand_list_id is not None:
        raise Problem(403, "only a coordinator imports demand lists", type="forbidden")
    with tempfile.TemporaryDirectory(prefix="matching-upload-") as directory:
        path = save_upload(file, Path(directory))
        report = engine.import_vacancies(
            path,
            demand_list_id=demand_list_id,
            destination_country=destination_country,
            scope=principal.scope,
        )
    return ImportReportPublic.from_core(report)


@router.get("/{vacancy_id}/matches", response_model=ShortlistPublic)
def match_vacancy(
    vacancy_id: VacancyId,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    language: ReasonsLanguageDep,
    k: ShortlistSize = None,
) -> Response:
    """The shortlist (qualified people, best first) and the near misses, with the
    score components, reasons, skills and gaps of each. An agency sees its own people.
    ``Accept-Language: ka|en|ru`` adds the reasons, gaps and remedies in that language
    (``reasons_localized``, ``reason_localized``, ``remedy_localized``); ``reasons``,
    ``reason`` and ``remedy`` stay English."""
    vacancy = engine.store.get_vacancy(vacancy_id, scope=principal.scope)
    shortlist = engine.match_vacancy(vacancy, k, scope=principal.scope)
    listed = [m.job_seeker_id for m in (*shortlist.matches, *shortlist.near_misses)]
    result = ShortlistPublic.from_core(
        shortlist,
        checks=check_vacancies(engine, [vacancy])[vacancy.external_id],
        engaged=engine.store.engaged_job_seekers(listed),
        language=language,
    )
    named = [m.job_seeker_id for m in (*result.matches, *result.near_misses)]
    audit.record("shortlisted", named, vacancy_id=vacancy_id)
    # validated by from_core: not again by FastAPI
    return model_response(result, headers=language_headers(language))


@router.get("/{vacancy_id}/match-stats", response_model=MatchStatsPublic)
def vacancy_match_stats(
    vacancy_id: VacancyId, engine: EngineDep, principal: PrincipalDep, k: ShortlistSize = None
) -> MatchStatsPublic:
    """How many people were considered, qualified, shortlisted and nearly qualified, and
    which gates the near misses fail: numbers only, no one named. An agency's numbers
    count its own people (the sizes of other agencies' pools are theirs)."""
    vacancy = engine.store.get_vacancy(vacancy_id, scope=principal.scope)
    shortlist = engine.match_vacancy(vacancy, k, explanations=False, scope=principal.scope)
    return MatchStatsPublic.from_core(shortlist)

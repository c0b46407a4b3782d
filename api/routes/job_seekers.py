"""Job seekers: create, read, list, replace, patch, erase, import, and their matches.

Every response naming a person is written to the audit log. An agency sees only the
people it registered; the people it creates or updates are stamped with its agency.
"""

from __future__ import annotations

import tempfile
from itertools import islice
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Header,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from api.deps import (
    AuditDep,
    CoordinatorDep,
    EngineDep,
    JobSeekerId,
    PageDep,
    ReasonsLanguageDep,
    StaffDep,
    check_same_id,
)
from api.exports import EXPORT_RESPONSES, ExportFormat, stream_records
from api.pagination import decode_cursor, encode_cursor, link_next
from api.problems import Problem
from api.responses import language_headers
from api.schemas import (
    AuditEventPublic,
    ImportReportPublic,
    JobSeekerCreate,
    JobSeekerPage,
    JobSeekerPublic,
    MergePatch,
    PersonalNumberClaimPublic,
    RecommendationsPublic,
    merged_fields,
)
from api.security import Principal
from api.uploads import save_upload
from matching.errors import InvalidRecordError, PersonalNumberTakenError
from matching.i18n import DEFAULT_LANGUAGE, LANGUAGES
from matching.intake.export import JOB_SEEKER_COLUMNS, job_seeker_cells
from matching.intake.importer import parse_job_seeker
from matching.intake.people import new_job_seeker_id
from matching.policy.engine import check_vacancies, engagement_of
from matching.records import GeorgianRegion, JobSeeker
from matching.service import Engine

_KIND = "job-seekers"  # the list a cursor belongs to

router = APIRouter(prefix="/job-seekers", tags=["job seekers"])

MatchCount = Annotated[int | None, Query(ge=1, le=100, description="How many to return.")]


def _request_language(
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> str:
    """The first language of ``Accept-Language`` the catalogue has (Georgian otherwise)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


LanguageDep = Annotated[str, Depends(_request_language)]


def _parsed(fields: dict[str, Any], language: str) -> JobSeeker:
    """The record, read by the parser file import uses; its errors, in the caller's
    language (``Accept-Language``), as a 422."""
    try:
        return parse_job_seeker(fields)
    except InvalidRecordError as error:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", e.field),
                    "msg": e.message(language),
                    "input": None,
                }
                for e in error.errors
            ]
        ) from None


def _save(engine: Engine, record: JobSeeker, principal: Principal) -> JobSeeker:
    scope = principal.scope
    try:
        engine.save_job_seekers([record], scope=scope)
    except PersonalNumberTakenError as error:
        # Only a holder in the caller's scope refuses a record: one outside it makes the
        # store keep the record as a claim for a coordinator, answered as any other.
        raise Problem(
            409, f"the personal number is already registered as {error.holder!r}", type="conflict"
        ) from None
    return engine.store.get_job_seeker(record.external_id, scope=scope)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=JobSeekerPublic)
def create_job_seeker(
    body: JobSeekerCreate,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    response: Response,
    language: LanguageDep,
) -> JobSeeker:
    """Register a person; experience titles are coded to ESCO occupations on the way in.

    Without ``external_id`` the person gets an opaque one (never the personal number).
    """
    fields = body.fields()
    if not fields.get("external_id"):
        fields["external_id"] = new_job_seeker_id()
    record = _parsed(fields, language)
    if engine.store.count_job_seekers(external_ids=[record.external_id]):
        raise Problem(409, f"job seeker {record.external_id!r} already exists", type="conflict")
    saved = _save(engine, record, principal)
    audit.record("created", [saved.external_id])
    response.headers["Location"] = f"/job-seekers/{quote(saved.external_id, safe='')}"
    return saved


@router.get("", response_model=JobSeekerPage)
def list_job_seekers(
    request: Request,
    response: Response,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    page: PageDep,
    region: GeorgianRegion | None = None,
    destination: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    isco_group: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    consent_active: bool | None = None,
) -> JobSeekerPage:
    """People in registration order, ``limit`` at a time after the cursor ``after`` (the
    ``next`` of the previous page); an agency's own people only."""
    filters = {  # the store ignores a filter that is None
        "scope": principal.scope,
        "region": region.value if region else None,
        "destination": destination,
        "isco_group": isco_group,
        "consent_active": consent_active,
    }
    cursor = None
    if page.offset:  # deprecated: scans the rows it skips
        people = engine.store.iter_job_seekers(
            batch_size=min(page.limit + page.offset, 1000), **filters
        )
        items = list(islice(people, page.offset, page.offset + page.limit))
    else:
        after = None if page.after is None else decode_cursor(_KIND, page.after, (int,))[0]
        items, key = engine.store.page_job_seekers(after=after, limit=page.limit, **filters)
        cursor = None if key is None else encode_cursor(_KIND, (key,))
    audit.record("listed", [p.external_id for p in items])
    return JobSeekerPage(
        items=items,
        total=engine.store.count_job_seekers(**filters),
        limit=page.limit,
        offset=page.offset,
        next=link_next(request, response, cursor),
    )


@router.get("/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES)
def export_job_seekers(
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    format: ExportFormat = "csv",
    region: GeorgianRegion | None = None,
    destination: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    isco_group: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    consent_active: bool | None = None,
) -> Response:
    """Every person the filters select (an agency's own), as CSV (streamed) or XLSX, in
    the columns a file import reads."""
    filters = {
        "region": region.value if region else None,
        "destination": destination,
        "isco_group": isco_group,
        "consent_active": consent_active,
    }
    audit.record("exported", detail={"format": format, **filters})
    people = engine.store.iter_job_seekers(scope=principal.scope, **filters)
    return stream_records(
        people,
        columns=JOB_SEEKER_COLUMNS,
        cells=job_seeker_cells,
        format=format,
        filename="job_seekers",
    )


@router.get("/personal-number-claims", response_model=list[PersonalNumberClaimPublic])
def personal_number_claims(
    engine: EngineDep, principal: CoordinatorDep
) -> list[PersonalNumberClaimPublic]:
    """Records an agency registered with a personal number another record holds.

    The agency got the answer any registration gets; a coordinator resolves the claim
    (merging or erasing one record). Coordinators only.
    """
    return [
        PersonalNumberClaimPublic(claimant_id=c, claimant_agency=ca, holder_id=h, holder_agency=ha)
        for c, ca, h, ha in engine.store.personal_number_claims()
    ]


@router.get("/{job_seeker_id}", response_model=JobSeekerPublic)
def get_job_seeker(
    job_seeker_id: JobSeekerId, engine: EngineDep, principal: StaffDep, audit: AuditDep
) -> JobSeeker:
    seeker = engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)
    audit.record("read", [job_seeker_id])
    return seeker


@router.put("/{job_seeker_id}", response_model=JobSeekerPublic)
def replace_job_seeker(
    job_seeker_id: JobSeekerId,
    body: JobSeekerCreate,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    language: LanguageDep,
) -> JobSeeker:
    """Replace a person's record as a whole (the id cannot change)."""
    engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)  # 404 before any 422
    fields = body.fields()
    check_same_id(job_seeker_id, fields.get("external_id") or job_seeker_id)
    fields["external_id"] = job_seeker_id
    record = _parsed(fields, language)
    saved = _save(engine, record, principal)
    audit.record("updated", [job_seeker_id])
    return saved


@router.patch("/{job_seeker_id}", response_model=JobSeekerPublic)
def patch_job_seeker(
    job_seeker_id: JobSeekerId,
    patch: MergePatch,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    language: LanguageDep,
) -> JobSeeker:
    """Change some fields (a JSON merge patch, RFC 7396: ``null`` resets a field).

    A changed experience title keeps its ESCO code unless the patch resets it
    (``esco_uri``/``isco_group`` null) for the normaliser to code again.
    """
    current = engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)
    check_same_id(job_seeker_id, patch.get("external_id") or job_seeker_id)
    merged = _parsed(merged_fields(current, patch), language)
    saved = _save(engine, merged, principal)
    audit.record("updated", [job_seeker_id], detail={"fields": sorted(patch)})
    return saved


@router.delete("/{job_seeker_id}", status_code=status.HTTP_204_NO_CONTENT)
def erase_job_seeker(
    job_seeker_id: JobSeekerId, engine: EngineDep, principal: StaffDep, audit: AuditDep
) -> None:
    """Erase a person everywhere (right to erasure), their audit trail included.

    The store logs the erasure without the person's id; the API adds who erased.
    """
    engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)
    engine.erase_job_seeker(job_seeker_id, scope=principal.scope)
    audit.record("erased")


@router.get("/{job_seeker_id}/audit-events", response_model=list[AuditEventPublic])
def job_seeker_audit_events(
    job_seeker_id: JobSeekerId, engine: EngineDep, principal: CoordinatorDep
) -> list[AuditEventPublic]:
    """Who read or changed this person's data, and when (for a data subject's request)."""
    engine.store.get_job_seeker(job_seeker_id)  # 404 for nobody
    events = engine.store.list_audit_events(job_seeker_external_id=job_seeker_id)
    return [AuditEventPublic.from_core(e) for e in events]


@router.post("/import", response_model=ImportReportPublic)
def import_job_seekers(
    file: Annotated[UploadFile, File(description="CSV, XLSX, JSON or JSONL.")],
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    language: LanguageDep,
    agency: Annotated[str | None, Form(max_length=120)] = None,
) -> ImportReportPublic:
    """Import a file of job seekers; bad rows are reported (row, field, reason), not stored.

    ``agency`` is the agency of rows that name none. An agency's import is stamped with
    its own agency, and rows whose id belongs to another agency are refused.
    """
    with tempfile.TemporaryDirectory(prefix="matching-upload-") as directory:
        path = save_upload(file, Path(directory))
        report = engine.import_job_seekers(path, agency=agency, scope=principal.scope)
    audit.record("imported", detail={"file": path.name, "stored": report.stored})
    return ImportReportPublic.from_core(report, language)


@router.get("/{job_seeker_id}/matches", response_model=RecommendationsPublic)
def match_job_seeker(
    job_seeker_id: JobSeekerId,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
    language: ReasonsLanguageDep,
    response: Response,
    k: MatchCount = None,
) -> RecommendationsPublic:
    """The best vacancies for a person (public ones and an agency's own), with near misses.
    ``Accept-Language: ka|en|ru`` adds the reasons, gaps and remedies in that language
    (``reasons_localized``, ``reason_localized``, ``remedy_localized``); ``reasons``,
    ``reason`` and ``remedy`` stay English."""
    engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)
    audit.record("recommended", [job_seeker_id])
    recommendations = engine.match_job_seeker(job_seeker_id, k, scope=principal.scope)
    # A blocked vacancy is never recommended without its warning.
    listed = {m.vacancy_id for m in (*recommendations.matches, *recommendations.near_misses)}
    checks = check_vacancies(
        engine, [v for v in engine.stored_vacancies() if v.external_id in listed]
    )
    engaged = engagement_of(engine, job_seeker_id)
    response.headers.update(language_headers(language))
    return RecommendationsPublic.from_core(
        recommendations,
        engaged_to=engaged.vacancy_id if engaged else None,
        checks=checks,
        language=language,
    )

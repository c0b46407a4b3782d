"""Why (or why not) one person for one vacancy: the full gate-by-gate verdict."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AuditDep, EngineDep, JobSeekerId, StaffDep, VacancyId
from api.placement_schemas import PairVerdictPublic
from matching.policy.engine import explain_pair

router = APIRouter(prefix="/vacancies", tags=["vacancies"])


@router.get("/{vacancy_id}/candidates/{job_seeker_id}", response_model=PairVerdictPublic)
def candidate_verdict(
    vacancy_id: VacancyId,
    job_seeker_id: JobSeekerId,
    engine: EngineDep,
    principal: StaffDep,
    audit: AuditDep,
) -> PairVerdictPublic:
    """Every gate of this person for this vacancy, passed or failed, with what closes
    each gap, the vacancy's own blocking findings and the person's engagement."""
    engine.store.get_job_seeker(job_seeker_id, scope=principal.scope)  # 404 outside scope
    audit.record("explained", [job_seeker_id], vacancy_id=vacancy_id)
    return PairVerdictPublic.from_core(explain_pair(engine, vacancy_id, job_seeker_id))

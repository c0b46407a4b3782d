"""Request and response schemas; limits live in the types.

Job seekers and vacancies travel as the engine's own records
(:class:`~matching.records.JobSeeker`, :class:`~matching.records.Vacancy`): they are
already validated pydantic models with bounded fields, so the API accepts and returns
them as they are, under the names below. Everything else the core returns as
dataclasses is converted here: a schema whose fields are the dataclass's reads it with
``model_validate`` (``from_attributes``), the others have a ``from_core``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from statistics import median
from typing import Annotated, Any, Literal, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matching.i18n import Translator, translator
from matching.intake.report import ImportReport
from matching.occupations.normalizer import NormalizedTitle
from matching.policy import wording as policy_wording
from matching.ranking.results import Match, NearMiss, Recommendations, RelatedTrade, Shortlist
from matching.records import DemandList, JobSeeker, Vacancy
from matching.rules import wording
from matching.storage.results import AuditEvent, StoreCounts

JobSeekerPublic = JobSeeker


class JobSeekerCreate(BaseModel):
    """A person as a clerk writes them, read by the same parser as file import.

    Every field of :class:`JobSeekerPublic` may be given structured or as a spreadsheet
    cell is written: ``"region": "იმერეთი"``, ``"gender": "კაცი"``,
    ``"birth_date": "15.05.1986"``, ``"languages": "pl:B2; ru:C1"``,
    ``"driving_licence": "B, C"``. Errors name the field in the words import uses.
    """

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "full_name": "ნინო ბერიძე",
                    "personal_number": "01001012345",
                    "birth_date": "15.05.1986",
                    "gender": "ქალი",
                    "region": "იმერეთი",
                    "languages": "pl:B2; ru:C1",
                }
            ]
        },
    )

    external_id: str | None = Field(
        default=None, description="Opaque id; generated when absent. Never a personal number."
    )
    full_name: str | None = None
    personal_number: str | None = None
    birth_date: str | date | None = None
    gender: str | None = None
    region: str | None = Field(
        default=None, description="A region, or a town or municipality (gives both)."
    )
    municipality: str | None = None
    languages: str | list[Any] | None = Field(
        default=None,
        description="pl:B2; ru:C1, or in words (რუსული - კარგად: B1, marked needs_review)",
    )
    driving_licence: str | dict[str, Any] | None = None
    certificates: str | list[Any] | None = Field(
        default=None, description="welding:135; adr, or as written: ISO 9606-1 135@2026-03-01"
    )

    def fields(self) -> dict[str, Any]:
        """The fields given, extra ones included, for :func:`parse_job_seeker`."""
        return self.model_dump(exclude_unset=True)


VacancyCreate = Vacancy
VacancyPublic = Vacancy

# A JSON merge patch (RFC 7396): the fields to change; ``null`` resets a field.
MergePatch = Annotated[dict[str, Any], Field(max_length=64)]

Title = Annotated[str, Field(min_length=1, max_length=300)]


class _Out(BaseModel):
    # from_attributes: a schema (or a field of one) validates from the core's dataclass.
    model_config = ConfigDict(frozen=True, from_attributes=True)


class ValidationIssue(_Out):
    loc: list[str | int] = Field(description='Where: ["body", "experience", 0, "years"].')
    msg: str
    type: str


class ProblemDetails(_Out):
    """An error (RFC 9457); extension members depend on the problem type."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:matching:problem:<kind>, or about:blank.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The request path.")
    errors: list[ValidationIssue] | None = Field(
        default=None, description="Validation problems only: one entry per bad value."
    )


def _problem(description: str) -> dict[str, Any]:
    return {
        "model": ProblemDetails,
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
        },
    }


# Documented on every route (the 422 replaces FastAPI's default validation schema).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _problem("No API key, or an unknown one."),
    403: _problem("The key's role may not do this."),
    404: _problem("No such record (or another agency's)."),
    413: _problem("The request body is over the upload limit."),
    422: _problem("Invalid request: see errors."),
}


class Health(_Out):
    status: Literal["ok"] = "ok"
    version: str
    database_revision: str | None


class JobSeekerPage(_Out):
    items: list[JobSeekerPublic]
    total: int
    limit: int
    offset: int
    next: str | None = Field(
        default=None, description="Cursor of the next page (`?after=`); null on the last."
    )


class VacancyPage(_Out):
    items: list[VacancyPublic]
    total: int
    limit: int
    offset: int
    next: str | None = Field(
        default=None, description="Cursor of the next page (`?after=`); null on the last."
    )


class DemandListSummary(_Out):
    external_id: str
    destination_country: str
    source_file: str | None
    received: date | None
    vacancies: int
    positions: int

    @classmethod
    def from_core(cls, demand_list: DemandList) -> DemandListSummary:
        return cls(
            external_id=demand_list.external_id,
            destination_country=demand_list.destination_country,
            source_file=demand_list.source_file,
            received=demand_list.received,
            vacancies=len(demand_list.vacancies),
            positions=demand_list.positions,
        )


class DemandListPublic(_Out):
    external_id: str
    destination_country: str
    source_file: str | None
    received: date | None
    vacancies: list[VacancyPublic]


# ----------------------------------------------------------------------------- imports
class RowErrorPublic(_Out):
    row: int = Field(description="Row as a spreadsheet shows it (header = 1).")
    field: str
    reason: str


class PersonalNumberClaimPublic(_Out):
    """An agency's record holding a personal number another record holds (coordinators)."""

    claimant_id: str
    claimant_agency: str | None
    holder_id: str | None = Field(description="None when the holder has been erased.")
    holder_agency: str | None


class ImportReportPublic(_Out):
    source: str
    rows_read: int
    stored: int
    inserted: int
    updated: int
    unchanged: int
    rejected_rows: list[int]
    errors: list[RowErrorPublic]
    columns: dict[str, str]
    ignored_columns: list[str]
    refused: list[str] = Field(
        default_factory=list,
        description="Ids not stored: they belong to a record of another agency.",
    )

    @classmethod
    def from_core(cls, report: ImportReport, language: str | None = None) -> ImportReportPublic:
        """The report, naming the uploaded file (never the server's path), its row errors
        in ``language`` (Georgian by default)."""
        errors = [
            RowErrorPublic(
                row=e.row, field=e.field, reason=e.message(language) if language else e.reason
            )
            for e in report.errors
        ]
        return cls.model_validate(report).model_copy(
            update={"source": Path(report.source).name, "errors": errors}
        )


# ----------------------------------------------------------------------------- titles
class NormalizeRequest(BaseModel):
    titles: list[Title] = Field(min_length=1, max_length=200)
    top_k: int = Field(default=5, ge=1, le=20)


class OccupationPublic(_Out):
    uri: str
    isco_group: str
    preferred_label: str
    matched_label: str
    language: str
    score: float
    needs_review: bool


class NormalizedTitlePublic(_Out):
    query: str
    cleaned: str
    language: str
    needs_review: bool
    occupations: list[OccupationPublic]

    @classmethod
    def from_core(cls, title: NormalizedTitle) -> NormalizedTitlePublic:
        return cls(
            query=title.query,
            cleaned=title.cleaned,
            language=title.language,
            needs_review=title.needs_review,
            occupations=[OccupationPublic.model_validate(m) for m in title],
        )


# ----------------------------------------------------------------------------- matches
class ComponentsPublic(_Out):
    occupation: float
    skills: float
    experience: float
    language: float
    total: float
    text_similarity: float | None = None


def _unasked(value: Any) -> bool:
    return value is None


def _localized_field() -> Any:
    """Written only when Accept-Language asked for a language: the default JSON is unchanged."""
    return Field(
        default=None,
        exclude_if=_unasked,
        description="With Accept-Language ka, en or ru: the same in that language.",
    )


class GapPublic(_Out):
    kind: str
    reason: str
    closable: bool
    remedy: str | None = None
    reason_localized: str | None = _localized_field()
    remedy_localized: str | None = _localized_field()

    @classmethod
    def from_core(cls, gap: Any, t: Translator | None = None) -> GapPublic:
        """The gate failure, and with ``t`` its reason and remedy in ``t``'s language."""
        if t is None:
            return cls.model_validate(gap)
        return cls(
            kind=str(gap.kind),
            reason=gap.reason,
            closable=gap.closable,
            remedy=gap.remedy,
            reason_localized=wording.gap_text(gap, t),
            remedy_localized=wording.remedy_text(gap, t),
        )


def _localized(explanation: Any, t: Translator | None) -> list[str] | None:
    if t is None:
        return None
    return wording.explanation_reasons(explanation, t) if explanation else []


class MatchPublic(_Out):
    """One ranked pair, with the evidence: reasons, skills held and missing, gaps."""

    vacancy_id: str
    job_seeker_id: str
    rank: int
    score: float
    components: ComponentsPublic
    reasons: list[str] = Field(default_factory=list)
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)
    gaps: list[GapPublic] = Field(default_factory=list)
    reasons_localized: list[str] | None = _localized_field()

    @classmethod
    def from_core(cls, match: Match | NearMiss, t: Translator | None = None) -> MatchPublic:
        """The match with its explanation's evidence (without one, a near miss's gaps);
        with ``t``, the reasons and gaps also in ``t``'s language."""
        explanation = match.explanation
        gaps = match.gaps if isinstance(match, NearMiss) else ()
        return cls(
            vacancy_id=match.vacancy_id,
            job_seeker_id=match.job_seeker_id,
            rank=match.rank,
            score=match.score,
            components=ComponentsPublic.model_validate(match.components),
            reasons=list(explanation.reasons) if explanation else [],
            matched_skills=list(explanation.matched_skills) if explanation else [],
            missing_skills=list(explanation.missing_skills) if explanation else [],
            gaps=[GapPublic.from_core(g, t) for g in (explanation.gaps if explanation else gaps)],
            reasons_localized=_localized(explanation, t),
        )


class RelatedTradePublic(_Out):
    """A person of a related trade: never shortlisted, shown with what retraining needs."""

    vacancy_id: str
    job_seeker_id: str
    rank: int
    score: float
    trade: str = Field(description="The person's nearest trade.")
    shared_skills: list[str] = Field(description="Essential skills of the vacancy held.")
    retraining: list[str] = Field(description="Essential skills of the vacancy lacking.")
    reasons: list[str] = Field(default_factory=list)
    gaps: list[GapPublic] = Field(default_factory=list)
    reasons_localized: list[str] | None = _localized_field()

    @classmethod
    def from_core(cls, related: RelatedTrade, t: Translator | None = None) -> RelatedTradePublic:
        return cls(
            vacancy_id=related.vacancy_id,
            job_seeker_id=related.job_seeker_id,
            rank=related.rank,
            score=related.score,
            trade=related.trade,
            shared_skills=list(related.shared_skills),
            retraining=list(related.retraining),
            reasons=list(related.explanation.reasons) if related.explanation else [],
            gaps=[GapPublic.from_core(g, t) for g in related.gaps],
            reasons_localized=_localized(related.explanation, t),
        )


class ShortlistPublic(_Out):
    vacancy_id: str
    on: date = Field(description="The day the gates were checked on.")
    fit_rule: str = Field(default="", description="What occupation qualifies, in words.")
    n_considered: int
    n_qualified: int
    matches: list[MatchPublic]
    near_misses: list[MatchPublic]
    blocked: bool = Field(default=False, description="The vacancy gets no allocation.")
    warnings: list[str] = Field(default_factory=list, description="What its checks found.")
    engaged: dict[str, str] = Field(
        default_factory=dict,
        description="Listed people engaged to another vacancy: id -> 'selected for PL-3'.",
    )
    related_trades: list[RelatedTradePublic] = Field(default_factory=list)
    fit_rule_localized: str | None = _localized_field()
    warnings_localized: list[str] | None = _localized_field()
    engaged_localized: dict[str, str] | None = _localized_field()

    @classmethod
    def from_core(
        cls,
        shortlist: Shortlist,
        *,
        checks: Any = None,
        engaged: dict[str, Any] | None = None,
        language: str | None = None,
    ) -> ShortlistPublic:
        """With the vacancy's ``checks`` and the ``engaged`` people (id -> Engagement);
        with a ``language``, the reasons and gaps also in it."""
        t = None if language is None else translator(language)
        listed = {m.job_seeker_id for m in (*shortlist.matches, *shortlist.near_misses)}
        others = {
            j: e
            for j, e in (engaged or {}).items()
            if j in listed and e.vacancy_id != shortlist.vacancy_id
        }
        findings = [] if checks is None else list(checks.findings)
        return cls(
            vacancy_id=shortlist.vacancy_id,
            on=shortlist.on,
            fit_rule=shortlist.fit_rule,
            n_considered=shortlist.n_considered,
            n_qualified=shortlist.n_qualified,
            matches=[MatchPublic.from_core(m, t) for m in shortlist.matches],
            near_misses=[MatchPublic.from_core(m, t) for m in shortlist.near_misses],
            blocked=bool(checks is not None and checks.blocked),
            warnings=[f.message() for f in findings],
            engaged={j: f"{e.status.value} for {e.vacancy_id}" for j, e in others.items()},
            related_trades=[RelatedTradePublic.from_core(r, t) for r in shortlist.related_trades],
            fit_rule_localized=None
            if t is None
            else policy_wording.fit_rule_text(shortlist.fit_rule, t),
            warnings_localized=None if t is None else policy_wording.findings_text(findings, t),
            engaged_localized=None
            if t is None
            else {
                j: policy_wording.engaged_text(e.status.value, e.vacancy_id, t)
                for j, e in others.items()
            },
        )


class RecommendationsPublic(_Out):
    job_seeker_id: str
    matches: list[MatchPublic]
    near_misses: list[MatchPublic]
    engaged_to: str | None = Field(
        default=None, description="The vacancy the person is engaged to (not allocated again)."
    )
    blocked: list[str] = Field(
        default_factory=list, description="Listed vacancies that get no allocation."
    )
    warnings: dict[str, list[str]] = Field(
        default_factory=dict, description="Vacancy id -> what the checks found about it."
    )
    reintegration: list[str] = Field(
        default_factory=list, description="Listed vacancies of a returnee reintegration programme."
    )
    warnings_localized: dict[str, list[str]] | None = _localized_field()

    @classmethod
    def from_core(
        cls,
        recommendations: Recommendations,
        *,
        engaged_to: str | None = None,
        checks: dict[str, Any] | None = None,
        language: str | None = None,
    ) -> RecommendationsPublic:
        """With ``checks`` (vacancy id -> ``VacancyChecks``), each listed vacancy's findings;
        with a ``language``, the reasons and gaps also in it."""
        checks = checks or {}
        t = None if language is None else translator(language)
        return cls(
            job_seeker_id=recommendations.job_seeker_id,
            matches=[MatchPublic.from_core(m, t) for m in recommendations.matches],
            near_misses=[MatchPublic.from_core(m, t) for m in recommendations.near_misses],
            engaged_to=engaged_to,
            blocked=sorted(v for v, c in checks.items() if c.blocked),
            warnings={
                v: [f.message() for f in c.findings] for v, c in checks.items() if c.findings
            },
            reintegration=sorted(v for v, c in checks.items() if c.vacancy.reintegration),
            warnings_localized=None
            if t is None
            else {
                v: policy_wording.findings_text(c.findings, t)
                for v, c in checks.items()
                if c.findings
            },
        )


class ScoreSummary(_Out):
    minimum: float
    median: float
    maximum: float


class MatchStatsPublic(_Out):
    """A vacancy's matching in numbers, naming nobody (what an analyst may read)."""

    vacancy_id: str
    on: date
    n_considered: int
    n_qualified: int
    n_shortlisted: int
    n_near_misses: int
    shortlist_scores: ScoreSummary | None
    gaps: dict[str, int] = Field(description="Near misses by failed gate.")

    @classmethod
    def from_core(cls, shortlist: Shortlist) -> MatchStatsPublic:
        scores = [m.score for m in shortlist.matches]
        summary = None
        if scores:
            summary = ScoreSummary(minimum=min(scores), median=median(scores), maximum=max(scores))
        gaps = Counter(str(gap.kind) for near in shortlist.near_misses for gap in near.gaps)
        return cls(
            vacancy_id=shortlist.vacancy_id,
            on=shortlist.on,
            n_considered=shortlist.n_considered,
            n_qualified=shortlist.n_qualified,
            n_shortlisted=len(shortlist.matches),
            n_near_misses=len(shortlist.near_misses),
            shortlist_scores=summary,
            gaps=dict(gaps),
        )


class StatsPublic(_Out):
    """Counts; an agency's are of its own records."""

    job_seekers: int
    job_seekers_with_consent: int
    vacancies: int
    positions: int
    demand_lists: int | None = None
    audit_events: int | None = None

    @classmethod
    def from_counts(cls, counts: StoreCounts, *, with_consent: int, positions: int) -> StatsPublic:
        return cls(
            job_seekers=counts.job_seekers,
            job_seekers_with_consent=with_consent,
            vacancies=counts.vacancies,
            positions=positions,
            demand_lists=counts.demand_lists,
            audit_events=counts.audit_events,
        )


class AuditEventPublic(_Out):
    at: datetime
    action: str
    job_seeker_id: str | None
    vacancy_id: str | None
    detail: dict[str, Any] | None

    @classmethod
    def from_core(cls, event: AuditEvent) -> AuditEventPublic:
        return cls(
            at=event.at,
            action=event.action,
            job_seeker_id=event.job_seeker_external_id,
            vacancy_id=event.vacancy_external_id,
            detail=event.detail,
        )


# ----------------------------------------------------------------------------- batches
BatchState = Literal["queued", "running", "done", "failed"]


class BatchPublic(_Out):
    """A batch run's state; counts and output formats once it is done."""

    run_id: str
    state: BatchState
    source: str = Field(description="The uploaded file's name.")
    submitted_by: str = ""
    submitted: datetime | None = Field(default=None, description="UTC; when it was queued.")
    demand_list_id: str | None = None
    destination_country: str | None = None
    attempts: int = Field(default=0, description="Workers that took it up (one unless killed).")
    error: str | None = None
    error_code: str | None = Field(
        default=None, exclude_if=_unasked, description="Why it failed, as a code."
    )
    error_localized: str | None = _localized_field()
    files: list[str] = Field(default_factory=list, description="Formats to download.")
    vacancies: int | None = None
    positions: int | None = None
    filled: int | None = None
    flagged: int | None = None
    started: datetime | None = Field(default=None, description="UTC; once it has started.")
    finished: datetime | None = None


def merge_patch(document: Any, patch: Any) -> Any:
    """Apply a JSON merge patch (RFC 7396): objects merge, ``null`` deletes, else replace.

    Example:
        >>> merge_patch({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": None, "e": 4}})
        {'a': 1, 'b': {'d': 3, 'e': 4}}
    """
    if not isinstance(patch, dict):
        return patch
    merged = dict(document) if isinstance(document, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


RecordT = TypeVar("RecordT", bound=BaseModel)


def patched(record: RecordT, patch: dict[str, Any]) -> RecordT:
    """``record`` with a merge patch applied, validated as a new record of its type.

    Raises:
        RequestValidationError: The patched record is invalid; locations are in the body.
    """
    document = merge_patch(record.model_dump(mode="json"), patch)
    try:
        return type(record).model_validate(document)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from error


class StatisticColumnPublic(_Out):
    name: str
    kind: str = Field(description="key, people, count, rate, weeks or text")


class StatisticPublic(_Out):
    """A published statistic: ``null`` cells counted fewer than ``min_cell`` people."""

    name: str
    title: str
    min_cell: int
    columns: list[StatisticColumnPublic]
    rows: list[list[int | float | str | None]]
    suppressed: list[tuple[int, int]] = Field(description="[row, column] of hidden cells")
    notes: list[str]
    title_localized: str | None = _localized_field()
    columns_localized: list[str] | None = _localized_field()
    rows_localized: list[list[int | float | str | None]] | None = _localized_field()
    notes_localized: list[str] | None = _localized_field()

    @classmethod
    def from_core(cls, table: Any, label: Any = None) -> StatisticPublic:
        """The table; with ``label`` (the reader's words for a column name, key value,
        requirement, course, title or note), its words also in the reader's language."""
        rows = [[str(v) if isinstance(v, str) else v for v in row] for row in table.rows]
        localized = None
        if label is not None:
            keys = {c for c, col in enumerate(table.columns) if col.kind in ("key", "text")}
            localized = [
                [label(v) if c in keys and isinstance(v, str) else v for c, v in enumerate(row)]
                for row in table.rows
            ]
        return cls(
            name=table.name,
            title=table.title,
            min_cell=table.min_cell,
            columns=[StatisticColumnPublic(name=c.name, kind=c.kind) for c in table.columns],
            rows=rows,
            suppressed=sorted(table.suppressed),
            notes=list(table.notes),
            title_localized=None if label is None else label(table.title),
            columns_localized=None if label is None else [label(c.name) for c in table.columns],
            rows_localized=localized,
            notes_localized=None if label is None else [label(n) for n in table.notes],
        )


def merged_fields(record: BaseModel, patch: dict[str, Any]) -> dict[str, Any]:
    """A record's fields with a merge patch applied (RFC 7396), for the record's parser.

    ``null`` resets a field; the patch's values may be written as spreadsheet cells are.
    """
    document = merge_patch(record.model_dump(mode="json", exclude_defaults=True), patch)
    return {name: value for name, value in document.items() if value is not None}

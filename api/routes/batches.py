"""Batch runs: upload a demand list, follow the run, download its files. Coordinators only.

``POST /batches`` queues a job in the store's job table (the file's bytes with it); a
worker runs it: the one inside this server (unless ``Settings.jobs_worker`` is off),
another replica's, or a ``matching worker`` process, writing under
``data_dir/runs/<run id>`` like the CLI does. A job survives a restart: a killed
worker's job is taken up again and resumes from its checkpoint. States and counts are
read from the job table, so every replica answers the same; runs started from the CLI
(a manifest and no job) are shown to the workspace too. Outputs are files: downloads
need the run's directory, i.e. a ``data_dir`` that the replicas share.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response

from api.deps import (
    CoordinatorDep,
    DownloadAuditDep,
    DownloadCoordinatorDep,
    EngineDep,
    ReasonsLanguageDep,
)
from api.problems import Problem
from api.responses import language_headers, model_response
from api.schemas import BatchPublic, BatchState
from api.uploads import save_upload
from matching import batch
from matching.batch.job_errors import JobError, job_error_text
from matching.batch.worker import BatchWorker
from matching.config import Settings
from matching.errors import MatchingError, NotFoundError
from matching.i18n import translator
from matching.scope import EVERYONE, Scope
from matching.service import Engine
from matching.storage.jobs import BatchJob

log = logging.getLogger(__name__)

router = APIRouter(prefix="/batches", tags=["batches"])

RunId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{8,64}$", description="The run's id.")]
FileFormat = Literal["xlsx", "csv", "json", "html"]
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "csv": "application/zip",  # a run's CSV output is a directory of files
}
WORKSPACE_RUNS = 500  # the workspace's history shows this many latest jobs


def error_fields(stored: str | None, language: str | None = None) -> dict[str, Any]:
    """A stored failure (a code and values) as ``error`` (its English text, as always),
    ``error_code`` and, with a ``language``, ``error_localized``."""
    if not stored:
        return {"error": None}
    error = JobError.loads(stored)
    fields: dict[str, Any] = {"error": error.english, "error_code": error.code}
    if language is not None:
        fields["error_localized"] = job_error_text(error, translator(language))
    return fields


def job_public(job: BatchJob, language: str | None = None) -> BatchPublic:
    """A job as the API shows it; counts and formats once it is done; with a
    ``language``, its failure also in that language."""
    done = job.state == "done"
    summary = job.summary if done else {}
    return BatchPublic(
        run_id=job.id,
        state=job.state,  # type: ignore[arg-type]
        source=job.source_name,
        submitted_by=job.submitted_by,
        submitted=job.submitted_at,
        demand_list_id=job.demand_list_id,
        destination_country=job.destination_country,
        attempts=job.attempts,
        **error_fields(job.error, language),
        files=list(summary.get("files", [])),
        vacancies=summary.get("vacancies"),
        positions=summary.get("positions"),
        filled=summary.get("filled"),
        flagged=summary.get("flagged"),
        started=job.started_at,
        finished=job.finished_at,
    )


@dataclass
class BatchRegistry:
    """Batch runs as the job table holds them, and this server's worker (if it runs one)."""

    root: Path
    uploads: Path
    engine: Engine
    worker: BatchWorker | None = None

    @classmethod
    def open(cls, engine: Engine, settings: Settings) -> BatchRegistry:
        """The registry of ``settings.data_dir``; starts a worker when ``jobs_worker``."""
        data_dir = Path(settings.data_dir)
        root, uploads = data_dir / "runs", data_dir / "api-uploads"
        worker = None
        if settings.jobs_worker:
            worker = BatchWorker(engine, runs_dir=root, inputs_dir=uploads).start()
        return cls(root, uploads, engine, worker)

    def status(
        self, run_id: str, scope: Scope = EVERYONE, language: str | None = None
    ) -> BatchPublic:
        """A run's state: its job's, or (a run started from the CLI) its manifest's; with
        a ``language``, its failure also in that language."""
        try:
            return job_public(self.engine.store.get_batch_job(run_id, scope=scope), language)
        except NotFoundError:
            if not scope.everyone:
                raise
        try:
            run = batch.load_run(self.root / run_id)
        except NotFoundError:
            raise NotFoundError(f"no batch run {run_id!r}") from None
        return BatchPublic(
            run_id=run_id,
            state=run.status,
            source=_manifest_source(run.run_dir),
            **error_fields(run.error, language),
            files=sorted(run.files) if run.status == "done" else [],
            vacancies=run.vacancies,
            positions=run.positions,
            filled=run.filled,
            flagged=run.flagged,
            started=run.started,
            finished=run.finished,
        )

    def page(self, scope: Scope = EVERYONE, **filters: Any) -> tuple[list[BatchPublic], str | None]:
        """A page of jobs, newest first, and the next page's cursor (``None``: the last);
        see :meth:`Store.list_batch_jobs`."""
        found = self.engine.store.list_batch_jobs(scope=scope, **filters)
        return [job_public(j) for j in found.jobs], found.next_cursor

    def runs(self, scope: Scope = EVERYONE) -> list[BatchPublic]:
        """The latest runs: jobs, and runs with a manifest under ``root`` and no job (from
        the CLI), the latest first (runs still queued lead)."""
        jobs = self.engine.store.list_batch_jobs(scope=scope, limit=WORKSPACE_RUNS).jobs
        found = [job_public(j) for j in jobs]
        if scope.everyone and self.root.is_dir():
            known = {j.id for j in jobs}
            for path in self.root.iterdir():
                if path.name in known or not (path / batch.MANIFEST).is_file():
                    continue
                try:
                    found.append(self.status(path.name))
                except MatchingError:  # vanished or unreadable meanwhile
                    continue
        newest = datetime.max.replace(tzinfo=UTC)
        return sorted(found, key=lambda r: r.started or newest, reverse=True)

    def start(
        self,
        engine: Engine,
        upload: UploadFile,
        submitted_by: str,
        *,
        demand_list_id: str | None = None,
        destination_country: str | None = None,
        scope: Scope = EVERYONE,
        mapping: dict[str, str | None] | None = None,
    ) -> BatchPublic:
        """Save an uploaded demand list and queue a run of it.

        Raises:
            Problem: 415 when the file is not one the importer reads.
        """
        run_id = uuid.uuid4().hex
        source = save_upload(upload, self.uploads / run_id)
        job = engine.store.enqueue_batch_job(
            run_id,
            source_name=source.name,
            data=source.read_bytes(),
            submitted_by=submitted_by,
            scope=scope,
            demand_list_id=demand_list_id,
            destination_country=destination_country,
            mapping=mapping,
        )
        if self.worker is not None:
            self.worker.wake()
        return job_public(job)

    def shutdown(self) -> None:
        """Stop this server's worker; a job in hand goes back to the queue."""
        if self.worker is not None:
            self.worker.stop()


def _manifest_source(run_dir: Path) -> str:
    """The input file's name as the run's manifest recorded it ("" when it has none)."""
    try:
        data = json.loads((run_dir / batch.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("source", "")) if isinstance(data, dict) else ""


def get_registry(request: Request) -> BatchRegistry:
    return request.app.state.batches


RegistryDep = Annotated[BatchRegistry, Depends(get_registry)]


def _named_people(value: Any) -> Iterator[str]:
    """Every ``job_seeker_id`` in a run's results JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "job_seeker_id" and isinstance(item, str):
                yield item
            else:
                yield from _named_people(item)
    elif isinstance(value, list):
        for item in value:
            yield from _named_people(item)


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=BatchPublic)
def submit_batch(
    file: Annotated[UploadFile, File(description="A demand list: CSV, XLSX or JSON.")],
    engine: EngineDep,
    registry: RegistryDep,
    principal: CoordinatorDep,
    demand_list_id: Annotated[str | None, Form(max_length=64, pattern=r"^[\w.:/-]+$")] = None,
    destination_country: Annotated[str | None, Form(pattern=r"^[A-Z]{2}$")] = None,
) -> BatchPublic:
    """Queue a batch run of a demand list; answers at once with the run id to poll."""
    return registry.start(
        engine,
        file,
        principal.name,
        demand_list_id=demand_list_id,
        destination_country=destination_country,
        scope=principal.scope,
    )


@router.get("", response_model=list[BatchPublic])
def list_batches(
    request: Request,
    response: Response,
    registry: RegistryDep,
    principal: CoordinatorDep,
    state: Annotated[list[BatchState] | None, Query(description="Only these states.")] = None,
    demand_list_id: Annotated[str | None, Query(max_length=64)] = None,
    destination_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    since: Annotated[datetime | None, Query(description="Submitted at or after (UTC).")] = None,
    after: Annotated[
        str | None, Query(max_length=200, description="The `next_cursor` of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[BatchPublic]:
    """Batch runs, the latest submitted first, a page at a time: state, counts, formats.

    Keyset pagination: a further page is announced in the ``Link`` header
    (``<...?after=CURSOR>; rel="next"``, RFC 8288), absent on the last page."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    items, cursor = registry.page(
        principal.scope,
        states=state,
        demand_list_id=demand_list_id,
        destination_country=destination_country,
        since=since,
        after=after,
        limit=limit,
    )
    if cursor is not None:
        following = request.url.include_query_params(after=cursor, limit=limit)
        response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return items


@router.get("/{run_id}", response_model=BatchPublic)
def batch_status(
    run_id: RunId, registry: RegistryDep, principal: CoordinatorDep, language: ReasonsLanguageDep
) -> Response:
    """A run's state (queued, running, done, failed), counts and output formats; a
    failed run's ``error`` (English) and ``error_code``, and with ``Accept-Language:
    ka|en|ru`` its ``error_localized``."""
    status = registry.status(run_id, principal.scope, language)
    return model_response(status, headers=language_headers(language))


@router.get(
    "/{run_id}/files/{file_format}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
def download_batch_file(
    run_id: RunId,
    file_format: FileFormat,
    registry: RegistryDep,
    principal: DownloadCoordinatorDep,
    audit: DownloadAuditDep,
) -> Response:
    """A finished run's output: the XLSX or HTML report, the JSON results, or the CSV
    files (zipped). Shortlists name people: each download is in the audit log.

    Besides a key, a coordinator's workspace session (its cookie) may download."""
    state = registry.status(run_id, principal.scope)
    if state.state != "done":
        raise Problem(409, f"batch run {run_id} is {state.state}", type="batch-not-done")
    try:
        run = batch.load_run(registry.root / run_id)
    except NotFoundError:  # run by a worker whose data_dir this server does not share
        raise NotFoundError(f"batch run {run_id}: its outputs are not on this server") from None
    path = run.files.get(file_format)
    if path is None or not path.exists():
        raise NotFoundError(f"batch run {run_id} has no {file_format} output")
    results = run.files.get("json")
    named: list[str] = []
    if results is not None and results.is_file():
        named = sorted(set(_named_people(json.loads(results.read_text(encoding="utf-8")))))
    audit.record("exported", named, detail={"run_id": run_id, "format": file_format})
    if path.is_dir():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(path.rglob("*")):
                if member.is_file():
                    archive.write(member, member.relative_to(path))
        return Response(
            buffer.getvalue(),
            media_type=MEDIA_TYPES[file_format],
            headers={"Content-Disposition": f'attachment; filename="{run_id}-{path.name}.zip"'},
        )
    return FileResponse(path, media_type=MEDIA_TYPES[file_format], filename=f"{run_id}-{path.name}")

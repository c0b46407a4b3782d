"""Batch runs: upload a demand list, follow the run, download its files. Coordinators only.

A run is :func:`matching.batch.run_batch` on one worker thread (runs queue one behind
another: the engine already uses the machine's cores), writing under
``data_dir/runs/<run id>`` like the CLI does. While a run is queued or running its state
is kept here; afterwards it is read from the run's manifest, so finished runs are found
after a restart, and runs started from the CLI are visible too.

"""

from __future__ import annotations

import io
import json
import logging
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response

from api.deps import (
    CoordinatorDep,
    DownloadAuditDep,
    DownloadCoordinatorDep,
    EngineDep,
)
from api.problems import Problem
from api.schemas import BatchPublic, BatchState
from api.uploads import save_upload
from matching import batch
from matching.errors import MatchingError, NotFoundError
from matching.service import Engine

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


@dataclass
class PendingRun:
    """A run this process accepted and has not finished (or that failed before starting)."""

    run_id: str
    source: str
    submitted_by: str
    state: BatchState = "queued"
    error: str | None = None

    def public(self) -> BatchPublic:
        return BatchPublic.model_validate(self)  # the schema reads the same-named fields


@dataclass
class BatchRegistry:
    """Runs in progress, and the one worker thread that executes them."""

    root: Path
    uploads: Path
    pending: dict[str, PendingRun] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch")
    )

    def submit(self, run: PendingRun, work: Callable[[], None]) -> None:
        with self.lock:
            self.pending[run.run_id] = run

        def execute() -> None:
            run.state = "running"
            try:
                work()
            except MatchingError as error:
                run.state, run.error = "failed", str(error)
                return
            except Exception:
                log.exception("batch run %s failed", run.run_id)
                run.state, run.error = "failed", "an unexpected error occurred; it has been logged"
                return
            with self.lock:  # from now on the manifest tells
                self.pending.pop(run.run_id, None)

        self.executor.submit(execute)

    def status(self, run_id: str) -> BatchPublic:
        with self.lock:
            pending = self.pending.get(run_id)
        if pending is not None and pending.state != "running":  # queued, or failed
            return pending.public()
        try:
            run = batch.load_run(self.root / run_id)
        except NotFoundError:
            if pending is not None:  # started, manifest not written yet
                return BatchPublic(
                    run_id=run_id, state="running", source=pending.source, submitted_by=""
                )
            raise NotFoundError(f"no batch run {run_id!r}") from None
        return BatchPublic(
            run_id=run_id,
            state=run.status,
            source=pending.source if pending else _manifest_source(run.run_dir),
            submitted_by=pending.submitted_by if pending else "",
            error=run.error,
            files=sorted(run.files) if run.status == "done" else [],
            vacancies=run.vacancies,
            positions=run.positions,
            filled=run.filled,
            flagged=run.flagged,
            started=run.started,
            finished=run.finished,
        )

    def runs(self) -> list[BatchPublic]:
        """Every run: those this process holds, and those with a manifest under ``root``,
        the latest first (runs still queued lead)."""
        ids = set(self.pending)
        if self.root.is_dir():
            ids.update(p.name for p in self.root.iterdir() if (p / batch.MANIFEST).is_file())
        found = []
        for run_id in ids:
            try:
                found.append(self.status(run_id))
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
        mapping: dict[str, str | None] | None = None,
    ) -> PendingRun:
        """Save an uploaded demand list and queue a run of it."""
        run_id = uuid.uuid4().hex
        source = save_upload(upload, self.uploads / run_id)
        run = PendingRun(run_id, source.name, submitted_by)

        def work() -> None:
            batch.run_batch(
                engine,
                source,
                self.root,
                demand_list_id=demand_list_id,
                destination_country=destination_country,
                run_id=run_id,
                mapping=mapping,
            )

        self.submit(run, work)
        return run

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


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
    """Start a batch run on a demand list; answers at once with the run id to poll."""
    run = registry.start(
        engine,
        file,
        principal.name,
        demand_list_id=demand_list_id,
        destination_country=destination_country,
    )
    return run.public()


@router.get("", response_model=list[BatchPublic])
def list_batches(registry: RegistryDep, principal: CoordinatorDep) -> list[BatchPublic]:
    """Every batch run, the latest first: its state, counts and output formats."""
    return registry.runs()


@router.get("/{run_id}", response_model=BatchPublic)
def batch_status(run_id: RunId, registry: RegistryDep, principal: CoordinatorDep) -> BatchPublic:
    """A run's state (queued, running, done, failed), counts and output formats."""
    return registry.status(run_id)


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
    state = registry.status(run_id)
    if state.state != "done":
        raise Problem(409, f"batch run {run_id} is {state.state}", type="batch-not-done")
    run = batch.load_run(registry.root / run_id)
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

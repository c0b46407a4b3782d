"""Batch runs over a whole demand list: import, check, shortlist, allocate, report, resume.

:func:`run_batch` takes a demand list file (CSV, XLSX or JSON) through the engine:

1. the file is imported as a demand list (bad rows are reported by row, field and reason
   and never cost the good rows);
2. each vacancy is checked and flagged: an unknown or low-confidence occupation, a fee
   charged to the worker (ILO C181), a recruiting agency not on the licensed register,
   nobody qualified;
3. each vacancy gets an explained shortlist and its near misses; each result is appended
   to ``shortlists.jsonl`` (one line per vacancy, fsynced) as soon as it is computed;
4. the whole list is allocated so that nobody is promised twice, with reserve lists,
   and a fairness report of the allocation is made;
5. the outputs are written, each atomically: an XLSX workbook for coordinators, the
   same tables as CSV files, one JSON document and a self-contained HTML report.

Everything lives in ``run_dir = out_dir / run_id`` with a ``manifest.json`` (input
checksum, settings, times, status, counts). The default run id is a digest of the input
bytes, the settings that change results, the stored job seekers and the day gates are
checked on: running the same file again reuses a finished run and resumes an interrupted
one, skipping the vacancies already in ``shortlists.jsonl``; a changed file gets a new
run. The allocation is always computed over the whole list, so a resumed run ends with
the same results as an uninterrupted one.

Personal data: the workbook, the CSV files and the JSON name each allocated, reserve and
near-miss person by id and name (what a coordinator needs to call them), nothing more;
the HTML report holds aggregates only, no person at all.

Example:
    >>> from matching.config import Settings
    >>> from matching.service import Engine
    >>> settings = Settings(esco_dir=None, database_url="sqlite://", data_dir="var")
    >>> with Engine(settings) as engine:  # doctest: +SKIP
    ...     run = run_batch(engine, "matching/data/sample_demand_list_pl.csv")
    ...     run.status, sorted(run.files)
    ('done', ['csv', 'html', 'json', 'xlsx'])
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import os
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from matching import __version__
from matching.errors import DataFileError, MatchingError, NotFoundError
from matching.fileio import sha256_file, write_text_atomic
from matching.gates import GateFailure, GateKind
from matching.importing import ImportReport, RowError, import_vacancies, open_table
from matching.records import DemandList, Vacancy
from matching.storage import Store, UpsertReport

if TYPE_CHECKING:
    from matching.allocation import Allocation
    from matching.explain import Explanation
    from matching.fairness import FairnessReport
    from matching.matcher import Matcher, Shortlist
    from matching.scoring import ScoreComponents
    from matching.service import Engine

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("xlsx", "csv", "json", "html")
RunStatus = Literal["running", "done", "failed"]
FlagKind = Literal[
    "unknown_occupation",
    "low_confidence_occupation",
    "worker_fee",
    "unlicensed_agency",
    "no_qualified_candidates",
]

MANIFEST = "manifest.json"
CHECKPOINT = "shortlists.jsonl"
_LOCK = ".lock"
# The allocation's candidate depth, passed to matching.allocation.allocate: each
# vacancy's explained shortlist is as deep, so that its allocated people and its
# reserve are explained from the checkpoint.
_POOL_FACTOR = 3.0
_POOL_EXTRA = 10
_CHUNK = 8  # vacancies shortlisted per matcher call
# Settings that change a run's results (paths, the database and API limits do not).
_RESULT_SETTINGS = (
    "encoder",
    "hnsw_threshold",
    "normalizer_review_threshold",
    "normalizer_languages",
    "weight_occupation",
    "weight_skills",
    "weight_experience",
    "weight_language",
    "shortlist_size",
    "reserve_size",
    "minimum_age",
)
_OUTPUT_NAMES = {
    "xlsx": "report.xlsx",
    "csv": "csv",
    "json": "results.json",
    "html": "report.html",
}


class BatchRunError(MatchingError):
    """A batch run cannot start or continue (another process holds it, a changed input)."""


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class Flag:
    """One thing a coordinator must check about a vacancy before recruiting for it.

    Attributes:
        vacancy_id: The vacancy.
        kind: ``unknown_occupation``, ``low_confidence_occupation``, ``worker_fee``,
            ``unlicensed_agency`` or ``no_qualified_candidates``.
        message: Plain words.
    """

    vacancy_id: str
    kind: FlagKind
    message: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A ranked person for a vacancy, with the evidence behind the score.

    Attributes:
        job_seeker_id: The person's external id.
        full_name: Their name, for the coordinator who calls them.
        rank: 1-based rank in its list (shortlist, allocation or reserve).
        score: Total fit in [0, 1].
        occupation, skills, experience, language: The score's components.
        reasons: Plain-language evidence, strongest first.
        matched_skills, missing_skills: ESCO skill labels.
        gaps: Failed gates (near misses only have closable ones).
        allocated_to: On a reserve list, the vacancy the person is allocated to
            elsewhere (``None``: free).
    """

    job_seeker_id: str
    full_name: str
    rank: int
    score: float
    occupation: float
    skills: float
    experience: float
    language: float
    reasons: tuple[str, ...] = ()
    matched_skills: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()
    gaps: tuple[GateFailure, ...] = ()
    allocated_to: str | None = None

    @property
    def gap_summary(self) -> str:
        return "; ".join(g.reason for g in self.gaps)

    @property
    def remedies(self) -> str:
        return "; ".join(g.remedy for g in self.gaps if g.remedy)

    def to_dict(self) -> dict[str, Any]:
        """JSON data (``dataclasses.asdict``, without its deep copies: it is called a lot)."""
        return {
            "job_seeker_id": self.job_seeker_id,
            "full_name": self.full_name,
            "rank": self.rank,
            "score": self.score,
            "occupation": self.occupation,
            "skills": self.skills,
            "experience": self.experience,
            "language": self.language,
            "reasons": list(self.reasons),
            "matched_skills": list(self.matched_skills),
            "missing_skills": list(self.missing_skills),
            "gaps": [
                {"kind": g.kind, "reason": g.reason, "closable": g.closable, "remedy": g.remedy}
                for g in self.gaps
            ],
            "allocated_to": self.allocated_to,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        gaps = tuple(GateFailure(**{**g, "kind": GateKind(g["kind"])}) for g in data["gaps"])
        return cls(
            **{
                **data,
                "reasons": tuple(data["reasons"]),
                "matched_skills": tuple(data["matched_skills"]),
                "missing_skills": tuple(data["missing_skills"]),
                "gaps": gaps,
            }
        )


@dataclass(frozen=True)
class VacancyShortlist:
    """One vacancy's explained shortlist and near misses: the unit a run checkpoints.

    Attributes:
        vacancy_id: The vacancy.
        vacancy_sha256: Digest of the vacancy as shortlisted; a checkpoint of a
            different vacancy is not reused.
        on: The day the gates were checked on.
        n_considered: People whose experience made them candidates.
        n_qualified: Candidates who passed every gate.
        candidates: Qualified people, best first (as deep as the allocation looks).
        near_misses: People who fail only closable gates, best first.
        qualified_rows: Matcher rows of everyone qualified, sorted (for supply per
            occupation).
    """

    vacancy_id: str
    vacancy_sha256: str
    on: date
    n_considered: int
    n_qualified: int
    candidates: tuple[Candidate, ...]
    near_misses: tuple[Candidate, ...]
    qualified_rows: np.ndarray = field(repr=False, compare=False)

    def to_json(self) -> str:
        # Sorted rows as zlib-packed gaps: thousands of qualified people per line stay small.
        gaps = np.diff(np.asarray(self.qualified_rows, np.int64), prepend=0).astype("<u4")
        rows = zlib.compress(gaps.tobytes(), 6)
        return json.dumps(
            {
                "vacancy_id": self.vacancy_id,
                "vacancy_sha256": self.vacancy_sha256,
                "on": self.on.isoformat(),
                "n_considered": self.n_considered,
                "n_qualified": self.n_qualified,
                "candidates": [c.to_dict() for c in self.candidates],
                "near_misses": [c.to_dict() for c in self.near_misses],
                "qualified_rows": base64.b64encode(rows).decode("ascii"),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> VacancyShortlist:
        data = json.loads(line)
        gaps = np.frombuffer(zlib.decompress(base64.b64decode(data["qualified_rows"])), "<u4")
        rows = np.cumsum(gaps.astype(np.int64))
        return cls(
            vacancy_id=data["vacancy_id"],
            vacancy_sha256=data["vacancy_sha256"],
            on=date.fromisoformat(data["on"]),
            n_considered=int(data["n_considered"]),
            n_qualified=int(data["n_qualified"]),
            candidates=tuple(Candidate.from_dict(c) for c in data["candidates"]),
            near_misses=tuple(Candidate.from_dict(c) for c in data["near_misses"]),
            qualified_rows=rows,
        )


@dataclass(frozen=True)
class VacancyOutcome:
    """One vacancy of the list: what it asks, its flags, who is allocated, its reserve.

    Attributes:
        vacancy: The vacancy as imported and coded.
        occupation_label: English label of its ESCO occupation or ISCO group ("" if none).
        flags: What a coordinator must check.
        n_considered, n_qualified: From its shortlist.
        near_misses: People who would qualify after a course, a certificate ...
        allocated: People allocated to its positions, best first.
        reserve: Its reserve list; people allocated elsewhere come last.
    """

    vacancy: Vacancy
    occupation_label: str
    flags: tuple[Flag, ...]
    n_considered: int
    n_qualified: int
    near_misses: tuple[Candidate, ...]
    allocated: tuple[Candidate, ...]
    reserve: tuple[Candidate, ...]

    @property
    def vacancy_id(self) -> str:
        return self.vacancy.external_id

    @property
    def filled(self) -> int:
        return len(self.allocated)

    @property
    def unfilled(self) -> int:
        return self.vacancy.positions - len(self.allocated)


@dataclass(frozen=True, slots=True)
class OccupationSupply:
    """Demand against qualified supply for one occupation of the list.

    Attributes:
        occupation: ESCO occupation or ISCO group URI; ``""`` for uncoded vacancies.
        label: Its English label.
        isco_group: Its ISCO unit group.
        vacancies: Vacancies asking for it.
        positions: Positions asked for.
        qualified: Distinct people qualified for at least one of those vacancies.
        filled: Positions allocated.
    """

    occupation: str
    label: str
    isco_group: str
    vacancies: int
    positions: int
    qualified: int
    filled: int


@dataclass(frozen=True)
class BatchResults:
    """Everything a run found, as its outputs show it (no timestamps: a resumed run's
    results equal an uninterrupted run's)."""

    run_id: str
    input_sha256: str
    source_name: str
    demand_list_id: str
    destination_country: str | None
    on: date
    rows_read: int
    input_errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]
    vacancies: tuple[VacancyOutcome, ...]
    occupations: tuple[OccupationSupply, ...]
    fairness: FairnessReport
    allocation_method: str
    total_fit: float

    @property
    def positions(self) -> int:
        return sum(v.vacancy.positions for v in self.vacancies)

    @property
    def filled(self) -> int:
        return sum(v.filled for v in self.vacancies)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(f for v in self.vacancies for f in v.flags)

    @property
    def flagged(self) -> int:
        return sum(1 for v in self.vacancies if v.flags)

    @property
    def n_near_misses(self) -> int:
        return sum(len(v.near_misses) for v in self.vacancies)

    @property
    def rows_rejected(self) -> int:
        return len({e.row for e in self.input_errors})

    def counts(self) -> dict[str, int]:
        """The run's counts, as the manifest and the JSON output give them."""
        return {
            "rows_read": self.rows_read,
            "input_errors": len(self.input_errors),
            "vacancies": len(self.vacancies),
            "positions": self.positions,
            "filled": self.filled,
            "flagged": self.flagged,
        }


@dataclass
class BatchRun:
    """A batch run as recorded in its ``manifest.json``.

    Attributes:
        run_id: The run's id (by default a digest of the input and what shapes results).
        run_dir: Its directory.
        status: ``running``, ``done`` or ``failed`` (a killed run reads as failed).
        input_sha256: SHA-256 of the input file's bytes.
        started, finished: UTC times of the last start and of the end.
        vacancies: Vacancies imported (good rows).
        positions: Positions they ask for.
        filled: Positions allocated.
        flagged: Vacancies with at least one flag.
        files: Output format -> path (``csv`` is a directory of CSV files).
        error: Why a failed run failed.
        reused: Vacancies whose shortlist came from an earlier, interrupted attempt.

    Example:
        >>> run = BatchRun("ab12", Path("var/runs/ab12"), "done", "e3b0c442")
        >>> run.status, run.files
        ('done', {})
    """

    run_id: str
    run_dir: Path
    status: RunStatus
    input_sha256: str
    started: datetime | None = None
    finished: datetime | None = None
    vacancies: int = 0
    positions: int = 0
    filled: int = 0
    flagged: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    reused: int = 0


# ----------------------------------------------------------------------------- helpers
def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@contextmanager
def _run_lock(run_dir: Path) -> Iterator[None]:
    """Hold the run directory: a second process on the same run fails instead of mixing in."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    with (run_dir / _LOCK).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise BatchRunError(
                f"batch run {run_dir.name} is running in another process"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _held_elsewhere(run_dir: Path) -> bool:
    """Whether a live process holds the run (its lock is released when it dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: assume it is
        return True
    path = run_dir / _LOCK
    if not path.is_file():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


def _settings_snapshot(engine: Engine) -> dict[str, Any]:
    """The settings that shape results (never the database URL: it may hold a password)."""
    settings = engine.settings.model_dump(mode="json")
    snapshot = {name: settings[name] for name in _RESULT_SETTINGS}
    snapshot["taxonomy"] = engine.taxonomy.version
    snapshot["matcher_options"] = {k: str(v) for k, v in sorted(engine.matcher_options.items())}
    snapshot["allocation"] = {"pool_factor": _POOL_FACTOR, "pool_extra": _POOL_EXTRA}
    return snapshot


def _gate_day(engine: Engine) -> date:
    today = engine.matcher_options.get("today")
    return today if isinstance(today, date) else date.today()


def _default_list_id(source: Path) -> str:
    if source.suffix.lower() == ".json":  # a demand-list object names itself
        document = open_table(source, rows_key="vacancies").document or {}
        if document.get("external_id"):
            return str(document["external_id"])
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in source.stem)
    return stem[:64] or "demand-list"


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BatchRunError(f"unknown output formats {unknown} (known: {', '.join(FORMATS)})")
    return tuple(dict.fromkeys(formats))


def _vacancy_sha256(vacancy: Vacancy) -> str:
    return hashlib.sha256(vacancy.model_dump_json().encode()).hexdigest()


class _CapturingStore:
    """The store an import writes to, keeping the demand list it saves.

    The run needs exactly this file's vacancies, in file order, as coded on import;
    the stored demand list may also hold vacancies of earlier imports of the same list.
    """

    def __init__(self, store: Store):
        self.store = store
        self.demand_list: DemandList | None = None

    def save_demand_list(self, demand_list: DemandList, *, prune: bool = True) -> UpsertReport:
        self.demand_list = demand_list
        return self.store.save_demand_list(demand_list, prune=prune)


# ----------------------------------------------------------------------------- manifest
def _manifest_run(run_dir: Path, data: dict[str, Any]) -> BatchRun:
    counts = data.get("counts", {})

    def when(key: str) -> datetime | None:
        value = data.get(key)
        return datetime.fromisoformat(value) if value else None

    return BatchRun(
        run_id=data["run_id"],
        run_dir=run_dir,
        status=data["status"],
        input_sha256=data["input_sha256"],
        started=when("started"),
        finished=when("finished"),
        vacancies=int(counts.get("vacancies", 0)),
        positions=int(counts.get("positions", 0)),
        filled=int(counts.get("filled", 0)),
        flagged=int(counts.get("flagged", 0)),
        files={fmt: run_dir / name for fmt, name in data.get("files", {}).items()},
        error=data.get("error"),
        reused=int(counts.get("reused", 0)),
    )


def _read_manifest(run_dir: Path) -> dict[str, Any] | None:
    path = run_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise BatchRunError(f"{path}: unreadable run manifest: {error}") from error


def _write_manifest(run_dir: Path, data: dict[str, Any]) -> None:
    write_text_atomic(run_dir / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def load_run(run_dir: str | Path) -> BatchRun:
    """The state of a run: ``running`` while a process works on it, ``done``, or
    ``failed`` (with the error; also when its process was killed).

    Args:
        run_dir: The run's directory (``out_dir / run_id``).

    Raises:
        NotFoundError: No run was ever started there.
        BatchRunError: Its manifest is unreadable.
    """
    run_dir = Path(run_dir)
    data = _read_manifest(run_dir)
    if data is None:
        raise NotFoundError(f"no batch run in {run_dir}")
    run = _manifest_run(run_dir, data)
    if run.status == "running" and not _held_elsewhere(run_dir):
        # The process died (killed, power cut) without recording it.
        run.status = "failed"
        run.error = (
            "interrupted: the run's process ended before it finished; run it again to resume"
        )
    return run


# ----------------------------------------------------------------------------- checkpoint
class _Checkpoint:
    """``shortlists.jsonl``: a header naming the run key, then one vacancy per line.

    Lines are appended and fsynced one by one; a line cut short by a crash is dropped
    on the next start, as is the whole file when it belongs to another run key.
    """

    def __init__(self, path: Path, run_key: str):
        self.path = path
        self.run_key = run_key
        self.done: dict[str, VacancyShortlist] = {}

    def load(self) -> _Checkpoint:
        header = json.dumps({"run_key": self.run_key}) + "\n"
        good = 0
        if self.path.is_file():
            with self.path.open("rb") as f:
                first = f.readline()
                if first.decode("utf-8", "replace") == header:
                    good = len(first)
                    for line in f:
                        if not line.endswith(b"\n"):
                            break  # cut short by a crash
                        try:
                            item = VacancyShortlist.from_json(line.decode("utf-8"))
                        except (ValueError, KeyError, TypeError):
                            break
                        self.done[item.vacancy_id] = item
                        good += len(line)
        if good == 0:
            write_text_atomic(self.path, header)
        else:
            with self.path.open("rb+") as f:
                f.truncate(good)
        return self

    def append(self, item: VacancyShortlist) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(item.to_json() + "\n")
            f.flush()
            os.fsync(f.fileno())


# ----------------------------------------------------------------------------- the run
def run_batch(
    engine: Engine,
    source: str | Path,
    out_dir: str | Path | None = None,
    *,
    demand_list_id: str | None = None,
    destination_country: str | None = None,
    run_id: str | None = None,
    formats: Sequence[str] = FORMATS,
    progress: Callable[[int, int], None] | None = None,
) -> BatchRun:
    """Import, check, shortlist and allocate a demand list; write its outputs.

    Args:
        engine: The engine (its store, normaliser and matcher over the job seekers).
        source: The demand list: CSV, XLSX or JSON.
        out_dir: Where runs go; ``settings.data_dir / "runs"`` by default.
        demand_list_id: Id the list is stored under; a JSON list's own id or the file's
            stem by default.
        destination_country: Country of rows that name none.
        run_id: The run's id; by default a digest of the input bytes, the result-shaping
            settings, the stored job seekers and the gate day, so that the same file
            run again resumes (or reuses) the same run.
        formats: Outputs to write: ``xlsx``, ``csv``, ``json``, ``html``.
        progress: Called as ``progress(done, total)`` as vacancies are shortlisted.

    Returns:
        The finished run (``status == "done"``).

    Raises:
        DataFileError: The file is missing or unreadable as a demand list.
        BatchRunError: The run is held by another process, or ``run_id`` names a run of
            another input.
        Any error of the engine; the manifest then says ``failed`` with the error, and
        the vacancies already shortlisted are kept for the next attempt.
    """
    source = Path(source)
    if not source.is_file():
        raise DataFileError(source, "no such file")
    formats = _check_formats(formats)
    input_sha256 = sha256_file(source)
    engine.open()
    list_id = demand_list_id or _default_list_id(source)
    day = _gate_day(engine)
    snapshot = _settings_snapshot(engine)
    # The stamp first: a write between the two makes them disagree, and the matcher refits.
    population_version = engine.store.job_seekers_version()
    population = engine.store.job_seekers_fingerprint()
    run_key = _digest(
        {
            "input": input_sha256,
            "settings": snapshot,
            "demand_list_id": list_id,
            "destination_country": destination_country,
            "population": population,
            "day": day.isoformat(),
        }
    )
    run_id = run_id or run_key[:32]
    root = Path(out_dir) if out_dir is not None else Path(engine.settings.data_dir) / "runs"
    run_dir = root / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    with _run_lock(run_dir):
        previous = _read_manifest(run_dir)
        if previous is not None and previous.get("input_sha256") != input_sha256:
            raise BatchRunError(f"batch run {run_id} was started on another input file")
        earlier: dict[str, Path] = {}  # outputs of an earlier finish of this very run
        if previous is not None and previous.get("run_key") == run_key:
            run = _manifest_run(run_dir, previous)
            if run.status == "done":
                earlier = {fmt: p for fmt, p in run.files.items() if p.exists()}
                if all(fmt in earlier for fmt in formats):
                    log.info("batch run %s is done already: reusing it", run_id)
                    return run
        manifest: dict[str, Any] = {
            "run_id": run_id,
            "run_key": run_key,
            "status": "running",
            "input_sha256": input_sha256,
            "source": source.name,
            "demand_list_id": list_id,
            "destination_country": destination_country,
            "gate_day": day.isoformat(),
            "population": population,
            "settings": snapshot,
            "matching_version": __version__,
            "started": _now().isoformat(),
            "finished": None,
            "pid": os.getpid(),
            "attempts": int((previous or {}).get("attempts", 0)) + 1,
            "counts": {},
            "files": {},
            "seconds": {},
            "error": None,
        }
        _write_manifest(run_dir, manifest)
        try:
            timings: dict[str, float] = {}
            results, reused = _compute(
                engine,
                source,
                run_dir,
                run_id=run_id,
                run_key=run_key,
                population_version=population_version,
                input_sha256=input_sha256,
                list_id=list_id,
                destination_country=destination_country,
                day=day,
                progress=progress,
                timings=timings,
            )
            began = time.perf_counter()
            files = write_outputs(results, run_dir, formats)
            timings["outputs"] = time.perf_counter() - began
        except BaseException as error:
            manifest.update(
                status="failed",
                finished=_now().isoformat(),
                error=f"{type(error).__name__}: {error}" if str(error) else type(error).__name__,
            )
            _write_manifest(run_dir, manifest)
            raise
        manifest.update(
            status="done",
            finished=_now().isoformat(),
            counts={
                **results.counts(),
                "flags": len(results.flags),
                "near_misses": results.n_near_misses,
                "reused": reused,
            },
            seconds={k: round(v, 3) for k, v in timings.items()},
            files={
                fmt: str(path.relative_to(run_dir)) for fmt, path in {**earlier, **files}.items()
            },
        )
        _write_manifest(run_dir, manifest)
        return _manifest_run(run_dir, manifest)


def _import(
    engine: Engine,
    source: Path,
    list_id: str,
    destination_country: str | None,
) -> tuple[ImportReport, list[Vacancy]]:
    capture = _CapturingStore(engine.store)
    report = import_vacancies(
        source,
        cast(Store, capture),
        normalizer=engine.normalizer,
        demand_list_id=list_id,
        destination_country=destination_country,
    )
    vacancies = list(capture.demand_list.vacancies) if capture.demand_list else []
    return report, vacancies


def _compute(
    engine: Engine,
    source: Path,
    run_dir: Path,
    *,
    run_id: str,
    run_key: str,
    population_version: str,
    input_sha256: str,
    list_id: str,
    destination_country: str | None,
    day: date,
    progress: Callable[[int, int], None] | None,
    timings: dict[str, float],
) -> tuple[BatchResults, int]:
    """The run's results, and how many shortlists came from the checkpoint; wall times
    of the phases go to ``timings``."""
    from matching.fairness import allocation_fairness

    clock = time.perf_counter()
    _ = engine.normalizer  # loaded (or fitted) once per engine: timed apart from the import
    timings["normaliser"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report, vacancies = _import(engine, source, list_id, destination_country)
    timings["import"] = time.perf_counter() - clock
    clock = time.perf_counter()
    matcher = engine.matcher()
    if engine.matcher_version != population_version:
        # The matcher was fitted on other people than the run's (another process wrote).
        engine.invalidate()
        matcher = engine.matcher()
    timings["matcher"] = time.perf_counter() - clock
    clock = time.perf_counter()
    checkpoint = _Checkpoint(run_dir / CHECKPOINT, run_key).load()
    hashes = {v.external_id: _vacancy_sha256(v) for v in vacancies}
    reused = {
        vid: item
        for vid, item in checkpoint.done.items()
        if vid in hashes and item.vacancy_sha256 == hashes[vid]
    }
    todo = [v for v in vacancies if v.external_id not in reused]
    total = len(vacancies)
    done = total - len(todo)
    if progress is not None:
        progress(done, total)
    reserve_size = engine.settings.reserve_size
    shortlists = dict(reused)
    for start in range(0, len(todo), _CHUNK):
        chunk = todo[start : start + _CHUNK]
        depths = [math.ceil(v.positions * _POOL_FACTOR) + _POOL_EXTRA + reserve_size for v in chunk]
        for vacancy, sl in zip(
            chunk, matcher.batch_match_vacancies(chunk, depths, explanations=True), strict=True
        ):
            item = _vacancy_shortlist(matcher, sl, hashes[vacancy.external_id])
            checkpoint.append(item)
            shortlists[vacancy.external_id] = item
            done += 1
            if progress is not None:
                progress(done, total)

    timings["shortlists"] = time.perf_counter() - clock
    clock = time.perf_counter()
    allocation = engine.allocate(
        vacancies,
        reserve_size=reserve_size,
        pool_factor=_POOL_FACTOR,
        pool_extra=_POOL_EXTRA,
        # The shortlists above go as deep as the allocation pool: not matched again.
        shortlists=[_as_shortlist(matcher, shortlists[v.external_id]) for v in vacancies],
    )
    fairness = allocation_fairness(matcher, allocation, on=day)
    timings["allocation"] = time.perf_counter() - clock
    clock = time.perf_counter()
    outcomes = _outcomes(engine, matcher, vacancies, shortlists, allocation)
    timings["outcomes"] = time.perf_counter() - clock
    results = BatchResults(
        run_id=run_id,
        input_sha256=input_sha256,
        source_name=source.name,
        demand_list_id=list_id,
        destination_country=destination_country,
        on=day,
        rows_read=report.rows_read,
        input_errors=tuple(report.errors),
        ignored_columns=tuple(report.ignored_columns),
        vacancies=outcomes,
        occupations=_supply(engine, outcomes, shortlists),
        fairness=fairness,
        allocation_method=allocation.method,
        total_fit=round(allocation.total_fit, 9),
    )
    return results, len(reused)


def _name(matcher: Matcher, job_seeker_id: str) -> str:
    return matcher.job_seekers_[matcher.row_of_[job_seeker_id]].full_name


def _candidate(
    matcher: Matcher,
    job_seeker_id: str,
    rank: int,
    score: float,
    components: ScoreComponents,
    explanation: Explanation,
) -> Candidate:
    """A person as the outputs show them; a near miss's gaps are its explanation's."""
    return Candidate(
        job_seeker_id=job_seeker_id,
        full_name=_name(matcher, job_seeker_id),
        rank=rank,
        score=float(score),
        occupation=float(components.occupation),
        skills=float(components.skills),
        experience=float(components.experience),
        language=float(components.language),
        reasons=explanation.reasons,
        matched_skills=explanation.matched_skills,
        missing_skills=explanation.missing_skills,
        gaps=explanation.gaps,
    )


def _vacancy_shortlist(matcher: Matcher, sl: Shortlist, vacancy_sha256: str) -> VacancyShortlist:
    return VacancyShortlist(
        vacancy_id=sl.vacancy_id,
        vacancy_sha256=vacancy_sha256,
        on=sl.on,
        n_considered=sl.n_considered,
        n_qualified=sl.n_qualified,
        candidates=tuple(
            _candidate(matcher, m.job_seeker_id, m.rank, m.score, m.components, m.explanation)
            for m in sl.matches
        ),
        near_misses=tuple(
            _candidate(matcher, n.job_seeker_id, n.rank, n.score, n.components, n.explanation)
            for n in sl.near_misses
        ),
        qualified_rows=np.asarray(sl.qualified_rows, np.int64),
    )


def _as_shortlist(matcher: Matcher, item: VacancyShortlist) -> Shortlist:
    """The matcher's view of a checkpointed shortlist (matches only), for the allocation."""
    from matching.matcher import Match, Shortlist
    from matching.scoring import ScoreComponents

    matches = tuple(
        Match(
            item.vacancy_id,
            c.job_seeker_id,
            c.rank,
            c.score,
            ScoreComponents(c.occupation, c.skills, c.experience, c.language, c.score),
        )
        for c in item.candidates
    )
    return Shortlist(
        vacancy_id=item.vacancy_id,
        matches=matches,
        near_misses=(),
        n_considered=item.n_considered,
        n_qualified=item.n_qualified,
        on=item.on,
        rows=np.asarray([matcher.row_of_[c.job_seeker_id] for c in item.candidates], np.int64),
        scores=np.asarray([c.score for c in item.candidates], np.float64),
        qualified_rows=item.qualified_rows,
    )


def _flags(engine: Engine, vacancy: Vacancy, shortlist: VacancyShortlist) -> tuple[Flag, ...]:
    vid = vacancy.external_id
    flags: list[Flag] = []
    threshold = engine.settings.normalizer_review_threshold
    if vacancy.esco_uri is None and vacancy.isco_group is None:
        flags.append(
            Flag(vid, "unknown_occupation", f"no ESCO occupation found for {vacancy.title!r}")
        )
    elif vacancy.normalizer_score is not None and vacancy.normalizer_score < threshold:
        label = engine.taxonomy.concept_label(vacancy.esco_uri) if vacancy.esco_uri else ""
        flags.append(
            Flag(
                vid,
                "low_confidence_occupation",
                f"{vacancy.title!r} read as {label or vacancy.isco_group} with confidence "
                f"{vacancy.normalizer_score:.2f} (< {threshold:.2f}): check the occupation",
            )
        )
    if vacancy.charges_worker_fee:
        currency = f" {vacancy.worker_fee_currency}" if vacancy.worker_fee_currency else ""
        flags.append(
            Flag(
                vid,
                "worker_fee",
                f"charges the worker a fee of {vacancy.worker_fee:g}{currency} "
                "(ILO C181 art. 7: no fees to workers)",
            )
        )
    if vacancy.agency_licensed is False:
        agency = vacancy.agency or "the recruiting agency"
        flags.append(
            Flag(vid, "unlicensed_agency", f"{agency} is not on the licensed agency register")
        )
    if shortlist.n_qualified == 0:
        near = len(shortlist.near_misses)
        message = "nobody registered qualifies" + (
            f"; {near} near misses could, after training (see Near misses)" if near else ""
        )
        flags.append(Flag(vid, "no_qualified_candidates", message))
    return tuple(flags)


def _occupation_label(engine: Engine, vacancy: Vacancy) -> str:
    taxonomy = engine.taxonomy
    if vacancy.esco_uri is not None:
        return taxonomy.concept_label(vacancy.esco_uri)
    if vacancy.isco_group is not None and vacancy.isco_group in taxonomy.isco_groups:
        return taxonomy.isco_groups[vacancy.isco_group].preferred_label
    return ""


def _explained(
    matcher: Matcher,
    vacancy: Vacancy,
    known: dict[str, Candidate],
    job_seeker_id: str,
    rank: int,
    allocated_to: str | None,
) -> Candidate:
    """A person of the allocation or a reserve list, explained from the checkpointed
    shortlist, or afresh when the allocation looked deeper than the shortlist went."""
    found = known.get(job_seeker_id)
    if found is None:
        assessment = matcher.assess(vacancy, job_seeker_id)
        found = _candidate(
            matcher,
            job_seeker_id,
            rank,
            assessment.components.total,
            assessment.components,
            matcher.explain(vacancy, job_seeker_id),
        )
    return replace(found, rank=rank, allocated_to=allocated_to)


def _outcomes(
    engine: Engine,
    matcher: Matcher,
    vacancies: Sequence[Vacancy],
    shortlists: dict[str, VacancyShortlist],
    allocation: Allocation,
) -> tuple[VacancyOutcome, ...]:
    out = []
    for vacancy, va in zip(vacancies, allocation.vacancies, strict=True):
        sl = shortlists[vacancy.external_id]
        known = {c.job_seeker_id: c for c in sl.candidates}
        out.append(
            VacancyOutcome(
                vacancy=vacancy,
                occupation_label=_occupation_label(engine, vacancy),
                flags=_flags(engine, vacancy, sl),
                n_considered=sl.n_considered,
                n_qualified=sl.n_qualified,
                near_misses=sl.near_misses,
                allocated=tuple(
                    _explained(matcher, vacancy, known, m.job_seeker_id, m.rank, None)
                    for m in va.assigned
                ),
                reserve=tuple(
                    _explained(matcher, vacancy, known, r.job_seeker_id, r.rank, r.allocated_to)
                    for r in va.reserve
                ),
            )
        )
    return tuple(out)


def _supply(
    engine: Engine,
    outcomes: Sequence[VacancyOutcome],
    shortlists: dict[str, VacancyShortlist],
) -> tuple[OccupationSupply, ...]:
    groups: dict[str, list[VacancyOutcome]] = {}
    for outcome in outcomes:
        v = outcome.vacancy
        key = v.esco_uri or (f"isco:{v.isco_group}" if v.isco_group else "")
        groups.setdefault(key, []).append(outcome)
    out = []
    for key, items in groups.items():
        rows = [shortlists[o.vacancy_id].qualified_rows for o in items]
        qualified = len(np.unique(np.concatenate(rows)))
        first = items[0]
        out.append(
            OccupationSupply(
                occupation=key,
                label=first.occupation_label or "(unknown occupation)",
                isco_group=first.vacancy.isco_group or "",
                vacancies=len(items),
                positions=sum(o.vacancy.positions for o in items),
                qualified=int(qualified),
                filled=sum(o.filled for o in items),
            )
        )
    out.sort(key=lambda s: (-s.positions, s.label, s.occupation))
    return tuple(out)


# ----------------------------------------------------------------------------- outputs
def write_outputs(
    results: BatchResults, run_dir: Path, formats: Sequence[str] = FORMATS
) -> dict[str, Path]:
    """Write the requested outputs of a run into ``run_dir``; returns format -> path."""
    from matching import report

    files: dict[str, Path] = {}
    for fmt in _check_formats(formats):
        path = run_dir / _OUTPUT_NAMES[fmt]
        if fmt == "xlsx":
            report.write_xlsx(results, path)
        elif fmt == "csv":
            report.write_csv(results, path)
        elif fmt == "json":
            write_text_atomic(path, report.results_json(results))
        elif fmt == "html":
            write_text_atomic(path, report.render_html(results))
        files[fmt] = path
    return files


__all__ = [
    "FORMATS",
    "BatchResults",
    "BatchRun",
    "BatchRunError",
    "Candidate",
    "Flag",
    "OccupationSupply",
    "VacancyOutcome",
    "VacancyShortlist",
    "load_run",
    "run_batch",
    "write_outputs",
]

"""A run directory's bookkeeping: the lock, the manifest and the shortlist checkpoint."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from matching.batch.results import (
    _LOCK,
    _NEUTRAL_PREFIXES,
    _NEUTRAL_SETTINGS,
    _POOL_EXTRA,
    _POOL_FACTOR,
    FORMATS,
    MANIFEST,
    BatchRun,
    VacancyShortlist,
)
from matching.errors import DataFileError, InvalidInputError, NotFoundError, RunInProgressError
from matching.fileio import write_text_atomic
from matching.intake.tables import open_table
from matching.records import Vacancy

if TYPE_CHECKING:
    from matching.service import Engine

log = logging.getLogger(__name__)


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
            raise RunInProgressError(
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


def _skill_lexicon_digest() -> str:
    """A digest of the skill lexicon files: editing one maps skills otherwise."""
    from matching.skills import skill_lexicon_files

    digest = hashlib.sha256()
    for path in skill_lexicon_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _settings_snapshot(engine: Engine) -> dict[str, Any]:
    """The settings that shape results (never the database URL: it may hold a password),
    and the title normaliser's identity (its taxonomy, labels and fusion weight)."""
    settings = engine.settings.model_dump(mode="json")
    snapshot = {
        name: value
        for name, value in settings.items()
        if name not in _NEUTRAL_SETTINGS and not name.startswith(_NEUTRAL_PREFIXES)
    }
    snapshot["taxonomy"] = engine.taxonomy.version
    snapshot["normalizer"] = engine.normalizer_path(engine.taxonomy).name
    snapshot["skill_lexicon"] = _skill_lexicon_digest()
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
        raise InvalidInputError(f"unknown output formats {unknown} (known: {', '.join(FORMATS)})")
    return tuple(dict.fromkeys(formats))


def _vacancy_sha256(vacancy: Vacancy) -> str:
    return hashlib.sha256(vacancy.model_dump_json().encode()).hexdigest()


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
        raise DataFileError(path, f"unreadable run manifest: {error}") from error


def _write_manifest(run_dir: Path, data: dict[str, Any]) -> None:
    write_text_atomic(run_dir / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def load_run(run_dir: str | Path) -> BatchRun:
    """The state of a run: ``running`` while a process works on it, ``done``, or
    ``failed`` (with the error; also when its process was killed).

    Args:
        run_dir: The run's directory (``out_dir / run_id``).

    Raises:
        NotFoundError: No run was ever started there.
        DataFileError: Its manifest is unreadable.
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
def _checked_line(line: bytes) -> VacancyShortlist | None:
    """A checkpoint line (``sha256<TAB>json``) whose checksum holds, else ``None``."""
    digest, tab, body = line.rstrip(b"\n").partition(b"\t")
    if not tab or hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        return VacancyShortlist.from_json(body.decode("utf-8"))
    except (ValueError, KeyError, TypeError):
        return None


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
                        item = _checked_line(line)
                        if item is None:
                            log.warning(
                                "%s: a damaged line; its vacancy and the ones after it are "
                                "shortlisted again",
                                self.path.name,
                            )
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
        text = item.to_json()
        with self.path.open("a", encoding="utf-8") as f:
            # Each line carries its checksum: a changed byte makes it computed again.
            f.write(f"{hashlib.sha256(text.encode()).hexdigest()}\t{text}\n")
            f.flush()
            os.fsync(f.fileno())

"""Why a batch job failed, as a code and its values, worded per reader.

``batch_jobs.error`` holds a :class:`JobError` as JSON (``{"code": "data_file",
"params": {"file": "list.xlsx"}, "detail": "DataFileError: list.xlsx: ..."}``), never a
sentence: the run pages and ``GET /batches/{id}`` word it in Georgian, English or Russian
from the catalogue (:func:`job_error_text`). ``detail`` is the error's own English text,
for whoever debugs it; like every value here it names a file, never a server path.
A row written before codes were stored (plain text) reads as ``failed`` with that text as
its detail.

Example:
    >>> from matching.i18n import translator
    >>> e = JobError("interrupted", {"attempts": 3})
    >>> JobError.loads(e.dumps()) == e
    True
    >>> job_error_text(e, translator("en"))
    'interrupted 3 times: its worker stopped each time'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matching.errors import (
    ConfigurationError,
    DataFileError,
    InvalidInputError,
    MappingError,
    MatchingError,
    NotFoundError,
    RunInProgressError,
    SolverError,
)
from matching.fileio import without_paths
from matching.i18n import N_, Translator

MESSAGES: dict[str, str] = {
    "unexpected": N_("an unexpected error occurred; it has been logged"),
    "interrupted": N_("interrupted %(attempts)s times: its worker stopped each time"),
    "data_file": N_("the file %(file)s cannot be read"),
    "data_file_row": N_("the file %(file)s cannot be read at row %(row)s"),
    "invalid_input": N_("the demand list or its settings are not valid"),
    "mapping": N_("a column is mapped to a field that does not exist"),
    "run_in_progress": N_("this run is held by another process or was started on another file"),
    "not_found": N_("something the run needs was not found"),
    "solver": N_("the shortlists could not be allocated"),
    "configuration": N_("the server is not set up for this run"),
    "failed": N_("the run could not be completed"),
}
# The most specific first: RunInProgressError is a ConflictError, DataFileError apart.
_CODES: tuple[tuple[type[BaseException], str], ...] = (
    (RunInProgressError, "run_in_progress"),
    (DataFileError, "data_file"),
    (MappingError, "mapping"),
    (InvalidInputError, "invalid_input"),
    (NotFoundError, "not_found"),
    (SolverError, "solver"),
    (ConfigurationError, "configuration"),
)


@dataclass(frozen=True)
class JobError:
    """A job's failure: ``code`` (a key of :data:`MESSAGES`), the values its message
    names, and the error's own English text (no server path)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    detail: str | None = None

    def dumps(self) -> str:
        """As stored in ``batch_jobs.error``."""
        data: dict[str, Any] = {"code": self.code, "params": dict(self.params)}
        if self.detail:
            data["detail"] = self.detail
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> JobError:
        """A stored error; plain text (written before codes) as ``failed`` with it."""
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict) or data.get("code") not in MESSAGES:
            return cls("failed", {}, text)
        return cls(data["code"], dict(data.get("params") or {}), data.get("detail"))

    @property
    def english(self) -> str:
        """What a caller without a language reads: the error's own text where there is
        one (as ``error`` always was), else the message in English."""
        return self.detail or _render(self, None)


def job_error(error: BaseException | None, *known: Path) -> JobError:
    """``error`` (``None``: one not to be shown, only logged) as a job error, its file
    named without the directories ``known`` (or any other absolute path)."""
    if error is None or not isinstance(error, MatchingError):
        return JobError("unexpected")
    code = next((c for kind, c in _CODES if isinstance(error, kind)), "failed")
    params: dict[str, Any] = {}
    if isinstance(error, DataFileError):
        params["file"] = Path(error.path).name
        if error.row is not None:
            params["row"] = error.row
    return JobError(code, params, without_paths(error, *known))


def _render(error: JobError, t: Translator | None) -> str:
    code = error.code
    if code == "data_file" and "row" in error.params:
        code = "data_file_row"
    message = MESSAGES.get(code, MESSAGES["failed"])
    values = {k: "" for k in ("attempts", "file", "row")}
    values.update({k: str(v) for k, v in error.params.items()})
    if t is not None:
        message = t.gettext(message)
        for name in ("attempts", "row"):
            if str(values[name]).isdigit():
                values[name] = t.format_number(int(values[name]))
    return message % values


def job_error_text(error: JobError | str | None, t: Translator) -> str:
    """The failure in ``t``'s language (a stored string is read first)."""
    if error is None:
        return ""
    if isinstance(error, str):
        error = JobError.loads(error)
    return _render(error, t)

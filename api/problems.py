"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error response has ``type``, ``title``, ``status``, ``detail`` and ``instance``
(the request path). Validation errors add ``errors``: one entry per bad value with its
location (``["body", "experience", 0, "years"]``, ``["query", "limit"]``). Data file
errors add the ``row`` and ``field`` at fault.

One handler maps the domain errors of :mod:`matching.errors` (and their subclasses)
through :data:`DOMAIN_ERRORS`; HTTP errors raised by the API itself, request validation
and unexpected exceptions each have their own, all producing the same shape.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from matching.errors import (
    ConfigurationError,
    ConflictError,
    DataFileError,
    DuplicateRecordError,
    EngagedElsewhereError,
    ForbiddenError,
    IllegalTransitionError,
    IndexIntegrityError,
    InvalidInputError,
    MappingError,
    MatchingError,
    ModelMismatchError,
    NotFittedError,
    NotFoundError,
    RunInProgressError,
    SolverError,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:matching:problem:"

# Domain error -> (status, problem type, title): the one place the API maps the core's
# errors (see matching/errors.py). The most specific class in an error's MRO wins.
DOMAIN_ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    InvalidInputError: (422, "invalid-input", "Invalid input"),
    IllegalTransitionError: (409, "illegal-transition", "Status change not allowed"),
    EngagedElsewhereError: (409, "engaged-elsewhere", "Engaged to another vacancy"),
    DataFileError: (422, "data-file", "Unreadable data file"),
    MappingError: (422, "column-mapping", "Unknown column mapping"),
    NotFoundError: (404, "not-found", "Not found"),
    ForbiddenError: (403, "forbidden", "Forbidden"),
    ConflictError: (409, "conflict", "Conflict"),
    DuplicateRecordError: (409, "duplicate-record", "Duplicate record"),
    RunInProgressError: (409, "run-in-progress", "Batch run in progress"),
    NotFittedError: (500, "not-fitted", "Model not ready"),
    IndexIntegrityError: (503, "index-integrity", "Saved index damaged"),
    ModelMismatchError: (503, "model-mismatch", "Saved index built with another model"),
    SolverError: (503, "solver", "Allocation failed"),
    ConfigurationError: (503, "configuration", "Service misconfigured"),
    MatchingError: (400, "matching", "Request cannot be processed"),
}


class Problem(HTTPException):
    """An HTTP error raised by the API itself, with an optional type and extensions.

    Example:
        >>> Problem(409, "job seeker GE-1 already exists", type="conflict").status_code
        409
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ):
        super().__init__(status, detail, headers)
        self.type = type
        self.extensions = extensions


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    type: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A problem-details response; ``type`` is a short name or ``None`` (about:blank)."""
    body = {
        "type": f"{PROBLEM_BASE}{type}" if type else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _domain_error(request: Request, error: Exception) -> JSONResponse:
    status, kind, title = next(
        DOMAIN_ERRORS[cls] for cls in type(error).__mro__ if cls in DOMAIN_ERRORS
    )
    detail = str(error)
    extensions: dict[str, Any] = {}
    if isinstance(error, DataFileError):
        # Name the uploaded file, never the server's temporary path.
        name = Path(error.path).name
        detail = detail.replace(error.path, name, 1)
        extensions = {"file": name, "row": error.row, "field": error.field}
    elif isinstance(error, IllegalTransitionError):
        extensions = {
            "current": error.current,
            "requested": error.requested,
            "allowed": list(error.allowed),
        }
    elif isinstance(error, EngagedElsewhereError):
        extensions = {"vacancy_id": error.vacancy_id, "engaged_status": error.status}
    if status >= 500:
        log.error("%s: %s", request.url.path, error)
    return problem_response(request, status, detail, type=kind, title=title, **extensions)


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    kind = error.type if isinstance(error, Problem) else None
    extensions = error.extensions if isinstance(error, Problem) else {}
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
    return problem_response(
        request,
        error.status_code,
        detail,
        type=kind,
        headers=dict(error.headers or {}),
        **extensions,
    )


def _location_errors(errors: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "loc": list(e.get("loc", ())),
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in errors
    ]


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = _location_errors(list(error.errors()))
    where = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
    return problem_response(
        request,
        422,
        f"invalid request: {where}" if where else "invalid request",
        type="validation",
        title="Invalid request",
        errors=errors,
    )


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=error)
    return problem_response(request, 500, "an unexpected error occurred; it has been logged")


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with problem details."""
    app.add_exception_handler(MatchingError, _domain_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)

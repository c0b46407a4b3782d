"""Domain errors: every error a caller can cause is one of these.

The core raises them; the CLI maps them to exit codes and the API, in one place
(``api/problems.py``), to HTTP statuses and problem types. Nothing else a client can
trigger leaves the core as a bare ``ValueError`` or ``RuntimeError``.

====================  ======  ==========================================================
error                 HTTP    when
====================  ======  ==========================================================
InvalidInputError     422     a value passed in cannot be used (``k`` < 1, an unknown
                              method, more destination countries than fit the index)
DataFileError         422     a data file is missing or malformed (names row and field)
MappingError          422     a column mapping names no field
NotFoundError         404     no record with that id (or one the caller may not see)
ForbiddenError        403     the caller's scope does not allow the operation
ConflictError         409     the operation clashes with stored state
DuplicateRecordError  409     the same external id twice in one write
RunInProgressError    409     a batch run is held by another process, or its input
                              changed under it
IllegalTransition...  409     a placement status change the lifecycle does not allow
EngagedElsewhereError 409     the person is already engaged to another vacancy
NotFittedError        500     a model used before ``fit``/``load`` (a programming error)
IndexIntegrityError   503     a saved index is incomplete or altered
ModelMismatchError    503     a saved index was built with another encoder
SolverError           503     the allocation solver failed
ConfigurationError    503     settings point at something unusable
====================  ======  ==========================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class MatchingError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidInputError(MatchingError, ValueError):
    """A value passed to the core cannot be used; the message says which and why."""


class InvalidRecordError(InvalidInputError):
    """A record given field by field (the API's create and update) has bad values.

    Attributes:
        errors: One entry per bad value (``field``, ``reason``), worded as file import
            words them.
    """

    def __init__(self, errors: Sequence[Any]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in self.errors))


class DataFileError(MatchingError):
    """A data file is missing or malformed; the message names the file and, where known, the row.

    Args:
        path: The file at fault.
        message: What is wrong.
        row: 1-based row number in the file (header is row 1), when one row is at fault.
        field: The column at fault, when one is.
    """

    def __init__(
        self, path: object, message: str, *, row: int | None = None, field: str | None = None
    ):
        self.path = str(path)
        self.row = row
        self.field = field
        where = self.path
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class MappingError(MatchingError):
    """A column mapping names a field that does not exist."""


class NotFoundError(MatchingError):
    """A record asked for by id does not exist, or the caller's scope does not show it."""


class ForbiddenError(MatchingError):
    """The caller's scope does not allow this operation."""


class ConflictError(MatchingError):
    """The operation clashes with what is stored."""


class DuplicateRecordError(ConflictError):
    """The same external id appears twice in one write."""


class RunInProgressError(ConflictError):
    """A batch run cannot start or continue: another process holds it, or its input changed."""


class NotFittedError(MatchingError):
    """A model was used before ``fit`` (or ``load``)."""


class IndexIntegrityError(MatchingError):
    """A saved index is incomplete or altered: a missing file, a bad checksum, wrong shapes."""


class ModelMismatchError(MatchingError):
    """A saved index was built with another encoder than the one asked for.

    Its vectors live in another space, so searching it with this model's queries would
    return silently wrong scores.
    """


class SolverError(MatchingError):
    """The allocation solver failed to produce an allocation."""


class ConfigurationError(MatchingError):
    """Settings point at something unusable (a missing directory, an unknown encoder)."""


class IllegalTransitionError(ConflictError):
    """A placement cannot move from its status to the one asked for.

    Args:
        current: The placement's status (``None`` for a placement not yet recorded).
        requested: The status asked for.
        allowed: The statuses it may move to, in lifecycle order.
    """

    def __init__(self, current: str | None, requested: str, allowed: tuple[str, ...]):
        self.current = current
        self.requested = requested
        self.allowed = allowed
        where = f"a placement in status {current!r}" if current else "a new placement"
        options = ", ".join(allowed) if allowed else "none (it is closed)"
        super().__init__(f"{where} cannot become {requested!r}; allowed: {options}")


class EngagedElsewhereError(ConflictError):
    """A person is already promised to another vacancy (selected, with a permit, departed).

    Args:
        job_seeker_id: The person.
        vacancy_id: The vacancy they are engaged to.
        status: Their status there.
    """

    def __init__(self, job_seeker_id: str, vacancy_id: str | None, status: str | None):
        self.job_seeker_id = job_seeker_id
        self.vacancy_id = vacancy_id
        self.status = status
        super().__init__(
            f"job seeker {job_seeker_id!r} is already engaged"
            + (f": {status} for vacancy {vacancy_id!r}" if vacancy_id else "")
        )


class PersonalNumberTakenError(ConflictError):
    """A record's personal number is already registered under another record.

    The message names the other record's id: callers that serve someone who may not see
    that record (another agency) must not pass it on.

    Args:
        external_id: The record being written.
        holder: The record that holds the personal number.
    """

    def __init__(self, external_id: str, holder: str):
        self.external_id = external_id
        self.holder = holder
        super().__init__(
            f"{external_id!r}: the personal number is already registered as {holder!r}"
        )

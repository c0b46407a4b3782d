"""Domain errors: the core raises these; the CLI and the API map them to exit codes and statuses."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class of every error the engine raises on purpose."""


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


class NotFoundError(MatchingError):
    """A record asked for by id does not exist."""


class ConfigurationError(MatchingError):
    """Settings point at something unusable (a missing directory, an unknown encoder)."""


class IllegalTransitionError(MatchingError):
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


class EngagedElsewhereError(MatchingError):
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

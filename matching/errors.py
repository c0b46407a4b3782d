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


class PersonalNumberTakenError(MatchingError):
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

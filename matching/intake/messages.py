"""What an import tells a person, in their language: row errors and the import summary.

A row error carries a code and the values its message needs (:class:`RowError`); the
message is rendered here through the catalogue (:mod:`matching.i18n`) in Georgian (the
default), English or Russian. Cell errors use the codes of
:class:`~matching.intake.errors.Reason`; the row-level ones are :data:`ROW_MESSAGES`; the
command line's summary lines are :data:`SUMMARY_MESSAGES`. Templates are ``str.format``
strings, their msgids the English text; ``tests/intake/test_messages.py`` fails when a
code lacks a Georgian, English or Russian string, or a translation changes a placeholder.

Example:
    >>> render("duplicate_id", {"id": "GE-1", "first": 2}, "en", default="")
    "duplicate id 'GE-1' (first in row 2)"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from matching.i18n import translator
from matching.intake.errors import MESSAGES as CELL_MESSAGES
from matching.intake.errors import N_

# Row errors that are no one cell's parse (a repeated id, a value of the wrong shape ...).
ROW_MESSAGES: dict[str, str] = {
    "nul_character": N_("the value holds a NUL character"),
    "not_an_amount": N_("not a number of zero or more: {value!r}"),
    "single_value_list": N_("expected a single value, found a list"),
    "single_value_object": N_("expected a single value, found an object"),
    "unreadable_row": N_("the row cannot be read ({error})"),
    "duplicate_id": N_("duplicate id {id!r} (first in row {first})"),
    "personal_number_repeats": N_("the personal number repeats row {first}"),
    "personal_number_registered": N_("the personal number is already registered as {id!r}"),
    "no_such_field": N_("no such field"),
    "in_part": N_("{part}: {message}"),
}
# A record's own checks (matching.records validators), by their English words.
VALIDATION_MESSAGES: dict[str, str] = {
    "consent given without a date": "consent_without_date",
    "personal number must be 11 digits (Georgian ID card)": "personal_number_digits",
    "birth date out of range": "birth_date_range",
    "not a phone number": "not_a_phone",
    "not an e-mail address": "not_an_email",
    "end is before start": "end_before_start",
    "season_end is before season_start": "season_end_before_start",
    "wage_amount given without wage_currency": "wage_without_currency",
    "max_age is below min_age": "max_age_below_min_age",
}
# Pydantic's error types -> codes.
VALIDATION_TYPES: dict[str, str] = {
    "missing": "missing",
    "string_too_long": "too_long",
    "string_too_short": "missing",
    "less_than_equal": "above_maximum",
    "greater_than_equal": "below_minimum",
}
ROW_MESSAGES.update(
    {
        "consent_without_date": N_("consent given without a date"),
        "personal_number_digits": N_("personal number must be 11 digits (Georgian ID card)"),
        "birth_date_range": N_("birth date out of range"),
        "not_a_phone": N_("not a phone number"),
        "not_an_email": N_("not an e-mail address"),
        "end_before_start": N_("end is before start"),
        "season_end_before_start": N_("the season ends before it starts"),
        "wage_without_currency": N_("a wage amount without its currency"),
        "max_age_below_min_age": N_("the maximum age is below the minimum age"),
        "missing": N_("required"),
        "too_long": N_("longer than {max_length} characters"),
        "above_maximum": N_("{value!r} is above {le}"),
        "below_minimum": N_("{value!r} is below {ge}"),
    }
)

# What a reader says of a row it could not read (matching.intake.tables' BadRow reasons),
# matched on its English words: code, pattern (named groups are the message's values).
_READER_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("undecodable_utf16", r"undecodable bytes \(the file is UTF-16\)",
     N_("undecodable bytes (the file is UTF-16)")),
    ("undecodable_bytes",
     r"undecodable bytes at byte (?P<byte>\d+) of the row \(the file is (?P<encoding>[^)]+)\)",
     N_("undecodable bytes at byte {byte} of the row (the file is {encoding})")),
    ("row_too_long", r"the row is over (?P<limit>[\d,]+) characters",
     N_("the row is over {limit} characters")),
    ("quote_never_closes", r"unbalanced quote: the cell never closes",
     N_("unbalanced quote: the cell never closes")),
    ("quote_runs_on", r"unbalanced quote: the cell runs into the next rows",
     N_("unbalanced quote: the cell runs into the next rows")),
    ("a_cell_too_long", r"a cell is over (?P<limit>[\d,]+) characters",
     N_("a cell is over {limit} characters")),
    ("too_many_rows", r"more than (?P<limit>[\d,]+) rows: this row and the rest were not read",
     N_("more than {limit} rows: this row and the rest were not read")),
    ("too_many_cells",
     r"(?P<cells>\d+) cells but (?P<columns>\d+) columns: a cell holds an unquoted delimiter, "
     r"or two rows ran together",
     N_("{cells} cells but {columns} columns: a cell holds an unquoted delimiter, or two rows "
        "ran together")),
    ("cell_too_long", r"the cell is over (?P<limit>[\d,]+) characters",
     N_("the cell is over {limit} characters")),
    ("cell_nul", r"the cell holds a NUL character", N_("the cell holds a NUL character")),
    ("sheet_unreadable", r"the sheet cannot be read from here: (?P<error>.*)",
     N_("the sheet cannot be read from here: {error}")),
    ("blank_rows",
     r"(?P<blank>[\d,]+) blank rows in a row: rows (?P<first>[\d,]+) to (?P<last>[\d,]+) "
     r"were not read",
     N_("{blank} blank rows in a row: rows {first} to {last} were not read")),
    ("item_too_long", r"the item is over (?P<limit>[\d,]+) characters",
     N_("the item is over {limit} characters")),
    ("item_unfinished", r"the file ends inside this item", N_("the file ends inside this item")),
    ("item_too_deep", r"the item nests more than (?P<depth>\d+) levels deep",
     N_("the item nests more than {depth} levels deep")),
    ("item_not_json", r"not valid JSON: (?P<error>.*)", N_("not valid JSON: {error}")),
    ("item_not_object", r"expected an object, found (?P<type>\w+)",
     N_("expected an object, found {type}")),
)  # fmt: skip
READER_MESSAGES: dict[str, str] = {code: text for code, _, text in _READER_PATTERNS}
_READER_REGEXES = [(code, re.compile(pattern)) for code, pattern, _ in _READER_PATTERNS]


def reader_code(reason: str) -> tuple[str, dict[str, str]]:
    """A reader's reason for a row it could not read, as a code and its values
    (``("", {})`` for a reason no pattern knows: it is then shown as written)."""
    for code, regex in _READER_REGEXES:
        match = regex.fullmatch(reason)
        if match is not None:
            return code, match.groupdict()
    return "", {}


# The command line's import summary.
SUMMARY_MESSAGES: dict[str, str] = {
    "columns_of": N_("Columns of {file}"),
    "ignored_column": N_('{header} → ignored (read it with --map "{header}=field")'),
    "dry_run": N_("dry run: {rows} rows read: {valid} valid, {rejected} rejected; nothing stored"),
    "valid_row": N_("valid row {number}:"),
    "summary": N_(
        "{rows} rows read: {stored} stored ({inserted} new, {updated} updated, "
        "{unchanged} unchanged), {rejected} rejected"
    ),
    "likely_duplicate": N_("likely duplicate:"),
    "row_error": N_("row {row}, column {field!r}: {reason}"),
    "errors_not_written": N_("(the list of errors could not be written: {error})"),
    "every_error": N_("every error: {path}"),
    "more_errors": N_("… and {more} more; every error: {path}"),
}


def template(code: str) -> str | None:
    """The English template of ``code`` (a cell reason, a row or a summary code)."""
    for table in (CELL_MESSAGES, ROW_MESSAGES, READER_MESSAGES, SUMMARY_MESSAGES):
        found = table.get(code)  # type: ignore[call-overload]
        if found is not None:
            return found
    return None


def render(code: str, params: Mapping[str, Any], language: str | None, *, default: str = "") -> str:
    """The message of ``code`` with ``params``, in ``language`` (Georgian by default).

    A cell error read for a part of its column's field (``params["part"]``, the country
    inside an experience entry) leads with that part. ``default`` is returned for a code
    without a template (a record validator's message).
    """
    text = template(code)
    if text is None:
        return default
    gettext = translator(language).gettext
    values = {k: v for k, v in params.items() if k != "part"}
    message = gettext(text).format(**values)
    part = params.get("part")
    if part:
        message = gettext(ROW_MESSAGES["in_part"]).format(part=part, message=message)
    return message

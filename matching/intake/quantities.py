"""Personal numbers, years, amounts and counts, refused rather than guessed when odd.

Digits are ASCII 0-9 only: ``str.isdigit`` and ``\\d`` also accept Arabic-Indic,
Devanagari and full-width digits, which no Georgian registry types and which would pass
into records unnoticed. NaN, infinity, negative values where none make sense, NUL and other
control characters are each an error of their own, naming the field.

Example:
    >>> parse_personal_number("01001012345")
    '01001012345'
    >>> parse_amount("1 250,50", field="worker_fee")
    1250.5
    >>> parse_amount("-20", field="worker_fee")
    Traceback (most recent call last):
    ...
    matching.intake.errors.CellError: worker_fee: must not be negative: '-20'
"""

from __future__ import annotations

import math
import re

from matching.intake.errors import CellError, Reason, cell_text

_PERSONAL_NUMBER = re.compile(r"[0-9]{11}", re.ASCII)
# A number as typed: ASCII digits with space, NBSP, apostrophe, dot or comma grouping.
_NUMBER = re.compile(r"[+-]?[0-9](?:[0-9 \u00a0\u202f'.,]*[0-9])?", re.ASCII)
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-", "\uff0d": "-"})
_NON_FINITE = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


def parse_personal_number(value: object, field: str = "personal_number") -> str:
    """A Georgian personal number: exactly 11 ASCII digits.

    A spreadsheet that stored the number as a number lost its leading zero; an integer
    (or a whole float) is padded back to 11 digits.

    Raises:
        CellError: anything else, e.g. ``"٠١٠٠١٠١٢٣٤٥"`` (Arabic-Indic digits) or 10 digits.
    """
    if isinstance(value, bool):
        raise CellError(field, value, Reason.PERSONAL_NUMBER)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(field, value, Reason.NOT_FINITE)
        if not value.is_integer():
            raise CellError(field, value, Reason.PERSONAL_NUMBER)
        value = int(value)
    if isinstance(value, int):
        if not 0 <= value < 10**11:
            raise CellError(field, value, Reason.PERSONAL_NUMBER)
        return str(value).zfill(11)
    text = cell_text(value, field)
    if _PERSONAL_NUMBER.fullmatch(text):
        return text
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
        raise CellError(field, value, Reason.NON_ASCII_DIGITS)
    raise CellError(field, value, Reason.PERSONAL_NUMBER)


def _grouped(digits: str) -> float:
    """``1 250,50`` / ``1.250,50`` / ``2,5`` / ``2.500`` as a float (no sign)."""
    digits = re.sub(r"[ \u00a0\u202f']", "", digits)
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        digits = re.sub(r"[.,]", "", digits[:decimal]) + "." + digits[decimal + 1 :]
    elif digits.count(",") == 1 and len(digits.split(",")[1]) != 3:
        digits = digits.replace(",", ".")
    elif digits.count(".") == 1 and len(digits.split(".")[1]) != 3:
        pass
    else:  # 2,500 / 2.500 / 1.234.567: thousands separators
        digits = digits.replace(",", "").replace(".", "")
    return float(digits)


def parse_number(
    value: object,
    field: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """A finite number, also one inside words (``min. 2 lata``, ``2,5 წელი``).

    Args:
        value: The cell.
        field: The record field, named in errors.
        minimum: The smallest value allowed; below 0 with ``minimum=0`` is ``negative``.
        maximum: The largest value allowed.

    Raises:
        CellError: no number or several, NaN or infinity, non-ASCII digits, out of range.
    """
    if isinstance(value, bool):
        raise CellError(field, value, Reason.NOT_A_NUMBER)
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise CellError(field, value, Reason.NOT_FINITE)
    else:
        text = cell_text(value, field).translate(_MINUS)
        if text.casefold() in _NON_FINITE:
            raise CellError(field, value, Reason.NOT_FINITE)
        if any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
            raise CellError(field, value, Reason.NON_ASCII_DIGITS)
        found = _NUMBER.findall(text)
        if len(found) != 1:
            raise CellError(field, value, Reason.NOT_A_NUMBER)
        sign, digits = (-1.0, found[0][1:]) if found[0][0] in "+-" else (1.0, found[0])
        if found[0][0] == "+":
            sign = 1.0
        number = sign * _grouped(digits)
    return _in_range(number, value, field, minimum, maximum)


def _in_range(
    number: float, value: object, field: str, minimum: float | None, maximum: float | None
) -> float:
    if minimum is not None and minimum >= 0 and number < 0:
        raise CellError(field, value, Reason.NEGATIVE)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise CellError(field, value, Reason.OUT_OF_RANGE, minimum=minimum, maximum=maximum)
    return number


def parse_whole_number(
    value: object, field: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """:func:`parse_number` that must be whole (``10``, ``10.0``; not ``10.5``)."""
    number = parse_number(value, field, minimum=minimum, maximum=maximum)
    if not number.is_integer():
        raise CellError(field, value, Reason.NOT_WHOLE)
    return int(number)


def parse_amount(value: object, field: str, *, maximum: float | None = None) -> float:
    """A fee, a wage or a number of years: finite and not negative."""
    return parse_number(value, field, minimum=0, maximum=maximum)


def parse_year(value: object, field: str, *, minimum: int = 1900, maximum: int = 2100) -> int:
    """A calendar year (``2019``): whole, not negative, within ``minimum..maximum``."""
    return parse_whole_number(value, field, minimum=minimum, maximum=maximum)

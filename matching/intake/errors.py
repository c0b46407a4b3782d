"""The error every intake parser raises: a cell, the field it was read for, and why.

The reason is a code with parameters, not a sentence, so that a message catalogue can
render it in Georgian, English or Russian; :meth:`CellError.default_message` is the English
rendering used until then (and by ``str()``).

Example:
    >>> error = CellError("gender", "xyz", Reason.UNKNOWN_GENDER)
    >>> error.field, error.reason, str(error)
    ('gender', <Reason.UNKNOWN_GENDER: 'unknown_gender'>, "gender: unknown gender 'xyz'")
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from enum import StrEnum

from matching.errors import MatchingError


class Reason(StrEnum):
    """Why a cell could not be read; each code has an English default in :data:`MESSAGES`."""

    CONTROL_CHARACTER = "control_character"
    NOT_YES_NO = "not_yes_no"
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINITE = "not_finite"
    NEGATIVE = "negative"
    NOT_WHOLE = "not_whole"
    OUT_OF_RANGE = "out_of_range"
    NON_ASCII_DIGITS = "non_ascii_digits"
    PERSONAL_NUMBER = "personal_number"
    UNKNOWN_PLACE = "unknown_place"
    CONFLICTING_PLACES = "conflicting_places"
    UNKNOWN_EDUCATION = "unknown_education"
    UNKNOWN_GENDER = "unknown_gender"
    AMBIGUOUS_GENDER = "ambiguous_gender"
    UNKNOWN_DRIVING_CATEGORY = "unknown_driving_category"
    UNKNOWN_CERTIFICATE = "unknown_certificate"
    WELDING_PROCESS = "welding_process"
    UNKNOWN_DATE = "unknown_date"
    UNKNOWN_LANGUAGE = "unknown_language"
    AMBIGUOUS_LANGUAGE = "ambiguous_language"
    NO_LANGUAGE_LEVEL = "no_language_level"
    UNKNOWN_LANGUAGE_LEVEL = "unknown_language_level"
    UNKNOWN_COUNTRY = "unknown_country"
    EXPERIENCE_FORM = "experience_form"
    MIGRATION_FORM = "migration_form"
    NO_WAGE_AMOUNT = "no_wage_amount"
    SEASON_FORM = "season_form"
    PAID_BY = "paid_by"
    CONSENT_FORM = "consent_form"
    AMBIGUOUS_COUNTRY = "ambiguous_country"
    AGENCY_STATUS = "agency_status"


def N_(message: str) -> str:
    """Mark ``message`` for a catalogue (``pybabel extract -k N_``) without translating it."""
    return message


# English defaults; ``{value}`` is the cell as typed, the other fields come from ``params``.
MESSAGES: dict[Reason, str] = {
    Reason.CONTROL_CHARACTER: N_("control character U+{codepoint} in {value!r}"),
    Reason.EMPTY: N_("empty"),
    Reason.NOT_YES_NO: N_("not yes or no: {value!r}"),
    Reason.NOT_A_NUMBER: N_("not a number: {value!r}"),
    Reason.NOT_FINITE: N_("not a finite number: {value!r}"),
    Reason.NEGATIVE: N_("must not be negative: {value!r}"),
    Reason.NOT_WHOLE: N_("not a whole number: {value!r}"),
    Reason.OUT_OF_RANGE: N_("{value!r} is outside {minimum}..{maximum}"),
    Reason.NON_ASCII_DIGITS: N_("digits other than 0-9 in {value!r}"),
    Reason.PERSONAL_NUMBER: N_("a personal number is exactly 11 digits 0-9: {value!r}"),
    Reason.UNKNOWN_PLACE: N_("no Georgian region, municipality or town {value!r}"),
    Reason.CONFLICTING_PLACES: N_("{value!r} names places in different regions ({regions})"),
    Reason.UNKNOWN_EDUCATION: N_("unknown education level {value!r} (ISCED 0-8 or a word)"),
    Reason.UNKNOWN_GENDER: N_("unknown gender {value!r}"),
    Reason.AMBIGUOUS_GENDER: N_("{value!r} names more than one gender"),
    Reason.UNKNOWN_DRIVING_CATEGORY: N_("unknown driving licence category {token!r} in {value!r}"),
    Reason.UNKNOWN_CERTIFICATE: N_("unknown certificate {value!r}"),
    Reason.WELDING_PROCESS: N_("welding certificate {value!r} needs an ISO 4063 process ({known})"),
    Reason.UNKNOWN_DATE: N_("not a valid date in {value!r} (use YYYY-MM-DD or DD.MM.YYYY)"),
    Reason.UNKNOWN_LANGUAGE: N_("unknown language {name!r} in {value!r}"),
    Reason.AMBIGUOUS_LANGUAGE: N_("{name!r} names several languages ({codes})"),
    Reason.NO_LANGUAGE_LEVEL: N_("no level (A1..C2 or a word) for {name!r} in {value!r}"),
    Reason.UNKNOWN_LANGUAGE_LEVEL: N_(
        "{level!r} is not a level of {name!r}: write A1..C2 or a word (native, good, basic)"
    ),
    Reason.EXPERIENCE_FORM: N_("experience entry {item!r}: write title|years|country"),
    Reason.MIGRATION_FORM: N_("stay abroad {item!r}: write PL:2022-03-01..2022-11-30"),
    Reason.NO_WAGE_AMOUNT: N_("no amount in the wage {value!r}"),
    Reason.SEASON_FORM: N_("season {value!r}: write 15.06.2027 - 15.09.2027"),
    Reason.PAID_BY: N_("{value!r}: write employer, worker, shared or agency"),
    Reason.CONSENT_FORM: N_("consent {value!r}: write yes/no or the date it was given"),
    Reason.UNKNOWN_COUNTRY: N_("unknown country {value!r} (a name or an ISO code such as PL)"),
    Reason.AMBIGUOUS_COUNTRY: N_("{value!r} names several countries ({codes})"),
    Reason.AGENCY_STATUS: N_("{value!r}: write active, suspended or revoked"),
}


class CellError(MatchingError, ValueError):
    """A cell that cannot be read as the field it is for.

    Args:
        field: The record field the cell was read for (``"gender"``, ``"languages"`` ...).
        value: The cell as it was typed.
        reason: Why it was refused.
        **params: What a message needs besides the value (the bad token, a range ...).
    """

    def __init__(self, field: str, value: object, reason: Reason, **params: object):
        self.field = field
        self.value = value
        self.reason = reason
        self.params = params
        super().__init__(self.default_message())

    def default_message(self) -> str:
        """The English rendering: ``"<field>: <reason with its values>"``."""
        return self.render()

    def render(self, translate: Callable[[str], str] = N_, *, with_field: bool = True) -> str:
        """The message in a reader's language.

        Args:
            translate: A catalogue's ``gettext`` (``babel.support.Translations.gettext``);
                it receives the English template of :data:`MESSAGES` and the field name.
            with_field: Lead with the field's name (a row error names its column apart).
        """
        text = translate(MESSAGES[self.reason]).format(value=self.value, **self.params)
        return f"{translate(self.field)}: {text}" if with_field and self.field else text


# Tab and newline separate list items; every other control character is refused (NUL,
# ESC, DEL, C1 controls), as are bidirectional overrides, which make a cell display as
# something other than what it holds. A BOM or zero-width space pasted in is dropped.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = str.maketrans({"\ufeff": None, "\u200b": None})


def cell_text(value: object, field: str) -> str:
    """The cell as NFC text, stripped; refuses control characters and non-finite numbers.

    Raises:
        CellError: NUL or another control character, a bidirectional override, NaN or
            infinity.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(field, value, Reason.NOT_FINITE)
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    for ch in text:
        if (
            unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS
        ) or ch in _BIDI_CONTROLS:
            raise CellError(field, value, Reason.CONTROL_CHARACTER, codepoint=f"{ord(ch):04X}")
    return text.strip()

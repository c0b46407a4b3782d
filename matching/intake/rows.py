"""Rows to records: a table row's cells parsed and assembled into a JobSeeker or a Vacancy."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from matching.intake.cells import (
    _LOCAL_CURRENCY,
    _NUMBER,
    CellError,
    parse_driving,
    parse_experience,
    parse_number,
)
from matching.intake.errors import CellError as ValueCellError
from matching.intake.headers import _JOB_SEEKER_FIELDS, _VACANCY_FIELDS
from matching.intake.messages import VALIDATION_MESSAGES, VALIDATION_TYPES, render
from matching.intake.report import RowError
from matching.records import DrivingLicence
from matching.spreadsheets import restore


# ----------------------------------------------------------------------------- rows -> records
class _RowProblems:
    """Collects one row's errors, naming the source column where there is one."""

    def __init__(self, row: int, sources: Mapping[str, str]):
        self.row = row
        self.sources = sources
        self.errors: list[RowError] = []

    def add(
        self, name: str, reason: str, code: str = "", params: Mapping[str, Any] | None = None
    ) -> None:
        source = self.sources.get(name, name)
        self.errors.append(RowError(self.row, source, reason, code, dict(params or {})))

    def add_coded(self, field: str, code: str, **params: Any) -> None:
        """An error of :data:`~matching.intake.messages.ROW_MESSAGES`, in English here."""
        self.add(field, render(code, params, "en", default=code), code, params)

    def add_cell(self, name: str, error: Exception) -> None:
        """A parser's error: its code and values when it has them, else its words.

        The row error names the column; a value read for a part of the field (the
        country inside an experience entry) also names that part.
        """
        if not isinstance(error, ValueCellError):
            self.add(name, str(error))
            return
        params: dict[str, Any] = {"value": error.value, **error.params}
        if error.field and error.field not in (name, _PART_ALIASES.get(name)):
            params["part"] = error.field
        reason = render(error.reason.value, params, "en", default=str(error))
        self.add(name, reason, error.reason.value, params)

    def add_validation(self, error: ValidationError, rename: Mapping[str, str]) -> None:
        for detail in error.errors():
            loc = [str(part) for part in detail["loc"]]
            reason = detail["msg"].removeprefix("Value error, ")
            if loc:
                name = rename.get(loc[0], loc[0])
            else:  # a rule across fields: name the first field the message names
                named = re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", reason)
                name = named[0] if named else "record"
            code, params = _validation_code(detail, reason)
            if len(loc) > 1:
                reason = f"{'.'.join(loc[1:])}: {reason}"
                params["part"] = ".".join(loc[1:])
            self.add(name, reason, code, params)


def _validation_code(detail: Mapping[str, Any], reason: str) -> tuple[str, dict[str, Any]]:
    """A record validator's error as a catalogue code (``""`` when there is none)."""
    if reason in VALIDATION_MESSAGES:
        return VALIDATION_MESSAGES[reason], {}
    code = VALIDATION_TYPES.get(detail["type"])
    if code is None:
        return "", {}
    context = detail.get("ctx") or {}
    return code, {"value": detail.get("input"), **{k: context[k] for k in context if
                                                   k in ("max_length", "ge", "le")}}  # fmt: skip


# Columns whose cells repeat across rows (regions, languages, dates ...): each distinct
# cell is parsed once per import. Their parsed values are never mutated afterwards.
_MEMO_FIELDS = frozenset(
    {
        "birth_date", "gender", "region", "agency", "languages", "certificates",
        "destination_preferences", "available_from", "consent", "consent_date",
        "consent_withdrawn", "code95", "driving_licence_valid_until", "education_isced",
        "destination_country", "employer", "agency_licensed", "required_languages",
        "required_certificates", "requires_code95", "wage", "season", "season_start",
        "season_end", "housing_provided", "wage_currency", "wage_period", "title_language",
    }
)  # fmt: skip
# Fields whose JSON value may be a list or an object (the structured form of the cell).
_STRUCTURED_FIELDS = frozenset(
    {
        "experience", "skills", "languages", "driving_licence", "certificates",
        "destination_preferences", "consent", "migration_history", "required_skills",
        "optional_skills", "required_languages", "required_driving", "required_certificates",
        "wage", "season",
    }
)  # fmt: skip
# Counts and amounts: a minus sign, NaN or infinity is refused here, never read as its
# absolute value or as nothing (the number parsers read the digits inside words).
_AMOUNT_FIELDS = frozenset(
    {
        "experience_years", "education_isced", "min_experience_years", "positions",
        "wage_amount", "contract_months", "worker_fee", "normalizer_score",
    }
)  # fmt: skip
_NEGATIVE = re.compile(r"^\s*[-\u2212\u2013]\s*\d|\b(?:nan|inf|infinity)\b", re.IGNORECASE)


def _not_an_amount(raw: object) -> bool:
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int | float):
        return not math.isfinite(raw) or raw < 0
    return isinstance(raw, str) and _NEGATIVE.search(raw) is not None


# Parser fields a column's field is read as (a vacancy's required languages are languages).
_PART_ALIASES = {"required_languages": "languages", "required_certificates": "certificates",
                 "required_driving": "driving_licence",
                 "destination_preferences": "destination_country"}  # fmt: skip

_MEMO_LIMIT = 100_000
_FAILED = object()


def _parse_cells(
    cells: list[Any],
    columns: Mapping[int, str],
    parsers: Mapping[str, Callable[[object], object]],
    problems: _RowProblems,
    memo: dict[tuple[str, Any], Any],
) -> dict[str, Any]:
    """One row's cells parsed into ``{field: value}``; bad cells go to ``problems``."""
    return CellReader(columns, parsers).read(cells, problems, memo)


class CellReader:
    """Parses rows' cells, column by column, with what each column needs decided once
    (its parser, whether its cells are memoised or must be amounts, whether it may hold
    a list or an object) rather than on each of a file's cells."""

    def __init__(
        self, columns: Mapping[int, str], parsers: Mapping[str, Callable[[object], object]]
    ):
        self.plan = [
            (
                index,
                name,
                parsers[name],
                name in _MEMO_FIELDS,
                name in _AMOUNT_FIELDS,
                name in _STRUCTURED_FIELDS,
            )
            for index, name in columns.items()
        ]

    def read(
        self, cells: list[Any], problems: _RowProblems, memo: dict[tuple[str, Any], Any]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        width = len(cells)
        for index, name, parser, memoised, amount, structured in self.plan:
            raw = cells[index] if index < width else None
            if raw is None:
                continue
            if isinstance(raw, str):
                if memoised:  # a cell seen before (never a blank or refused one)
                    value = memo.get((name, raw), _FAILED)
                    if value is not _FAILED and raw[0] != "'":
                        values[name] = value
                        continue
                if not raw or raw.isspace():
                    continue
                if "\x00" in raw:
                    problems.add_coded(name, "nul_character")
                    continue
                if raw[0] == "'":
                    raw = restore(raw)  # a cell the project neutralised on export
            elif isinstance(raw, dict | list) and not structured:
                kind = "list" if isinstance(raw, list) else "object"
                problems.add_coded(name, f"single_value_{kind}")
                continue
            if amount and _not_an_amount(raw):
                problems.add_coded(name, "not_an_amount", value=raw)
                continue
            key = (name, raw) if memoised and isinstance(raw, str) else None
            value = memo.get(key, _FAILED) if key is not None else _FAILED
            if value is _FAILED:
                try:
                    value = parser(raw)
                except (CellError, ValueError) as error:
                    problems.add_cell(name, error)
                    continue
                if key is not None:
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                    memo[key] = value
            if name == "description" and "description" in values:
                value = f"{values['description']}\n{value}"
            values[name] = value
        return values


def _job_seeker_data(values: dict[str, Any], problems: _RowProblems) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k in _JOB_SEEKER_FIELDS}
    place = values.get("region")
    if isinstance(place, dict):  # a town or municipality gives both (parse_place)
        data["region"] = place.get("region")
        if place.get("municipality") and not data.get("municipality"):
            data["municipality"] = place["municipality"]
    if "full_name" not in data:
        name = " ".join(values[k] for k in ("given_name", "surname") if k in values)
        if name:
            data["full_name"] = name
    experience: list[Any] = []
    raw_experience = values.get("experience")
    years = values.get("experience_years")
    if raw_experience is not None and not isinstance(raw_experience, list):
        try:
            if "occupation" in values and _NUMBER.fullmatch(str(raw_experience).strip()):
                years = parse_number(raw_experience)  # a number of years beside a profession
            else:
                experience = parse_experience(raw_experience)
        except (CellError, ValueError) as error:
            problems.add_cell("experience", error)
    elif isinstance(raw_experience, list):
        experience = raw_experience
    if "occupation" in values:
        titles = {e.get("title") for e in experience if isinstance(e, dict)}
        if values["occupation"] not in titles:
            experience.insert(0, {"title": values["occupation"], "years": years or 0.0})
    if experience or "experience" in values:
        data["experience"] = experience
    licence = values.get("driving_licence")
    if isinstance(licence, dict):
        data["driving_licence"] = licence
    elif licence is not None or "code95" in values:
        categories: list[str] = []
        code95 = False
        if licence is not None:
            try:
                categories, code95 = parse_driving(licence)
            except (CellError, ValueError) as error:
                problems.add_cell("driving_licence", error)
        fields = (
            tuple(categories),
            values.get("code95", code95),
            values.get("driving_licence_valid_until"),
        )
        try:
            data["driving_licence"] = _licence(*fields)
        except TypeError:  # a value that cannot be a cache key: validated with the record
            names = ("categories", "code95", "valid_until")
            data["driving_licence"] = dict(zip(names, fields, strict=True))
    consent = values.get("consent")
    if isinstance(consent, dict):
        data["consent"] = consent
    elif consent is not None or "consent_date" in values:
        given = consent if isinstance(consent, bool) else True
        when = consent if isinstance(consent, date) else values.get("consent_date")
        data["consent"] = {
            "given": given,
            "date": when,
            "withdrawn": values.get("consent_withdrawn"),
        }
    return data


@lru_cache(maxsize=4096, typed=True)
def _licence(categories: tuple[str, ...], code95: object, valid_until: object) -> object:
    """The licence a row's cells give, built once per distinct licence (a register repeats
    a few): a :class:`DrivingLicence`, which the record takes as it is, or, when these
    values do not make one, the fields, for the record's validation to report."""
    fields = {"categories": list(categories), "code95": code95, "valid_until": valid_until}
    try:
        return DrivingLicence.model_validate(fields)
    except ValidationError:
        return fields


def _vacancy_data(values: dict[str, Any], default_country: str | None) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k in _VACANCY_FIELDS}
    if "destination_country" not in data and default_country:
        data["destination_country"] = default_country
    for key, value in values.get("wage", {}).items():
        data.setdefault(key, value)
    for key, value in values.get("season", {}).items():
        data.setdefault(key, value)
    if data.get("wage_amount") is not None and "wage_currency" not in data:
        local = _LOCAL_CURRENCY.get(str(data.get("destination_country")))
        if local:
            data["wage_currency"] = local
    languages = data.get("required_languages") or []
    if any(
        skill.get("needs_review") if isinstance(skill, dict) else getattr(skill, "needs_review", 0)
        for skill in languages
    ):
        data["needs_review"] = True  # a level read from a word: a person should confirm it
    driving = data.get("required_driving")
    if driving is not None and not isinstance(driving, list):
        categories, code95 = parse_driving(driving)
        data["required_driving"] = categories
        if code95:
            data.setdefault("requires_code95", True)
    return data

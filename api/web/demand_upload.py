"""A demand list uploaded in the workspace, before its run: how its columns were read.

The file is kept under ``data_dir/staged/<token>`` (a random, opaque token) with the
coordinator who sent it; the column page reads it as the CLI's ``--dry-run`` does
(:func:`matching.intake.importer.import_vacancies` with ``dry_run=True``: nothing
stored), with any columns the coordinator mapped, and the Confirm button starts the run
through the batch registry with that mapping.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from api.uploads import save_upload
from matching.errors import MatchingError
from matching.i18n import Translator
from matching.intake.errors import N_
from matching.intake.importer import import_vacancies
from matching.intake.report import ImportReport
from matching.intake.tables import open_table
from matching.intake.template import template_columns
from matching.policy.wording import PAID_BY, WAGE_PERIODS
from matching.records import Vacancy
from matching.rules import wording
from matching.service import Engine

PREVIEW_ROWS = 5
ERRORS_SHOWN = 20
# Fields a demand-list column may feed, in the order of the vacancy template.
_TEMPLATE = {c.field: c.headers for c in template_columns("vacancies")}
_INTERNAL = {"normalizer_score", "read_from_text", "needs_review", "title_language"}


@dataclass(frozen=True)
class StagedList:
    """An uploaded demand list waiting for its columns to be confirmed."""

    token: str
    path: Path
    submitted_by: str
    destination_country: str | None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class ColumnReading:
    """How each header of the file was read, and the first rows as parsed.

    Attributes:
        columns: ``(index, header, field or None)`` for every non-empty header.
        report: The dry run's report (row errors, rows read, the preview).
        error: Why the file could not be read at all (a catalogue-free message), or ``""``.
    """

    columns: list[tuple[int, str, str | None]]
    report: ImportReport | None
    error: str = ""

    @property
    def unread(self) -> list[str]:
        return [header for _i, header, target in self.columns if target is None]


def staging_root(engine: Engine) -> Path:
    return Path(engine.settings.data_dir) / "staged"


def stage(
    engine: Engine, upload: UploadFile, submitted_by: str, destination_country: str | None
) -> StagedList:
    """Save an upload under a new opaque token.

    Raises:
        Problem: 415 for a file the importer does not read.
    """
    token = secrets.token_hex(16)
    directory = staging_root(engine) / token
    path = save_upload(upload, directory)
    meta = {"file": path.name, "by": submitted_by, "country": destination_country}
    (directory / "staged.json").write_text(json.dumps(meta), encoding="utf-8")
    return StagedList(token, path, submitted_by, destination_country)


def load_staged(engine: Engine, token: str, submitted_by: str) -> StagedList | None:
    """The list staged under ``token`` by ``submitted_by`` (``None`` for anyone else's)."""
    directory = staging_root(engine) / token
    try:
        meta = json.loads((directory / "staged.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("by") != submitted_by:
        return None
    return StagedList(token, directory / meta["file"], submitted_by, meta.get("country"))


def discard(staged: StagedList) -> None:
    shutil.rmtree(staged.path.parent, ignore_errors=True)


# The fields the template has no column for, named through the catalogue.
_OTHER_FIELDS = {
    "agency_licensed": N_("agency licensed"),
    "contract_months": N_("contract length (months)"),
    "esco_uri": N_("ESCO occupation"),
    "housing_paid_by": N_("housing paid by"),
    "isco_group": N_("ISCO-08 group"),
    "max_age": N_("maximum age"),
    "min_age": N_("minimum age"),
    "optional_skills": N_("optional skills"),
    "qualification_recognised_required": N_("recognised qualification required"),
    "reintegration": N_("reintegration"),
    "required_skills": N_("required skills"),
    "requires_code95": N_("Code 95 required"),
    "season_end": N_("season end"),
    "season_start": N_("season start"),
    "travel_paid_by": N_("travel paid by"),
    "wage_amount": N_("wage amount"),
    "wage_currency": N_("wage currency"),
    "wage_period": N_("wage period"),
    "worker_fee_currency": N_("worker fee currency"),
}


def field_choices(t: Translator, read: Iterable[str | None] = ()) -> list[tuple[str, str]]:
    """Every field a column may feed, named in the reader's language; with the fields
    the file's columns were read as (``read``), so that the page shows each column as
    read even when it feeds a field no one maps by hand."""
    known = (set(Vacancy.model_fields) | {"wage", "season"}) - _INTERNAL
    known |= {f for f in read if f is not None}
    names = field_names(t)
    ordered = [f for f in _TEMPLATE if f in known] + sorted(known - set(_TEMPLATE))
    return [(f, f"{names[f]} ({f})" if f in names else f) for f in ordered]


def field_names(t: Translator) -> dict[str, str]:
    """Field -> its name in the reader's language: the template's column header, else
    the catalogue's name of the field."""
    names = {field: t.gettext(label) for field, label in _OTHER_FIELDS.items()}
    names.update({field: headers[t.language] for field, headers in _TEMPLATE.items()})
    return names


def read_columns(
    engine: Engine, staged: StagedList, mapping: dict[str, str | None] | None = None
) -> ColumnReading:
    """The file read as a run would read it, storing nothing."""
    try:
        headers = open_table(staged.path, rows_key="vacancies").headers
        report = import_vacancies(
            staged.path,
            engine.store,
            normalizer=None,
            mapping=mapping,
            destination_country=staged.destination_country,
            dry_run=True,
        )
    except MatchingError as error:
        return ColumnReading([], None, str(error).replace(str(staged.path.parent), ""))
    read = report.columns
    columns = [(i, h, read.get(h)) for i, h in enumerate(headers) if str(h or "").strip()]
    return ColumnReading(columns, report)


def posted_mapping(
    form: Any, reading: ColumnReading, automatic: ColumnReading
) -> dict[str, str | None]:
    """The columns the coordinator set on the page (``col-<index>``), as a mapping:
    only where their choice differs from what the headers alone gave."""
    auto = {i: target for i, _h, target in automatic.columns}
    mapping: dict[str, str | None] = {}
    for i, header, _target in reading.columns:
        value = form.get(f"col-{i}")
        if value is None:
            continue
        chosen = str(value) or None
        if chosen != auto.get(i):
            mapping[header] = chosen
    return mapping


def preview_fields(rows: list[dict[str, Any]]) -> list[str]:
    """The fields the previewed rows hold, in the order they first appear."""
    seen = dict.fromkeys(key for row in rows for key in row if key not in _INTERNAL)
    return list(seen)


YES_NO = (N_("no"), N_("yes"))
_DATES = {"season_start", "season_end"}
_COUNTRIES = {"destination_country"}


def preview_cell(value: Any, t: Translator, field: str = "") -> str:
    """A parsed value as one short line in the reader's words: yes/no, dates and numbers
    in the locale's form, languages and countries by their CLDR names, certificates,
    wage periods and who pays by the catalogue."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return t.gettext(YES_NO[value])
    if isinstance(value, list):
        return "; ".join(preview_cell(v, t, field) for v in value)
    if isinstance(value, dict):
        if "language" in value and "level" in value:  # a required language: Polish A2
            return f"{wording.language_label(str(value['language']), t)} {value['level']}"
        if "kind" in value:  # a certificate
            return wording.certificate_label(str(value["kind"]), value.get("code"), t)
        return " ".join(preview_cell(v, t) for v in value.values() if v not in (None, "", []))
    if isinstance(value, int | float):
        number = float(value)
        return t.format_number(number, digits=0 if number.is_integer() else 2)
    text = str(value)
    if field in _DATES:
        try:
            return t.format_date(date.fromisoformat(text))
        except ValueError:
            return text
    if field in _COUNTRIES:
        return wording.country_label(text, t)
    if field == "wage_period" and text in WAGE_PERIODS:
        return t.gettext(WAGE_PERIODS[text])
    if field.endswith("_paid_by") and text in PAID_BY:
        return t.gettext(PAID_BY[text])
    return text


def as_upload(staged: StagedList) -> UploadFile:
    """The staged file as an upload, for the batch registry to take."""
    return UploadFile(file=staged.path.open("rb"), filename=staged.name)

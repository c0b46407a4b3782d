"""The outputs of a batch run: XLSX for coordinators, the same tables as CSV, JSON, HTML.

Every flat output is built from one set of tables (:func:`tables`), so the workbook and
the CSV files cannot disagree. The JSON holds the same results at full precision. The
HTML report is one self-contained file (inline CSS bar charts, no script, no external
resource) with aggregates only: it names no person, so it can be mailed around; every
text from the input file is escaped.

Example:
    >>> safe_sheet_name("PL/2027:001 [welders]", set())
    'PL_2027_001 _welders_'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matching.batch.manifest import _check_formats
from matching.batch.report_html import (  # noqa: F401 (re-exported)
    demand_supply_svg,
    render_html,
)
from matching.batch.report_words import SHEET_NAMES, WorkbookWords, fixed_sheet_names
from matching.batch.results import _OUTPUT_NAMES, FORMATS
from matching.fileio import atomic_path, write_text_atomic
from matching.i18n import DEFAULT_LANGUAGE, Translator, translator
from matching.rules import wording
from matching.rules.gates import describe_gaps
from matching.spreadsheets import neutralize, xlsx_cell

if TYPE_CHECKING:
    from matching.batch.results import BatchResults, Candidate, VacancyOutcome

_DIGITS = 4  # scores in the flat tables; the JSON keeps full precision

SUMMARY_COLUMNS: tuple[str, ...] = (
    "vacancy_id", "title", "employer", "agency", "destination_country", "occupation",
    "isco_group", "normalizer_score", "positions", "qualified", "filled", "unfilled",
    "near_misses", "flags", "read_from_text", "sheet",
)  # fmt: skip
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "vacancy_id", "role", "rank", "job_seeker_id", "full_name", "score", "occupation",
    "skills", "experience", "language", "allocated_to", "reasons", "matched_skills",
    "missing_skills", "gaps",
)  # fmt: skip
NEAR_MISS_COLUMNS: tuple[str, ...] = (
    "job_seeker_id", "full_name", "vacancy_id", "vacancy_title", "rank", "score", "gaps",
    "remedies",
)  # fmt: skip
FLAG_COLUMNS: tuple[str, ...] = ("vacancy_id", "title", "flag", "message")
BLOCKED_COLUMNS: tuple[str, ...] = ("vacancy_id", "title", "employer", "agency", "positions",
                                    "reasons")  # fmt: skip
EXCLUSION_COLUMNS: tuple[str, ...] = (
    "vacancy_id", "title", "checked_on", "checked_on_source", "considered", "qualified",
    "gate", "requirement", "excluded", "summary",
)  # fmt: skip
PLACEMENT_COLUMNS: tuple[str, ...] = (
    "placement_id", "job_seeker_id", "full_name", "vacancy_id", "status", "status_date",
    "in_this_list",
)  # fmt: skip
INPUT_ERROR_COLUMNS: tuple[str, ...] = ("row", "field", "reason")
OCCUPATION_COLUMNS: tuple[str, ...] = (
    "occupation", "isco_group", "uri", "vacancies", "positions", "qualified", "filled",
)  # fmt: skip
FAIRNESS_COLUMNS: tuple[str, ...] = (
    "attribute", "group", "qualified", "selected", "rate", "ratio", "flagged", "p_value",
)  # fmt: skip

# Sheets of the workbook besides one per vacancy (CSV files carry the same stems), by
# stem; named in the report language (``report_words.SHEET_NAMES``).
SHEETS = tuple(SHEET_NAMES)


@dataclass(frozen=True)
class TableData:
    """One table of a run's outputs: a CSV file, a sheet (or, for candidates, the
    vacancy sheets)."""

    columns: tuple[str, ...]
    rows: list[list[object]]


# ----------------------------------------------------------------------------- cells
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, at most 31 characters, unique ignoring case.

    Args:
        name: The wanted name (a vacancy id).
        taken: Lower-cased names already used; the result is added to it.
    """
    base = _SHEET_FORBIDDEN.sub("_", _ILLEGAL_XML.sub("", name)).strip("' ") or "vacancy"
    if base.lower() == "history":  # reserved by Excel
        base = "history_"
    candidate = base[:31]
    n = 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _score(value: float | None) -> float | None:
    return None if value is None else round(float(value), _DIGITS)


def _joined(items: Sequence[str]) -> str:
    return "; ".join(items)


# ----------------------------------------------------------------------------- tables
def _gap_dicts(c: Candidate) -> list[dict[str, Any]]:
    return [
        {"kind": g.kind.value, "reason": g.reason, "closable": g.closable,
         "remedy": g.remedy, "params": dict(g.params)}
        for g in c.gaps
    ]  # fmt: skip


def _reasons(c: Candidate, t: Translator | None) -> str:
    if t is None:
        return _joined(c.reasons)
    return _joined(wording.reasons_of({"facts": c.facts, "reasons": c.reasons}, t))


def _gaps(c: Candidate, t: Translator | None) -> str:
    if t is None:
        return describe_gaps(c.gaps)
    return _joined([wording.gap_and_remedy(g, t) for g in _gap_dicts(c)])


def _candidate_row(
    vacancy_id: str, role: str, c: Candidate, t: Translator | None = None
) -> list[object]:
    return [
        vacancy_id,
        role if t is None else WorkbookWords(t.language).role(role),
        c.rank,
        c.job_seeker_id,
        c.full_name,
        _score(c.score),
        _score(c.occupation),
        _score(c.skills),
        _score(c.experience),
        _score(c.language),
        c.allocated_to or "",
        _reasons(c, t),
        _joined(c.matched_skills),
        _joined(c.missing_skills),
        _gaps(c, t),
    ]


def vacancy_sheet_names(results: BatchResults) -> dict[str, str]:
    """Vacancy id -> its sheet's name, unique and valid, beside the fixed sheets."""
    taken = fixed_sheet_names()
    return {v.vacancy_id: safe_sheet_name(v.vacancy_id, taken) for v in results.vacancies}


def candidate_rows(outcome: VacancyOutcome, t: Translator | None = None) -> list[list[object]]:
    """A vacancy's allocated people, then its reserve, as candidate table rows (their
    reasons and gaps in ``t``'s language; the engine's English without one)."""
    vid = outcome.vacancy_id
    return [_candidate_row(vid, "allocated", c, t) for c in outcome.allocated] + [
        _candidate_row(vid, "reserve", c, t) for c in outcome.reserve
    ]


def tables(results: BatchResults, t: Translator | None = None) -> dict[str, TableData]:
    """Every flat table of a run, by CSV file stem; with ``t``, reasons, gaps, remedies
    and flags are worded in its language (the workbook), else in English (the CSV)."""
    sheets = vacancy_sheet_names(results)
    summary = []
    candidates: list[list[object]] = []
    near: list[list[object]] = []
    for o in results.vacancies:
        v = o.vacancy
        summary.append(
            [
                v.external_id,
                v.title,
                v.employer or "",
                v.agency or "",
                v.destination_country,
                _occupation(o.occupation_label, v.esco_uri, v.isco_group, t),
                v.isco_group or "",
                _score(v.normalizer_score),
                v.positions,
                o.n_qualified,
                o.filled,
                o.unfilled,
                len(o.near_misses),
                _joined([f.kind for f in o.flags]),
                _joined(v.read_from_text),
                sheets[v.external_id],
            ]
        )
        candidates.extend(candidate_rows(o, t))
        for c in o.near_misses:
            gaps = _gap_dicts(c)
            near.append(
                [
                    c.job_seeker_id,
                    c.full_name,
                    v.external_id,
                    v.title,
                    c.rank,
                    _score(c.score),
                    c.gap_summary if t is None else _joined([wording.gap_text(g, t) for g in gaps]),
                    c.remedies
                    if t is None
                    else _joined([r for g in gaps if (r := wording.remedy_text(g, t))]),
                ]
            )
    titles = {o.vacancy_id: o.vacancy.title for o in results.vacancies}
    flags = [
        [f.vacancy_id, titles.get(f.vacancy_id, ""), f.kind, _flag(f, t)] for f in results.flags
    ]
    blocked = [
        [
            o.vacancy_id,
            o.vacancy.title,
            o.vacancy.employer or "",
            o.vacancy.agency or "",
            o.vacancy.positions,
            "; ".join(_flag(f, t) for f in o.flags if f.blocking),
        ]
        for o in results.blocked
    ]
    exclusions: list[list[object]] = []
    for o in results.vacancies:
        ex = o.exclusions
        if ex is None:
            continue
        head = [
            o.vacancy_id,
            o.vacancy.title,
            o.checked_on.isoformat() if o.checked_on else "",
            o.checked_on_source,
            ex.considered,
            ex.qualified,
        ]
        summary_text = ex.summary() if t is None else wording.exclusions_summary(ex, t)
        for e in ex.exclusions or ():
            values = ", ".join(f"{k}={v}" for k, v in e.values)
            exclusions.append([*head, e.kind, values, e.count, summary_text])
        if not ex.exclusions:
            exclusions.append([*head, "", "", 0, summary_text])
    placements = [
        [
            p.placement_id,
            p.job_seeker_id,
            p.full_name,
            p.vacancy_id,
            p.status,
            p.status_date.isoformat(),
            "yes" if p.in_this_list else "no",
        ]
        for p in results.placements
    ]
    return {
        "blocked": TableData(BLOCKED_COLUMNS, blocked),
        "exclusions": TableData(EXCLUSION_COLUMNS, exclusions),
        "placements": TableData(PLACEMENT_COLUMNS, placements),
        "summary": TableData(SUMMARY_COLUMNS, summary),
        "candidates": TableData(CANDIDATE_COLUMNS, candidates),
        "near_misses": TableData(NEAR_MISS_COLUMNS, near),
        "flags": TableData(FLAG_COLUMNS, flags),
        "input_errors": TableData(
            INPUT_ERROR_COLUMNS, [[e.row, e.field, e.reason] for e in results.input_errors]
        ),
        "occupations": TableData(
            OCCUPATION_COLUMNS,
            [
                [
                    _occupation(s.label, s.occupation, s.isco_group, t),
                    s.isco_group,
                    s.occupation,
                    s.vacancies,
                    s.positions,
                    s.qualified,
                    s.filled,
                ]
                for s in results.occupations
            ],
        ),
        "fairness": TableData(
            FAIRNESS_COLUMNS,
            [
                [
                    r.attribute,
                    r.group,
                    r.qualified,
                    r.selected,
                    _score(r.rate),
                    _score(r.ratio),
                    "yes" if r.flagged else "no",
                    _score(r.p_value),
                ]
                for r in results.fairness.rates
            ],
        ),
    }


def _excluded(outcome: VacancyOutcome, t: Translator | None) -> str:
    """Who each gate excludes, in one line (English without ``t``)."""
    if outcome.exclusions is None:
        return ""
    if t is None:
        return outcome.exclusions.summary()
    return wording.exclusions_summary(outcome.exclusions, t)


def _occupation(label: str, uri: str | None, isco: str | None, t: Translator | None) -> str:
    """An occupation in the workbook's language (English, as the engine labels it, in the
    CSV files and an English workbook)."""
    return label if t is None else wording.occupation_label(label, uri, isco, t)


def _flag(flag: Any, t: Translator | None) -> str:
    """A flag's English message, or its name in ``t``'s language."""
    return flag.message if t is None or t.language == "en" else wording.flag_text(flag.kind, t)


def run_facts(results: BatchResults) -> list[tuple[str, object]]:
    """The run's key figures, as the Summary sheet and ``run.csv`` show them."""
    return [
        ("run id", results.run_id),
        ("input file", results.source_name),
        ("input sha256", results.input_sha256),
        ("demand list", results.demand_list_id),
        ("gates checked on", results.on.isoformat()),
        ("rows read", results.rows_read),
        ("rows rejected", results.rows_rejected),
        ("vacancies", len(results.vacancies)),
        ("positions", results.positions),
        ("filled", results.filled),
        ("flagged vacancies", results.flagged),
        ("near misses", results.n_near_misses),
        ("allocation", results.allocation_method),
        ("total fit", _score(results.total_fit)),
        ("fairness groups flagged", len(results.fairness.flagged)),
        ("blocked vacancies", len(results.blocked)),
        ("placements shown", len(results.placements)),
        *(("demand list flag", f.message) for f in results.list_flags),
    ]


# ----------------------------------------------------------------------------- CSV
def _csv_text(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else neutralize(value) for value in row])
    return buffer.getvalue()


def write_csv(results: BatchResults, directory: Path) -> None:
    """The tables as CSV files in ``directory`` (UTF-8 with BOM, for spreadsheets)."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = {"run": _csv_text(("key", "value"), [list(f) for f in run_facts(results)])}
    for stem, table in tables(results).items():
        texts[stem] = _csv_text(table.columns, table.rows)
    for stem, text in texts.items():
        write_text_atomic(directory / f"{stem}.csv", "\ufeff" + text)


# ----------------------------------------------------------------------------- XLSX
def write_xlsx(results: BatchResults, path: Path, language: str = DEFAULT_LANGUAGE) -> None:
    """The coordinators' workbook: Summary, Flags, Input errors, Near misses,
    Occupations, Fairness, then one sheet per vacancy (allocated people, then reserve);
    sheet names, headers, reasons, gaps and flags in ``language`` (Georgian by default;
    ``en`` keeps the column keys and the engine's English)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    words = WorkbookWords(language)
    t = None if words.english else translator(language)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE6F0")

    def cell(sheet: Any, value: object, *, header: bool = False) -> WriteOnlyCell:
        c = xlsx_cell(sheet, value)  # text from the input is never a formula
        if header:
            c.font = bold
            c.fill = header_fill
        return c

    def add_table(
        sheet: Any,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        facts: Sequence[tuple[str, object]] = (),
    ) -> None:
        """Key figures and a blank row, if any, then the table with a filter on it."""
        for key, value in facts:
            sheet.append([cell(sheet, words.fact(key), header=True), cell(sheet, value)])
        if facts:
            sheet.append([])
        first_row = len(facts) + 2 if facts else 1
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + max(len(rows), 1)}"
        if first_row == 1:  # a write-only sheet takes its view before its first row
            sheet.freeze_panes = "A2"  # the header stays in view while scrolling
        sheet.append([cell(sheet, words.header(name), header=True) for name in columns])
        for row in rows:
            sheet.append([cell(sheet, value) for value in row])

    def widths(sheet: Any, columns: Sequence[str], wide: set[str]) -> None:
        for i, name in enumerate(columns, 1):
            width = 60 if name in wide else max(10, min(len(name) + 4, 24))
            sheet.column_dimensions[get_column_letter(i)].width = width

    data = tables(results, t)
    wide = {"reasons", "message", "reason", "gaps", "remedies", "matched_skills", "missing_skills"}

    summary = book.create_sheet(words.sheet("summary"))
    widths(summary, SUMMARY_COLUMNS, {"title", "occupation"})
    add_table(summary, SUMMARY_COLUMNS, data["summary"].rows, run_facts(results))

    stems = ("flags", "input_errors", "near_misses", "occupations", "fairness", "blocked",
             "exclusions", "placements")  # fmt: skip
    for stem in stems:
        sheet = book.create_sheet(words.sheet(stem))
        widths(sheet, data[stem].columns, wide | {"vacancy_title", "occupation"})
        add_table(sheet, data[stem].columns, data[stem].rows)

    names = vacancy_sheet_names(results)
    for outcome in results.vacancies:
        v = outcome.vacancy
        sheet = book.create_sheet(names[v.external_id])
        widths(sheet, CANDIDATE_COLUMNS, wide)
        facts = [
            ("vacancy", v.external_id),
            ("title", v.title),
            ("employer", v.employer or ""),
            ("agency", v.agency or ""),
            (
                "occupation",
                f"{_occupation(outcome.occupation_label, v.esco_uri, v.isco_group, t)} "
                f"({v.isco_group or '?'})",
            ),
            ("positions", v.positions),
            ("qualified", outcome.n_qualified),
            ("filled", outcome.filled),
            ("flags", "; ".join(_flag(f, t) for f in outcome.flags)),
            ("gates checked on", f"{outcome.checked_on or ''} ({outcome.checked_on_source})"),
            ("excluded by gate", _excluded(outcome, t)),
        ]
        add_table(sheet, CANDIDATE_COLUMNS, candidate_rows(outcome, t), facts)

    with atomic_path(path) as tmp:
        book.save(tmp)


# ----------------------------------------------------------------------------- JSON
def results_dict(results: BatchResults) -> dict[str, object]:
    """The results as plain JSON data, at full precision, in list order."""

    def people(items: Sequence[Candidate]) -> list[dict[str, object]]:
        return [c.to_dict() for c in items]

    return {
        "run_id": results.run_id,
        "input_sha256": results.input_sha256,
        "source": results.source_name,
        "demand_list_id": results.demand_list_id,
        "destination_country": results.destination_country,
        "gates_checked_on": results.on.isoformat(),
        "counts": results.counts(),
        "allocation": {"method": results.allocation_method, "total_fit": results.total_fit},
        "vacancies": [
            {
                "vacancy": o.vacancy.model_dump(mode="json"),
                "occupation_label": o.occupation_label,
                "n_considered": o.n_considered,
                "n_qualified": o.n_qualified,
                "filled": o.filled,
                "unfilled": o.unfilled,
                "flags": [asdict(f) for f in o.flags],
                "blocked": o.blocked,
                "checked_on": o.checked_on.isoformat() if o.checked_on else None,
                "checked_on_source": o.checked_on_source,
                "exclusions": None
                if o.exclusions is None
                else {
                    "considered": o.exclusions.considered,
                    "qualified": o.exclusions.qualified,
                    "summary": o.exclusions.summary(),
                    "by_gate": [e.to_dict() for e in o.exclusions.exclusions],
                },
                "allocated": people(o.allocated),
                "reserve": people(o.reserve),
                "near_misses": people(o.near_misses),
            }
            for o in results.vacancies
        ],
        "flags": [asdict(f) for f in results.flags],
        "blocked": [o.vacancy_id for o in results.blocked],
        "list_flags": [asdict(f) for f in results.list_flags],
        "placements": [
            {**asdict(p), "status_date": p.status_date.isoformat()} for p in results.placements
        ],
        "input_errors": [asdict(e) for e in results.input_errors],
        "ignored_columns": list(results.ignored_columns),
        "occupations": [asdict(s) for s in results.occupations],
        "fairness": {
            "subject": results.fairness.subject,
            "selected": results.fairness.selected,
            "qualified": results.fairness.qualified,
            "threshold": results.fairness.threshold,
            "rates": [asdict(r) for r in results.fairness.rates],
        },
    }


def results_json(results: BatchResults) -> str:
    return json.dumps(results_dict(results), ensure_ascii=False, indent=1) + "\n"


# ----------------------------------------------------------------------------- outputs
def write_outputs(
    results: BatchResults,
    run_dir: Path,
    formats: Sequence[str] = FORMATS,
    language: str = DEFAULT_LANGUAGE,
) -> dict[str, Path]:
    """Write the requested outputs of a run into ``run_dir``; returns format -> path.
    The workbook and the HTML report are in ``language``; CSV and JSON keep their keys."""
    files: dict[str, Path] = {}
    for fmt in _check_formats(formats):
        path = run_dir / _OUTPUT_NAMES[fmt]
        if fmt == "xlsx":
            write_xlsx(results, path, language)
        elif fmt == "csv":
            write_csv(results, path)
        elif fmt == "json":
            write_text_atomic(path, results_json(results))
        elif fmt == "html":
            write_text_atomic(path, render_html(results, language))
        files[fmt] = path
    return files

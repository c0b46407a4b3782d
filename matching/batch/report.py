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
import html
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matching.batch.manifest import _check_formats
from matching.batch.results import _OUTPUT_NAMES, FORMATS
from matching.fileio import atomic_path, write_text_atomic
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

# Sheets of the workbook besides one per vacancy; CSV files carry the same names.
SHEETS = {
    "summary": "Summary",
    "flags": "Flags",
    "input_errors": "Input errors",
    "near_misses": "Near misses",
    "occupations": "Occupations",
    "fairness": "Fairness",
    "blocked": "Blocked",
    "exclusions": "Exclusions",
    "placements": "Placements",
}


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
def _candidate_row(vacancy_id: str, role: str, c: Candidate) -> list[object]:
    return [
        vacancy_id,
        role,
        c.rank,
        c.job_seeker_id,
        c.full_name,
        _score(c.score),
        _score(c.occupation),
        _score(c.skills),
        _score(c.experience),
        _score(c.language),
        c.allocated_to or "",
        _joined(c.reasons),
        _joined(c.matched_skills),
        _joined(c.missing_skills),
        describe_gaps(c.gaps),
    ]


def vacancy_sheet_names(results: BatchResults) -> dict[str, str]:
    """Vacancy id -> its sheet's name, unique and valid, beside the fixed sheets."""
    taken = {name.lower() for name in SHEETS.values()}
    return {v.vacancy_id: safe_sheet_name(v.vacancy_id, taken) for v in results.vacancies}


def candidate_rows(outcome: VacancyOutcome) -> list[list[object]]:
    """A vacancy's allocated people, then its reserve, as candidate table rows."""
    return [_candidate_row(outcome.vacancy_id, "allocated", c) for c in outcome.allocated] + [
        _candidate_row(outcome.vacancy_id, "reserve", c) for c in outcome.reserve
    ]


def tables(results: BatchResults) -> dict[str, TableData]:
    """Every flat table of a run, by CSV file stem."""
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
                o.occupation_label,
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
        candidates.extend(candidate_rows(o))
        for c in o.near_misses:
            near.append(
                [
                    c.job_seeker_id,
                    c.full_name,
                    v.external_id,
                    v.title,
                    c.rank,
                    _score(c.score),
                    c.gap_summary,
                    c.remedies,
                ]
            )
    titles = {o.vacancy_id: o.vacancy.title for o in results.vacancies}
    flags = [[f.vacancy_id, titles.get(f.vacancy_id, ""), f.kind, f.message] for f in results.flags]
    blocked = [
        [
            o.vacancy_id,
            o.vacancy.title,
            o.vacancy.employer or "",
            o.vacancy.agency or "",
            o.vacancy.positions,
            "; ".join(f.message for f in o.flags if f.blocking),
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
        summary_text = ex.summary()
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
                    s.label,
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
def write_xlsx(results: BatchResults, path: Path) -> None:
    """The coordinators' workbook: Summary, Flags, Input errors, Near misses,
    Occupations, Fairness, then one sheet per vacancy (allocated people, then reserve)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

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
            sheet.append([cell(sheet, key, header=True), cell(sheet, value)])
        if facts:
            sheet.append([])
        first_row = len(facts) + 2 if facts else 1
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + max(len(rows), 1)}"
        if first_row == 1:  # a write-only sheet takes its view before its first row
            sheet.freeze_panes = "A2"  # the header stays in view while scrolling
        sheet.append([cell(sheet, name, header=True) for name in columns])
        for row in rows:
            sheet.append([cell(sheet, value) for value in row])

    def widths(sheet: Any, columns: Sequence[str], wide: set[str]) -> None:
        for i, name in enumerate(columns, 1):
            width = 60 if name in wide else max(10, min(len(name) + 4, 24))
            sheet.column_dimensions[get_column_letter(i)].width = width

    data = tables(results)
    wide = {"reasons", "message", "reason", "gaps", "remedies", "matched_skills", "missing_skills"}

    summary = book.create_sheet(SHEETS["summary"])
    widths(summary, SUMMARY_COLUMNS, {"title", "occupation"})
    add_table(summary, SUMMARY_COLUMNS, data["summary"].rows, run_facts(results))

    stems = ("flags", "input_errors", "near_misses", "occupations", "fairness", "blocked",
             "exclusions", "placements")  # fmt: skip
    for stem in stems:
        sheet = book.create_sheet(SHEETS[stem])
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
            ("occupation", f"{outcome.occupation_label} ({v.isco_group or '?'})"),
            ("positions", v.positions),
            ("qualified", outcome.n_qualified),
            ("filled", outcome.filled),
            ("flags", "; ".join(f.message for f in outcome.flags)),
            ("gates checked on", f"{outcome.checked_on or ''} ({outcome.checked_on_source})"),
            ("excluded by gate", outcome.exclusions.summary() if outcome.exclusions else ""),
        ]
        add_table(sheet, CANDIDATE_COLUMNS, candidate_rows(outcome), facts)

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


# ----------------------------------------------------------------------------- HTML
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Georgian",sans-serif;
 margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2733}
figure.chart{margin:1rem 0}figure.chart svg{max-width:100%;height:auto}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
 border-bottom:2px solid #dde6f0;padding-bottom:.2rem}
.muted{color:#5b6b7c}.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.card{background:#f3f6fa;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e4e9ef;vertical-align:top}
th{background:#f3f6fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bars{display:grid;grid-template-columns:minmax(10rem,18rem) 1fr;gap:.2rem .75rem;
 align-items:center;margin:.5rem 0}
.bar{height:.75rem;border-radius:2px;margin:1px 0}.track{background:#eef2f6;border-radius:2px}
.demand{background:#c0392b}.supply{background:#2e86c1}.filled{background:#27ae60}
.rate{background:#2e86c1}.rate.flag{background:#c0392b}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .25rem 0 .75rem;
 vertical-align:middle;border-radius:2px}
.flag-kind{font-family:ui-monospace,monospace;font-size:.85em;background:#fdecea;
 padding:0 .3rem;border-radius:3px}.ok{color:#27ae60}.warn{color:#c0392b;font-weight:600}
footer{margin-top:3rem;font-size:.85em;color:#5b6b7c}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


def _bar(kind: str, value: float, scale: float, title: str) -> str:
    width = 0.0 if scale <= 0 else min(100.0, 100.0 * value / scale)
    return (
        f'<div class="track"><div class="bar {kind}" style="width:{width:.2f}%" '
        f'title="{_e(title)}"></div></div>'
    )


def _flag_badge(kind: str) -> str:
    return f'<span class="flag-kind">{_e(kind)}</span>'


def _occupation_text(label: str, isco_group: str | None) -> str:
    return f"{label} ({isco_group})" if isco_group else label


def _table(columns: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int]) -> str:
    """An HTML table; cells in ``numeric`` columns are escaped here, the others are
    HTML already (escaped by the caller)."""
    head = "".join(
        f'<th class="n">{_e(c)}</th>' if i in numeric else f"<th>{_e(c)}</th>"
        for i, c in enumerate(columns)
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{_e(v)}</td>' if i in numeric else f"<td>{v}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def demand_supply_svg(results: BatchResults) -> str:
    """Positions, qualified people and filled positions per occupation as an inline SVG
    chart, through the statistics' suppression (counts of 1-4 people hidden)."""
    from matching.statistics import (
        COUNT,
        KEY,
        PEOPLE,
        ChartSpec,
        Column,
        Table,
        chart_svg,
        suppress,
    )

    table = Table(
        name="demand-supply",
        title="Demand against qualified supply",
        columns=(
            Column("occupation", KEY),
            Column("positions", COUNT),
            Column("qualified", PEOPLE),
            Column("filled", PEOPLE),
        ),
        rows=tuple(
            (_occupation_text(o.label, o.isco_group), o.positions, o.qualified, o.filled)
            for o in results.occupations
        ),
        chart=ChartSpec(("occupation",), ("positions", "qualified", "filled"), limit=30),
    )
    svg = chart_svg(suppress(table))
    return svg[svg.index("<svg") :]


def render_html(results: BatchResults) -> str:
    """The self-contained HTML report (aggregates only, no person named)."""
    parts: list[str] = []
    parts.append(
        f"<h1>Demand list {_e(results.demand_list_id)}</h1>"
        f'<p class="muted">Batch run {_e(results.run_id)} · input {_e(results.source_name)} '
        f"(sha256 {_e(results.input_sha256[:16])}…) · gates checked on "
        f"{_e(results.on.isoformat())}</p>"
    )
    cards = [
        ("vacancies", len(results.vacancies)),
        ("positions", results.positions),
        ("filled", f"{results.filled} ({_pct(results.filled, results.positions)})"),
        ("flagged vacancies", results.flagged),
        ("near misses", results.n_near_misses),
        ("rejected rows", results.rows_rejected),
    ]
    parts.append(
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards)
        + "</div>"
    )

    # --- blocked first: these vacancies get nobody
    if results.blocked:
        parts.append("<h2>Blocked vacancies: no allocation</h2>")
        rows = [
            [
                _e(o.vacancy_id),
                _e(o.vacancy.title),
                _e(o.vacancy.positions),
                _e("; ".join(f.message for f in o.flags if f.blocking)),
            ]
            for o in results.blocked
        ]
        parts.append(_table(("vacancy", "title", "positions", "why"), rows, {2}))
    for f in results.list_flags:
        parts.append(f'<p class="warn">{_flag_badge(f.kind)} {_e(f.message)}</p>')

    # --- flags
    parts.append("<h2>Flags</h2>")
    if results.flags:
        titles = {o.vacancy_id: o.vacancy.title for o in results.vacancies}
        rows = [
            [_e(f.vacancy_id), _e(titles[f.vacancy_id]), _flag_badge(f.kind), _e(f.message)]
            for f in results.flags
        ]
        parts.append(_table(("vacancy", "title", "flag", "what to check"), rows, set()))
    else:
        parts.append('<p class="ok">No vacancy is flagged.</p>')

    # --- who each gate excludes
    parts.append("<h2>Who each gate excludes</h2>")
    rows = [
        [
            _e(o.vacancy_id),
            _e(f"{o.checked_on or ''} ({o.checked_on_source})"),
            _e(o.exclusions.summary()),
        ]
        for o in results.vacancies
        if o.exclusions is not None
    ]
    parts.append(_table(("vacancy", "gates checked on", "considered and excluded"), rows, set()))

    # --- demand against qualified supply
    parts.append("<h2>Demand and qualified supply by occupation</h2>")
    parts.append(
        '<p class="legend muted"><span class="demand"></span>positions asked'
        '<span class="supply"></span>people qualified<span class="filled"></span>'
        "positions filled</p>"
    )
    scale = max([max(s.positions, s.qualified, s.filled) for s in results.occupations] or [0])
    grid = []
    for s in results.occupations:
        label = _occupation_text(s.label, s.isco_group)
        grid.append(
            f'<div>{_e(label)}<br><small class="muted">{s.positions} asked · '
            f"{s.qualified} qualified · {s.filled} filled</small></div><div>"
            + _bar("demand", s.positions, scale, f"{s.positions} positions")
            + _bar("supply", s.qualified, scale, f"{s.qualified} qualified")
            + _bar("filled", s.filled, scale, f"{s.filled} filled")
            + "</div>"
        )
    parts.append(f'<div class="bars">{"".join(grid)}</div>')
    if results.occupations:
        parts.append(f'<figure class="chart">{demand_supply_svg(results)}</figure>')

    # --- fairness
    fairness = results.fairness
    parts.append("<h2>Fairness of the allocation</h2>")
    parts.append(
        f'<p class="muted">Share of the qualified people of each group who were allocated '
        f"({fairness.selected} of {fairness.qualified}). A group below "
        f"{fairness.threshold:.0%} of the best group's rate is flagged (four-fifths rule); "
        "groups under five people are shown but never flagged.</p>"
    )
    for attribute, title in (("gender", "Gender"), ("region", "Region"), ("age_band", "Age band")):
        rates = fairness.by(attribute)
        if not rates:
            continue
        top = max(r.rate for r in rates) or 1.0
        grid = []
        for r in rates:
            mark = ' <span class="warn">flagged</span>' if r.flagged else ""
            ratio = "" if r.ratio is None else f" · ratio {r.ratio:.2f}"
            grid.append(
                f'<div>{_e(r.group)}{mark}<br><small class="muted">{r.selected} of '
                f"{r.qualified} · {r.rate:.1%}{ratio} · p={r.p_value:.2f}</small></div><div>"
                + _bar("rate flag" if r.flagged else "rate", r.rate, top, f"{r.rate:.1%}")
                + "</div>"
            )
        parts.append(f'<h3>{_e(title)}</h3><div class="bars">{"".join(grid)}</div>')

    # --- vacancies
    parts.append("<h2>Vacancies</h2>")
    rows = [
        [
            _e(o.vacancy_id),
            _e(o.vacancy.title),
            _e(o.vacancy.employer or ""),
            _e(_occupation_text(o.occupation_label, o.vacancy.isco_group)),
            o.vacancy.positions,
            o.n_qualified,
            o.filled,
            len(o.near_misses),
            " ".join(_flag_badge(f.kind) for f in o.flags),
        ]
        for o in results.vacancies
    ]
    parts.append(
        _table(
            (
                "vacancy",
                "title",
                "employer",
                "occupation",
                "positions",
                "qualified",
                "filled",
                "near misses",
                "flags",
            ),
            rows,
            {4, 5, 6, 7},
        )
    )

    # --- training needs
    parts.append("<h2>Training needs (near misses)</h2>")
    needs: Counter[str] = Counter()
    for o in results.vacancies:
        for c in o.near_misses:
            for g in c.gaps:
                needs[g.remedy or g.reason] += 1
    if needs:
        ranked = sorted(needs.items(), key=lambda t: (-t[1], t[0]))
        parts.append(
            '<p class="muted">What would turn near misses into qualified candidates, '
            "counted over the near misses of every vacancy.</p>"
            + _table(("remedy", "near misses"), [[_e(k), v] for k, v in ranked], {1})
        )
    else:
        parts.append('<p class="muted">No near misses.</p>')

    # --- input errors
    parts.append("<h2>Input errors</h2>")
    if results.input_errors:
        parts.append(
            f'<p class="muted">{results.rows_rejected} rows of {results.rows_read} were rejected; '
            "the other rows were processed.</p>"
            + _table(
                ("row", "field", "reason"),
                [[e.row, _e(e.field), _e(e.reason)] for e in results.input_errors],
                {0},
            )
        )
    else:
        parts.append(f'<p class="ok">All {results.rows_read} rows were read.</p>')

    parts.append(
        "<footer>Counts only: this report names no job seeker. The coordinators' workbook "
        "(XLSX) lists the allocated people, reserves and near misses. "
        "This service uses the ESCO classification of the European Commission.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Batch run {_e(results.run_id)}: {_e(results.demand_list_id)}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n"
    )


# ----------------------------------------------------------------------------- outputs
def write_outputs(
    results: BatchResults, run_dir: Path, formats: Sequence[str] = FORMATS
) -> dict[str, Path]:
    """Write the requested outputs of a run into ``run_dir``; returns format -> path."""
    files: dict[str, Path] = {}
    for fmt in _check_formats(formats):
        path = run_dir / _OUTPUT_NAMES[fmt]
        if fmt == "xlsx":
            write_xlsx(results, path)
        elif fmt == "csv":
            write_csv(results, path)
        elif fmt == "json":
            write_text_atomic(path, results_json(results))
        elif fmt == "html":
            write_text_atomic(path, render_html(results))
        files[fmt] = path
    return files

"""The self-contained HTML report of a batch run, in the reader's language.

One file (inline CSS bar charts, an inline SVG chart, no script, no external resource)
with aggregates only: it names no person, so it can be mailed around; every text from
the input file is escaped. Headings and sentences come from the message catalogue
(:mod:`matching.i18n`), flags and training needs are worded from their data
(:mod:`matching.rules.wording`); ``language="en"`` gives the English report.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matching.i18n import DEFAULT_LANGUAGE, Translator, translator
from matching.rules import wording

if TYPE_CHECKING:
    from matching.batch.results import BatchResults

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


def _occupation_text(
    label: str, isco_group: str | None, t: Translator, uri: str | None = None
) -> str:
    """An occupation in the report's language, with its ISCO unit group."""
    label = wording.occupation_label(label, uri, isco_group, t)
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


def demand_supply_svg(results: BatchResults, t: Translator | None = None) -> str:
    """Positions, qualified people and filled positions per occupation as an inline SVG
    chart, through the statistics' suppression (counts of 1-4 people hidden); the
    occupations named in ``t``'s language (English without one)."""
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
            (
                _occupation_text(o.label, o.isco_group, t or translator("en"), o.occupation),
                o.positions,
                o.qualified,
                o.filled,
            )
            for o in results.occupations
        ),
        chart=ChartSpec(("occupation",), ("positions", "qualified", "filled"), limit=30),
    )
    svg = chart_svg(suppress(table))
    return svg[svg.index("<svg") :]


def _gap_dict(g) -> dict:
    return {"kind": g.kind.value, "reason": g.reason, "closable": g.closable,
            "remedy": g.remedy, "params": dict(g.params)}  # fmt: skip


def render_html(results: BatchResults, language: str = DEFAULT_LANGUAGE) -> str:
    """The self-contained HTML report (aggregates only, no person named) in ``language``."""
    t = translator(language)
    _ = t.gettext
    n = t.format_number

    def flag(f) -> str:
        """A flag: its name in the reader's language; the English detail for English."""
        name = wording.flag_text(f.kind, t)
        return f.message if t.language == "en" else name

    parts: list[str] = []
    parts.append(
        "<h1>" + _e(_("Demand list %(list)s") % {"list": results.demand_list_id}) + "</h1>"
        '<p class="muted">'
        + _e(
            _("Batch run %(run)s · input %(file)s (sha256 %(sha)s…) · gates checked on %(day)s")
            % {
                "run": results.run_id,
                "file": results.source_name,
                "sha": results.input_sha256[:16],
                "day": t.format_date(results.on),
            }
        )
        + "</p>"
    )
    cards = [
        (_("vacancies"), n(len(results.vacancies))),
        (_("positions"), n(results.positions)),
        (_("filled"), f"{n(results.filled)} ({_pct(results.filled, results.positions)})"),
        (_("flagged vacancies"), n(results.flagged)),
        (_("near misses"), n(results.n_near_misses)),
        (_("rejected rows"), n(results.rows_rejected)),
    ]
    parts.append(
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards)
        + "</div>"
    )

    # --- blocked first: these vacancies get nobody
    if results.blocked:
        parts.append("<h2>" + _e(_("Blocked vacancies: no allocation")) + "</h2>")
        rows = [
            [
                _e(o.vacancy_id),
                _e(o.vacancy.title),
                _e(o.vacancy.positions),
                _e("; ".join(flag(f) for f in o.flags if f.blocking)),
            ]
            for o in results.blocked
        ]
        parts.append(_table((_("vacancy"), _("title"), _("positions"), _("why")), rows, {2}))
    for f in results.list_flags:
        parts.append(f'<p class="warn">{_flag_badge(f.kind)} {_e(flag(f))}</p>')

    # --- flags
    parts.append("<h2>" + _e(_("Flags")) + "</h2>")
    if results.flags:
        titles = {o.vacancy_id: o.vacancy.title for o in results.vacancies}
        rows = [
            [_e(f.vacancy_id), _e(titles[f.vacancy_id]), _flag_badge(f.kind), _e(flag(f))]
            for f in results.flags
        ]
        columns = (_("vacancy"), _("title"), _("flag"), _("what to check"))
        parts.append(_table(columns, rows, set()))
    else:
        parts.append('<p class="ok">' + _e(_("No vacancy is flagged.")) + "</p>")

    # --- who each gate excludes
    parts.append("<h2>" + _e(_("Who each gate excludes")) + "</h2>")
    rows = [
        [
            _e(o.vacancy_id),
            _e(f"{t.format_date(o.checked_on)} ({o.checked_on_source})"),
            _e(
                o.exclusions.summary()
                if t.language == "en"
                else wording.exclusions_summary(o.exclusions, t)
            ),
        ]
        for o in results.vacancies
        if o.exclusions is not None
    ]
    columns = (_("vacancy"), _("gates checked on"), _("considered and excluded"))
    parts.append(_table(columns, rows, set()))

    # --- demand against qualified supply
    parts.append("<h2>" + _e(_("Demand and qualified supply by occupation")) + "</h2>")
    parts.append(
        f'<p class="legend muted"><span class="demand"></span>{_e(_("positions asked"))}'
        f'<span class="supply"></span>{_e(_("people qualified"))}<span class="filled"></span>'
        f"{_e(_('positions filled'))}</p>"
    )
    scale = max([max(s.positions, s.qualified, s.filled) for s in results.occupations] or [0])
    grid = []
    for s in results.occupations:
        label = _occupation_text(s.label, s.isco_group, t, s.occupation)
        counts = _("%(asked)s asked · %(qualified)s qualified · %(filled)s filled") % {
            "asked": n(s.positions),
            "qualified": n(s.qualified),
            "filled": n(s.filled),
        }
        grid.append(
            f'<div>{_e(label)}<br><small class="muted">{_e(counts)}</small></div><div>'
            + _bar("demand", s.positions, scale, f"{s.positions}")
            + _bar("supply", s.qualified, scale, f"{s.qualified}")
            + _bar("filled", s.filled, scale, f"{s.filled}")
            + "</div>"
        )
    parts.append(f'<div class="bars">{"".join(grid)}</div>')
    if results.occupations:
        parts.append(f'<figure class="chart">{demand_supply_svg(results, t)}</figure>')

    # --- fairness
    fairness = results.fairness
    parts.append("<h2>" + _e(_("Fairness of the allocation")) + "</h2>")
    parts.append(
        '<p class="muted">'
        + _e(
            _(
                "Share of the qualified people of each group who were allocated "
                "(%(selected)s of %(qualified)s). A group below %(threshold)s of the best "
                "group's rate is flagged (four-fifths rule); groups under five people are "
                "shown but never flagged."
            )
            % {
                "selected": n(fairness.selected),
                "qualified": n(fairness.qualified),
                "threshold": t.format_percent(fairness.threshold),
            }
        )
        + "</p>"
    )
    for attribute, title in (
        ("gender", _("Gender")),
        ("region", _("Region")),
        ("age_band", _("Age band")),
    ):
        rates = fairness.by(attribute)
        if not rates:
            continue
        top = max(r.rate for r in rates) or 1.0
        grid = []
        for r in rates:
            mark = f' <span class="warn">{_e(_("flagged"))}</span>' if r.flagged else ""
            ratio = "" if r.ratio is None else f" · {_e(_('ratio'))} {r.ratio:.2f}"
            of = _("%(selected)s of %(qualified)s") % {
                "selected": n(r.selected),
                "qualified": n(r.qualified),
            }
            grid.append(
                f'<div>{_e(r.group)}{mark}<br><small class="muted">{_e(of)} · '
                f"{r.rate:.1%}{ratio} · p={r.p_value:.2f}</small></div><div>"
                + _bar("rate flag" if r.flagged else "rate", r.rate, top, f"{r.rate:.1%}")
                + "</div>"
            )
        parts.append(f'<h3>{_e(title)}</h3><div class="bars">{"".join(grid)}</div>')

    # --- vacancies
    parts.append("<h2>" + _e(_("Vacancies")) + "</h2>")
    rows = [
        [
            _e(o.vacancy_id),
            _e(o.vacancy.title),
            _e(o.vacancy.employer or ""),
            _e(_occupation_text(o.occupation_label, o.vacancy.isco_group, t, o.vacancy.esco_uri)),
            o.vacancy.positions,
            o.n_qualified,
            o.filled,
            len(o.near_misses),
            " ".join(_flag_badge(f.kind) for f in o.flags),
        ]
        for o in results.vacancies
    ]
    columns = (
        _("vacancy"),
        _("title"),
        _("employer"),
        _("occupation"),
        _("positions"),
        _("qualified"),
        _("filled"),
        _("near misses"),
        _("flags"),
    )
    parts.append(_table(columns, rows, {4, 5, 6, 7}))

    # --- training needs
    parts.append("<h2>" + _e(_("Training needs (near misses)")) + "</h2>")
    needs: Counter[str] = Counter()
    for o in results.vacancies:
        for c in o.near_misses:
            for g in c.gaps:
                gap = _gap_dict(g)
                needs[wording.remedy_text(gap, t) or wording.gap_text(gap, t)] += 1
    if needs:
        ranked = sorted(needs.items(), key=lambda item: (-item[1], item[0]))
        parts.append(
            '<p class="muted">'
            + _e(
                _(
                    "What would turn near misses into qualified candidates, counted over "
                    "the near misses of every vacancy."
                )
            )
            + "</p>"
            + _table((_("remedy"), _("near misses")), [[_e(k), v] for k, v in ranked], {1})
        )
    else:
        parts.append('<p class="muted">' + _e(_("No near misses.")) + "</p>")

    # --- input errors
    parts.append("<h2>" + _e(_("Input errors")) + "</h2>")
    if results.input_errors:
        rejected = _(
            "%(rejected)s rows of %(read)s were rejected; the other rows were processed."
        ) % {"rejected": n(results.rows_rejected), "read": n(results.rows_read)}
        parts.append(
            f'<p class="muted">{_e(rejected)}</p>'
            + _table(
                (_("row"), _("field"), _("reason")),
                [[e.row, _e(e.field), _e(e.reason)] for e in results.input_errors],
                {0},
            )
        )
    else:
        read = _("All %(read)s rows were read.") % {"read": n(results.rows_read)}
        parts.append(f'<p class="ok">{_e(read)}</p>')

    footer = _(
        "Counts only: this report names no job seeker. The coordinators' workbook (XLSX) "
        "lists the allocated people, reserves and near misses."
    )
    esco = _("This service uses the ESCO classification of the European Commission.")
    parts.append(f"<footer>{_e(footer)} {_e(esco)}</footer>")
    title = _("Batch run %(run)s: %(list)s") % {
        "run": results.run_id,
        "list": results.demand_list_id,
    }
    return (
        f'<!DOCTYPE html>\n<html lang="{t.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n"
    )

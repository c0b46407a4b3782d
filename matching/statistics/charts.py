"""Charts of published tables as SVG text, drawn on the server.

matplotlib rather than vl-convert-python: it is a plain wheel with no JavaScript engine
inside (vl-convert ships a V8/Deno runtime of some 100 MB to run Vega), it draws offline
with the fonts it bundles, and its SVG is byte-for-byte deterministic once
``svg.hashsalt`` is fixed and the ``Date`` metadata dropped, so a chart can be compared in
a test and cached by content. Figures are made without pyplot (no GUI backend, no
global figure list), so no display is needed and a server thread leaks nothing. Text
stays text (``svg.fonttype = none``): the SVG is small, searchable and styled by the page.

A suppressed cell is drawn as no bar, labelled ``<5``; a chart never shows more than the
table it draws, and refuses a table that has not been through
:func:`~matching.statistics.suppress`.

Example:
    >>> from matching.statistics import Column, Table, suppress, KEY, PEOPLE, ChartSpec
    >>> t = suppress(Table("t", "T", (Column("region", KEY), Column("people", PEOPLE)),
    ...     (("Guria", 3), ("Imereti", 40)), chart=ChartSpec(("region",), ("people",))))
    >>> chart_svg(t).startswith("<?xml")
    True
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Callable

from matching.statistics._table import ChartSpec, Table, require_published

_STYLE = {
    "svg.hashsalt": "matching-statistics",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_LOCK = threading.Lock()
_COLOURS = ("#1f4e79", "#6a9fd4", "#e08a2c", "#7a7a7a")


def chart_svg(
    table: Table,
    spec: ChartSpec | None = None,
    *,
    label: Callable[[str], str] = str,
    hidden_note: str | None = None,
) -> str:
    """A horizontal bar chart of a published table, as SVG text.

    Args:
        table: A table that went through :func:`~matching.statistics.suppress`.
        spec: What to draw; the table's own ``chart`` by default (or its first key
            column against its people and count columns).
        label: The reader's words for the title, the column names and the key values
            (a catalogue lookup); unchanged by default.
        hidden_note: The legend of a suppressed cell; English by default.

    Returns:
        The SVG document.
    """
    require_published(table)
    import matplotlib
    from matplotlib.figure import Figure

    spec = spec or table.chart or _default_spec(table)
    label_cols = [table.column(n) for n in spec.label]
    value_cols = [table.column(n) for n in spec.values]
    rows = _drawn_rows(table, spec)
    labels = [
        textwrap.shorten(" · ".join(label(_text(table.rows[r][c])) for c in label_cols), 40)
        for r in rows
    ]
    # rcParams are global: one chart at a time (API requests run on threads).
    with _LOCK, matplotlib.rc_context(_STYLE):
        height = 1.3 + 0.18 * max(len(rows), 1) * max(1.0, len(value_cols) * 0.55)
        fig = Figure(figsize=(6.5, height))
        ax = fig.subplots()
        bar = 0.8 / max(len(value_cols), 1)
        top = max([float(table.rows[r][c] or 0) for r in rows for c in value_cols] + [1.0])
        for k, c in enumerate(value_cols):
            ys = [i + k * bar for i in range(len(rows))]
            xs = [float(table.rows[r][c] or 0) for r in rows]
            ax.barh(
                ys,
                xs,
                height=bar,
                color=_COLOURS[k % len(_COLOURS)],
                label=label(table.columns[c].name),
            )
            for y, r in zip(ys, rows, strict=True):
                if (r, c) in table.suppressed:
                    ax.text(top * 0.01, y, table.text(r, c), va="center", fontsize=7)
        ax.set_xlim(0, top * 1.08)
        ax.set_yticks([i + bar * (len(value_cols) - 1) / 2 for i in range(len(rows))])
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        # The title over the whole figure (long row labels push the axes right).
        fig.suptitle(textwrap.fill(label(table.title), 60), x=0.02, ha="left", fontsize=10)
        if len(value_cols) > 1:  # above the bars, under the title: it never hides a bar
            ax.legend(
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                ncol=len(value_cols) if len(value_cols) < 4 else 2,
                frameon=False,
                fontsize=8,
            )
        if table.suppressed:
            fig.text(
                0.01,
                0.01,
                hidden_note or f"<{table.min_cell}: fewer than {table.min_cell} people, hidden",
                fontsize=7,
            )
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _text(cell: object) -> str:
    """A label cell for ``label``: a string as it is (a phrase keeps its data)."""
    return cell if isinstance(cell, str) else str(cell)


def _drawn_rows(table: Table, spec: ChartSpec) -> list[int]:
    """The rows a chart draws: those with a bar. Rows whose values are all visible zeros
    or hidden are left out (the table shows them); a hidden value beside a bar is
    labelled ``<5``."""
    value_cols = [table.column(n) for n in spec.values]
    return [
        r
        for r in range(len(table.rows))
        if any((r, c) not in table.suppressed and table.rows[r][c] for c in value_cols)
    ][: spec.limit]


def has_bars(table: Table, spec: ChartSpec | None = None) -> bool:
    """Whether :func:`chart_svg` would draw at least one bar of ``table``."""
    return bool(_drawn_rows(table, spec or table.chart or _default_spec(table)))


def _default_spec(table: Table) -> ChartSpec:
    keys = tuple(c.name for c in table.columns if c.kind == "key")[:1]
    values = tuple(c.name for c in table.columns if c.kind in ("people", "count"))[:3]
    return ChartSpec(keys or (table.columns[0].name,), values)

"""The one table type every statistic returns, and the one step that publishes it.

A statistic computes a raw :class:`Table` of exact counts. Nothing leaves the package
(a CLI file, an API answer, a chart, an XLSX sheet) until :func:`suppress` has turned it
into a published table: every cell that counts fewer than ``min_cell`` people (1 to
``min_cell - 1``; a zero reveals nobody) is blanked and marked, then, wherever a table
holds a total and its parts, a second cell is blanked when one alone would be given away
by subtraction (complementary suppression), then every rate computed from a blanked count
is blanked too. The renderers refuse a table that has not been through it.

Example:
    >>> raw = Table(
    ...     name="demo", title="Demo",
    ...     columns=(Column("region", KEY), Column("people", PEOPLE)),
    ...     rows=(("Guria", 3), ("Imereti", 40), ("all", 43)),
    ...     relations=(Relation(total=(2, 1), parts=((0, 1), (1, 1))),),
    ... )
    >>> published = suppress(raw, min_cell=5)
    >>> [published.text(r, 1) for r in range(3)]
    ['<5', '<5', 43]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from matching.errors import InvalidInputError

KEY = "key"  # a classifier (destination, region, month, occupation)
PEOPLE = "people"  # a count of people: suppressed below min_cell
COUNT = "count"  # a count of things (vacancies, positions, flags): never suppressed
RATE = "rate"  # a ratio of other columns: suppressed when one of them is
WEEKS = "weeks"  # a duration from the course table
TEXT = "text"  # a label

Cell = int | float | str | None
Position = tuple[int, int]  # (row, column)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    Attributes:
        name: The column's name in CSV headers, XLSX sheets and API answers.
        kind: ``KEY``, ``PEOPLE``, ``COUNT``, ``RATE``, ``WEEKS`` or ``TEXT``.
        derived_from: For a ``RATE``, the columns it is computed from (same row).
    """

    name: str
    kind: str
    derived_from: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """``total`` is the sum of ``parts`` (cells as (row, column) positions)."""

    total: Position
    parts: tuple[Position, ...]


@dataclass(frozen=True)
class ChartSpec:
    """How :func:`~matching.statistics.chart_svg` draws a table: bars of ``values`` per
    ``label`` (key columns joined), the first ``limit`` rows."""

    label: tuple[str, ...]
    values: tuple[str, ...]
    limit: int = 20


@dataclass(frozen=True)
class Table:
    """A statistic: aggregates only, one row per cell of its key columns.

    Attributes:
        name: A slug (``demand-supply``), used as file, sheet and route name.
        title: A heading for people.
        columns: The columns, keys first.
        rows: The cells; a suppressed cell holds ``None``.
        relations: Totals and their parts, for complementary suppression.
        chart: How to draw it, or ``None`` when a table says it better.
        min_cell: The threshold it was published with; ``None`` while raw.
        suppressed: Positions of the suppressed cells (published tables only).
        notes: Definitions a reader needs (what "registered" counts ...).
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    relations: tuple[Relation, ...] = ()
    chart: ChartSpec | None = None
    min_cell: int | None = None
    suppressed: frozenset[Position] = field(default_factory=frozenset)
    notes: tuple[str, ...] = ()

    @property
    def published(self) -> bool:
        """Whether the table went through :func:`suppress`."""
        return self.min_cell is not None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> int:
        """The index of column ``name``."""
        for i, c in enumerate(self.columns):
            if c.name == name:
                return i
        raise KeyError(name)

    def text(self, row: int, column: int) -> Cell:
        """A cell as a reader sees it: ``<5`` where suppressed."""
        if (row, column) in self.suppressed:
            return f"<{self.min_cell}"
        return self.rows[row][column]

    def records(self) -> list[dict[str, Cell]]:
        """Rows as dicts of column name to value (raw values; ``None`` if suppressed)."""
        names = self.column_names
        return [dict(zip(names, row, strict=True)) for row in self.rows]


def require_published(table: Table) -> Table:
    """``table``, or an error when it has not been through :func:`suppress`."""
    if not table.published:
        raise InvalidInputError(f"table {table.name!r} has not been through suppress()")
    return table


def suppress(table: Table, min_cell: int = 5) -> Table:
    """The table as it may be published: small counts of people hidden and marked.

    Args:
        table: A raw table.
        min_cell: The smallest count of people shown; 1 to ``min_cell - 1`` are hidden.

    Returns:
        A published copy: suppressed cells hold ``None`` and are listed in ``suppressed``.
    """
    if min_cell < 1:
        raise InvalidInputError("min_cell must be at least 1")
    if table.published:
        raise InvalidInputError(f"table {table.name!r} is already published")
    kinds = [c.kind for c in table.columns]
    values = [list(row) for row in table.rows]
    hidden: set[Position] = set()
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if kinds[c] == PEOPLE and isinstance(value, int) and 0 < value < min_cell:
                hidden.add((r, c))
    _complementary(values, table.relations, hidden)
    by_name = {col.name: i for i, col in enumerate(table.columns)}
    for c, col in enumerate(table.columns):
        sources = [by_name[n] for n in col.derived_from]
        for r in range(len(values)):
            if any((r, s) in hidden for s in sources):
                hidden.add((r, c))
    for r, c in hidden:
        values[r][c] = None
    return replace(
        table,
        rows=tuple(tuple(row) for row in values),
        min_cell=min_cell,
        suppressed=frozenset(hidden),
    )


def _complementary(
    values: Sequence[Sequence[Cell]], relations: Sequence[Relation], hidden: set[Position]
) -> None:
    """Hide a second cell of every relation in which exactly one is hidden, until none is:
    the smallest non-zero visible cell (a visible zero hides nothing)."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            cells = [relation.total, *relation.parts]
            if sum(p in hidden for p in cells) != 1:
                continue
            candidates = [p for p in cells if p not in hidden and (values[p[0]][p[1]] or 0) > 0]
            if not candidates:
                continue  # the hidden cell is 0 or equal to the total: nothing to protect
            hidden.add(min(candidates, key=lambda p: (values[p[0]][p[1]], p)))
            changed = True


def select_rows(
    table: Table,
    *,
    destination: str | None = None,
    months: tuple[str | None, str | None] = (None, None),
) -> Table:
    """The rows of a published table for one destination (its ``destination`` column)
    and months ``YYYY-MM`` from and to, inclusive (its ``month`` or ``received``
    column; an undated row is left out once a bound is set). A table without such a
    column is returned whole. Only a published table may be cut: its cells were
    protected over the whole table, so a subset reveals nothing more."""
    require_published(table)
    names = table.column_names
    keep = list(range(len(table.rows)))
    if destination and "destination" in names:
        d = table.column("destination")
        keep = [r for r in keep if table.rows[r][d] == destination]
    month_col = next((n for n in ("month", "received") if n in names), None)
    first, last = months
    if month_col is not None and (first or last):
        m = table.column(month_col)

        def inside(value: Cell) -> bool:
            text = str(value)
            if len(text) != 7 or text[4] != "-":  # undated
                return False
            return (not first or text >= first) and (not last or text <= last)

        keep = [r for r in keep if inside(table.rows[r][m])]
    if len(keep) == len(table.rows):
        return table
    new_index = {old: new for new, old in enumerate(keep)}
    return replace(
        table,
        rows=tuple(table.rows[r] for r in keep),
        relations=(),  # cells were protected already; nothing is recomputed from them
        suppressed=frozenset((new_index[r], c) for r, c in table.suppressed if r in new_index),
    )


def filter_columns(table: Table) -> tuple[bool, bool]:
    """Whether :func:`select_rows` can cut ``table`` by destination, and by month."""
    names = set(table.column_names)
    return "destination" in names, bool(names & {"month", "received"})

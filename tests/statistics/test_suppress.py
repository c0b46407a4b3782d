"""The one publishing step: primary, complementary and derived suppression."""

from __future__ import annotations

import pytest

from matching.errors import InvalidInputError
from matching.statistics import (
    KEY,
    PEOPLE,
    RATE,
    Column,
    Relation,
    Table,
    chart_svg,
    require_published,
    suppress,
    to_csv,
    to_xlsx,
)


def table(rows, relations=()) -> Table:
    return Table(
        name="t",
        title="T",
        columns=(
            Column("region", KEY),
            Column("people", PEOPLE),
            Column("share", RATE, ("people",)),
        ),
        rows=tuple(rows),
        relations=tuple(relations),
    )


def test_counts_of_one_to_four_people_are_hidden_and_zero_is_not():
    published = suppress(table([("a", 0, 0.0), ("b", 1, 0.1), ("c", 4, 0.4), ("d", 5, 0.5)]))
    assert [r[1] for r in published.rows] == [0, None, None, 5]
    assert published.suppressed == {(1, 1), (2, 1), (1, 2), (2, 2)}  # rates go with counts
    assert [published.text(r, 1) for r in range(4)] == [0, "<5", "<5", 5]


def test_a_total_does_not_give_away_its_one_hidden_part():
    rows = [("a", 3, None), ("b", 40, None), ("c", 7, None), ("all", 50, None)]
    relation = Relation((3, 1), ((0, 1), (1, 1), (2, 1)))
    published = suppress(table(rows, [relation]))
    # a is hidden; the smallest visible non-zero cell (c, 7) is hidden with it.
    assert [r[1] for r in published.rows] == [None, 40, None, 50]


def test_complementary_suppression_cascades_across_relations():
    # Two totals sharing a part: hiding it for one relation opens the other.
    rows = [("a", 2, None), ("b", 9, None), ("c", 6, None), ("ab", 11, None), ("bc", 15, None)]
    relations = [Relation((3, 1), ((0, 1), (1, 1))), Relation((4, 1), ((1, 1), (2, 1)))]
    published = suppress(table(rows, relations))
    hidden = {r for r, _ in published.suppressed if _ == 1}
    for relation in relations:
        cells = {relation.total[0], *(p[0] for p in relation.parts)}
        assert len(cells & hidden) != 1


def test_a_hidden_zero_needs_no_partner():
    rows = [("a", 0, None), ("b", 40, None), ("all", 40, None)]
    published = suppress(table(rows, [Relation((2, 1), ((0, 1), (1, 1)))]))
    assert published.suppressed == frozenset()


def test_outputs_refuse_a_raw_table():
    raw = table([("a", 1, 0.1)])
    for render in (to_csv, chart_svg, lambda t: to_xlsx([t]), require_published):
        with pytest.raises(InvalidInputError):
            render(raw)
    with pytest.raises(InvalidInputError):
        suppress(suppress(raw))
    with pytest.raises(InvalidInputError):
        suppress(raw, 0)


def test_csv_marks_hidden_cells_and_neutralises_formulas():
    published = suppress(table([("=HYPERLINK(1)", 2, 0.2), ("b", 9, 0.9)]))
    text = to_csv(published)
    assert text.splitlines() == ["region,people,share", "'=HYPERLINK(1),<5,<5", "b,9,0.9"]


def test_the_published_threshold_is_never_below_five():
    from pydantic import ValidationError

    from matching.config import Settings

    assert Settings(_env_file=None).stats_min_cell == 5
    with pytest.raises(ValidationError):
        Settings(stats_min_cell=3, _env_file=None)

"""Charts and exports of published tables: deterministic, marked, no person in them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from small_registry import personal_strings, sources

from matching.statistics import STATISTICS, chart_svg, suppress, to_csv, to_xlsx


@pytest.fixture(scope="module")
def published():
    src = sources()
    return [suppress(s.compute(src)) for s in STATISTICS.values()]


def test_charts_are_deterministic_svg(published):
    for table in published:
        first, second = chart_svg(table), chart_svg(table)
        assert first == second, table.name
        assert first.startswith("<?xml") and "<svg" in first
        assert "<dc:date>" not in first  # no timestamp in the metadata
        assert table.title.split()[0] in first  # text stays text (svg.fonttype none)


def test_a_chart_marks_hidden_bars(published):
    training = next(t for t in published if t.name == "training-plan")
    assert "&lt;5" in chart_svg(training)


def test_xlsx_holds_every_table_and_its_notes(published):
    book = load_workbook(io.BytesIO(to_xlsx(published)))
    assert book.sheetnames == [*(t.name for t in published), "notes"]
    sheet = book["training-plan"]
    assert [c.value for c in sheet[1]][:4] == ["course", "kind", "weeks", "qualifies_alone"]
    assert [c.value for c in sheet[2]][3] == "<5"
    notes = [row[1] for row in book["notes"].iter_rows(min_row=2, values_only=True)]
    assert "<5: fewer than 5 people, hidden" in notes


def test_no_output_names_a_person(published):
    secrets = personal_strings()
    book = load_workbook(io.BytesIO(to_xlsx(published)))
    cells = " ".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
    )
    texts = [cells, *(to_csv(t) for t in published), *(chart_svg(t) for t in published)]
    for text in texts:
        assert not [s for s in secrets if s in text]


def test_charts_drawn_on_threads_are_the_same(published):
    from concurrent.futures import ThreadPoolExecutor

    expected = [chart_svg(t) for t in published]
    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(chart_svg, published * 2))
    assert drawn == expected * 2


def test_markup_in_a_label_is_text_in_the_chart():
    from matching.statistics import COUNT, KEY, Column, Table

    table = Table(
        "agencies",
        "Agencies",
        (Column("agency", KEY), Column("vacancies", COUNT)),
        (("<script>alert(1)</script>", 3),),
    )
    svg = chart_svg(suppress(table))
    assert "<script" not in svg and "&lt;script&gt;" in svg

"""``matching stats``: each statistic printed or written, small counts hidden."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from small_registry import TODAY, personal_strings, sources
from typer.testing import CliRunner

from matching.cli import app
from matching.config import get_settings
from matching.statistics import STATISTICS
from matching.storage.store import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def stored_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MATCHING_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHING_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.setenv("MATCHING_DATABASE_URL", f"sqlite:///{tmp_path / 'stats.sqlite'}")
    get_settings.cache_clear()
    src = sources()
    with Store(f"sqlite:///{tmp_path / 'stats.sqlite'}") as store:
        store.upsert_job_seekers(src.job_seekers)
        for demand_list in src.demand_lists:
            store.save_demand_list(demand_list)
    yield
    get_settings.cache_clear()


def test_every_statistic_has_a_subcommand():
    result = runner.invoke(app, ["stats", "--help"])
    assert result.exit_code == 0
    for name in [*STATISTICS, "all"]:
        assert name in result.output


def test_shortages_print_the_sentence(tmp_path: Path):
    """Printed in Georgian by default: the table's words and the sentence."""
    today = ["--today", TODAY.isoformat()]
    result = runner.invoke(app, ["stats", "shortages", *today], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())  # rich wraps lines
    assert (
        "spawacz (7212), პოლონეთი, PL-W: ადგილები — 10, რეგისტრირებული — 12, "
        "შესაფერისი — 6: პოლონური A2 აკლია <5 ადამიანს"
    ) in flat
    assert "დანაკლისი" in flat and "shortfall" not in flat  # column names worded
    for english in ("positions", "registered", "qualify", "lack", "Polish", "Shortages"):
        assert english not in flat, english
    result = runner.invoke(app, ["stats", "shortages", "--lang", "en", *today])
    flat = " ".join(result.output.split())
    assert "10 positions, 12 registered, 6 qualify: <5 lack Polish A2" in flat
    result = runner.invoke(app, ["stats", "shortages", "--lang", "ru", *today])
    flat = " ".join(result.output.split())
    assert "мест — 10, зарегистрировано — 12, подходят — 6" in flat
    assert "не хватает «польский A2»: <5 чел." in flat


def test_every_statistic_prints_in_georgian(tmp_path: Path):
    for name in STATISTICS:
        result = runner.invoke(app, ["stats", name, "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        title = result.output.split("\n", 1)[0]
        assert not re.search(r"[A-Za-z]{4,}", title), (name, title)


def test_csv_svg_and_workbook(tmp_path: Path):
    out = tmp_path / "demand.csv"
    result = runner.invoke(
        app, ["stats", "demand-supply", "--out", str(out), "--today", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[2] == ["PL", "7212", "", "2026-04", "1", "10", "12", "6", "0.6"]
    svg = tmp_path / "demand.svg"
    assert runner.invoke(app, ["stats", "demand-supply", "-o", str(svg)]).exit_code == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    book = tmp_path / "all.xlsx"
    assert runner.invoke(app, ["stats", "all", "-o", str(book)]).exit_code == 0
    sheets = load_workbook(book).sheetnames
    assert sheets == [*STATISTICS, "notes"]
    text = " ".join(p.read_text(encoding="utf-8") for p in (out, svg))
    assert not [s for s in personal_strings() if s in text]


def test_bad_output_and_date_are_usage_errors(tmp_path: Path):
    assert runner.invoke(app, ["stats", "gender", "-o", str(tmp_path / "x.pdf")]).exit_code == 1
    assert runner.invoke(app, ["stats", "all", "-o", str(tmp_path / "x.csv")]).exit_code == 1
    assert runner.invoke(app, ["stats", "gender", "--today", "March"]).exit_code == 1


def test_lang_words_courses_and_requirements(tmp_path: Path):
    today = ["--today", TODAY.isoformat()]
    out = tmp_path / "plan.csv"
    result = runner.invoke(app, ["stats", "training-plan", "-o", str(out), "--lang", "ka", *today])
    assert result.exit_code == 0, result.output
    courses = [row[0] for row in csv.reader(out.open(encoding="utf-8"))][1:]
    assert "პოლონური A1→A2" in courses and not any("Polish" in c for c in courses)
    english = runner.invoke(app, ["stats", "training-plan", "-o", str(out), *today])
    assert english.exit_code == 0 and "Polish A1→A2" in out.read_text(encoding="utf-8")
    book = tmp_path / "all.xlsx"
    result = runner.invoke(app, ["stats", "all", "-o", str(book), "--lang", "ru", *today])
    assert result.exit_code == 0, result.output
    requirements = [r[9] for r in load_workbook(book)["shortages"].iter_rows(values_only=True)]
    assert "польский A2" in requirements
    assert runner.invoke(app, ["stats", "shortages", "--lang", "de"]).exit_code != 0

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from matching.cli import EXIT_USAGE, OUTPUT_COLUMNS, app

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("normalize", "demo"):
        assert command in result.output


def test_normalize_titles_to_a_csv(tmp_path: Path) -> None:
    source = tmp_path / "titles.csv"
    source.write_bytes("\ufefftitle\nSpawacz MIG/MAG 135\nMurarz\n".encode())  # UTF-8 with BOM
    out = tmp_path / "out" / "result.csv"
    result = runner.invoke(
        app, ["normalize", "--input", str(source), "--top-k", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    firsts = {r["query"]: r for r in rows if r["rank"] == "1"}
    assert firsts["Spawacz MIG/MAG 135"]["isco_group"] == "7212"
    assert firsts["Murarz"]["isco_group"] == "7112"
    assert not (out.parent / "result.csv.part").exists()


def test_windows_1251_file_is_read(tmp_path: Path) -> None:
    source = tmp_path / "titles.csv"
    source.write_bytes("title\nкаменщик\n".encode("cp1251"))
    out = tmp_path / "result.csv"
    result = runner.invoke(app, ["normalize", "-i", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "каменщик" in out.read_text(encoding="utf-8")


def test_unknown_column_is_a_plain_error(tmp_path: Path) -> None:
    source = tmp_path / "titles.csv"
    source.write_text("stanowisko\nSpawacz\n", encoding="utf-8")
    result = runner.invoke(app, ["normalize", "--input", str(source)])
    assert result.exit_code == EXIT_USAGE
    assert "no column 'title'" in result.output
    assert "Traceback" not in result.output


def test_demo_runs_on_embedded_defaults() -> None:
    result = runner.invoke(app, ["demo", "--seekers", "500"])
    assert result.exit_code == 0, result.output
    assert "welder" in result.output and "cargo vehicle driver" in result.output

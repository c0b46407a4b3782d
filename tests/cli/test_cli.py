from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matching.cli.app import EXIT_DATA, EXIT_USAGE, OUTPUT_COLUMNS, app
from matching.config import get_settings

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every command writes under a temporary data directory, on the built-in catalogue."""
    monkeypatch.setenv("MATCHING_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHING_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.delenv("MATCHING_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("normalize", "demo", "synth", "import", "index", "match", "batch", "serve"):
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


def test_the_normalize_table_names_every_column() -> None:
    result = runner.invoke(app, ["normalize", "Spawacz", "xqzv"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "isco" in line)
    names = [cell.strip() for cell in header.strip("┃│ \n").replace("┃", "│").split("│")]
    assert names == ["query", "rank", "isco", "occupation", "matched label", "lang", "score",
                     "review"]  # fmt: skip


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
    result = runner.invoke(app, ["normalize", "--input", str(source)], env={"COLUMNS": "300"})
    assert result.exit_code == EXIT_USAGE
    # rich wraps at the terminal's width, which a long temporary path can reach
    assert "no column 'title'" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_demo_runs_on_embedded_defaults(isolated_settings: Path) -> None:
    result = runner.invoke(app, ["demo", "--seekers", "500"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    # Georgian by default: the sentences, the occupations' names, the reasons
    assert "შემდუღებელი" in result.output and "welder" not in result.output
    assert "არავის დაჰპირდნენ ორჯერ" in result.output
    assert "შესაბამისი გამოცდილება" in result.output  # the top candidates are explained
    for english in ("positions filled", "Registered", "Fairness", "years as", "qualifies"):
        assert english not in result.output, english
    assert (isolated_settings / "demo" / "demo.sqlite").is_file()
    result = runner.invoke(
        app, ["demo", "--seekers", "500", "--lang", "en"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "welder" in result.output and "cargo vehicle driver" in result.output
    assert "nobody promised twice" in result.output
    assert "relevant years" in result.output
    assert runner.invoke(app, ["demo", "--lang", "de"]).exit_code == EXIT_USAGE


def test_synth_import_and_match_both_ways(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    result = runner.invoke(app, ["synth", "--seekers", "300", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["import", "--lang", "en", "job-seekers", str(out / "job_seekers.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "300 rows read: 300 stored (300 new" in result.output
    demand = sorted((out / "demand_lists").glob("*.csv"))[0]
    result = runner.invoke(app, ["import", "vacancies", str(demand), "--demand-list", demand.stem])
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        app, ["import", "--lang", "en", "job-seekers", str(out / "job_seekers.csv")]
    )
    assert "0 new, 0 updated, 300 unchanged" in again.output  # idempotent re-import

    import csv as _csv

    with demand.open(encoding="utf-8-sig") as fh:
        vacancy_id = next(_csv.DictReader(fh))["external_id"]
    result = runner.invoke(app, ["match", "vacancy", vacancy_id, "-k", "5"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "qualified" in result.output
    result = runner.invoke(app, ["match", "seeker", "GE3-0000001"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output


def test_import_reports_bad_rows_with_row_and_field(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "id,name,personal number,birth date,profession\n"
        "A-1,Giorgi Beridze,01001012345,1988-04-12,welder\n"
        "A-2,Nino Kapanadze,123,1994-11-03,cook\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(source)])
    assert result.exit_code == EXIT_DATA, result.output
    assert "1 stored" in result.output
    assert "row 3" in result.output and "personal" in result.output


def test_match_unknown_vacancy_is_a_plain_error() -> None:
    result = runner.invoke(app, ["match", "vacancy", "NO-SUCH"])
    assert result.exit_code == EXIT_USAGE
    assert "NO-SUCH" in result.output and "Traceback" not in result.output


def test_index_build_saves_the_normaliser(isolated_settings: Path) -> None:
    result = runner.invoke(app, ["index", "build"])
    assert result.exit_code == 0, result.output
    saved = list((isolated_settings / "normalizer").glob("*/config.json"))
    assert len(saved) == 1


def test_normalize_fuses_the_configured_encoder(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching.index import EmbeddingCache

    monkeypatch.setenv("MATCHING_ENCODER", "hashing")
    monkeypatch.setenv("MATCHING_NORMALIZER_EMBEDDING_WEIGHT", "0.2")
    get_settings.cache_clear()
    cache = EmbeddingCache(isolated_settings / "embedding_cache.sqlite")
    # index build --vectors embeds the labels ahead, into the cache normalize reads.
    result = runner.invoke(app, ["index", "build", "--vectors"])
    assert result.exit_code == 0, result.output
    assert "label vectors ready" in result.output
    embedded = cache.count()
    assert embedded > 1000
    assert (isolated_settings / "index" / "labels").is_dir()
    result = runner.invoke(app, ["normalize", "Spawacz MIG/MAG 135", "сварщик"])
    assert result.exit_code == 0, result.output
    assert result.output.count("7212") >= 2
    assert cache.count() == embedded + 2  # only the two titles were new


def test_requirements_reads_a_column_of_texts_row_for_row(tmp_path: Path) -> None:
    source = tmp_path / "ads.csv"
    source.write_text(
        "id,text\n"
        '1,"prawo jazdy kat. C+E, świadectwo kwalifikacji (kod 95), min. 2 lata doświadczenia"\n'
        "2,\n"
        '3,"Führerschein CE, Staplerschein wünschenswert"\n'
        '4,"=cmd welder, age 21-50"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["requirements", "--input", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["row"] for r in rows] == ["2", "3", "4", "5"]  # one per input row, in order
    assert (rows[0]["driving"], rows[0]["code95"], rows[0]["min_experience_years"]) == (
        "CE",
        "1",
        "2",
    )
    assert rows[1]["driving"] == "" and rows[1]["code95"] == "0"
    assert rows[2]["preferred"] == "forklift" and "forklift" not in rows[2]["certificates"]
    assert (rows[3]["age_min"], rows[3]["age_max"]) == ("21", "50")


def test_normalize_with_descriptions_names_the_input_row(tmp_path: Path) -> None:
    source = tmp_path / "ads.csv"
    source.write_text(
        'title,description\nSpawacz,Spawanie MAG 135\n"=cmd",\nMurarz,Murowanie ścian\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    args = ["normalize", "--input", str(source), "--description-column", "description"]
    result = runner.invoke(app, [*args, "--top-k", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert next(iter(rows[0])) == "row" and all(name for name in rows[0])  # every column named
    assert [r["row"] for r in rows] == sorted((r["row"] for r in rows), key=int)
    assert {r["row"] for r in rows} == {"2", "3", "4"}
    assert next(r for r in rows if r["row"] == "2")["isco_group"] == "7212"
    assert all(not r["query"].startswith("=") for r in rows)  # formulas neutralised
    refused = runner.invoke(app, ["normalize", "Spawacz", "--description-column", "description"])
    assert refused.exit_code == EXIT_USAGE


def test_skills_in_four_languages_to_a_csv(tmp_path: Path) -> None:
    out = tmp_path / "skills.csv"
    result = runner.invoke(
        app,
        ["skills", "ელექტროშედუღება; კაფელის დაგება", "работа на погрузчике", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["rank"] == "1"]
    assert [(r["query"], r["preferred_label"]) for r in rows] == [
        ("ელექტროშედუღება", "apply arc welding techniques"),
        ("კაფელის დაგება", "lay tiles"),
        ("работа на погрузчике", "operate forklift"),
    ]
    assert runner.invoke(app, ["skills"]).exit_code == EXIT_USAGE

"""``matching import``, ``template`` and ``duplicates`` (issue 13): damaged files, the
column mapping shown, dry runs, explicit mappings, templates, one person one record."""

from __future__ import annotations

import csv
import multiprocessing
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from matching.cli.app import EXIT_DATA, app
from matching.config import get_settings
from matching.storage.store import Store

sys.path.append(str(Path(__file__).resolve().parents[1]))
from damaged_files import DAMAGED, write_damaged

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MATCHING_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHING_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.delenv("MATCHING_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def stored_ids() -> list[str]:
    with Store(get_settings().resolved_database_url) as store:
        return sorted(s.external_id for s in store.iter_job_seekers())


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_file_exits_2_stores_the_good_rows_and_lists_the_bad(
    name: str, tmp_path: Path
) -> None:
    case = DAMAGED[name]
    path = write_damaged(tmp_path, name)
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)])
    assert result.exit_code == EXIT_DATA, result.output
    assert "Traceback" not in result.output
    assert f"{len(case.good)} stored" in result.output
    for row in case.bad_rows:
        assert f"row {row}," in result.output
    errors = path.with_name(f"{path.stem}.errors.csv")
    with errors.open(encoding="utf-8-sig", newline="") as f:
        listed = sorted({int(r["row"]) for r in csv.DictReader(f)})
    assert listed == list(case.bad_rows)
    assert stored_ids() == sorted(case.good)


GEORGIAN = (
    "პირადი ნომერი,სახელი,გვარი,ენის ცოდნის დონე,მართვის მოწმობის კატეგორიები,შენიშვნა\n"
    '01001012345,ნინო,ბერიძე,pl:B2,"B, C",=HYPERLINK("http://x")\n'
)


def test_the_mapping_is_shown_and_clerks_headers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ka.csv"
    path.write_text(GEORGIAN, encoding="utf-8")
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)])
    assert result.exit_code == 0, result.output
    assert "ენის ცოდნის დონე → languages" in result.output
    assert "მართვის მოწმობის კატეგორიები → driving_licence" in result.output
    assert "შენიშვნა → ignored" in result.output
    with Store(get_settings().resolved_database_url) as store:
        [person] = list(store.iter_job_seekers())
    assert person.external_id.startswith("js-")  # never the personal number
    assert person.languages[0].level.name == "B2"
    assert sorted(c.value for c in person.driving_licence.categories) == ["B", "C"]


def test_dry_run_stores_nothing_and_shows_the_rows_as_parsed(tmp_path: Path) -> None:
    path = tmp_path / "ka.csv"
    path.write_text(GEORGIAN, encoding="utf-8")
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nothing stored" in result.output and "'level': 'B2'" in result.output
    assert stored_ids() == []


def test_map_reads_a_column_no_alias_knows(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("kod,nazwa\nGE-1,Nino\n", encoding="utf-8")
    refused = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)])
    assert refused.exit_code == EXIT_DATA and "no name column" in refused.output
    maps = ["--map", "kod=external_id", "--map", "nazwa=full_name"]
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path), *maps])
    assert result.exit_code == 0, result.output
    assert "kod → external_id" in result.output and stored_ids() == ["GE-1"]


@pytest.mark.parametrize("lang", ["ka", "en", "ru"])
def test_a_filled_template_imports_every_column(tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"template-{lang}.xlsx"
    result = runner.invoke(app, ["template", "job-seekers", "--lang", lang, "--out", str(out)])
    assert result.exit_code == 0, result.output
    from matching.intake.template import JOB_SEEKER_COLUMNS

    book = load_workbook(out)
    data = book.worksheets[0]
    assert [c.value for c in data[1]] == [c.headers[lang] for c in JOB_SEEKER_COLUMNS]
    assert len(data.data_validations.dataValidation) == 3  # gender, region, consent
    assert book.worksheets[1].max_row == len(JOB_SEEKER_COLUMNS) + 1
    examples = []
    for column in JOB_SEEKER_COLUMNS:
        examples.append(column.choices[lang][0] if column.choices else column.example)
    data.append(examples)
    book.save(out)
    imported = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "ignored" not in imported.output
    assert stored_ids() == ["KT-2027-0001"]


def test_vacancy_template_headers_are_all_read(tmp_path: Path) -> None:
    from matching.intake.headers import _VACANCY_ALIASES, header_key
    from matching.intake.template import VACANCY_COLUMNS

    for column in VACANCY_COLUMNS:
        for header in column.headers.values():
            assert _VACANCY_ALIASES[header_key(header)] == column.field, header


def test_duplicates_across_scripts_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "id,full name,birth date\nKT-1,გიორგი ბერიძე,15.05.1986\n"
        "BT-7,Георгий Беридзе,1986-05-15\nBT-8,Giorgi Beridze,1990-01-01\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)]).exit_code == 0
    result = runner.invoke(app, ["duplicates"])
    assert result.exit_code == 0, result.output
    assert "KT-1 and BT-7" in result.output and "BT-8" not in result.output
    summary = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)])
    assert "likely duplicate: KT-1 and BT-7" in summary.output


def test_a_reused_personal_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pn.csv"
    path.write_text(
        "id,full name,personal number\nKT-1,Nino,01001012345\nKT-2,Nina,01001012345\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(path)])
    assert result.exit_code == EXIT_DATA and "personal number repeats row 2" in result.output
    other = tmp_path / "pn2.csv"
    other.write_text("id,full name,personal number\nKT-3,Nino,01001012345\n", encoding="utf-8")
    again = runner.invoke(app, ["import", "--lang", "en", "job-seekers", str(other)])
    assert "already registered as 'KT-1'" in again.output and stored_ids() == ["KT-1"]


def test_import_messages_are_georgian_by_default_and_russian_on_request(tmp_path: Path) -> None:
    path = tmp_path / "levels.csv"
    path.write_text("id,full name,languages\nKT-1,Nino,pl:C3\nKT-2,Ana,pl:B1\n", "utf-8")
    ka = runner.invoke(app, ["import", "job-seekers", str(path)])
    assert ka.exit_code == EXIT_DATA, ka.output
    assert "სტრიქონი 2, სვეტი 'languages': 'C3' არ არის 'pl'-ს დონე" in ka.output
    assert "შენახულია 1" in ka.output
    ru = runner.invoke(app, ["import", "--lang", "ru", "job-seekers", str(path)])
    assert "строка 2, столбец 'languages': 'C3' — не уровень для 'pl'" in ru.output
    errors = (tmp_path / "levels.errors.csv").read_text(encoding="utf-8-sig")
    assert "не уровень" in errors  # the list beside the file, in the same language


def test_a_claimed_personal_number_is_listed_for_coordinators(tmp_path: Path) -> None:
    from matching.intake.importer import import_job_seekers
    from matching.scope import Scope

    path = tmp_path / "a.csv"
    path.write_text("id,full name,personal number\nKT-1,Nino,01001012345\n", "utf-8")
    assert runner.invoke(app, ["import", "job-seekers", str(path)]).exit_code == 0
    other = tmp_path / "b.csv"
    other.write_text("id,full name,personal number\nBT-1,Nino,01001012345\n", "utf-8")
    with Store(get_settings().resolved_database_url) as store:
        report = import_job_seekers(
            other, store, normalizer=None, scope=Scope(agency="Batumi Jobs")
        )
    assert (report.stored, report.errors) == (1, [])  # as for any new person
    result = runner.invoke(app, ["duplicates"])
    assert result.exit_code == 0, result.output
    assert "BT-1 (Batumi Jobs) claims the number of KT-1" in result.output
    assert stored_ids() == ["BT-1", "KT-1"]


def test_normalize_out_neutralises_formulas(tmp_path: Path) -> None:
    source = tmp_path / "titles.csv"
    source.write_text('title\n"=HYPERLINK(""http://evil"",""x"")"\n+spawacz\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["normalize", "-i", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(out.open(encoding="utf-8")) for c in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def _import_into(url: str, path: str, queue) -> None:
    try:
        from matching.intake.importer import import_job_seekers

        with Store(url) as store:
            queue.put(import_job_seekers(path, store, normalizer=None).stored)
    except Exception as error:  # reported to the test
        queue.put(repr(error))


def test_two_first_imports_into_a_new_sqlite_database_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'matching.sqlite'}"
    paths = []
    for n in range(2):
        path = tmp_path / f"part{n}.csv"
        rows = "".join(f"P{n}-{i},Person {i}\n" for i in range(2000))
        path.write_text("id,full name\n" + rows, encoding="utf-8")
        paths.append(str(path))
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_import_into, args=(url, p, queue)) for p in paths]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert sorted(queue.get(timeout=5) for _ in workers) == [2000, 2000]

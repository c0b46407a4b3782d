"""Batch runs: outputs that agree, flags, bad rows, nobody twice, resume after a crash."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from matching.batch.manifest import load_run
from matching.batch.report import safe_sheet_name
from matching.batch.results import CHECKPOINT, MANIFEST
from matching.batch.run import run_batch
from matching.config import Settings
from matching.errors import DataFileError, InvalidInputError, NotFoundError, RunInProgressError
from matching.intake.export import VACANCY_COLUMNS, vacancy_cells
from matching.occupations.names import occupation_name
from matching.service import Engine
from matching.spreadsheets import neutralize as csv_cell
from matching.synth.generator import PopulationGenerator
from matching.synth.trades import REFERENCE_DATE

SEEKERS = 300
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://x.example","x")'


class Crash(RuntimeError):
    """What the simulated crash raises."""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("batch")


def make_engine(data_dir: Path, **kwargs: object) -> Engine:
    # English outputs: these tests read the workbook by its column keys and sheet names
    # (test_the_workbook_and_report_speak_the_report_language reads the Georgian ones).
    settings = Settings(
        esco_dir=None,
        database_url=f"sqlite:///{data_dir / 'store.sqlite'}",
        data_dir=data_dir,
        report_language="en",
    )
    return Engine(settings, matcher_options={"today": REFERENCE_DATE}, **kwargs).open()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def population(data_dir: Path):
    with make_engine(data_dir) as engine:
        generator = PopulationGenerator(seed=11, vacancies_per_country=14).fit(engine.taxonomy)
        population = generator.generate(SEEKERS)
        engine.store.upsert_job_seekers(population.job_seekers)
    return population


@pytest.fixture(scope="module")
def engine(data_dir: Path, population) -> Iterator[Engine]:
    with make_engine(data_dir) as opened:
        yield opened


def pl_vacancies(population) -> list:
    return next(d for d in population.demand_lists if d.destination_country == "PL").vacancies


def write_demand_list(path: Path, population, *, positions_of_first: int | None = None) -> Path:
    """The PL demand list as a CSV (ESCO codes kept), plus crafted rows:
    a fee, an unlicensed agency, an unknown occupation, markup, and two bad rows."""
    vacancies = pl_vacancies(population)
    rows = [vacancy_cells(v) for v in vacancies]
    for row in rows:  # the crafted rows below are the only flagged ones for these reasons
        row.update(worker_fee=None, worker_fee_currency=None, agency_licensed=True)
    if positions_of_first is not None:
        rows[0]["positions"] = positions_of_first
    base = dict(rows[1])
    rows.append({**base, "external_id": "PL-FEE", "worker_fee": 450, "worker_fee_currency": "PLN"})
    rows.append({**base, "external_id": "PL-UNLICENSED", "agency": "Szybka Praca 24",
                 "agency_licensed": False})  # fmt: skip
    rows.append({**base, "external_id": "PL-UNKNOWN", "title": "Xqzvw blorptakh",
                 "esco_uri": None, "isco_group": None, "normalizer_score": None,
                 "description": None})  # fmt: skip
    rows.append({**base, "external_id": "PL-MARKUP", "employer": SCRIPT, "agency": FORMULA})
    rows.append({**base, "external_id": "PL-TEXT", "required_driving": None,
                 "requires_code95": None, "required_languages": None,
                 "required_certificates": None, "min_experience_years": None,
                 "description": "Wymagania: prawo jazdy kat. C+E, kod 95, polski A2"})  # fmt: skip
    rows.append({**base, "external_id": "PL-BAD-POSITIONS", "positions": "many"})
    rows.append({**base, "external_id": "PL-BAD-DATE", "season_start": "31.02.2027"})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(VACANCY_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if row.get(c) is None
                    else ("yes" if row[c] is True else "no")
                    if isinstance(row.get(c), bool)
                    else str(row[c])
                    for c in VACANCY_COLUMNS
                ]
            )
    return path


@pytest.fixture(scope="module")
def demand_csv(data_dir: Path, population) -> Path:
    return write_demand_list(data_dir / "input" / "demand_pl.csv", population)


@pytest.fixture(scope="module")
def done(engine: Engine, demand_csv: Path, data_dir: Path):
    """One uninterrupted run, shared by the read-only tests."""
    return run_batch(engine, demand_csv, data_dir / "runs-a")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def results(run) -> dict:
    return json.loads(run.files["json"].read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- outputs
def test_run_writes_every_output(done, demand_csv: Path) -> None:
    assert done.status == "done" and done.error is None
    assert set(done.files) == {"xlsx", "csv", "json", "html"}
    assert all(path.exists() for path in done.files.values())
    assert done.run_dir.name == done.run_id and len(done.run_id) == 32
    manifest = json.loads((done.run_dir / MANIFEST).read_text())
    assert manifest["status"] == "done"
    assert manifest["settings"]["shortlist_size"] == 10
    assert "database_url" not in manifest["settings"]
    assert load_run(done.run_dir) == done
    data = results(done)
    assert data["counts"]["vacancies"] == done.vacancies == len(data["vacancies"])
    assert data["counts"]["positions"] == done.positions
    assert data["counts"]["filled"] == done.filled > 0
    assert data["counts"]["flagged"] == done.flagged
    # nothing is left half-written
    assert not list(done.run_dir.rglob("*.tmp"))


def test_outputs_agree(done) -> None:
    data = results(done)
    csv_dir = done.files["csv"]
    summary = read_csv(csv_dir / "summary.csv")
    assert [r["vacancy_id"] for r in summary] == [
        v["vacancy"]["external_id"] for v in data["vacancies"]
    ]
    for row, v in zip(summary, data["vacancies"], strict=True):
        assert int(row["filled"]) == v["filled"] == len(v["allocated"])
        assert int(row["qualified"]) == v["n_qualified"]
        assert int(row["near_misses"]) == len(v["near_misses"])
    candidates = read_csv(csv_dir / "candidates.csv")
    expected = [
        (v["vacancy"]["external_id"], role, c["job_seeker_id"], round(c["score"], 4))
        for v in data["vacancies"]
        for role, people in (("allocated", v["allocated"]), ("reserve", v["reserve"]))
        for c in people
    ]
    got = [(r["vacancy_id"], r["role"], r["job_seeker_id"], float(r["score"])) for r in candidates]
    assert got == expected
    near = read_csv(csv_dir / "near_misses.csv")
    assert len(near) == sum(len(v["near_misses"]) for v in data["vacancies"]) > 0
    assert all(r["remedies"] for r in near)  # near misses are closable: each has a remedy
    assert len(read_csv(csv_dir / "flags.csv")) == len(data["flags"])

    book = load_workbook(done.files["xlsx"], read_only=True)
    names = book.sheetnames
    assert names[:4] == ["Summary", "Flags", "Input errors", "Near misses"]
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    sheets = [r["sheet"] for r in summary]
    assert set(sheets) <= set(names)
    for row, v in zip(summary, data["vacancies"], strict=True):
        table = list(book[row["sheet"]].iter_rows(values_only=True))
        header = table.index(next(t for t in table if t and t[0] == "vacancy_id"))
        body = [dict(zip(table[header], t, strict=True)) for t in table[header + 1 :]]
        assert [b["job_seeker_id"] for b in body] == [
            c["job_seeker_id"] for c in v["allocated"] + v["reserve"]
        ]
        assert [b["score"] for b in body] == [
            round(c["score"], 4) for c in v["allocated"] + v["reserve"]
        ]
    near_sheet = list(book["Near misses"].iter_rows(values_only=True))
    assert len(near_sheet) - 1 == len(near)
    flag_sheet = list(book["Flags"].iter_rows(values_only=True))
    assert [r[:3] for r in flag_sheet[1:]] == [
        (f["vacancy_id"], next(r["title"] for r in summary if r["vacancy_id"] == f["vacancy_id"]),
         f["kind"]) for f in data["flags"]
    ]  # fmt: skip
    book.close()


def test_html_is_self_contained_escaped_and_names_nobody(done, population) -> None:
    text = done.files["html"].read_text(encoding="utf-8")
    assert "<script" not in text.lower() and SCRIPT not in text
    assert "&lt;script&gt;" in text  # the employer's markup, shown as text
    assert "src=" not in text and "<link" not in text and "@import" not in text
    assert '<figure class="chart"><svg' in text  # demand against supply, drawn inline
    data = results(done)
    people = {
        c["job_seeker_id"]
        for v in data["vacancies"]
        for c in v["allocated"] + v["reserve"] + v["near_misses"]
    }
    seekers = {s.external_id: s for s in population.job_seekers}
    for pid in people:
        assert pid not in text
        assert seekers[pid].full_name not in text
        assert seekers[pid].personal_number is None or seekers[pid].personal_number not in text
    for attribute in ("Gender", "Region", "Age band"):
        assert f"<h3>{attribute}</h3>" in text


def test_the_workbook_and_report_speak_the_report_language(
    data_dir: Path, demand_csv: Path, done, population, tmp_path: Path
) -> None:
    """Georgian by default: sheet names, headers, reasons, gaps and the HTML report from
    the catalogue; the same people in the same order as the English run."""
    settings = Settings(
        esco_dir=None, database_url=f"sqlite:///{data_dir / 'store.sqlite'}", data_dir=data_dir
    )
    assert settings.report_language == "ka"
    with Engine(settings, matcher_options={"today": REFERENCE_DATE}) as georgian:
        run = run_batch(georgian, demand_csv, tmp_path, formats=("xlsx", "html", "json"))
    english = results(done)
    book = load_workbook(run.files["xlsx"], read_only=True)
    assert book.sheetnames[:4] == ["შეჯამება", "შესამოწმებელი", "შეცდომები ფაილში",
                                   "თითქმის შესაფერისები"]  # fmt: skip
    vacancy = next(v for v in english["vacancies"] if v["allocated"])
    sheet = next(
        book[name]
        for name in book.sheetnames
        if any(r and r[0] == "ვაკანსია" and r[1] == vacancy["vacancy"]["external_id"]
               for r in book[name].iter_rows(max_row=1, values_only=True))
    )  # fmt: skip
    table = list(sheet.iter_rows(values_only=True))
    header = table.index(next(t for t in table if t and t[0] == "ვაკანსია" and t[1] == "სია"))
    body = [dict(zip(table[header], t, strict=True)) for t in table[header + 1 :]]
    assert [b["პირის იდენტიფიკატორი"] for b in body] == [
        c["job_seeker_id"] for c in vacancy["allocated"] + vacancy["reserve"]
    ]
    assert body[0]["სია"] == "განაწილებული"
    assert "წლის გამოცდილება" in body[0]["მიზეზები"] and " years as " not in body[0]["მიზეზები"]
    near = list(book["თითქმის შესაფერისები"].iter_rows(values_only=True))
    assert near[0][-2:] == ("ხარვეზები", "რა შეავსებს ხარვეზებს")
    assert all(row[-1] for row in near[1:])  # every near miss has a remedy, in Georgian
    assert not any("course" in str(row[-1]) for row in near[1:])
    # occupations by their Georgian names: the summary, the occupations sheet, reasons
    coded = [v for v in english["vacancies"] if v["vacancy"]["esco_uri"]]
    english_labels = {v["occupation_label"] for v in coded}
    georgian = {
        v["occupation_label"]: occupation_name(
            v["occupation_label"], "ka", uri=v["vacancy"]["esco_uri"],
            isco=v["vacancy"]["isco_group"],
        )
        for v in coded
    }  # fmt: skip
    assert all(name != label for label, name in georgian.items())
    for sheet_name in ("შეჯამება", "პროფესიები"):
        cells = {c for row in book[sheet_name].iter_rows(values_only=True) for c in row}
        assert set(georgian.values()) <= cells, sheet_name
        assert not english_labels & cells, sheet_name
    assert vacancy["occupation_label"] not in " ".join(str(b["მიზეზები"]) for b in body)
    assert any(str(r[1]).startswith(georgian[vacancy["occupation_label"]]) for r in table[:header])
    book.close()
    page = run.files["html"].read_text(encoding="utf-8")
    for v in coded:
        isco = v["vacancy"]["isco_group"]
        assert f"{georgian[v['occupation_label']]} ({isco})" in page
        assert f"{v['occupation_label']} ({isco})" not in page
    assert '<html lang="ka">' in page and "<h2>განაწილების სამართლიანობა</h2>" in page
    assert "Fairness of the allocation" not in page
    assert "განხილულია" in page and " considered, " not in page  # who each gate excludes
    for pid in {c["job_seeker_id"] for v in english["vacancies"] for c in v["allocated"]}:
        assert pid not in page
    # the CSV keeps its keys for programs; the JSON keeps the reasons as data
    data = json.loads(run.files["json"].read_text(encoding="utf-8"))
    facts = data["vacancies"][english["vacancies"].index(vacancy)]["allocated"][0]["facts"]
    assert facts and facts[0]["kind"] == "experience"


def test_personal_numbers_stay_out_of_every_output(done, population) -> None:
    numbers = {s.personal_number for s in population.job_seekers if s.personal_number}
    assert numbers
    blobs = [done.files["json"].read_text(encoding="utf-8")]
    blobs += [p.read_text(encoding="utf-8") for p in done.files["csv"].glob("*.csv")]
    blobs.append(done.files["html"].read_text(encoding="utf-8"))
    for blob in blobs:
        assert not any(n in blob for n in numbers)


# ----------------------------------------------------------------------------- checks
def test_flags(done) -> None:
    kinds: dict[str, set[str]] = {}
    for f in results(done)["flags"]:
        kinds.setdefault(f["vacancy_id"], set()).add(f["kind"])
    assert "worker_fee" in kinds["PL-FEE"]
    assert "unlicensed_agency" in kinds["PL-UNLICENSED"]
    assert kinds["PL-UNKNOWN"] & {"unknown_occupation", "low_confidence_occupation"}
    assert not any("worker_fee" in k for v, k in kinds.items() if v != "PL-FEE")
    data = results(done)
    for v in data["vacancies"]:
        if v["n_qualified"] == 0:
            assert "no_qualified_candidates" in kinds[v["vacancy"]["external_id"]]


def test_a_run_stores_its_fair_recruitment_flags_for_the_agency_statistic(
    engine: Engine, done
) -> None:
    from matching.statistics import agency_activity, sources_from_store

    stored = {(f.vacancy_id, f.kind, f.agency) for f in engine.store.iter_agency_flags()}
    fee_agency = next(v.agency for v in engine.store.list_vacancies() if v.external_id == "PL-FEE")
    assert {(v, k) for v, k, _ in stored} == {("PL-FEE", "fee"), ("PL-UNLICENSED", "unlicensed")}
    assert ("PL-UNLICENSED", "unlicensed", "Szybka Praca 24") in stored
    table = agency_activity(sources_from_store(engine.store, today=REFERENCE_DATE))
    month = next(f.raised_on for f in engine.store.iter_agency_flags()).strftime("%Y-%m")
    by_key = {(r[0], r[1]): r for r in table.rows}
    # Counted once, in the month raised: not again in the month the work starts.
    assert sum(r[6] for r in table.rows) == 1 and by_key[(fee_agency, month)][6] == 1
    assert sum(r[7] for r in table.rows) == 1 and by_key[("Szybka Praca 24", month)][7] == 1


def test_requirements_read_from_text_are_shown(done) -> None:
    data = results(done)
    (v,) = [o["vacancy"] for o in data["vacancies"] if o["vacancy"]["external_id"] == "PL-TEXT"]
    assert v["read_from_text"] == ["required_driving", "requires_code95", "required_languages"]
    assert v["required_driving"] == ["CE"] and v["requires_code95"]
    summary = {r["vacancy_id"]: r for r in read_csv(done.files["csv"] / "summary.csv")}
    assert summary["PL-TEXT"]["read_from_text"] == (
        "required_driving; requires_code95; required_languages"
    )
    flags = [f for f in data["flags"] if f["kind"] == "requirements_from_text"]
    assert [f["vacancy_id"] for f in flags if f["vacancy_id"] == "PL-TEXT"] == ["PL-TEXT"]
    assert "driving categories, Code 95, languages" in flags[0]["message"] or any(
        "driving categories, Code 95, languages" in f["message"] for f in flags
    )


def test_unknown_occupation_flag_without_a_normaliser_match(
    data_dir: Path, population, demand_csv: Path, tmp_path: Path
) -> None:
    class NoMatches:
        def batch_normalize(self, titles, descriptions=None, top_k=5):
            return [[] for _ in titles]

    with make_engine(data_dir, normalizer=NoMatches()) as engine:
        run = run_batch(engine, demand_csv, tmp_path, formats=("json",))
    flags = [f for f in results(run)["flags"] if f["vacancy_id"] == "PL-UNKNOWN"]
    assert "unknown_occupation" in {f["kind"] for f in flags}
    assert set(run.files) == {"json"}


def test_bad_rows_are_reported_and_good_rows_kept(done, population) -> None:
    data = results(done)
    errors = {(e["row"], e["field"]) for e in data["input_errors"]}
    n_good = len(pl_vacancies(population))
    n_good += 5  # fee, unlicensed, unknown, markup, requirements only in text
    # header is row 1: the two bad rows are the last two
    assert {row for row, _ in errors} == {n_good + 2, n_good + 3}
    assert ("positions" in {f for _, f in errors}) and data["counts"]["rows_read"] == n_good + 2
    assert data["counts"]["vacancies"] == n_good
    ids = {v["vacancy"]["external_id"] for v in data["vacancies"]}
    assert "PL-BAD-POSITIONS" not in ids and "PL-BAD-DATE" not in ids and "PL-MARKUP" in ids
    errors_csv = read_csv(done.files["csv"] / "input_errors.csv")
    assert {(int(r["row"]), r["field"]) for r in errors_csv} == errors
    assert "rejected" in done.files["html"].read_text(encoding="utf-8")


def test_nobody_is_allocated_twice(done) -> None:
    data = results(done)
    allocated = [c["job_seeker_id"] for v in data["vacancies"] for c in v["allocated"]]
    assert len(allocated) == len(set(allocated)) == done.filled
    where = {
        c["job_seeker_id"]: v["vacancy"]["external_id"]
        for v in data["vacancies"]
        for c in v["allocated"]
    }
    for v in data["vacancies"]:
        assert len(v["allocated"]) <= v["vacancy"]["positions"]
        for c in v["reserve"]:
            assert c["job_seeker_id"] not in {a["job_seeker_id"] for a in v["allocated"]}
            assert c["allocated_to"] == where.get(c["job_seeker_id"])
    assert data["fairness"]["selected"] == len(allocated)


# ----------------------------------------------------------------------------- resume
def test_interrupted_run_resumes_to_the_same_results(
    engine: Engine, demand_csv: Path, done, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "runs-b"
    stop_after = 5

    def crash(done_count: int, total: int) -> None:
        if done_count >= stop_after:
            raise Crash("killed half-way")

    with pytest.raises(Crash):
        run_batch(engine, demand_csv, out, progress=crash)
    run_dir = out / done.run_id  # same input, settings and people: same run id
    interrupted = load_run(run_dir)
    assert interrupted.status == "failed" and "killed half-way" in (interrupted.error or "")
    lines = (run_dir / CHECKPOINT).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + stop_after  # header + one line per finished vacancy
    with (run_dir / CHECKPOINT).open("a", encoding="utf-8") as f:
        f.write('{"vacancy_id": "PL-cut-sh')  # a line cut short by the crash

    matcher = engine.matcher()
    explained: list[str] = []
    original = matcher.batch_match_vacancies

    def spy(vacancies, k=None, *, explanations=True):
        if explanations:
            explained.extend(v.external_id for v in vacancies)
        return original(vacancies, k, explanations=explanations)

    monkeypatch.setattr(matcher, "batch_match_vacancies", spy)
    calls: list[tuple[int, int]] = []
    resumed = run_batch(engine, demand_csv, out, progress=lambda d, t: calls.append((d, t)))
    assert resumed.status == "done" and resumed.reused == stop_after
    assert calls[0] == (stop_after, done.vacancies) and calls[-1] == (done.vacancies,) * 2
    finished_first = {json.loads(line.split("\t", 1)[1])["vacancy_id"] for line in lines[1:]}
    assert len(explained) == done.vacancies - stop_after
    assert not finished_first & set(explained)  # resumed work is not recomputed

    assert resumed.files["json"].read_bytes() == done.files["json"].read_bytes()
    for name in ("summary", "candidates", "near_misses", "flags", "fairness", "occupations"):
        assert (resumed.files["csv"] / f"{name}.csv").read_bytes() == (
            done.files["csv"] / f"{name}.csv"
        ).read_bytes()
    assert resumed.files["html"].read_bytes() == done.files["html"].read_bytes()
    assert json.loads((run_dir / MANIFEST).read_text())["attempts"] == 2


def test_same_input_reuses_a_finished_run(engine: Engine, demand_csv: Path, done) -> None:
    again = run_batch(engine, demand_csv, done.run_dir.parent)
    assert again == done  # same run, nothing recomputed (same start time)


def test_changed_input_gets_a_new_run(
    engine: Engine, population, demand_csv: Path, done, tmp_path: Path
) -> None:
    changed = write_demand_list(tmp_path / "demand_pl.csv", population, positions_of_first=9)
    run = run_batch(engine, changed, done.run_dir.parent, formats=("json",))
    assert run.run_id != done.run_id and run.input_sha256 != done.input_sha256
    assert run.status == "done"
    with pytest.raises(RunInProgressError, match="another input"):
        run_batch(engine, changed, done.run_dir.parent, run_id=done.run_id)
    shutil.rmtree(run.run_dir)


def test_missing_and_unknown_runs(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        run_batch(engine, tmp_path / "nope.csv", tmp_path)
    with pytest.raises(NotFoundError):
        load_run(tmp_path / "no-run")
    with pytest.raises(InvalidInputError, match="formats"):
        run_batch(engine, Path(__file__), tmp_path, formats=("pdf",))


# ----------------------------------------------------------------------------- helpers
def test_sheet_names_are_valid_and_unique() -> None:
    taken = {"summary"}
    names = [
        safe_sheet_name(n, taken)
        for n in ["Summary", "a" * 40, "a" * 40, "PL/1:[x]*?", "history", "A" * 40]
    ]
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names} | {"summary"}) == len(names) + 1
    assert names[3] == "PL_1__x___"


def test_csv_cells_never_run_as_formulas() -> None:
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("Spawacz") == "Spawacz" and csv_cell(-1.5) == -1.5


def test_default_day_is_today_without_a_fixed_date(tmp_path: Path) -> None:
    path = tmp_path / "demand.csv"
    path.write_text("title,positions\nSpawacz,1\n", encoding="utf-8")
    settings = Settings(esco_dir=None, database_url="sqlite://", data_dir=tmp_path)
    with Engine(settings) as engine:  # no fixed "today"
        run = run_batch(engine, path, tmp_path, destination_country="PL", formats=("json",))
    assert results(run)["gates_checked_on"] == date.today().isoformat()


def test_a_setting_that_codes_titles_otherwise_starts_a_new_run(
    data_dir: Path, demand_csv: Path, done
) -> None:
    """Every setting that can change results is in the run key; the normaliser's fusion
    weight was once left out, and a finished run was reused after it changed."""
    settings = Settings(
        esco_dir=None,
        database_url=f"sqlite:///{data_dir / 'store.sqlite'}",
        data_dir=data_dir,
        normalizer_embedding_weight=0.3,
    )
    fused = Engine(settings, matcher_options={"today": REFERENCE_DATE})

    def stop(done_count: int, total: int) -> None:
        raise Crash("stop once the run has started")

    with fused, pytest.raises(Crash):
        run_batch(fused, demand_csv, done.run_dir.parent, progress=stop)
    runs = {p.name for p in done.run_dir.parent.iterdir() if (p / MANIFEST).is_file()}
    started = runs - {done.run_id}
    assert started, "the changed setting reused the finished run"
    for run_id in started:
        manifest = json.loads((done.run_dir.parent / run_id / MANIFEST).read_text())
        assert manifest["settings"]["normalizer_embedding_weight"] == 0.3
        shutil.rmtree(done.run_dir.parent / run_id)


def test_a_killed_run_reads_as_failed_unless_its_process_holds_it(
    engine: Engine, demand_csv: Path, done, tmp_path: Path
) -> None:
    import fcntl

    run_dir = tmp_path / done.run_id
    shutil.copytree(done.run_dir, run_dir)
    manifest = json.loads((run_dir / MANIFEST).read_text())
    manifest.update(status="running", finished=None)
    (run_dir / MANIFEST).write_text(json.dumps(manifest))
    killed = load_run(run_dir)  # nobody holds the lock: the process is gone
    assert killed.status == "failed" and "interrupted" in (killed.error or "")
    with (run_dir / ".lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        assert load_run(run_dir).status == "running"
        with pytest.raises(RunInProgressError, match="another process"):
            # A second process's attempt on the held run (flock is per open file, so a
            # second open in this process conflicts too).
            run_batch(engine, demand_csv, tmp_path, run_id=done.run_id)


def test_candidate_json_round_trip(done) -> None:
    from dataclasses import asdict

    from matching.batch.results import Candidate

    for v in results(done)["vacancies"]:
        for c in v["allocated"] + v["reserve"] + v["near_misses"]:
            candidate = Candidate.from_dict(c)
            assert candidate.to_dict() == c
            assert json.loads(json.dumps(asdict(candidate))) == c


def test_a_list_of_only_bad_rows_still_reports(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "all_bad.csv"
    path.write_text("title,positions\nSpawacz,many\nMurarz,0\n", encoding="utf-8")
    run = run_batch(engine, path, tmp_path, destination_country="PL")
    assert run.status == "done" and run.vacancies == 0 and run.filled == 0
    data = results(run)
    assert {e["row"] for e in data["input_errors"]} == {2, 3}
    assert len(read_csv(run.files["csv"] / "input_errors.csv")) == len(data["input_errors"])
    assert load_workbook(run.files["xlsx"], read_only=True).sheetnames[:3] == [
        "Summary",
        "Flags",
        "Input errors",
    ]


def test_a_run_of_another_day_does_not_reuse_the_checkpoint(
    data_dir: Path, engine: Engine, demand_csv: Path, tmp_path: Path
) -> None:
    def crash(done_count: int, total: int) -> None:
        if done_count >= 3:
            raise Crash("stop")

    with pytest.raises(Crash):
        run_batch(engine, demand_csv, tmp_path, run_id="fixed", progress=crash)
    later = make_engine(data_dir)
    later.matcher_options = {"today": date(2026, 12, 1)}  # gates dated otherwise: stale
    with later:
        run = run_batch(later, demand_csv, tmp_path, run_id="fixed", formats=("json",))
    assert run.status == "done" and run.reused == 0


def test_text_from_the_input_never_runs_as_a_formula(done) -> None:
    summary = read_csv(done.files["csv"] / "summary.csv")
    assert next(r for r in summary if r["vacancy_id"] == "PL-MARKUP")["agency"] == "'" + FORMULA
    book = load_workbook(done.files["xlsx"])
    sheet = book["Summary"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_checkpoint_lines_round_trip(done) -> None:
    import numpy as np

    from matching.batch.results import VacancyShortlist

    lines = (done.run_dir / CHECKPOINT).read_text(encoding="utf-8").splitlines()[1:]
    assert len(lines) == done.vacancies
    for line in lines:
        digest, body = line.split("\t", 1)
        item = VacancyShortlist.from_json(body)
        assert item.to_json() == body and len(digest) == 64
        rows = item.qualified_rows
        assert len(rows) == item.n_qualified and np.all(np.diff(rows) > 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda people: people[50:60], 60),  # ten more people
        # The same number of people, one record changed: only the fingerprint sees it.
        (lambda people: [people[0].model_copy(update={"skills": ["forklift"]})], 50),
    ],
    ids=["added", "edited"],
)
def test_people_written_by_another_process_are_matched(
    data_dir: Path, population, demand_csv: Path, tmp_path: Path, change, expected: int
) -> None:
    from matching.storage.store import Store

    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    settings = Settings(esco_dir=None, database_url=url, data_dir=data_dir)
    with Engine(settings, matcher_options={"today": REFERENCE_DATE}) as engine:
        engine.store.upsert_job_seekers(population.job_seekers[:50])
        fitted = engine.matcher()
        with Store(url) as elsewhere:  # another process's write: this engine is not told
            elsewhere.upsert_job_seekers(change(population.job_seekers))
        run_batch(engine, demand_csv, tmp_path, formats=("json",))
        assert engine.matcher() is not fitted and len(engine.matcher()) == expected
        assert engine.matcher_version == engine.store.job_seekers_version()


# ----------------------------------------------------------------------------- crash safety
def _crash_after(count: int):
    def crash(done_count: int, total: int) -> None:
        if done_count >= count:
            raise Crash("killed half-way")

    return crash


def test_a_changed_checkpoint_line_is_recomputed_never_reused(
    engine: Engine, demand_csv: Path, done, tmp_path: Path
) -> None:
    out = tmp_path / "runs-damaged"
    with pytest.raises(Crash):
        run_batch(engine, demand_csv, out, progress=_crash_after(5))
    run_dir = out / done.run_id
    path = run_dir / CHECKPOINT
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    digest, body = lines[2].split("\t", 1)
    item = json.loads(body)
    item["vacancy_id"] = item["vacancy_id"] + "X"  # a changed string inside the line
    lines[2] = digest + "\t" + json.dumps(item) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    (run_dir / ".results.json.999-deadbeef.tmp").write_text("half")  # left by kill -9
    resumed = run_batch(engine, demand_csv, out)
    assert resumed.status == "done" and resumed.reused == 1  # only the line before it
    assert resumed.files["json"].read_bytes() == done.files["json"].read_bytes()
    assert not list(run_dir.rglob("*.tmp"))


def test_a_failed_run_names_no_server_path(
    engine: Engine, demand_csv: Path, done, tmp_path: Path
) -> None:
    out = tmp_path / "runs-path"

    def fail(done_count: int, total: int) -> None:
        raise OSError(28, "No space left on device", str(out / done.run_id / "results.json"))

    with pytest.raises(OSError):
        run_batch(engine, demand_csv, out, progress=fail)
    failed = load_run(out / done.run_id)
    assert failed.status == "failed" and "results.json" in (failed.error or "")
    assert str(tmp_path) not in (failed.error or "") and "/" not in (failed.error or "")


# ----------------------------------------------------------------------------- erasure
def test_erasure_redacts_a_person_from_every_stored_run(done, tmp_path: Path) -> None:
    import shutil

    from openpyxl import load_workbook

    from matching.batch.erasure import redact_person

    runs = tmp_path / "runs"
    shutil.copytree(done.run_dir, runs / done.run_id)
    data = results(done)
    person = next(
        c
        for v in data["vacancies"]
        for part in ("allocated", "reserve", "near_misses")
        for c in v.get(part, [])
        if isinstance(c, dict) and c.get("job_seeker_id")
    )
    who, name = person["job_seeker_id"], person["full_name"]
    assert redact_person(runs, who, name) >= 3
    run_dir = runs / done.run_id
    for path in run_dir.rglob("*"):
        if path.suffix in (".json", ".csv", ".html"):
            text = path.read_text(encoding="utf-8")
            assert who not in text and name not in text, path.name
    book = load_workbook(run_dir / done.files["xlsx"].name, read_only=True)
    cells = {c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    book.close()
    assert who not in cells and name not in cells
    assert not (run_dir / CHECKPOINT).exists()
    assert load_run(run_dir).status == "done"  # still served, without the person


def test_engine_erasure_reaches_the_runs_directory(tmp_path: Path) -> None:
    from matching.records import JobSeeker

    engine = make_engine(tmp_path)
    with engine:
        engine.store.upsert_job_seekers([JobSeeker(external_id="GE-ERASE", full_name="ნინო")])
        run_dir = tmp_path / "runs" / "r1"
        (run_dir / "csv").mkdir(parents=True)
        (run_dir / MANIFEST).write_text("{}")
        (run_dir / "csv" / "candidates.csv").write_text(
            "job_seeker_id,full_name\nGE-ERASE,ნინო\nGE-OTHER,ანა\n", encoding="utf-8"
        )
        engine.erase_job_seeker("GE-ERASE")
    text = (run_dir / "csv" / "candidates.csv").read_text(encoding="utf-8")
    assert "GE-ERASE" not in text and "ნინო" not in text and "GE-OTHER" in text


def test_a_run_written_elsewhere_is_registered_for_erasure(done, engine: Engine) -> None:
    from matching.batch.erasure import registered_roots

    runs_root = Path(engine.settings.data_dir) / "runs"
    assert done.run_dir.parent.resolve() in registered_roots(runs_root)


def test_engine_erasure_reaches_runs_written_outside_the_data_dir(tmp_path: Path) -> None:
    from matching.batch.erasure import register_runs_root
    from matching.records import JobSeeker

    data_dir, elsewhere = tmp_path / "data", tmp_path / "shared" / "runs"
    data_dir.mkdir()
    engine = make_engine(data_dir)
    with engine:
        engine.store.upsert_job_seekers([JobSeeker(external_id="GE-ERASE", full_name="ნინო")])
        run_dir = elsewhere / "r1"
        (run_dir / "csv").mkdir(parents=True)
        (run_dir / MANIFEST).write_text("{}")
        (run_dir / "csv" / "candidates.csv").write_text(
            "job_seeker_id,full_name\nGE-ERASE,ნინო\nGE-OTHER,ანა\n", encoding="utf-8"
        )
        register_runs_root(data_dir / "runs", elsewhere)
        register_runs_root(data_dir / "runs", elsewhere)  # listed once
        engine.erase_job_seeker("GE-ERASE")
    text = (run_dir / "csv" / "candidates.csv").read_text(encoding="utf-8")
    assert "GE-ERASE" not in text and "ნინო" not in text and "GE-OTHER" in text
    index = (data_dir / "runs" / "elsewhere.txt").read_text(encoding="utf-8").splitlines()
    assert index == [str(elsewhere.resolve())]

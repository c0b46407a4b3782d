"""The flow through the command line: a fee-charging vacancy gets nobody; a person
marked selected is never allocated by a later batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from flow_data import vacancy, write_flow_files
from typer.testing import CliRunner

from matching.cli.app import EXIT_USAGE, app
from matching.config import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MATCHING_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHING_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.delenv("MATCHING_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def invoke(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    print(result.output)
    return result


def run_dir_of(output: str) -> Path:
    line = next(t for t in output.splitlines() if t.strip().startswith("json:"))
    return Path(line.split("json:", 1)[1].strip()).parent


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_fee_vacancy_gets_nobody_and_a_selected_person_is_never_allocated_again(
    tmp_path: Path,
) -> None:
    people, first, second = write_flow_files(tmp_path / "in")
    assert invoke("import", "job-seekers", str(people)).exit_code == 0

    # 1. A batch over a list with a fee-charging vacancy allocates nobody to it.
    result = invoke("batch", str(first), "--out", str(tmp_path / "runs"))
    assert result.exit_code == 0
    assert "blocked PL-FEE" in result.output and "500 €" in result.output
    run = json.loads((run_dir_of(result.output) / "results.json").read_text(encoding="utf-8"))
    by_id = {v["vacancy"]["external_id"]: v for v in run["vacancies"]}
    assert by_id["PL-FEE"]["allocated"] == [] and by_id["PL-FEE"]["blocked"]
    assert by_id["PL-FEE"]["reserve"] == []
    [chosen] = [c["job_seeker_id"] for c in by_id["PL-FAIR"]["allocated"]]
    others = sorted({"GE-W1", "GE-W2", "GE-W3"} - {chosen})
    assert run["flags"][0]["vacancy_id"] == "PL-FEE"  # blocked vacancies come first
    blocked = read_csv(run_dir_of(result.output) / "csv" / "blocked.csv")
    assert [b["vacancy_id"] for b in blocked] == ["PL-FEE"]
    assert "charges the worker a fee of 500 €" in blocked[0]["reasons"]

    # 2. The person allocated elsewhere is marked selected.
    result = invoke("placement", chosen, "PL-FAIR", "selected", "--date", "2026-12-01")
    assert result.exit_code == 0
    assert "selected" in result.output and "engaged" in result.output
    refused = invoke("placement", chosen, "PL-FAIR", "contacted")
    assert refused.exit_code == EXIT_USAGE
    assert "allowed: visa, declined, rejected, withdrawn" in refused.output
    twice = invoke("placement", chosen, "PL-FEE", "selected")
    assert twice.exit_code == EXIT_USAGE and "already engaged" in twice.output

    # 3. A second batch over another list never allocates that person.
    result = invoke("batch", str(second), "--out", str(tmp_path / "runs"))
    assert result.exit_code == 0
    out = run_dir_of(result.output)
    run = json.loads((out / "results.json").read_text(encoding="utf-8"))
    [outcome] = run["vacancies"]
    allocated = [c["job_seeker_id"] for c in outcome["allocated"]]
    assert chosen not in allocated and sorted(allocated) == others
    reserve = {c["job_seeker_id"]: c for c in outcome["reserve"]}
    assert reserve[chosen]["engaged"] == "selected for PL-FAIR"  # shown as engaged
    assert "1 engaged elsewhere" in outcome["exclusions"]["summary"]
    placements = read_csv(out / "csv" / "placements.csv")
    assert [(p["job_seeker_id"], p["vacancy_id"], p["status"]) for p in placements] == [
        (chosen, "PL-FAIR", "selected")
    ]

    # Why not: the full verdict of the engaged person for the new vacancy.
    result = invoke("explain", chosen, "PL-NEXT")
    assert result.exit_code == 0
    assert "engaged" in result.output and "language" in result.output


def test_agency_register_decides_which_vacancies_may_recruit(tmp_path: Path) -> None:
    people, _, _ = write_flow_files(tmp_path / "in")
    assert invoke("import", "job-seekers", str(people)).exit_code == 0
    register = tmp_path / "register.csv"
    register.write_text(
        "licence number,legal name,status,valid until\n"
        "PEA-0042,შპს ქუთაისის დასაქმება,active,2030-12-31\n"
        "PEA-0007,Batumi Jobs LLC,suspended,\n",
        encoding="utf-8",
    )
    result = invoke("agencies", "import", str(register))
    assert result.exit_code == 0 and "2 stored (2 new" in result.output
    assert "suspended" in invoke("agencies", "list").output
    demand = tmp_path / "in" / "agencies.json"
    demand.write_text(
        json.dumps(
            {
                "external_id": "PL-AG",
                "destination_country": "PL",
                "vacancies": [
                    vacancy("PL-KD", 1, agency="Kutaisis Dasakmeba LLC"),
                    vacancy("PL-BJ", 1, agency="batumi jobs"),
                    vacancy("PL-XX", 1, agency="Nowhere Recruiting"),
                ],
            }
        ),
        encoding="utf-8",
    )
    result = invoke("batch", str(demand), "--out", str(tmp_path / "runs"))
    assert result.exit_code == 0
    run = json.loads((run_dir_of(result.output) / "results.json").read_text(encoding="utf-8"))
    filled = {v["vacancy"]["external_id"]: len(v["allocated"]) for v in run["vacancies"]}
    assert filled == {"PL-KD": 1, "PL-BJ": 0, "PL-XX": 0}
    assert run["blocked"] == ["PL-BJ", "PL-XX"]
    kinds = {f["vacancy_id"]: f["kind"] for f in run["flags"] if f["blocking"]}
    assert kinds == {"PL-BJ": "agency_inactive", "PL-XX": "agency_unresolved"}
    assert "blocked PL-XX" in result.output and "not found on the register" in result.output


def test_match_shows_warnings_and_the_nearest_people(tmp_path: Path) -> None:
    people, first, _ = write_flow_files(tmp_path / "in")
    assert invoke("import", "job-seekers", str(people)).exit_code == 0
    assert invoke("import", "vacancies", str(first)).exit_code == 0
    result = invoke("match", "seeker", "GE-W1", "-k", "10")
    assert result.exit_code == 0
    assert "BLOCKED PL-FEE: charges the worker a fee of 500 €" in result.output
    hard = tmp_path / "in" / "hard.json"
    hard.write_text(
        json.dumps([vacancy("PL-HARD", 1, required_languages=[{"language": "pl", "level": "C1"}])]),
        encoding="utf-8",
    )
    assert invoke("import", "vacancies", str(hard)).exit_code == 0
    result = invoke("match", "vacancy", "PL-HARD")
    assert result.exit_code == 0
    assert "3 considered, 0 qualified: 3 no Polish C1" in result.output
    assert "nearest GE-W" in result.output and "Polish B1, needs C1" in result.output


def test_a_vacancy_without_a_start_date_says_which_date_was_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date, timedelta

    people, _, _ = write_flow_files(tmp_path / "in")
    assert invoke("import", "job-seekers", str(people)).exit_code == 0
    dated = tmp_path / "in" / "dated.json"
    dated.write_text(
        json.dumps(
            {
                "external_id": "PL-DATED",
                "destination_country": "PL",
                "vacancies": [
                    vacancy("PL-S1", 1, season_start="2027-03-01"),
                    vacancy("PL-S2", 1),
                ],
            }
        ),
        encoding="utf-8",
    )
    result = invoke("batch", str(dated), "--out", str(tmp_path / "runs"))
    run = json.loads((run_dir_of(result.output) / "results.json").read_text(encoding="utf-8"))
    used = {v["vacancy"]["external_id"]: (v["checked_on"], v["checked_on_source"])
            for v in run["vacancies"]}  # fmt: skip
    assert used == {
        "PL-S1": ("2027-03-01", "season start"),
        "PL-S2": ("2027-03-01", "demand list start"),
    }
    assert run["vacancies"][1]["vacancy"]["season_start"] is None  # the list as given
    monkeypatch.setenv("MATCHING_START_HORIZON_DAYS", "30")
    get_settings.cache_clear()
    _, _, undated = write_flow_files(tmp_path / "in")
    result = invoke("batch", str(undated), "--out", str(tmp_path / "runs"))
    run = json.loads((run_dir_of(result.output) / "results.json").read_text(encoding="utf-8"))
    [outcome] = run["vacancies"]
    assert outcome["checked_on_source"] == "horizon"
    assert outcome["checked_on"] == (date.today() + timedelta(days=30)).isoformat()

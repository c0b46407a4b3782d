"""``/stats/{name}``: who may read it, in which formats, and that no answer reveals a person.

Decided: coordinators and analysts read every statistic of the whole registry; an agency
key gets 403 (see ``api/routes/statistics.py``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import auth
from fastapi.testclient import TestClient
from small_registry import TODAY, personal_strings, sources, welder

from api.app import create_app
from matching.config import Settings
from matching.occupations import Taxonomy
from matching.occupations.normalizer import TitleNormalizer
from matching.service import Engine
from matching.statistics import STATISTICS, PlacementRecord

ROLES = ("coordinator", "analyst", "agency_a", "agency_b")
FORMATS = ("json", "csv", "xlsx", "svg")


@pytest.fixture
def stats_client(
    tmp_path: Path,
    keys_file: Path,
    builtin_taxonomy: Taxonomy,
    title_normalizer: TitleNormalizer,
) -> Iterator[TestClient]:
    settings = Settings(
        esco_dir=None,
        database_url=f"sqlite:///{tmp_path / 'stats.sqlite'}",
        data_dir=tmp_path / "var",
        api_keys_file=keys_file,
        _env_file=None,
    )
    src = sources()
    with Engine(settings, taxonomy=builtin_taxonomy, normalizer=title_normalizer) as engine:
        engine.store.upsert_job_seekers(src.job_seekers)
        for demand_list in src.demand_lists:
            engine.store.save_demand_list(demand_list)
        # The placements module plugs in here once merged: a store that iterates them.
        engine.store.iter_placements = lambda: list(src.placements)  # type: ignore[attr-defined]
        engine.store.iter_agency_flags = lambda: list(src.agency_flags)  # type: ignore[attr-defined]
        with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
            client.engine = engine  # type: ignore[attr-defined]
            yield client


def get(client: TestClient, name: str, role: str, fmt: str = "json"):
    return client.get(
        f"/stats/{name}", params={"format": fmt, "today": TODAY.isoformat()}, headers=auth(role)
    )


def body_text(response) -> str:
    if response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "\n".join(book.read(n).decode("utf-8") for n in book.namelist())
    return response.text


def test_the_ministry_reads_published_tables(stats_client: TestClient):
    answer = get(stats_client, "training-plan", "analyst").json()
    assert answer["min_cell"] == 5
    assert [c["name"] for c in answer["columns"]][:3] == ["course", "kind", "weeks"]
    assert answer["rows"][0] == ["Polish A1→A2", "language", 10.0, None, None, 1, 10]
    assert [0, 3] in answer["suppressed"]
    gender = get(stats_client, "gender", "coordinator").json()
    row = next(r for r in gender["rows"] if r[:3] == ["PL", "Imereti", "all"])
    assert row[3:] == [12, 6, 5, None]  # placements came through the store's plug-in


def test_csv_marks_suppressed_cells(stats_client: TestClient):
    response = get(stats_client, "fill-rates", "analyst", "csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][-4:] == ["qualified", "selected", "departed", "fill_rate"]
    assert rows[1] == ["DE-2026-05", "DE", "undated", "1", "3", "5", "<5", "0", "<5"]


@pytest.mark.parametrize("role", ["agency_a", "agency_b"])
def test_agency_keys_are_refused(stats_client: TestClient, role: str):
    for name in STATISTICS:
        response = get(stats_client, name, role)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")


def test_unknown_statistic_and_format_are_422(stats_client: TestClient):
    assert get(stats_client, "salaries", "analyst").status_code == 422
    assert get(stats_client, "gender", "analyst", "pdf").status_code == 422
    assert stats_client.get("/stats/gender").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_no_statistic_in_any_format_reveals_a_person(stats_client: TestClient, role: str):
    secrets = personal_strings()
    for name in STATISTICS:
        for fmt in FORMATS:
            response = get(stats_client, name, role, fmt)
            assert response.status_code in (200, 403), (name, fmt, response.text)
            text = body_text(response)
            leaked = [s for s in secrets if s in text]
            assert not leaked, (role, name, fmt, leaked[:3])
            if response.status_code == 200 and fmt == "svg":
                assert text.startswith("<?xml") and "<svg" in text
                assert "<script" not in text
                assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_answers_follow_changes_to_people_and_placements(stats_client: TestClient):
    def pl_imereti_all():
        rows = get(stats_client, "gender", "analyst").json()["rows"]
        return next(r for r in rows if r[:3] == ["PL", "Imereti", "all"])[3:]

    assert pl_imereti_all() == [12, 6, 5, None]
    store = stats_client.engine.store  # type: ignore[attr-defined]
    before = store.iter_placements()
    extra = [PlacementRecord(f"GE-W{i}", "PL-W", "departed", TODAY) for i in (2, 3, 6)]
    store.iter_placements = lambda: before + extra
    assert pl_imereti_all() == [12, 6, 6, 6]  # W1-W6 departed or selected
    store.upsert_job_seekers([welder("W14", "B1", True)])
    assert pl_imereti_all() == [13, 7, 6, 6]


def test_accept_language_words_courses_and_requirements_beside_the_english(
    stats_client: TestClient,
):
    plain = get(stats_client, "training-plan", "analyst")
    assert "rows_localized" not in plain.json() and "Content-Language" not in plain.headers
    assert plain.json()["rows"][0][0] == "Polish A1→A2"  # as before, for every caller
    headers = {**auth("analyst"), "Accept-Language": "ka"}
    params = {"today": TODAY.isoformat()}
    worded = stats_client.get("/stats/training-plan", params=params, headers=headers)
    body = worded.json()
    assert worded.headers["Content-Language"] == "ka"
    assert body["rows"] == plain.json()["rows"]
    assert body["rows_localized"][0][:2] == ["პოლონური A1→A2", "ენა"]
    assert body["columns_localized"][0] == "კურსი"
    assert body["title_localized"] != body["title"]
    shortages = stats_client.get(
        "/stats/shortages", params={**params, "format": "csv"}, headers=headers
    ).text
    assert "პოლონური A2" in shortages and "Polish" not in shortages
    russian = stats_client.get(
        "/stats/training-plan",
        params={**params, "format": "xlsx"},
        headers={**auth("analyst"), "Accept-Language": "ru"},
    )
    assert "польский A1→A2" in body_text(russian)

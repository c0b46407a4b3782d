"""Exports of people and vacancies: CSV streamed while the store is read, XLSX written
row by row; the same bytes the file writer produces; scoped like the lists."""

from __future__ import annotations

import io
import itertools
import tempfile
from pathlib import Path

from api_support import AGENCY_A, auth
from fastapi.testclient import TestClient
from matching_population import seeker
from openpyxl import load_workbook

from matching.intake.export import (
    JOB_SEEKER_COLUMNS,
    iter_csv,
    job_seeker_cells,
    write_job_seekers,
    write_vacancies,
)
from matching.scope import Scope
from matching.service import Engine


def test_csv_is_made_while_the_records_are_read() -> None:
    read = itertools.count()

    def endless():  # a registry too large to hold: only what is sent is read
        for i in read:
            yield seeker(f"GE-{i}")

    chunks = iter_csv(endless(), columns=JOB_SEEKER_COLUMNS, cells=job_seeker_cells, chunk_rows=50)
    first = next(chunks)
    assert first.count(b"\r\n") == 51  # header and fifty rows
    assert next(read) <= 52  # not a record more than one chunk needs


def test_people_csv_equals_the_file_writer_and_is_scoped(
    client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    response = client.get("/job-seekers/export", headers=auth("agency_a"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "content-length" not in response.headers  # streamed, not built whole
    expected = tmp_path / "people.csv"
    written = write_job_seekers(expected, engine.store.iter_job_seekers(scope=Scope(AGENCY_A)))
    assert response.content == expected.read_bytes()
    assert response.content.count(b"\r\n") == written + 1 and b"Batumi" not in response.content
    events = engine.store.list_audit_events()
    assert any(e.action == "exported" for e in events)


def test_people_and_vacancies_xlsx(client: TestClient, engine: Engine, tmp_path: Path) -> None:
    people = client.get(
        "/job-seekers/export?format=xlsx&consent_active=true", headers=auth("coordinator")
    )
    assert people.status_code == 200
    sheet = load_workbook(io.BytesIO(people.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(JOB_SEEKER_COLUMNS)] == JOB_SEEKER_COLUMNS
    assert [r[0] for r in rows[1:]] == [
        p.external_id for p in engine.store.iter_job_seekers(consent_active=True)
    ]
    vacancies = client.get("/vacancies/export", headers=auth("agency_b"))
    expected = tmp_path / "vacancies.csv"
    write_vacancies(expected, engine.store.list_vacancies(scope=Scope("Batumi Jobs")))
    assert vacancies.content == expected.read_bytes()
    assert client.get("/vacancies/export?format=pdf", headers=auth("agency_b")).status_code == 422
    assert list(Path(tempfile.gettempdir()).glob("matching-export-*")) == []  # deleted once sent

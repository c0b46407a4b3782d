"""Batch runs through the API (the run itself is matching.batch's, tested there)."""

from __future__ import annotations

import time

from api_support import auth, problem
from fastapi.testclient import TestClient

from matching.service import Engine

COORDINATOR = auth("coordinator")
DEMAND_LIST = (
    b"id,title,country,positions,min experience\nPL-B1,spawacz,PL,2,2\nPL-B2,kierowca C+E,PL,1,1\n"
)


def test_unknown_run_is_404(client: TestClient) -> None:
    problem(client.get("/batches/" + "0" * 32, headers=COORDINATOR), 404)
    problem(client.get("/batches/not-a-run-id", headers=COORDINATOR), 422)
    problem(client.get("/batches/" + "0" * 32 + "/files/csv", headers=COORDINATOR), 404)


def test_submit_poll_and_download(client: TestClient, engine: Engine) -> None:
    upload = {"file": ("demand.csv", DEMAND_LIST, "text/csv")}
    submitted = client.post("/batches", files=upload, headers=COORDINATOR)
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["run_id"]
    deadline = time.monotonic() + 30
    status = submitted.json()
    while status["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get(f"/batches/{run_id}", headers=COORDINATOR).json()
    assert status["state"] == "done", status
    assert set(status["files"]) == {"xlsx", "csv", "json", "html"}
    assert status["vacancies"] == 2 and status["positions"] == 3
    report = client.get(f"/batches/{run_id}/files/json", headers=COORDINATOR)
    assert report.status_code == 200 and report.headers["content-type"] == "application/json"
    csv = client.get(f"/batches/{run_id}/files/csv", headers=COORDINATOR)
    assert csv.status_code == 200 and csv.content[:2] == b"PK"  # zipped CSV files
    assert client.get(f"/batches/{run_id}/files/xlsx", headers=COORDINATOR).status_code == 200
    problem(client.get(f"/batches/{run_id}/files/pdf", headers=COORDINATOR), 422)
    exported = [e for e in engine.store.list_audit_events() if e.action == "exported"]
    assert exported and all(e.detail["run_id"] == run_id for e in exported)
    assert any(e.job_seeker_external_id for e in exported)  # the people the run names


def test_list_filters_and_pages_by_cursor(client: TestClient, engine: Engine) -> None:
    store = engine.store
    for i in range(5):  # straight into the table (the app's worker fails them: no matter)
        country = "PL" if i % 2 else "DE"
        store.enqueue_batch_job(
            f"{i:032x}", source_name="l.csv", data=b"x", destination_country=country
        )
    seen, url = [], "/batches?limit=2"
    while url:
        page = client.get(url, headers=COORDINATOR)
        assert page.status_code == 200, page.text
        assert len(page.json()) <= 2
        seen += [r["run_id"] for r in page.json()]
        link = page.headers.get("Link")
        url = link[1 : link.index(">")] if link else ""
        assert not link or link.endswith('rel="next"')
    assert seen == [f"{i:032x}" for i in reversed(range(5))]
    polish = client.get("/batches?destination_country=PL", headers=COORDINATOR).json()
    assert [r["run_id"] for r in polish] == [f"{i:032x}" for i in (3, 1)]
    assert all(r["destination_country"] == "PL" and r["attempts"] >= 0 for r in polish)
    future = client.get("/batches?since=2999-01-01T00:00:00Z", headers=COORDINATOR).json()
    assert future == []
    problem(client.get("/batches?after=bogus", headers=COORDINATOR), 422)
    problem(client.get("/batches?state=lost", headers=COORDINATOR), 422)
    problem(client.get("/batches", headers=auth("agency_a")), 403)


def test_a_failed_run_says_why_in_the_readers_language(client: TestClient) -> None:
    upload = {"file": ("oferty.xlsx", b"not a workbook", "application/octet-stream")}
    run_id = client.post("/batches", files=upload, headers=COORDINATOR).json()["run_id"]
    deadline = time.monotonic() + 30
    status = {"state": "queued"}
    while status["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get(f"/batches/{run_id}", headers=COORDINATOR).json()
    assert status["state"] == "failed", status
    # without Accept-Language: the error's English text, as before, and its code
    assert "oferty.xlsx" in status["error"] and "/" not in status["error"]
    assert status["error_code"] == "data_file" and "error_localized" not in status
    worded = client.get(f"/batches/{run_id}", headers={**COORDINATOR, "Accept-Language": "ka"})
    assert worded.headers["Content-Language"] == "ka"
    assert worded.json()["error_localized"].startswith("ფაილი oferty.xlsx")
    assert worded.json()["error"] == status["error"]

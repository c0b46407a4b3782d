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

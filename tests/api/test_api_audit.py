"""The API's audit writes: one write per request, stored before the answer, and every
queued event written when the server stops."""

from __future__ import annotations

from datetime import UTC, datetime

from api_support import WELD_VACANCY, auth
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.schemas import ShortlistPublic
from matching.service import Engine
from matching.storage.results import AuditEvent


def test_a_shortlist_is_one_audit_write_stored_before_the_answer(
    app: FastAPI, engine: Engine, monkeypatch
) -> None:
    writes: list[list[AuditEvent]] = []
    original = engine.store.record_audit_events

    def counting(rows):
        rows = list(rows)
        writes.append(rows)
        return original(rows)

    monkeypatch.setattr(engine.store, "record_audit_events", counting)
    with TestClient(app) as client:
        response = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=auth("coordinator"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        shortlist = ShortlistPublic.model_validate(response.json())  # the documented shape
        named = [m.job_seeker_id for m in (*shortlist.matches, *shortlist.near_misses)]
        assert len(named) > 1
        # stored already, in one write naming each person once
        assert len(writes) == 1
        assert [e.job_seeker_external_id for e in writes[0]] == named
        stored = [e for e in engine.store.list_audit_events() if e.action == "shortlisted"]
        assert [e.job_seeker_external_id for e in stored] == named
        assert stored[0].detail["route"] == "GET /vacancies/{vacancy_id}/matches"


def test_stopping_the_server_writes_every_queued_event(app: FastAPI, engine: Engine) -> None:
    before = len(engine.store.list_audit_events())
    with TestClient(app):
        writer = app.state.audit_writer
        at = datetime.now(UTC)
        for n in range(200):
            writer.submit([AuditEvent("viewed", at, f"GE-{n}", None, {"n": n})], wait=False)
    # the lifespan closed the writer: everything queued is stored
    assert len(engine.store.list_audit_events()) == before + 200

"""Job seekers through the API: CRUD, paging, erasure, matches, imports, the audit log."""

from __future__ import annotations

from pathlib import Path

from api_support import A_WELDERS, WELD_VACANCY, auth, problem
from fastapi.testclient import TestClient

from matching.service import Engine

DATA = Path(__file__).resolve().parents[1] / "data"
COORDINATOR = auth("coordinator")


def audit_actions(engine: Engine, job_seeker_id: str) -> list[tuple[str, str]]:
    return [
        (e.action, (e.detail or {}).get("by", ""))
        for e in engine.store.list_audit_events(job_seeker_external_id=job_seeker_id)
    ]


def test_create_codes_titles_and_refuses_a_second_create(client: TestClient) -> None:
    body = {
        "external_id": "GE-NEW",
        "full_name": "გიორგი ბერიძე",
        "birth_date": "1990-05-01",
        "experience": [{"title": "spawacz", "years": 4}],
        "consent": {"given": True, "date": "2026-01-10"},
    }
    created = client.post("/job-seekers", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/job-seekers/GE-NEW"
    assert created.json()["experience"][0]["isco_group"] == "7212"
    again = problem(client.post("/job-seekers", json=body, headers=COORDINATOR), 409)
    assert "already exists" in again.detail


def test_read_writes_an_audit_event(client: TestClient, engine: Engine) -> None:
    response = client.get(f"/job-seekers/{A_WELDERS[0]}", headers=auth("agency_a"))
    assert response.status_code == 200
    assert response.json()["full_name"] == f"welder {A_WELDERS[0]}"
    assert audit_actions(engine, A_WELDERS[0]) == [("read", "Kutaisi desk")]
    event = engine.store.list_audit_events(job_seeker_external_id=A_WELDERS[0])[0]
    assert event.detail["route"] == "GET /job-seekers/{job_seeker_id}"
    assert event.detail["role"] == "agency"
    trail = client.get(f"/job-seekers/{A_WELDERS[0]}/audit-events", headers=COORDINATOR).json()
    assert [(e["action"], e["detail"]["by"]) for e in trail] == [("read", "Kutaisi desk")]
    url = f"/job-seekers/{A_WELDERS[0]}/audit-events"
    problem(client.get(url, headers=auth("agency_a")), 403)
    problem(client.get("/job-seekers/GE-NOBODY/audit-events", headers=COORDINATOR), 404)


def test_list_pages_and_audits_everyone_listed(client: TestClient, engine: Engine) -> None:
    first = client.get("/job-seekers?limit=5", headers=COORDINATOR).json()
    second = client.get("/job-seekers?limit=5&offset=5", headers=COORDINATOR).json()
    assert (first["total"], first["limit"], first["offset"]) == (47, 5, 0)
    ids = [p["external_id"] for p in first["items"] + second["items"]]
    assert len(set(ids)) == 10 and ids[0] == A_WELDERS[0]
    assert audit_actions(engine, ids[7]) == [("listed", "ministry coordinator")]
    filtered = client.get("/job-seekers?isco_group=7212&limit=20", headers=COORDINATOR).json()
    assert set(A_WELDERS) <= {p["external_id"] for p in filtered["items"]}
    too_many = problem(client.get("/job-seekers?limit=21", headers=COORDINATOR), 422)
    assert too_many.body["errors"][0]["loc"] == ["query", "limit"]
    problem(client.get("/job-seekers?region=Atlantis", headers=COORDINATOR), 422)


def test_replace_and_patch(client: TestClient) -> None:
    url = f"/job-seekers/{A_WELDERS[1]}"
    current = client.get(url, headers=COORDINATOR).json()
    replaced = client.put(url, json={**current, "phone": "+995 599 111 222"}, headers=COORDINATOR)
    assert replaced.status_code == 200 and replaced.json()["phone"] == "+995 599 111 222"
    patched = client.patch(url, json={"phone": None, "region": "Guria"}, headers=COORDINATOR)
    assert patched.status_code == 200
    assert (patched.json()["phone"], patched.json()["region"]) == (None, "Guria")
    assert patched.json()["experience"] == current["experience"]  # untouched fields kept
    moved = problem(
        client.put(url, json={**current, "external_id": "GE-OTHER"}, headers=COORDINATOR), 422
    )
    assert moved.body["errors"][0]["loc"] == ["body", "external_id"]
    bad = problem(client.patch(url, json={"phone": "call me"}, headers=COORDINATOR), 422)
    assert bad.body["errors"][0]["loc"] == ["body", "phone"]
    problem(
        client.put(
            "/job-seekers/GE-NOBODY",
            json={**current, "external_id": "GE-NOBODY"},
            headers=COORDINATOR,
        ),
        404,
    )


def test_erasure_removes_the_person_and_their_audit_trail(
    client: TestClient, engine: Engine
) -> None:
    url = f"/job-seekers/{A_WELDERS[2]}"
    client.get(url, headers=COORDINATOR)
    client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=COORDINATOR)
    assert len(audit_actions(engine, A_WELDERS[2])) == 2
    assert client.delete(url, headers=auth("agency_a")).status_code == 204
    problem(client.get(url, headers=COORDINATOR), 404)
    assert audit_actions(engine, A_WELDERS[2]) == []
    erased = [e for e in engine.store.list_audit_events() if e.action == "erased"]
    assert [(e.job_seeker_external_id, e.detail["by"]) for e in erased] == [(None, "Kutaisi desk")]
    assert A_WELDERS[2] not in str([e.detail for e in engine.store.list_audit_events()])
    shortlist = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=COORDINATOR).json()
    assert A_WELDERS[2] not in [m["job_seeker_id"] for m in shortlist["matches"]]
    problem(client.delete(url, headers=COORDINATOR), 404)


def test_recommendations_for_a_person(client: TestClient, engine: Engine) -> None:
    response = client.get(f"/job-seekers/{A_WELDERS[0]}/matches?k=3", headers=COORDINATOR)
    assert response.status_code == 200
    body = response.json()
    assert body["job_seeker_id"] == A_WELDERS[0]
    assert body["matches"][0]["vacancy_id"] == WELD_VACANCY
    assert body["matches"][0]["components"]["occupation"] == 0.88
    assert len(body["matches"]) <= 3
    assert ("recommended", "ministry coordinator") in audit_actions(engine, A_WELDERS[0])
    problem(client.get(f"/job-seekers/{A_WELDERS[0]}/matches?k=0", headers=COORDINATOR), 422)


def test_import_reports_bad_rows_with_row_and_field(client: TestClient, engine: Engine) -> None:
    content = (DATA / "job_seekers_ka.csv").read_bytes()
    response = client.post(
        "/job-seekers/import",
        files={"file": ("job_seekers_ka.csv", content, "text/csv")},
        data={"agency": "Tbilisi Hub"},
        headers=COORDINATOR,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["source"] == "job_seekers_ka.csv"
    assert report["stored"] >= 1 and report["rows_read"] > report["stored"]
    bad = {(e["row"], e["field"]) for e in report["errors"]}
    assert (4, "პირადი ნომერი") in bad  # GE-003's 10-digit personal number
    assert report["rejected_rows"] == sorted({row for row, _ in bad})
    assert engine.store.get_job_seeker("GE-001").agency == "Tbilisi Hub"
    assert [e.action for e in engine.store.list_audit_events()][-1] == "imported"


def test_import_of_an_unreadable_file_is_a_problem_naming_the_file(client: TestClient) -> None:
    upload = {"file": ("phones.csv", b"id,phone\n1,555\n", "text/csv")}
    unreadable = problem(client.post("/job-seekers/import", files=upload, headers=COORDINATOR), 422)
    assert unreadable.detail.startswith("phones.csv: no name column")
    assert unreadable.body["file"] == "phones.csv"
    assert "/tmp" not in unreadable.detail and "matching-upload" not in unreadable.detail
    pdf = {"file": ("cv.pdf", b"%PDF-1.4", "application/pdf")}
    problem(client.post("/job-seekers/import", files=pdf, headers=COORDINATOR), 415)


def test_recommendations_word_reasons_and_gaps_in_the_accept_language(
    client: TestClient,
) -> None:
    url = "/job-seekers/GE-A-NEAR/matches"
    english = client.get(url, headers=COORDINATOR)
    assert "localized" not in english.text and "content-language" not in english.headers
    response = client.get(url, headers={**COORDINATOR, "Accept-Language": "ka"})
    assert response.status_code == 200 and response.headers["content-language"] == "ka"
    body = response.json()
    near = next(n for n in body["near_misses"] if n["vacancy_id"] == WELD_VACANCY)
    (gap,) = near["gaps"]
    assert (gap["reason"], gap["reason_localized"]) == (
        "Polish A1, needs A2",
        "პოლონური A1, საჭიროა A2",
    )
    assert gap["remedy_localized"] == "პოლონური ენის კურსი A1→A2"
    assert near["reasons"] == english.json()["near_misses"][0]["reasons"]
    assert len(near["reasons_localized"]) == len(near["reasons"])
    for match in body["matches"]:
        assert len(match["reasons_localized"]) == len(match["reasons"])
    welder = client.get(
        f"/job-seekers/{A_WELDERS[0]}/matches", headers={**COORDINATOR, "Accept-Language": "ka"}
    ).json()
    top = next(m for m in welder["matches"] if m["vacancy_id"] == WELD_VACANCY)
    assert "პოლონური B1 ≥ საჭირო A2" in top["reasons_localized"]
    assert "Polish B1 ≥ required A2" in top["reasons"]

"""Placements, the agency register and candidate verdicts through the API."""

from __future__ import annotations

from api_support import AGENCY_A, B_VACANCY, WELD_VACANCY, auth, problem
from fastapi.testclient import TestClient


def _create(
    client: TestClient,
    person: str,
    vacancy: str,
    status: str = "shortlisted",
    role: str = "coordinator",
    **kw: str,
):
    body = {"job_seeker_id": person, "vacancy_id": vacancy, "status": status, **kw}
    return client.post("/placements", json=body, headers=auth(role))


def test_lifecycle_through_the_api(client: TestClient) -> None:
    created = _create(client, "GE-A1", WELD_VACANCY, date="2026-11-01", note="called")
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["Location"] == f"/placements/{body['id']}"
    assert body["status"] == "shortlisted" and body["agency"] == AGENCY_A
    assert body["allowed_next"] == ["contacted", "declined", "rejected", "withdrawn"]
    pid = body["id"]
    moved = client.patch(
        f"/placements/{pid}", json={"status": "contacted"}, headers=auth("coordinator")
    )
    assert moved.status_code == 200 and moved.json()["status"] == "contacted"
    assert [h["to_status"] for h in moved.json()["history"]] == ["shortlisted", "contacted"]
    assert moved.json()["history"][0]["note"] == "called"
    assert moved.json()["history"][1]["by"] == "ministry coordinator"

    refused = client.patch(
        f"/placements/{pid}", json={"status": "departed"}, headers=auth("coordinator")
    )
    p = problem(refused, 409)
    assert p.type.endswith("illegal-transition")
    assert p.body["allowed"] == ["interviewed", "declined", "rejected", "withdrawn"]
    assert "allowed: interviewed, declined, rejected, withdrawn" in p.detail

    again = _create(client, "GE-A1", WELD_VACANCY)
    assert problem(again, 409).body["placement_id"] == pid

    events = client.get("/job-seekers/GE-A1/audit-events", headers=auth("coordinator")).json()
    assert {"placement_shortlisted", "placement_contacted"} <= {e["action"] for e in events}


def test_an_agency_sees_only_its_own_peoples_placements(client: TestClient) -> None:
    pid = _create(client, "GE-A2", WELD_VACANCY).json()["id"]
    _create(client, "GE-B1", B_VACANCY)
    mine = client.get("/placements", headers=auth("agency_a")).json()
    assert [p["job_seeker_id"] for p in mine["items"]] == ["GE-A2"]
    problem(client.get(f"/placements/{pid}", headers=auth("agency_b")), 404)
    problem(
        client.patch(f"/placements/{pid}", json={"status": "contacted"}, headers=auth("agency_b")),
        404,
    )
    problem(_create(client, "GE-A3", WELD_VACANCY, role="agency_b"), 404)
    problem(client.get("/placements", headers=auth("analyst")), 403)
    filtered = client.get(
        f"/placements?vacancy={B_VACANCY}&status=shortlisted", headers=auth("coordinator")
    ).json()
    assert [p["job_seeker_id"] for p in filtered["items"]] == ["GE-B1"]


def test_a_double_promise_is_refused(client: TestClient) -> None:
    assert _create(client, "GE-A3", WELD_VACANCY, "selected").status_code == 201
    p = problem(_create(client, "GE-A3", B_VACANCY, "selected"), 409)
    assert p.type.endswith("engaged-elsewhere") and p.body["vacancy_id"] == WELD_VACANCY
    # Shortlisted elsewhere is fine; only a second engagement is refused.
    assert _create(client, "GE-A3", B_VACANCY).status_code == 201
    recommendations = client.get("/job-seekers/GE-A3/matches", headers=auth("coordinator"))
    assert recommendations.json()["engaged_to"] == WELD_VACANCY


def test_agency_register_is_for_coordinators(client: TestClient) -> None:
    entry = {"licence_number": "PEA-0042", "legal_name": "შპს ქუთაისის დასაქმება"}
    problem(client.post("/agencies", json=entry, headers=auth("agency_a")), 403)
    created = client.post("/agencies", json=entry, headers=auth("coordinator"))
    assert created.status_code == 201 and created.json()["status"] == "active"
    problem(client.post("/agencies", json=entry, headers=auth("coordinator")), 409)
    patched = client.patch(
        "/agencies/PEA-0042", json={"status": "suspended"}, headers=auth("coordinator")
    )
    assert patched.json()["status"] == "suspended"
    listed = client.get("/agencies", headers=auth("coordinator")).json()
    assert [a["licence_number"] for a in listed] == ["PEA-0042"]
    problem(client.get("/agencies/NOPE", headers=auth("coordinator")), 404)


def test_a_fee_charging_vacancy_is_recommended_only_with_its_warning(client: TestClient) -> None:
    fee = {
        "external_id": "PL-FEE",
        "destination_country": "PL",
        "title": "spawacz",
        "worker_fee": 500,
        "worker_fee_currency": "EUR",
    }
    assert client.post("/vacancies", json=fee, headers=auth("coordinator")).status_code == 201
    body = client.get("/job-seekers/GE-A1/matches?k=50", headers=auth("coordinator")).json()
    listed = {m["vacancy_id"] for m in body["matches"] + body["near_misses"]}
    assert "PL-FEE" in listed
    assert body["blocked"] == ["PL-FEE"]
    assert any("500 €" in w for w in body["warnings"]["PL-FEE"])


def test_why_not_a_candidate(client: TestClient) -> None:
    response = client.get(
        f"/vacancies/{WELD_VACANCY}/candidates/GE-A-NEAR", headers=auth("coordinator")
    )
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["verdict"] == "near_miss"
    language = next(g for g in verdict["gates"] if g["kind"] == "language")
    assert not language["passed"] and language["closable"]
    assert language["params"] == {
        "language": "pl", "held": "A1", "required": "A2", "levels": 1, "weeks": 10,
    }  # fmt: skip
    assert next(g for g in verdict["gates"] if g["kind"] == "consent")["passed"]
    qualified = client.get(
        f"/vacancies/{WELD_VACANCY}/candidates/GE-A1", headers=auth("coordinator")
    ).json()
    assert qualified["verdict"] == "qualified" and all(g["passed"] for g in qualified["gates"])
    problem(
        client.get(f"/vacancies/{WELD_VACANCY}/candidates/GE-B1", headers=auth("agency_a")), 404
    )


def test_a_shortlist_marks_people_engaged_elsewhere(client: TestClient) -> None:
    assert _create(client, "GE-B2", B_VACANCY, "selected").status_code == 201
    body = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=auth("coordinator")).json()
    assert body["engaged"] == {"GE-B2": f"selected for {B_VACANCY}"}
    assert body["blocked"] is False


def test_fit_rule_warnings_and_engagements_in_the_accept_language(client: TestClient) -> None:
    fee = {
        "external_id": "PL-FEE2",
        "destination_country": "PL",
        "title": "spawacz",
        "worker_fee": 500,
        "worker_fee_currency": "EUR",
    }
    assert client.post("/vacancies", json=fee, headers=auth("coordinator")).status_code == 201
    assert _create(client, "GE-B2", B_VACANCY, "selected").status_code == 201
    url = f"/vacancies/{WELD_VACANCY}/matches"
    english = client.get(url, headers=auth("coordinator"))
    assert "localized" not in english.text  # callers without a language: as before
    assert english.json()["fit_rule"].startswith("qualifies: ")
    body = client.get(url, headers={**auth("coordinator"), "Accept-Language": "ka"}).json()
    assert body["engaged"] == {"GE-B2": f"selected for {B_VACANCY}"}
    assert body["engaged_localized"] == {"GE-B2": f"შერჩეულია ვაკანსიაზე {B_VACANCY}"}
    assert body["fit_rule_localized"].startswith("შეესაბამება: ")
    assert "qualifies" not in body["fit_rule_localized"]
    assert "related trades" not in body["fit_rule_localized"]
    fee_list = client.get(
        f"/vacancies/{fee['external_id']}/matches",
        headers={**auth("coordinator"), "Accept-Language": "ru"},
    ).json()
    assert fee_list["warnings"] and len(fee_list["warnings_localized"]) == len(fee_list["warnings"])
    assert fee_list["warnings_localized"][0].startswith("взимает с работника плату 500 €")
    recommended = client.get(
        "/job-seekers/GE-A1/matches?k=50",
        headers={**auth("coordinator"), "Accept-Language": "ka"},
    ).json()
    assert recommended["warnings_localized"]["PL-FEE2"][0].startswith(
        "დასაქმებულს ახდევინებს 500 €"
    )
    plain = client.get("/job-seekers/GE-A1/matches?k=50", headers=auth("coordinator"))
    assert "warnings_localized" not in plain.json()

"""API keys, roles and agency scoping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_support import (
    A_WELDERS,
    AGENCY_A,
    AGENCY_B,
    B_VACANCY,
    B_WELDERS,
    KEYS,
    WELD_VACANCY,
    auth,
    problem,
)
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_principal
from api.security import ApiKeyEntry, KeyRing, Principal, Role, hash_key
from matching.config import Settings
from matching.errors import ConfigurationError
from matching.service import Engine

PERSONAL_ROUTES = [
    ("GET", "/job-seekers"),
    ("GET", f"/job-seekers/{A_WELDERS[0]}"),
    ("GET", f"/job-seekers/{A_WELDERS[0]}/matches"),
    ("GET", f"/vacancies/{WELD_VACANCY}/matches"),
    ("DELETE", f"/job-seekers/{A_WELDERS[0]}"),
    ("PATCH", f"/job-seekers/{A_WELDERS[0]}"),
]


# ----------------------------------------------------------------------------- keys
def test_no_key_unknown_key_and_bearer(client: TestClient) -> None:
    missing = problem(client.get("/stats"), 401)
    assert "X-API-Key" in missing.detail
    assert client.get("/stats").headers["www-authenticate"].startswith("Bearer")
    problem(client.get("/stats", headers={"X-API-Key": "not-a-key"}), 401)
    bearer = {"Authorization": f"Bearer {KEYS['analyst']}"}
    assert client.get("/stats", headers=bearer).status_code == 200
    # keys stored as sha256 and as plain keys both work
    assert client.get("/stats", headers=auth("coordinator")).status_code == 200
    assert client.get("/stats", headers=auth("agency_a")).status_code == 200


def test_health_and_docs_need_no_key(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["database_revision"]
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/vacancies/{vacancy_id}/matches" in schema["paths"]
    assert {"APIKeyHeader", "HTTPBearer"} <= set(schema["components"]["securitySchemes"])
    invalid = schema["paths"]["/job-seekers"]["get"]["responses"]["422"]["content"]
    assert invalid["application/problem+json"]["schema"]["$ref"].endswith("/ProblemDetails")


def test_without_a_keys_file_the_api_is_closed(tmp_path: Path, engine: Engine) -> None:
    settings = engine.settings.model_copy(update={"api_keys_file": None})
    with TestClient(create_app(settings, engine)) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/docs").status_code == 200
        closed = problem(client.get("/stats", headers=auth("coordinator")), 401)
        assert "no API keys are configured" in closed.detail


def test_a_missing_or_bad_keys_file_stops_the_start(tmp_path: Path, engine: Engine) -> None:
    missing = engine.settings.model_copy(update={"api_keys_file": tmp_path / "none.toml"})
    with (
        pytest.raises(ConfigurationError, match="cannot read"),
        TestClient(create_app(missing, engine)),
    ):
        pass
    bad = tmp_path / "keys.json"
    bad.write_text('{"keys": [{"name": "x", "role": "agency", "key": "0123456789abcdef"}]}')
    settings = engine.settings.model_copy(update={"api_keys_file": bad})
    with (
        pytest.raises(ConfigurationError, match="needs its agency"),
        TestClient(create_app(settings, engine)),
    ):
        pass


def test_key_ring_from_json_list_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    entry = {"name": "c", "role": "coordinator", "sha256": hash_key("k" * 20)}
    path.write_text(json.dumps([entry]))
    ring = KeyRing.load(path)
    assert ring.authenticate("k" * 20) == Principal("c", Role.COORDINATOR)
    assert ring.authenticate("k" * 19) is None
    twice = [ApiKeyEntry(name=n, role="analyst", key="same-key-0123456789") for n in "ab"]
    with pytest.raises(ConfigurationError, match="twice"):
        KeyRing(twice)
    with pytest.raises(ValueError, match="exactly one"):
        ApiKeyEntry(name="x", role="analyst")
    assert KeyRing.from_settings(Settings(api_keys_file=None, _env_file=None)).entries == []


# ----------------------------------------------------------------------------- analyst
@pytest.mark.parametrize(("method", "path"), PERSONAL_ROUTES)
def test_analyst_cannot_touch_personal_data(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, headers=auth("analyst"), json={})
    assert "personal data" in problem(response, 403).detail


def test_analyst_cannot_write_or_import(client: TestClient) -> None:
    new = {"external_id": "V-NEW", "destination_country": "PL", "title": "spawacz"}
    problem(client.post("/vacancies", json=new, headers=auth("analyst")), 403)
    upload = {"file": ("v.csv", b"title\nspawacz\n", "text/csv")}
    problem(client.post("/vacancies/import", files=upload, headers=auth("analyst")), 403)


def test_analyst_reads_aggregates(client: TestClient) -> None:
    headers = auth("analyst")
    stats = client.get("/stats", headers=headers).json()
    assert stats["job_seekers"] == 47 and stats["vacancies"] == 14
    numbers = client.get(f"/vacancies/{WELD_VACANCY}/match-stats", headers=headers)
    assert numbers.status_code == 200
    body = numbers.json()
    assert body["n_qualified"] == 6 and body["n_shortlisted"] == 6
    assert body["gaps"]["language"] >= 1  # GE-A-NEAR, and people two levels short
    assert "GE-" not in numbers.text  # nobody is named
    assert client.get("/vacancies", headers=headers).json()["total"] == 14
    assert client.get("/occupations/search?q=spawacz", headers=headers).status_code == 200


def test_dependency_override_of_the_caller(app, client: TestClient) -> None:
    app.dependency_overrides[get_principal] = lambda: Principal("override", Role.ANALYST)
    try:
        problem(client.get(f"/job-seekers/{A_WELDERS[0]}"), 403)  # no key needed now
        assert client.get("/stats").status_code == 200
    finally:
        app.dependency_overrides.clear()


# ----------------------------------------------------------------------------- agencies
def test_agency_cannot_read_another_agencys_job_seeker(client: TestClient) -> None:
    own = client.get(f"/job-seekers/{A_WELDERS[0]}", headers=auth("agency_a"))
    assert own.status_code == 200 and own.json()["agency"] == AGENCY_A
    other = problem(client.get(f"/job-seekers/{B_WELDERS[0]}", headers=auth("agency_a")), 404)
    missing = problem(client.get("/job-seekers/GE-NOBODY", headers=auth("agency_a")), 404)
    # another agency's person looks exactly like nobody
    assert other.detail.replace(B_WELDERS[0], "X") == missing.detail.replace("GE-NOBODY", "X")
    assert other.type == missing.type and other.title == missing.title
    for method in ("PUT", "PATCH", "DELETE"):
        body = {"external_id": B_WELDERS[0], "full_name": "x"} if method == "PUT" else {}
        response = client.request(
            method, f"/job-seekers/{B_WELDERS[0]}", headers=auth("agency_a"), json=body
        )
        problem(response, 404)
    problem(client.get(f"/job-seekers/{B_WELDERS[0]}/matches", headers=auth("agency_a")), 404)
    # and it is still there for its own agency
    assert client.get(f"/job-seekers/{B_WELDERS[0]}", headers=auth("agency_b")).status_code == 200


def test_agency_lists_only_its_own(client: TestClient) -> None:
    page = client.get("/job-seekers?limit=20", headers=auth("agency_a")).json()
    assert {p["agency"] for p in page["items"]} == {AGENCY_A}
    assert page["total"] == 4 + 20  # three welders, the near miss, half the random ones
    vacancies = client.get("/vacancies?limit=20", headers=auth("agency_b")).json()
    assert {v["agency"] for v in vacancies["items"]} == {AGENCY_B, None}  # own and public
    problem(client.get(f"/vacancies/{WELD_VACANCY}", headers=auth("agency_b")), 404)
    stats = client.get("/stats", headers=auth("agency_a")).json()
    assert stats["job_seekers"] == 24 and stats["demand_lists"] is None


def test_agency_creations_are_stamped_with_its_agency(client: TestClient) -> None:
    body = {"external_id": "GE-NEW-A", "full_name": "ნინო", "agency": AGENCY_B}
    created = client.post("/job-seekers", json=body, headers=auth("agency_a"))
    assert created.status_code == 201 and created.json()["agency"] == AGENCY_A
    patched = client.patch(
        "/job-seekers/GE-NEW-A", json={"agency": AGENCY_B}, headers=auth("agency_a")
    )
    assert patched.json()["agency"] == AGENCY_A  # cannot hand a person to another agency
    vacancy = {"external_id": "V-NEW-B", "destination_country": "DE", "title": "Koch"}
    made = client.post("/vacancies", json=vacancy, headers=auth("agency_b"))
    assert made.status_code == 201 and made.json()["agency"] == AGENCY_B


def test_agency_shortlist_shows_only_its_people(client: TestClient) -> None:
    everyone = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=auth("coordinator"))
    ids = [m["job_seeker_id"] for m in everyone.json()["matches"]]
    assert set(ids) == set(A_WELDERS + B_WELDERS)
    own = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=auth("agency_a")).json()
    assert [m["job_seeker_id"] for m in own["matches"]] == [i for i in ids if i in A_WELDERS]
    assert [m["rank"] for m in own["matches"]] == [1, 2, 3]
    assert all(m["reasons"] for m in own["matches"])  # explained
    near = {m["job_seeker_id"]: m for m in own["near_misses"]}
    own_people = {"GE-A-NEAR"} | {f"GE-{i:05d}" for i in range(1, 40, 2)}  # odd: agency A
    assert "GE-A-NEAR" in near and set(near) <= own_people
    assert near["GE-A-NEAR"]["gaps"][0]["kind"] == "language"
    assert own["n_qualified"] == 3  # counted among its own people
    numbers = client.get(f"/vacancies/{WELD_VACANCY}/match-stats", headers=auth("agency_a"))
    assert numbers.json()["n_qualified"] == 3 and numbers.json()["gaps"]["language"] >= 1
    problem(client.get(f"/vacancies/{B_VACANCY}/matches", headers=auth("agency_a")), 404)


def test_agency_recommendations_use_only_its_vacancies(client: TestClient) -> None:
    own = client.get(f"/job-seekers/{B_WELDERS[0]}/matches", headers=auth("agency_b")).json()
    everyone = client.get(f"/job-seekers/{B_WELDERS[0]}/matches", headers=auth("coordinator"))
    assert WELD_VACANCY in [m["vacancy_id"] for m in everyone.json()["matches"]]
    assert WELD_VACANCY not in [m["vacancy_id"] for m in own["matches"]]


def test_agency_imports_are_stamped_and_cannot_overwrite_others(
    client: TestClient, engine: Engine
) -> None:
    csv = f"id,name,agency\nGE-IMP-1,ნინო,{AGENCY_B}\n{B_WELDERS[0]},taken,\n".encode()
    upload = {"file": ("mine.csv", csv, "text/csv")}
    response = client.post("/job-seekers/import", files=upload, headers=auth("agency_a"))
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["stored"], report["refused"]) == (1, [B_WELDERS[0]])
    assert engine.store.get_job_seeker("GE-IMP-1").agency == AGENCY_A
    assert engine.store.get_job_seeker(B_WELDERS[0]).full_name == f"welder {B_WELDERS[0]}"
    vacancies = f"id,title,country\nPL-IMP-1,spawacz,PL\n{B_VACANCY},Koch,DE\n".encode()
    upload = {"file": ("v.csv", vacancies, "text/csv")}
    made = client.post("/vacancies/import", files=upload, headers=auth("agency_a")).json()
    assert (made["stored"], made["refused"]) == (1, [B_VACANCY])
    assert engine.store.get_vacancy("PL-IMP-1").agency == AGENCY_A
    listed = client.post(
        "/vacancies/import", files=upload, data={"demand_list_id": "L1"}, headers=auth("agency_a")
    )
    problem(listed, 403)
    demand_list = (Path(__file__).parents[1] / "data" / "demand_list_il.json").read_bytes()
    upload = {"file": ("demand_list_il.json", demand_list, "application/json")}
    problem(client.post("/vacancies/import", files=upload, headers=auth("agency_a")), 403)


def test_batches_are_for_coordinators(client: TestClient) -> None:
    upload = {"file": ("s.csv", b"id,title\nPL-1,x\n", "text/csv")}
    problem(client.post("/batches", files=upload, headers=auth("agency_a")), 403)
    problem(client.get("/batches/" + "0" * 32, headers=auth("analyst")), 403)

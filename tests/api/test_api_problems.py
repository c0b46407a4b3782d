"""Problem details (RFC 9457) for every kind of error, upload limits, titles."""

from __future__ import annotations

from collections.abc import Iterator

from api_support import WELD_VACANCY, auth, problem
from fastapi.testclient import TestClient

COORDINATOR = auth("coordinator")


def test_not_found_is_a_problem(client: TestClient) -> None:
    missing = problem(client.get("/vacancies/NOPE", headers=COORDINATOR), 404)
    assert missing.type == "urn:matching:problem:not-found"
    assert missing.instance == "/vacancies/NOPE"
    assert "NOPE" in missing.detail
    route = problem(client.get("/no/such/route"), 404)
    assert route.type == "about:blank" and route.title == "Not Found"
    problem(client.put("/health"), 405)
    bad_id = problem(client.get("/job-seekers/has%20space", headers=COORDINATOR), 422)
    assert bad_id.body["errors"][0]["loc"] == ["path", "job_seeker_id"]


def test_validation_errors_list_field_locations(client: TestClient) -> None:
    body = {
        "external_id": "has spaces",
        "full_name": "",
        "experience": [{"title": "spawacz", "years": -1}],
    }
    invalid = problem(client.post("/job-seekers", json=body, headers=COORDINATOR), 422)
    assert invalid.type == "urn:matching:problem:validation"
    locations = {tuple(e["loc"]) for e in invalid.body["errors"]}
    # The fields named as file import names them, the nested place in the message.
    assert {("body", "external_id"), ("body", "full_name"), ("body", "experience")} <= locations
    assert all(e["msg"] and e["type"] for e in invalid.body["errors"])
    [experience] = [e for e in invalid.body["errors"] if e["loc"] == ["body", "experience"]]
    assert experience["msg"].startswith("0.years:")
    broken = client.post(
        "/normalize",
        content=b"{not json",
        headers={**COORDINATOR, "content-type": "application/json"},
    )
    assert problem(broken, 422).body["errors"][0]["type"] == "json_invalid"


def test_upload_over_the_limit_is_413(client: TestClient) -> None:
    big = b"id,name\n" + b"GE-1,x\n" * 10_000  # 70 kB > the tests' 64 kB limit
    declared = client.post(
        "/job-seekers/import", files={"file": ("big.csv", big, "text/csv")}, headers=COORDINATOR
    )
    too_large = problem(declared, 413)
    assert too_large.body["max_bytes"] == 64 * 1024
    assert "64" in too_large.detail or "65536" in too_large.detail

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"x" * 8192

    chunked = client.post(
        "/normalize", content=chunks(), headers={**COORDINATOR, "content-type": "application/json"}
    )
    problem(chunked, 413)
    small = client.post("/normalize", json={"titles": ["spawacz"]}, headers=COORDINATOR)
    assert small.status_code == 200


def test_normalize_and_search_occupations(client: TestClient) -> None:
    response = client.post(
        "/normalize",
        json={"titles": ["spawacz", "შემდუღებელი"], "top_k": 3},
        headers=auth("analyst"),
    )
    assert response.status_code == 200
    titles = response.json()
    assert [t["occupations"][0]["isco_group"] for t in titles] == ["7212", "7212"]
    assert len(titles[0]["occupations"]) <= 3
    found = client.get("/occupations/search?q=kierowca&limit=2", headers=auth("agency_a")).json()
    assert found[0]["isco_group"].startswith("83") and len(found) <= 2
    problem(client.get("/occupations/search?q=", headers=COORDINATOR), 422)
    problem(client.post("/normalize", json={"titles": []}, headers=COORDINATOR), 422)
    problem(client.post("/normalize", json={"titles": ["x" * 301]}, headers=COORDINATOR), 422)


def test_unexpected_errors_are_problems_without_internals(app, client: TestClient) -> None:
    from api.deps import get_engine

    class Broken:
        def __getattr__(self, name: str) -> object:
            raise RuntimeError("secret internals")

    app.dependency_overrides[get_engine] = Broken
    try:
        failure = problem(client.get(f"/vacancies/{WELD_VACANCY}", headers=COORDINATOR), 500)
    finally:
        app.dependency_overrides.clear()
    assert "secret" not in failure.detail

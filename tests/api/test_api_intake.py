"""Intake through the API (issue 13): damaged uploads, human forms on create and update,
one person one record, opaque and Unicode ids."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from api_support import auth, problem
from fastapi.testclient import TestClient

from api.app import create_app
from matching.config import Settings
from matching.service import Engine

sys.path.append(str(Path(__file__).resolve().parents[1]))
from damaged_files import DAMAGED

COORDINATOR = auth("coordinator")
AGENCY_A = auth("agency_a")
AGENCY_B = auth("agency_b")


@pytest.fixture
def big_client(api_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A client whose upload limit takes a 10 MB file."""
    settings = api_settings.model_copy(update={"api_max_upload_bytes": 32 << 20})
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_upload_stores_the_good_rows_and_names_the_bad(
    name: str, big_client: TestClient, engine: Engine
) -> None:
    case = DAMAGED[name]
    response = big_client.post(
        "/job-seekers/import",
        files={"file": (name, case.build(), "application/octet-stream")},
        headers=COORDINATOR,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["rejected_rows"] == list(case.bad_rows)
    assert report["stored"] == len(case.good)
    for external_id in case.good:
        engine.store.get_job_seeker(external_id)


HUMAN = {
    "full_name": "გიორგი ბერიძე",
    "personal_number": "01008012345",
    "region": "იმერეთი",
    "gender": "კაცი",
    "birth_date": "15.05.1986",
    "languages": "pl:B2; რუსული C1",
    "driving_licence": "B, C+E",
}


def test_create_reads_the_forms_file_import_reads(client: TestClient) -> None:
    created = client.post("/job-seekers", json=HUMAN, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["region"], body["gender"], body["birth_date"]) == (
        "Imereti",
        "male",
        "1986-05-15",
    )
    assert body["languages"] == [
        {"language": "pl", "level": "B2"},
        {"language": "ru", "level": "C1"},
    ]
    assert sorted(body["driving_licence"]["categories"]) == ["B", "CE"]
    # An opaque id, never the personal number; the Location header names it.
    assert body["external_id"].startswith("js-") and "01008012345" not in body["external_id"]
    assert created.headers["location"] == f"/job-seekers/{body['external_id']}"
    patched = client.patch(
        f"/job-seekers/{body['external_id']}", json={"region": "აჭარა"}, headers=COORDINATOR
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["region"] == "Adjara"
    replaced = client.put(
        f"/job-seekers/{body['external_id']}",
        json={**HUMAN, "gender": "ქალი"},
        headers=COORDINATOR,
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["gender"] == "female"


def test_create_errors_use_the_words_of_file_import(client: TestClient) -> None:
    invalid = problem(
        client.post(
            "/job-seekers",
            json={**HUMAN, "region": "მოსკოვი", "languages": "pl:C3"},
            headers={**COORDINATOR, "Accept-Language": "en-GB,en;q=0.9"},
        ),
        422,
    )
    messages = {tuple(e["loc"]): e["msg"] for e in invalid.body["errors"]}
    assert messages[("body", "region")] == "no Georgian region, municipality or town 'მოსკოვი'"
    assert messages[("body", "languages")] == (
        "'C3' is not a level of 'pl': write A1..C2 or a word (native, good, basic)"
    )
    # Georgian by default, Russian on request: the same codes through the catalogue.
    ka = problem(
        client.post("/job-seekers", json={**HUMAN, "languages": "pl:C3"}, headers=COORDINATOR),
        422,
    )
    assert ka.body["errors"][0]["msg"] == (
        "'C3' არ არის 'pl'-ს დონე: დაწერეთ A1..C2 ან სიტყვით (მშობლიური, კარგად, საბაზისო)"
    )
    ru = problem(
        client.post(
            "/job-seekers",
            json={**HUMAN, "languages": "pl:C3"},
            headers={**COORDINATOR, "Accept-Language": "ru"},
        ),
        422,
    )
    assert ru.body["errors"][0]["msg"].startswith("'C3' — не уровень для 'pl'")


def test_create_reads_level_words_certificates_and_municipalities(client: TestClient) -> None:
    body = {
        **HUMAN,
        "region": "Зестафони",
        "languages": "რუსული - კარგად; Deutsch Grundkenntnisse",
        "certificates": "ISO 9606-1 135@2026-03-01",
    }
    created = client.post("/job-seekers", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    person = created.json()
    assert (person["region"], person["municipality"]) == ("Imereti", "zestafoni")
    assert person["languages"] == [
        {"language": "ru", "level": "B1", "needs_review": True},
        {"language": "de", "level": "A1", "needs_review": True},
    ]
    assert person["certificates"] == [
        {"kind": "welding", "code": "135", "valid_until": "2026-03-01"}
    ]


def test_one_personal_number_one_record(client: TestClient) -> None:
    first = client.post("/job-seekers", json={**HUMAN, "external_id": "KT-1"}, headers=AGENCY_A)
    assert first.status_code == 201, first.text
    again = problem(
        client.post("/job-seekers", json={**HUMAN, "external_id": "KT-2"}, headers=AGENCY_A),
        409,
    )
    assert "already registered as 'KT-1'" in again.detail


def test_an_agency_cannot_learn_that_a_number_is_registered_elsewhere(client: TestClient) -> None:
    """Agency B registers a number agency A holds: B gets the answer of any registration
    (status, body, readable record); the claim goes to coordinators only."""
    fresh = {**HUMAN, "personal_number": "01009099999", "external_id": "BT-0"}
    baseline = client.post("/job-seekers", json=fresh, headers=AGENCY_B)
    client.post("/job-seekers", json={**HUMAN, "external_id": "KT-1"}, headers=AGENCY_A)
    claimed = client.post("/job-seekers", json={**HUMAN, "external_id": "BT-1"}, headers=AGENCY_B)
    assert claimed.status_code == baseline.status_code == 201
    assert set(claimed.json()) == set(baseline.json())
    assert claimed.json()["personal_number"] == HUMAN["personal_number"]
    read = client.get("/job-seekers/BT-1", headers=AGENCY_B)
    assert read.status_code == 200 and read.json() == claimed.json()
    assert client.get("/job-seekers/personal-number-claims", headers=AGENCY_B).status_code == 403
    claims = client.get("/job-seekers/personal-number-claims", headers=COORDINATOR).json()
    assert [(c["claimant_id"], c["holder_id"]) for c in claims] == [("BT-1", "KT-1")]
    # For agency B the claimed number behaves as its own: a second record is refused
    # naming BT-1, as BT-0's number is; a file without ids updates BT-1.
    for number, first in ((HUMAN["personal_number"], "BT-1"), ("01009099999", "BT-0")):
        again = problem(
            client.post(
                "/job-seekers",
                json={**HUMAN, "personal_number": number, "external_id": "BT-2"},
                headers={**AGENCY_B, "Accept-Language": "en"},
            ),
            409,
        )
        assert f"already registered as '{first}'" in again.detail
    upload = f"full_name,personal_number\nGiorgi B.,{HUMAN['personal_number']}\n"
    report = client.post(
        "/job-seekers/import",
        files={"file": ("b.csv", upload.encode(), "text/csv")},
        headers=AGENCY_B,
    ).json()
    assert (report["stored"], report["updated"], report["errors"]) == (1, 1, [])
    assert client.get("/job-seekers/BT-1", headers=AGENCY_B).json()["full_name"] == "Giorgi B."
    # A row of agency B with an id of its own and that number: refused as for BT-0's.
    upload = f"id,full_name,personal_number\nBT-9,Giorgi,{HUMAN['personal_number']}\n"
    report = client.post(
        "/job-seekers/import",
        files={"file": ("b.csv", upload.encode(), "text/csv")},
        headers={**AGENCY_B, "Accept-Language": "en"},
    ).json()
    assert report["stored"] == 0
    assert report["errors"][0]["reason"] == "the personal number is already registered as 'BT-1'"


@pytest.mark.parametrize("external_id", ["ნინო-1", "Анна.2", "ß:é_3"])
def test_unicode_ids_work_end_to_end(client: TestClient, external_id: str) -> None:
    created = client.post(
        "/job-seekers", json={"external_id": external_id, "full_name": "ნინო"}, headers=COORDINATOR
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/job-seekers/{quote(external_id, safe='')}"
    url = f"/job-seekers/{quote(external_id, safe='')}"
    assert client.get(url, headers=COORDINATOR).json()["external_id"] == external_id
    assert client.delete(url, headers=COORDINATOR).status_code == 204
    problem(client.get(url, headers=COORDINATOR), 404)


def test_an_id_with_a_slash_is_refused_at_creation(client: TestClient) -> None:
    refused = problem(
        client.post(
            "/job-seekers", json={"external_id": "GE/1", "full_name": "ნინო"}, headers=COORDINATOR
        ),
        422,
    )
    assert refused.body["errors"][0]["loc"] == ["body", "external_id"]
    problem(client.get("/job-seekers/GE%2F1", headers=COORDINATOR), 404)


def test_access_log_names_routes_not_people() -> None:
    import logging

    from api.access_log import RedactedAccessLog

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/job-seekers/01001012345?personal_number=1", "1.1", 200), None,
    )  # fmt: skip
    RedactedAccessLog().filter(record)
    assert "01001012345" not in record.getMessage() and "/job-seekers/{id}" in record.getMessage()


def test_a_nul_byte_is_refused_by_both_doors(client: TestClient) -> None:
    invalid = problem(
        client.post("/job-seekers", json={"full_name": "Ni\x00no"}, headers=COORDINATOR), 422
    )
    assert invalid.body["errors"][0]["msg"] == "მნიშვნელობა შეიცავს NUL სიმბოლოს"  # ka default


def test_a_georgian_vacancy_id_is_created_and_read(client: TestClient) -> None:
    body = {"external_id": "ვაკანსია-1", "destination_country": "PL", "title": "Spawacz"}
    created = client.post("/vacancies", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/vacancies/{quote('ვაკანსია-1', safe='')}"
    read = client.get(created.headers["location"], headers=COORDINATOR)
    assert read.json()["external_id"] == "ვაკანსია-1"

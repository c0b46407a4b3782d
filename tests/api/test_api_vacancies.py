"""Vacancies through the API: CRUD, shortlists with evidence, statistics, imports."""

from __future__ import annotations

import json
import re

from api_support import A_WELDERS, B_WELDERS, WELD_VACANCY, auth, problem
from fastapi.testclient import TestClient

from matching.service import Engine

COORDINATOR = auth("coordinator")


def test_create_read_replace_patch_delete(client: TestClient) -> None:
    body = {"external_id": "PL-NEW", "destination_country": "PL", "title": "kierowca C+E"}
    created = client.post("/vacancies", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    assert created.json()["isco_group"] == "8332"  # coded by the normaliser
    problem(client.post("/vacancies", json=body, headers=COORDINATOR), 409)
    got = client.get("/vacancies/PL-NEW", headers=auth("analyst")).json()
    replaced = client.put("/vacancies/PL-NEW", json={**got, "positions": 4}, headers=COORDINATOR)
    assert replaced.json()["positions"] == 4
    patched = client.patch(
        "/vacancies/PL-NEW", json={"housing_provided": True}, headers=COORDINATOR
    )
    assert patched.json()["housing_provided"] is True and patched.json()["positions"] == 4
    bad = problem(
        client.patch("/vacancies/PL-NEW", json={"positions": 0}, headers=COORDINATOR), 422
    )
    assert bad.body["errors"][0]["loc"] == ["body", "positions"]
    assert client.delete("/vacancies/PL-NEW", headers=COORDINATOR).status_code == 204
    problem(client.get("/vacancies/PL-NEW", headers=COORDINATOR), 404)


def test_list_filters_and_pages(client: TestClient) -> None:
    page = client.get("/vacancies?destination_country=PL&limit=2", headers=COORDINATOR).json()
    assert page["limit"] == 2 and len(page["items"]) <= 2
    assert all(v["destination_country"] == "PL" for v in page["items"])
    everything = client.get("/vacancies?limit=20", headers=COORDINATOR).json()
    assert everything["total"] == 14 and everything["items"][0]["external_id"] == WELD_VACANCY
    problem(client.get("/vacancies?destination_country=poland", headers=COORDINATOR), 422)


def test_shortlist_carries_components_reasons_skills_and_gaps(
    client: TestClient, engine: Engine
) -> None:
    response = client.get(f"/vacancies/{WELD_VACANCY}/matches?k=4", headers=COORDINATOR)
    assert response.status_code == 200
    body = response.json()
    assert (body["vacancy_id"], body["on"], body["n_qualified"]) == (WELD_VACANCY, "2026-05-01", 6)
    assert [m["rank"] for m in body["matches"]] == [1, 2, 3, 4]
    top = body["matches"][0]
    assert set(top["components"]) >= {"occupation", "skills", "experience", "language", "total"}
    assert top["score"] == top["components"]["total"]
    assert any("years as welder" in r for r in top["reasons"])
    assert top["matched_skills"] and top["gaps"] == []
    near = next(n for n in body["near_misses"] if n["job_seeker_id"] == "GE-A-NEAR")
    assert near["gaps"] == [
        {
            "kind": "language",
            "reason": "Polish A1, needs A2",
            "closable": True,
            "remedy": "Polish course A1→A2",
        }
    ]
    shown = [m["job_seeker_id"] for m in body["matches"] + body["near_misses"]]
    events = engine.store.list_audit_events()
    assert sorted(e.job_seeker_external_id for e in events) == sorted(shown)
    assert {(e.action, e.vacancy_external_id) for e in events} == {("shortlisted", WELD_VACANCY)}
    unshown = (set(A_WELDERS) | set(B_WELDERS)) - set(shown)
    assert unshown and not any(
        engine.store.list_audit_events(job_seeker_external_id=i) for i in unshown
    )
    problem(client.get(f"/vacancies/{WELD_VACANCY}/matches?k=201", headers=COORDINATOR), 422)
    problem(client.get("/vacancies/NOPE/matches", headers=COORDINATOR), 404)


def test_import_vacancies_as_a_demand_list(client: TestClient, engine: Engine) -> None:
    csv = (
        b"id,title,country,positions\n"
        b"PL-I1,spawacz,PL,3\n"
        b"PL-I2,kierowca C+E,PL,many\n"
        b"PL-I3,pomocnik kuchenny,PL,2\n"
    )
    response = client.post(
        "/vacancies/import",
        files={"file": ("demand.csv", csv, "text/csv")},
        data={"demand_list_id": "PL-2026-05", "destination_country": "PL"},
        headers=COORDINATOR,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["stored"] == 2
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "positions")]
    listed = client.get("/vacancies?demand_list_id=PL-2026-05", headers=COORDINATOR).json()
    assert [v["external_id"] for v in listed["items"]] == ["PL-I1", "PL-I3"]
    bad_form = client.post(
        "/vacancies/import",
        files={"file": ("demand.csv", csv, "text/csv")},
        data={"destination_country": "Poland"},
        headers=COORDINATOR,
    )
    assert problem(bad_form, 422).body["errors"][0]["loc"] == ["body", "destination_country"]


def test_demand_lists_for_the_ministry_only(client: TestClient) -> None:
    demand = {
        "external_id": "PL-LIST-1",
        "destination_country": "PL",
        "vacancies": [
            {"external_id": "PL-L1", "destination_country": "PL", "title": "Spawacz MAG"},
            {
                "external_id": "PL-L2",
                "destination_country": "PL",
                "title": "Murarz",
                "positions": 3,
            },
        ],
    }
    files = {"file": ("list.json", json.dumps(demand).encode(), "application/json")}
    imported = client.post("/vacancies/import", files=files, headers=COORDINATOR)
    assert imported.status_code == 200, imported.text
    listed = client.get("/demand-lists", headers=auth("analyst"))
    assert listed.status_code == 200
    summary = next(d for d in listed.json() if d["external_id"] == "PL-LIST-1")
    assert summary["vacancies"] == 2 and summary["positions"] == 4
    one = client.get("/demand-lists/PL-LIST-1", headers=COORDINATOR).json()
    assert [v["external_id"] for v in one["vacancies"]] == ["PL-L1", "PL-L2"]
    published = client.get("/demand-lists", headers=auth("agency_a"))  # published to agencies
    assert "PL-LIST-1" in [d["external_id"] for d in published.json()]
    assert client.get("/demand-lists/nope", headers=COORDINATOR).status_code == 404


def test_shortlist_states_its_fit_rule_and_lists_related_trades_apart(client: TestClient) -> None:
    body = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=COORDINATOR).json()
    assert body["fit_rule"].startswith("qualifies: welder (ESCO)")
    assert "related trades" in body["fit_rule"]
    shortlisted = {m["job_seeker_id"] for m in body["matches"] + body["near_misses"]}
    related = body["related_trades"]
    assert related, "solderers and braziers of the population are related trades of welder"
    for r in related:
        assert r["job_seeker_id"] not in shortlisted
        assert r["trade"] and r["retraining"] and isinstance(r["shared_skills"], list)
        assert any("related trade" in reason for reason in r["reasons"])
        assert all(g["closable"] for g in r["gaps"])


def test_localized_fields_name_the_occupation_in_the_readers_language(
    client: TestClient,
) -> None:
    """``*_localized`` reasons, gaps, remedies and the fit rule name the welder in Georgian
    and Russian; the English fields keep ESCO's label."""
    url = f"/vacancies/{WELD_VACANCY}/matches?k=4"
    welder = re.compile(r"(?<![A-Za-z])welder(?![A-Za-z])")
    for language, name in (("ka", "შემდუღებელი"), ("ru", "сварщик")):
        body = client.get(url, headers={**COORDINATOR, "Accept-Language": language}).json()
        people = body["matches"] + body["near_misses"]
        texts = [r for m in people for r in m["reasons_localized"]]
        texts += [
            g[key] or "" for m in people for g in m["gaps"]
            for key in ("reason_localized", "remedy_localized")
        ]  # fmt: skip
        assert any(text.startswith(f"{name}: ") for text in texts), texts
        assert not [text for text in texts if welder.search(text)]
        assert name in body["fit_rule_localized"]
        assert not welder.search(body["fit_rule_localized"])
        assert any(welder.search(r) for r in body["matches"][0]["reasons"])  # English kept


def test_shortlist_words_reasons_and_gaps_in_the_accept_language(client: TestClient) -> None:
    url = f"/vacancies/{WELD_VACANCY}/matches?k=4"
    english = client.get(url, headers=COORDINATOR)
    assert "localized" not in english.text and "content-language" not in english.headers
    assert english.headers["vary"] == "Accept-Language"
    response = client.get(url, headers={**COORDINATOR, "Accept-Language": "ru;q=0.5, ka-GE"})
    assert response.status_code == 200 and response.headers["content-language"] == "ka"
    body = response.json()
    top = body["matches"][0]
    assert top["reasons"] == english.json()["matches"][0]["reasons"]  # English kept as it was
    assert "Polish B1 ≥ required A2" in top["reasons"]
    assert "პოლონური B1 ≥ საჭირო A2" in top["reasons_localized"]
    assert len(top["reasons_localized"]) == len(top["reasons"])
    assert not any("Polish" in r or "required" in r for r in top["reasons_localized"])
    near = next(n for n in body["near_misses"] if n["job_seeker_id"] == "GE-A-NEAR")
    assert near["gaps"] == [
        {
            "kind": "language",
            "reason": "Polish A1, needs A2",
            "closable": True,
            "remedy": "Polish course A1→A2",
            "reason_localized": "პოლონური A1, საჭიროა A2",
            "remedy_localized": "პოლონური ენის კურსი A1→A2",
        }
    ]
    russian = client.get(url, headers={**COORDINATOR, "Accept-Language": "ru"}).json()
    assert "польский B1 ≥ требуется A2" in russian["matches"][0]["reasons_localized"]
    unknown = client.get(url, headers={**COORDINATOR, "Accept-Language": "de-DE, *"})
    assert "localized" not in unknown.text and "content-language" not in unknown.headers

"""Every list route pages by cursor: ``?after=&limit=``, a ``next`` cursor (field or
``Link`` header), each row exactly once even with writes between pages; ``offset`` is
still served (deprecated)."""

from __future__ import annotations

from api_support import AGENCY_A, auth, problem
from fastapi.testclient import TestClient
from matching_population import seeker, vacancy

from matching.agencies.records import Agency
from matching.records import DemandList
from matching.service import Engine


def walk(client: TestClient, url: str, role: str, between=None) -> list[dict]:
    """Every item of a paged route, following ``next``; ``between`` runs between pages."""
    items: list[dict] = []
    cursor = None
    while True:
        sep = "&" if "?" in url else "?"
        response = client.get(url + (f"{sep}after={cursor}" if cursor else ""), headers=auth(role))
        assert response.status_code == 200, response.text
        body = response.json()
        page = body["items"] if isinstance(body, dict) else body
        items += page
        cursor = body.get("next") if isinstance(body, dict) else None
        link = response.headers.get("link")
        if isinstance(body, dict):
            assert (link is None) == (cursor is None)
        elif link is not None:
            cursor = link.split("after=")[1].split(">")[0].split("&")[0]
        if between is not None:
            between()
        if cursor is None:
            return items


def test_people_page_once_each_with_inserts_between_pages(
    client: TestClient, engine: Engine
) -> None:
    everyone = [p.external_id for p in engine.store.iter_job_seekers()]
    added = iter(range(1000))

    def register() -> None:
        engine.store.upsert_job_seekers([seeker(f"GE-LATE-{next(added)}")])

    seen = [p["external_id"] for p in walk(client, "/job-seekers?limit=7", "coordinator", register)]
    assert len(seen) == len(set(seen)) and seen[: len(everyone)] == everyone
    mine = [p["external_id"] for p in walk(client, "/job-seekers?limit=5", "agency_a")]
    assert mine == [p.external_id for p in engine.store.iter_job_seekers(agency=AGENCY_A)]
    offset = client.get("/job-seekers?limit=5&offset=5", headers=auth("coordinator")).json()
    assert [p["external_id"] for p in offset["items"]] == everyone[5:10]  # still served


def test_vacancies_placements_lists_and_agencies_page(client: TestClient, engine: Engine) -> None:
    store = engine.store
    store.save_demand_list(
        DemandList(
            external_id="PL-PAGED",
            destination_country="PL",
            vacancies=[vacancy(f"PL-P{j}") for j in range(6)],
        )
    )
    everyone = [v.external_id for v in store.list_vacancies()]
    added = iter(range(1000))
    seen = walk(
        client,
        "/vacancies?limit=4",
        "coordinator",
        lambda: store.upsert_vacancies([vacancy(f"LATE-{next(added)}")]),
    )
    seen_ids = [v["external_id"] for v in seen]
    assert len(seen_ids) == len(set(seen_ids))  # nothing twice, each once, in order
    assert [v for v in seen_ids if v in set(everyone)] == everyone
    people = [p.external_id for p in store.iter_job_seekers()][:9]
    for i, person in enumerate(people):
        store.set_placement_status(person, everyone[i % len(everyone)], "shortlisted")
    placed = [p["id"] for p in walk(client, "/placements?limit=2", "coordinator")]
    assert placed == [p.id for p in store.list_placements()]
    for k in range(4):
        store.save_demand_list(DemandList(external_id=f"DE-PAGED-{k}", destination_country="DE"))
    lists = [d["external_id"] for d in walk(client, "/demand-lists?limit=2", "agency_a")]
    assert lists == store.list_demand_list_ids()
    store.upsert_agencies(
        Agency(licence_number=f"LIC-{i}", legal_name=f"Agency {i}") for i in range(5)
    )
    register = [a["licence_number"] for a in walk(client, "/agencies?limit=2", "coordinator")]
    assert register == [a.licence_number for a in store.list_agencies()]


def test_a_foreign_or_broken_cursor_is_refused_naming_the_field(client: TestClient) -> None:
    first = client.get("/vacancies?limit=2", headers=auth("coordinator")).json()
    broken = problem(
        client.get(f"/job-seekers?after={first['next']}", headers=auth("coordinator")), 422
    )
    assert "after" in str(broken.body)
    problem(client.get("/job-seekers?after=%%%", headers=auth("coordinator")), 422)
    both = client.get(f"/vacancies?after={first['next']}&offset=3", headers=auth("coordinator"))
    assert "offset" in str(problem(both, 422).body)

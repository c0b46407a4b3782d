"""Vacancy visibility (issue 15.5): published demand lists and vacancies no agency
registered are public, every agency matches its own people against them; an agency's
own vacancies stay private to it; people stay private to their agency."""

from __future__ import annotations

import pytest
from api_support import A_WELDERS, AGENCY_A, AGENCY_B, B_VACANCY, B_WELDERS, WELD_VACANCY, auth
from fastapi.testclient import TestClient
from matching_population import vacancy

from matching.records import Certificate, DemandList, LanguageSkill
from matching.scope import EVERYONE, Scope, Visibility, vacancy_visibility
from matching.service import Engine

LISTED = "PL-LIST-WELD"


@pytest.fixture
def published(engine: Engine) -> str:
    """A ministry demand list with a welder vacancy; its line names agency B (a recruiter
    on the list): still public, because the list is published."""
    line = vacancy(
        LISTED,
        agency=AGENCY_B,
        positions=5,
        required_certificates=[Certificate(kind="welding", code="135")],
        required_languages=[LanguageSkill(language="pl", level="A2")],
    )
    engine.store.save_demand_list(
        DemandList(external_id="PL-2026-1", destination_country="PL", vacancies=[line])
    )
    return LISTED


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [v["external_id"] for v in response.json()["items"]]


def test_the_rule(published: str) -> None:
    kutaisi = Scope(agency=AGENCY_A)
    assert vacancy_visibility(AGENCY_B, in_demand_list=True) is Visibility.PUBLIC
    assert vacancy_visibility(None, in_demand_list=False) is Visibility.PUBLIC
    assert vacancy_visibility(AGENCY_B, in_demand_list=False) is Visibility.PRIVATE
    assert kutaisi.sees_vacancy(AGENCY_B, Visibility.PUBLIC)
    assert not kutaisi.sees_vacancy(AGENCY_B, Visibility.PRIVATE)
    assert kutaisi.sees_vacancy(AGENCY_A, Visibility.PRIVATE)
    assert EVERYONE.sees_vacancy(AGENCY_B, Visibility.PRIVATE)


def test_an_agency_sees_public_vacancies_and_its_own(
    client: TestClient, engine: Engine, published: str
) -> None:
    everything = engine.store.list_vacancies()
    public = {v.external_id for v in everything if v.agency is None} | {published}
    mine = {v.external_id for v in everything if v.agency == AGENCY_A}
    listed = ids(client.get("/vacancies?limit=20", headers=auth("agency_a")))
    assert set(listed) == public | mine
    assert B_VACANCY not in listed and published in listed
    assert client.get(f"/vacancies/{published}", headers=auth("agency_a")).status_code == 200
    assert client.get(f"/vacancies/{B_VACANCY}", headers=auth("agency_a")).status_code == 404
    listed = ids(
        client.get("/vacancies?limit=20&demand_list_id=PL-2026-1", headers=auth("agency_a"))
    )
    assert listed == [published]
    lists = client.get("/demand-lists/PL-2026-1", headers=auth("agency_a"))
    assert [v["external_id"] for v in lists.json()["vacancies"]] == [published]


def test_an_agency_cannot_change_a_public_vacancy(client: TestClient, published: str) -> None:
    body = client.get(f"/vacancies/{published}", headers=auth("agency_a")).json()
    assert (
        client.put(f"/vacancies/{published}", json=body, headers=auth("agency_a")).status_code
        == 404
    )
    patch = client.patch(f"/vacancies/{published}", json={"positions": 1}, headers=auth("agency_a"))
    assert patch.status_code == 404
    assert client.delete(f"/vacancies/{published}", headers=auth("agency_a")).status_code == 404
    assert (
        client.get(f"/vacancies/{published}", headers=auth("coordinator")).json()["positions"] == 5
    )


def test_recommendations_include_public_vacancies(client: TestClient, published: str) -> None:
    own = client.get(f"/job-seekers/{A_WELDERS[0]}/matches", headers=auth("agency_a")).json()
    recommended = [m["vacancy_id"] for m in own["matches"]]
    assert published in recommended and WELD_VACANCY in recommended
    theirs = client.get(f"/job-seekers/{B_WELDERS[0]}/matches", headers=auth("agency_b")).json()
    recommended = [m["vacancy_id"] for m in theirs["matches"]]
    assert published in recommended and WELD_VACANCY not in recommended  # A's is private


def test_a_public_shortlist_ranks_only_the_readers_people(
    client: TestClient, engine: Engine, published: str
) -> None:
    everyone = client.get(f"/vacancies/{published}/matches", headers=auth("coordinator")).json()
    assert {m["job_seeker_id"] for m in everyone["matches"]} == set(A_WELDERS + B_WELDERS)
    for role, agency, welders in (
        ("agency_a", AGENCY_A, A_WELDERS),
        ("agency_b", AGENCY_B, B_WELDERS),
    ):
        people = {p.external_id for p in engine.store.iter_job_seekers(agency=agency)}
        shortlist = client.get(f"/vacancies/{published}/matches", headers=auth(role)).json()
        assert sorted(m["job_seeker_id"] for m in shortlist["matches"]) == sorted(welders)
        assert [m["rank"] for m in shortlist["matches"]] == [1, 2, 3]
        assert {n["job_seeker_id"] for n in shortlist["near_misses"]} <= people
        stats = client.get(f"/vacancies/{published}/match-stats", headers=auth(role)).json()
        assert stats["n_qualified"] == 3

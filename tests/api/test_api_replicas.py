"""Two ``matching serve`` replicas on loopback over one PostgreSQL database: a person
written through one is shortlisted by the other within 2 s, a batch job submitted to one
is run by the other's worker, and racing promises of one person through both are refused
but once (the placements' partial unique index)."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import A_WELDERS, AGENCY_A, B_VACANCY, B_WELDERS, WELD_VACANCY, auth, population
from matching_population import WELDER, experience, seeker
from server_process import launch_server, stop_server, wait_until_up

from matching.occupations import Taxonomy
from matching.records import Certificate, LanguageSkill
from matching.storage.store import Store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
COORDINATOR = auth("coordinator")
DEMAND_LIST = (
    b"id,title,country,positions,min experience\nPL-R1,spawacz,PL,2,2\nPL-R2,kierowca C+E,PL,1,1\n"
)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL schema (dropped afterwards), as ``database_url`` makes one."""
    base = os.environ.get("MATCHING_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("no PostgreSQL server (MATCHING_TEST_POSTGRES_URL is unset)")
    import sqlalchemy as sa

    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def replicas(
    postgres_url: str, builtin_taxonomy: Taxonomy, keys_file: Path, tmp_path: Path
) -> Iterator[tuple[str, str, int]]:
    """Replica A (no batch worker) and replica B (a worker), each with its own data
    directory: only the database is shared. Yields their URLs and B's process id."""
    seekers, vacancies = population(builtin_taxonomy)
    with Store(postgres_url) as store:
        store.upsert_job_seekers(seekers)
        store.upsert_vacancies(vacancies)
    common = {
        "MATCHING_DATABASE_URL": postgres_url,
        "MATCHING_API_KEYS_FILE": str(keys_file),
        "MATCHING_ESCO_DIR": str(tmp_path / "no-esco"),  # the built-in catalogue
        "MATCHING_JOBS_POLL_SECONDS": "0.2",
    }
    started = []
    try:
        for name, worker in (("a", "false"), ("b", "true")):
            env = {**common, "MATCHING_DATA_DIR": str(tmp_path / name)}
            env["MATCHING_JOBS_WORKER"] = worker
            log = tmp_path / f"{name}.log"
            started.append((*launch_server(env, tmp_path, log), log))
        for process, url, log in started:
            wait_until_up(process, url, log)
        (_, a, _), (b_process, b, _) = started
        yield a, b, b_process.pid
    finally:
        for process, _, _ in started:
            stop_server(process)


def test_replicas_share_people_jobs_and_never_promise_twice(
    replicas: tuple[str, str, int], builtin_taxonomy: Taxonomy, postgres_url: str
) -> None:
    a_url, b_url, b_pid = replicas
    a = httpx.Client(base_url=a_url, headers=COORDINATOR, timeout=30)
    b = httpx.Client(base_url=b_url, headers=COORDINATOR, timeout=30)

    # 1. A person written through A is shortlisted by B (its matcher refits) within 2 s.
    before = b.get(f"/vacancies/{WELD_VACANCY}/matches")
    assert before.status_code == 200, before.text
    assert "GE-A9" not in {m["job_seeker_id"] for m in before.json()["matches"]}
    welder = seeker(
        "GE-A9",
        agency=AGENCY_A,
        full_name="welder GE-A9",
        experience=[experience(WELDER, 9, builtin_taxonomy)],
        certificates=[Certificate(kind="welding", code="135")],
        languages=[LanguageSkill(language="pl", level="B1")],
    )
    written = a.post("/job-seekers", json=welder.model_dump(mode="json", exclude_none=True))
    assert written.status_code == 201, written.text
    began, seen_after = time.monotonic(), None
    while time.monotonic() - began < 5:
        shortlist = b.get(f"/vacancies/{WELD_VACANCY}/matches").json()["matches"]
        if "GE-A9" in {m["job_seeker_id"] for m in shortlist}:
            seen_after = time.monotonic() - began
            break
        time.sleep(0.05)
    assert seen_after is not None and seen_after <= 2.0, seen_after
    print(f"a person written through A was shortlisted by B after {seen_after:.2f} s")
    assert b.get("/job-seekers/GE-A9").json()["full_name"] == "welder GE-A9"

    # 2. A batch job submitted to A (which runs no worker) is run by B's worker.
    upload = {"file": ("demand.csv", DEMAND_LIST, "text/csv")}
    submitted = a.post("/batches", files=upload, data={"destination_country": "PL"})
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["run_id"]
    deadline = time.monotonic() + 120
    status = submitted.json()
    while status["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        status = a.get(f"/batches/{run_id}").json()
    assert status["state"] == "done", status
    assert status["vacancies"] == 2 and status["positions"] == 3
    assert b.get(f"/batches/{run_id}").json() == status  # one table, one answer
    assert [
        r["run_id"] for r in a.get("/batches", params={"destination_country": "PL"}).json()
    ] == [run_id]
    with Store(postgres_url, migrate=False) as store:
        assert store.get_batch_job(run_id).worker.endswith(f":{b_pid}")
    assert b.get(f"/batches/{run_id}/files/json").status_code == 200  # B holds the outputs
    assert a.get(f"/batches/{run_id}/files/json").status_code == 404  # A's disk has none

    # 3. The same people promised at once to two vacancies, one through each replica:
    # for each person exactly one promise holds, the other is refused.
    people = [*A_WELDERS, *B_WELDERS]
    outcomes: dict[tuple[str, str], int] = {}
    barrier = threading.Barrier(2)

    def promise(client: httpx.Client, vacancy: str) -> None:
        for person in people:
            barrier.wait()
            body = {"job_seeker_id": person, "vacancy_id": vacancy, "status": "selected"}
            outcomes[person, vacancy] = client.post("/placements", json=body).status_code

    racers = [
        threading.Thread(target=promise, args=(a, WELD_VACANCY)),
        threading.Thread(target=promise, args=(b, B_VACANCY)),
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(120)
    for person in people:
        codes = sorted((outcomes[person, WELD_VACANCY], outcomes[person, B_VACANCY]))
        assert codes == [201, 409], (person, codes)
    with Store(postgres_url, migrate=False) as store:
        engaged = store.engaged_job_seekers()
    assert set(people) <= set(engaged)  # each engaged once, to one of the two

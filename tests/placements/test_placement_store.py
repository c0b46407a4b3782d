"""Placements in the store: history, audit, scope, the double-promise constraint, returns."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from matching.errors import EngagedElsewhereError, IllegalTransitionError, NotFoundError
from matching.placements import PlacementStatus
from matching.records import JobSeeker, Vacancy
from matching.scope import Scope
from matching.storage import placements as placements_store
from matching.storage.placement_tables import _PLACEMENT
from matching.storage.store import Store

S = PlacementStatus


@pytest.fixture
def filled(store: Store) -> Store:
    store.upsert_job_seekers(
        [
            JobSeeker(external_id="GE-1", full_name="ნინო", agency="Kutaisi"),
            JobSeeker(external_id="GE-2", full_name="გიორგი", agency="Batumi"),
        ]
    )
    store.upsert_vacancies(
        [Vacancy(external_id=f"PL-{i}", destination_country="PL", title="Murarz") for i in (1, 2)]
    )
    return store


def test_a_placement_walks_its_lifecycle_with_history_and_audit(filled: Store) -> None:
    steps = [S.SHORTLISTED, S.CONTACTED, S.INTERVIEWED, S.SELECTED, S.VISA, S.DEPARTED]
    for i, step in enumerate(steps, 1):
        placed = filled.set_placement_status(
            "GE-1", "PL-1", step, on=date(2026, 1, i), by="tester", note=f"step {i}"
        )
    assert placed.status is S.DEPARTED and placed.engaged and placed.agency == "Kutaisi"
    history = filled.placement_history(placed.id)
    assert [e.to_status for e in history] == steps
    assert history[0].from_status is None and history[1].from_status is S.SHORTLISTED
    assert history[2].on == date(2026, 1, 3) and history[2].note == "step 3"
    actions = [e.action for e in filled.list_audit_events(job_seeker_external_id="GE-1")]
    assert actions == [f"placement_{s.value}" for s in steps]
    assert filled.engaged_job_seekers()["GE-1"].vacancy_id == "PL-1"


def test_an_illegal_move_changes_nothing(filled: Store) -> None:
    placed = filled.set_placement_status("GE-1", "PL-1", "interviewed")
    with pytest.raises(IllegalTransitionError, match="allowed: selected, declined"):
        filled.set_placement_status("GE-1", "PL-1", "departed")
    assert filled.get_placement(placed.id).status is S.INTERVIEWED
    assert len(filled.placement_history(placed.id)) == 1
    with pytest.raises(IllegalTransitionError):
        filled.set_placement_status("GE-2", "PL-1", "visa")  # nobody starts with a permit


def test_an_engaged_person_cannot_be_promised_twice(filled: Store) -> None:
    filled.set_placement_status("GE-1", "PL-1", "selected")
    filled.set_placement_status("GE-1", "PL-2", "shortlisted")  # considered elsewhere: fine
    with pytest.raises(EngagedElsewhereError, match="selected for vacancy 'PL-1'"):
        filled.set_placement_status("GE-1", "PL-2", "contacted")  # fine: not engaged
        filled.set_placement_status("GE-1", "PL-2", "interviewed")
        filled.set_placement_status("GE-1", "PL-2", "selected")
    # Once the first ends, the person may be engaged again.
    filled.set_placement_status("GE-1", "PL-1", "withdrawn")
    assert filled.set_placement_status("GE-1", "PL-2", "selected").engaged


def test_the_database_refuses_a_double_promise_even_past_the_check(filled: Store) -> None:
    """As two processes racing past the check would: the partial unique index holds."""
    filled.set_placement_status("GE-1", "PL-1", "selected")
    now = filled.get_placement(1).created_at
    with pytest.raises(sa.exc.IntegrityError), filled.engine.begin() as conn:
        conn.execute(
            sa.insert(_PLACEMENT),
            {
                "job_seeker_external_id": "GE-1",
                "vacancy_external_id": "PL-2",
                "agency": None,
                "status": "visa",
                "status_date": date(2026, 1, 1),
                "created_at": now,
                "updated_at": now,
            },
        )
    # A second process's store on the same database sees the same constraint.
    other = Store(filled.url).open()
    try:
        with pytest.raises(EngagedElsewhereError):
            other.set_placement_status("GE-1", "PL-2", "selected")
    finally:
        other.close()


def test_engagements_of_some_people_only(filled: Store, monkeypatch) -> None:
    filled.set_placement_status("GE-1", "PL-1", "selected")
    filled.set_placement_status("GE-2", "PL-2", "shortlisted")  # not engaged
    assert set(filled.engaged_job_seekers(["GE-1", "GE-2", "nobody"])) == {"GE-1"}
    assert filled.engaged_job_seekers(["GE-2"]) == {} and filled.engaged_job_seekers([]) == {}
    monkeypatch.setattr(placements_store, "ENGAGED_CHUNK", 2)  # more ids than one query binds
    ids = [f"X-{i}" for i in range(5)] + ["GE-1"]
    assert filled.engaged_job_seekers(ids)["GE-1"].vacancy_id == "PL-1"


def test_returned_makes_a_returnee_available_again(filled: Store) -> None:
    for step in ("selected", "visa", "departed"):
        filled.set_placement_status("GE-1", "PL-1", step, on=date(2026, 3, 1))
    filled.set_placement_status("GE-1", "PL-1", "returned", on=date(2026, 11, 20))
    person = filled.get_job_seeker("GE-1")
    assert person.returnee and person.returned_on == date(2026, 11, 20)
    assert person.available_from == date(2026, 11, 20)
    assert "GE-1" not in filled.engaged_job_seekers()
    assert filled.set_placement_status("GE-1", "PL-2", "selected").engaged


def test_scope_filters_and_missing_records(filled: Store) -> None:
    a = filled.set_placement_status("GE-1", "PL-1", "shortlisted")
    filled.set_placement_status("GE-2", "PL-1", "contacted")
    assert [p.job_seeker_id for p in filled.list_placements(scope=Scope("Kutaisi"))] == ["GE-1"]
    assert [p.job_seeker_id for p in filled.list_placements(status="contacted")] == ["GE-2"]
    assert len(filled.list_placements(vacancy_id="PL-1")) == 2
    with pytest.raises(NotFoundError):
        filled.get_placement(a.id, scope=Scope("Batumi"))
    with pytest.raises(NotFoundError):
        filled.set_placement_status("GE-1", "PL-1", "contacted", scope=Scope("Batumi"))
    with pytest.raises(NotFoundError, match="vacancy"):
        filled.set_placement_status("GE-1", "PL-9", "shortlisted")
    with pytest.raises(NotFoundError, match="job seeker"):
        filled.set_placement_status("GE-9", "PL-1", "shortlisted")


def test_erasure_removes_placements_and_their_history(filled: Store) -> None:
    placed = filled.set_placement_status("GE-1", "PL-1", "selected")
    report = filled.erase_job_seeker("GE-1")
    assert report.rows_deleted["placements"] == 1
    assert report.rows_deleted["placement_events"] == 1
    assert filled.placement_history(placed.id) == []


def test_statistics_read_the_stored_placements(filled: Store) -> None:
    from matching.statistics.registry import sources_from_store

    filled.set_placement_status("GE-1", "PL-1", "selected", on=date(2027, 2, 1), by="test")
    placements = list(sources_from_store(filled, today=date(2027, 3, 1)).placements)
    assert [(p.job_seeker_id, p.vacancy_id, str(p.status), p.changed_on) for p in placements] == [
        ("GE-1", "PL-1", "selected", date(2027, 2, 1))
    ]
